"""Arithmetic between columns: "X minus Y", "A divided by B", "the ratio of A to B",
"the difference between MAR and SEP", "X减Y", "A与B之比", "Verhältnis von A zu B".

Two numeric column mentions joined by an operator word become one mention of a derived
column ("X - Y"); the plan computes it with the `derive` tool first and says so in its
reading. Only numeric columns named one each are combined: anything less certain stays
two mentions (and the coverage check asks about the operator word).
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from datapulse.agents.planner.columns import ColumnIndex
from datapulse.agents.planner.scan import Span

_SYMBOL = {"sub": "-", "add": "+", "mul": "*", "div": "/"}
_ART = r"(?:the\s+|a\s+|dem\s+|der\s+|den\s+|die\s+|des\s+)?"
# The words between the two columns, by operator.
_BETWEEN = {
    "sub": re.compile(rf"\s*(?:minus|less|−|–|-|减去|减掉|减)\s*{_ART}$"),
    "div": re.compile(rf"\s*(?:divided\s+by|geteilt\s+durch|dividiert\s+durch|/|÷|除以)\s*{_ART}$"),
    "add": re.compile(rf"\s*(?:plus|\+|加上|加)\s*{_ART}$"),
    "mul": re.compile(rf"\s*(?:times|multiplied\s+by|mal|\*|×|乘以)\s*{_ART}$"),
}
_PAIR = re.compile(rf"\s*(?:and|to|und|zu|:|与|和|跟|对)\s*{_ART}$")  # "ratio of A to B", "A与B之比"
_CONDITION_AFTER = re.compile(
    r"\s*(?:(?:为|是|值为)(?!多少|什么|几|哪)|[<>=≥≤]|(?:is|are|ist|sind)\s+(?:positiv|negativ|above|below|over|under|über|unter))"
)
_PER = re.compile(r"\s*(?:per|pro|je)\s*$")  # "X per Y" over two measures: a ratio
# Words before the first column that name the operation of a pair.
_BEFORE = {
    "div": re.compile(
        rf"(?:\bratio|\bquotient|\bverhältnis(?:se[sn]?)?|\bquotienten?)\s+(?:of\s+|between\s+|von\s+|zwischen\s+|aus\s+)?{_ART}$"
    ),
    "sub": re.compile(
        rf"(?:\bdifferences?|\bgap|\bspread|\bdifferenz(?:en)?|\bunterschied(?:e|s)?|\babstand)\s+"
        rf"(?:between\s+|of\s+|zwischen\s+|von\s+|aus\s+){_ART}$"
    ),
    # "the total of A and B", "Summe von A und B": one figure for the two together
    "add": re.compile(rf"(?:\bsum|\btotal|\bsumme|\bgesamtsumme)\s+(?:of\s+|von\s+|aus\s+){_ART}$"),
}
# Words right after the second column that name the operation of a pair (Chinese, "A to B ratio").
_AFTER = {
    "div": re.compile(r"^\s*(?:之比|的比值|的比率|的比例|比值|比率|的比|\s+ratio\b)"),
    "sub": re.compile(r"^\s*(?:之差|的差值|的差额|的差|差值|之间的差值|之间的差|\s+difference\b)"),
    "add": re.compile(r"^\s*(?:之和|的总和|的和|合计|加起来|\s+combined\b|\s+zusammen\b|\s+zusammengenommen\b)"),
}


# A relation between two columns asked: "and"/"zusammen" join them, never sum them.
_RELATION = re.compile(r"\bhäng\w*|\bkorrel\w*|\bcorrelat\w*|\bzusammenhang\w*|相关|关系|关联")


def _one_numeric(span: Span, index: ColumnIndex) -> str | None:
    if span.kind != "col" or len(span.payload) != 1:
        return None
    col = span.payload[0]
    return col if col in index.numeric and col not in index.dates else None


def find_derived(text: str, spans: list[Span], index: ColumnIndex) -> tuple[list[Span], list[dict[str, Any]]]:
    """The spans with each arithmetic pair made one derived-column mention, and the
    derivations ({"name", "op", "columns"}) in the order found."""
    cols = [(k, s) for k, s in enumerate(spans) if s.kind == "col"]
    out = list(spans)
    derived: list[dict[str, Any]] = []
    replaced: set[int] = set()
    for (i, a), (j, b) in zip(cols, cols[1:], strict=False):
        if i in replaced:
            continue
        left, right = _one_numeric(a, index), _one_numeric(b, index)
        if left is None or right is None or left == right:
            continue
        if any(spans[k].kind not in ("kw",) for k in range(i + 1, j)):
            continue  # a value, a number or another mention between: not one expression
        gap, before, after = text[a.end : b.start], text[: a.start], text[b.end :]
        if _CONDITION_AFTER.match(after):
            continue  # "duration 减去 iprod 为正的 …": the second column is a condition on rows, not an operand
        op, start, end = None, a.start, b.end
        for name, pattern in _BETWEEN.items():
            if pattern.fullmatch(gap):
                op = name
                break
        if op is None and _PAIR.fullmatch(gap):
            for name, pattern in _BEFORE.items():
                m = pattern.search(before)
                if m:  # "the total of A and B": the sum stays the question's own aggregate
                    op, start = name, (a.start if name == "add" else m.start())
                    break
            if op is None:
                for name, pattern in _AFTER.items():
                    m = pattern.match(after)
                    if m:
                        op, end = name, (b.end if name == "add" else b.end + m.end())
                        break
        if op is None and _PER.fullmatch(gap) and right not in index.categorical and left not in index.categorical:
            op = "div"  # "expenditure per income": a ratio of two measures, not a grouping
        if op == "add" and _RELATION.search(text):
            continue  # "Wie hängen A und B zusammen?", "the correlation of A and B together": two columns, no sum
        if op is None:
            continue
        name = f"{left} {_SYMBOL[op]} {right}"
        derived.append({"name": name, "op": op, "columns": [left, right]})
        inside = {k for k, s in enumerate(spans) if s.start >= start and s.end <= end}
        replaced |= inside
        gone = [spans[k] for k in inside]
        out = [s for s in out if not any(s is g for g in gone)]
        out.append(Span(start, end, "col", (name,), text[start:end], 6))
    return sorted(out, key=lambda s: s.start), derived


def with_derived(index: ColumnIndex, derived: list[dict[str, Any]]) -> ColumnIndex:
    """A copy of the index that knows the derived columns as numeric measures."""
    if not derived:
        return index
    names = [d["name"] for d in derived]
    lengths = {d["name"] for d in derived if d.get("op") == "length"}  # few whole numbers: groups, as `cyl`
    return dataclasses.replace(
        index,
        columns=[*index.columns, *names],
        numeric=index.numeric | set(names),
        categorical=index.categorical | lengths,
        col_tokens={**index.col_tokens, **{n: set() for n in names}},
        memo=dict(index.memo),
    )
