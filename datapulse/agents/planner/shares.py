"""'What share of mammals have teeth (toothed)', 'Welcher Anteil der Säugetiere hat Zähne',
'哺乳动物中有牙齿（toothed）的比例': a share of the rows a value picks, counted by a yes/no column.

The rows named first (after the share word) are the whole; the yes/no column said after them is
the condition counted, its rows where it holds. Without that order the question is left to the
other readings of a share."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datapulse.agents.planner.rules import RuleParser


def _flag(p: RuleParser, column: str) -> bool:
    return p.index.num_values.get(column) == {0.0, 1.0}


def flag_share(
    p: RuleParser, filters: list[dict[str, Any]], cats: list[str], groups: list[str], nums: list[str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]] | None:
    """(the filters of the whole, the flag's condition) or None."""
    if groups or nums:
        return None
    anchor = next((sp.start for sp in p.spans if sp.kind == "kw" and "share" in sp.payload), None)
    if anchor is None:
        return None
    placed = [(pos, f) for pos, f in p.finder.found if f in filters]
    flags = [(pos, f) for pos, f in placed if f["op"] == "eq" and f["value"] in (1, True) and _flag(p, f["column"])]
    filtered = {f["column"] for f in filters}
    for sp in p.spans:
        cols = [c for c in sp.payload if c in cats] if sp.kind == "col" else []
        if len(cols) == 1 and _flag(p, cols[0]) and cols[0] not in filtered:
            flags.append((sp.start, {"column": cols[0], "op": "eq", "value": 1}))
    if len(flags) != 1:
        return None
    pos, flag = flags[0]
    whole = [f for _, f in placed if f is not flag]
    if not whole or any(q > pos for q, f in placed if f is not flag):
        return None  # the condition is said first: "what share of toothed animals are mammals" is not this
    chinese = p.lang == "zh"
    if not chinese and any(q < anchor for q, f in placed if f is not flag):
        return None  # "mammals: what share …" marks nothing off: the other readings decide
    if chinese and not any(w in p.question[q:pos] for q, f in placed if f is not flag for w in ("中", "里", "当中")):
        return None  # "有牙齿的哺乳动物占多大比例": both are the part, of all rows
    return whole, [flag]
