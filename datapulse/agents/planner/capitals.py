"""Text written in capitals that a text column holds: "character names starting with BOX
DRAWINGS", "character_name 包含 CAPITAL LETTER", "the glyph for the EURO SIGN". Such words are
the data's own text, not words of the question: they are read as if quoted, so the filters
search the whole run ("BOX DRAWINGS", not "BOX") and no word of it becomes vocabulary
("LETTER" is no unit of length, "SIGN" no column)."""

from __future__ import annotations

import re

from datapulse.agents.planner.columns import ColumnIndex

_RUN = re.compile(r"(?<![A-Za-z0-9_'\"„“‘「『-])([A-Z][A-Z0-9]+(?: [A-Z][A-Z0-9]+)*)(?![A-Za-z0-9_'\"“”’」』-])")
_WORD = re.compile(r"[A-Z][A-Z0-9]+")


def quote_capitals(question: str, index: ColumnIndex) -> str:
    """The question with each run of capitals found in one text column's values put in quotes.

    A run of two words or more is quoted when every word is a word of the same text column;
    a single word also only when it is no whole value nor a column's name and at least three
    letters long ("ARROW", not "ALL" of a group `ALL`, nor the acronym "IQR")."""
    if not index.caps_words or not _RUN.search(question):
        return question
    from datapulse.agents.planner.scan import _QUOTED

    quoted = [(q.start(), q.end()) for q in _QUOTED.finditer(question)]
    out: list[str] = []
    last = 0
    for m in _RUN.finditer(question):
        run = m.group(1)
        if any(a <= m.start() < b for a, b in quoted):
            continue  # quoted already
        words = _WORD.findall(run)
        cols = set.intersection(*(index.caps_words.get(w, set()) for w in words)) if words else set()
        if len(cols) != 1:
            continue
        if len(words) == 1 and (
            len(run) < 3 or run.lower() in index.values or run.lower() in index.forms or run.lower() in index.tokens
        ):
            continue
        if _inside_a_value(question.lower(), m.start(1), m.end(1), index):
            continue  # "AMD" of "AMD Radeon R5 Graphics" said whole: that value, not a word searched
        out.append(question[last : m.start(1)] + '"' + run + '"')
        last = m.end(1)
    return "".join(out) + question[last:] if out else question


def _inside_a_value(low: str, start: int, end: int, index: ColumnIndex) -> bool:
    """The run lies inside a longer whole value of the table the question spells out."""
    run = low[start:end]
    for value in index.values:
        if len(value) > len(run) and run in value:
            for hit in re.finditer(re.escape(value), low):
                if hit.start() <= start and end <= hit.end():
                    return True
    return False


def caps_column(text: str, index: ColumnIndex) -> str | None:
    """The one text column whose values hold every word of `text` written in capitals."""
    words = text.split()
    if not words or not all(_WORD.fullmatch(w) for w in words):
        return None
    cols = set.intersection(*(index.caps_words.get(w, set()) for w in words))
    return next(iter(cols)) if len(cols) == 1 else None
