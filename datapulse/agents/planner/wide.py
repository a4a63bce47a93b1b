"""Wide tables: one column per month (`JAN` … `DEC`) or per year (`1960` … `2013`).

There a month or a year in the question names a column, not a filter on dates: "the
warmest December" is the column `DEC`, "fertility in 2000" the column `2000`. The data's
own words for what the cells hold ("Fertility rate, total" in a column with that one
value) describe the whole table: they are accounted for, not asked about.
"""

from __future__ import annotations

import re

from datapulse.agents.planner.columns import ColumnIndex, tokens_of
from datapulse.agents.planner.lexicon import MONTHS
from datapulse.agents.planner.scan import Span

_MIN_WIDE = 5
_PLAIN = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})  # this many month or year columns make a table wide


def month_columns(index: ColumnIndex) -> dict[int, str]:
    """Month number → the numeric column named by that month, when the table has enough of them."""
    key = ("month_columns",)
    if key not in index.memo:
        found: dict[int, str] = {}
        for c in index.columns:
            month = MONTHS.get(c.lower().strip(".")) if c in index.numeric else None
            if month is not None and month not in found:
                found[month] = c
        index.memo[key] = found if len(found) >= _MIN_WIDE else {}
    return dict(index.memo[key])  # type: ignore[call-overload]


def year_columns(index: ColumnIndex) -> dict[int, str]:
    """Year → the numeric column named by it ("1960"), when the table has enough of them."""
    key = ("year_columns",)
    if key not in index.memo:
        found = {int(c): c for c in index.columns if re.fullmatch(r"(1[5-9]|20)\d\d", c.strip()) and c in index.numeric}
        index.memo[key] = found if len(found) >= _MIN_WIDE else {}
    return dict(index.memo[key])  # type: ignore[call-overload]


def wide_spans(text: str, spans: list[Span], index: ColumnIndex) -> list[Span]:
    """Month and year mentions that name a column of a wide table become column mentions."""
    months, years = month_columns(index), year_columns(index)
    if not months and not years:
        return spans
    out: list[Span] = []
    for s in spans:
        col = None
        if s.kind == "date" and set(s.payload) == {"month"}:
            col = months.get(int(s.payload["month"]))
        elif s.kind == "date" and set(s.payload) == {"year"}:
            col = years.get(int(s.payload["year"]))
        elif s.kind == "num" and isinstance(s.payload, int) and not isinstance(s.payload, bool):
            col = years.get(s.payload)
        elif s.kind == "col" and len(s.payload) == 1 and s.payload[0] in months.values():
            col = s.payload[0]
        if col and col in years.values():  # "im Jahr 2011", "the year 2011": the word for year is part of it
            m = _YEAR_WORD.search(text[: s.start])
            if m and not any(t.start < s.start and t.end > m.start() for t in spans if t is not s):
                out.append(Span(m.start(), s.end, "col", (col,), text[m.start() : s.end], s.priority))
                continue
        out.append(Span(s.start, s.end, "col", (col,), s.text, s.priority) if col else s)
    return out


_YEAR_WORD = re.compile(r"(?<![a-zäöüß])(?:year|jahr|jahre|jahres)\s+$")


_RANGE_GAP = re.compile(r"\s*(?:to|through|thru|until|-|–|bis|到|至)\s*$")
_RANGE_BEFORE = re.compile(r"(?:\bfrom|\bbetween|\bvon|\bzwischen|从|在|由)\s*(?:the\s+|dem\s+|den\s+)?$")
CHANGE_WORDS = re.compile(
    r"\bchang\w*|\brise\b|\brose\b|\brisen\b|\bincrease\w*|\bdecrease\w*|\bdrop\w*|\bfell\b|\bfall\w*|\bgrow\w*|"
    r"\bgrew\b|veränder\w*|gestiegen|gesunken|\bstieg\b|\bsank\b|zugenommen|abgenommen|变化|上升|下降|增加|减少|增长|变动"
)


def column_ranges(text: str, spans: list[Span], index: ColumnIndex) -> tuple[list[Span], list[dict[str, object]]]:
    """'from 2000 to 2009', 'von Januar bis Juni' over a wide table: the columns of the range,
    averaged row by row; with a word for change ("how much did it change from 1960 to
    2010") the last minus the first."""
    months, years = month_columns(index), year_columns(index)
    if not months and not years:
        return spans, []
    order = [years[k] for k in sorted(years)] + [months[k] for k in sorted(months)]
    out: list[Span] = list(spans)
    derived: list[dict[str, object]] = []
    for k in range(len(spans) - 1):
        a, b = spans[k], spans[k + 1] if k + 1 < len(spans) else None
        j = k + 1
        while j < len(spans) and spans[j].kind == "kw":
            j += 1
        if j >= len(spans):
            break
        b = spans[j]
        if a.kind != "col" or b.kind != "col" or a.payload[0] not in order or b.payload[0] not in order:
            continue
        if not _RANGE_GAP.fullmatch(text[a.end : b.start]):
            continue
        lo, hi = order.index(a.payload[0]), order.index(b.payload[0])
        if hi <= lo:
            continue
        m = _RANGE_BEFORE.search(text[: a.start])
        start = m.start() if m else a.start
        end = b.end
        tail = re.match(r"\s*(?:之间|期间|间)", text[b.end :])
        if tail:
            end += tail.end()
        d: dict[str, object]
        if CHANGE_WORDS.search(text):
            for c in CHANGE_WORDS.finditer(text):  # the word for the change is the subtraction: accounted for
                out = [s for s in out if s.end <= c.start() or s.start >= c.end()]
                out.append(Span(c.start(), c.end(), "label", None, c.group(0), 1))
            d = {"name": f"{b.payload[0]} - {a.payload[0]}", "op": "sub", "columns": [b.payload[0], a.payload[0]]}
        else:
            cols = order[lo : hi + 1]
            d = {"name": f"mean {cols[0]}–{cols[-1]}", "op": "mean", "columns": cols}
        inside = [s for s in out if s.start >= start and s.end <= end]
        out = [s for s in out if not any(s is t for t in inside)]
        out.append(Span(start, end, "col", (d["name"],), text[start:end], 6))
        derived.append(d)
    return sorted(out, key=lambda s: s.start), derived


def stray_year(spans: list[Span], index: ColumnIndex) -> str | None:
    """A year the question names that is no column of a table whose columns are years."""
    years = year_columns(index)
    if not years:
        return None
    for s in spans:
        if s.kind == "num" and isinstance(s.payload, int) and 1800 <= s.payload <= 2100 and s.payload not in years:
            return s.text
        if s.kind == "date" and set(s.payload) == {"year"}:
            return s.text
    return None


def table_words(index: ColumnIndex) -> set[str]:
    """Words that say what the whole table holds: those of a text column's only value, and
    the period words of a table whose columns are months or years."""
    key = ("table_words",)
    if key not in index.memo:
        words: set[str] = set()
        for phrase in index.constants.values():
            for tok in tokens_of(phrase):
                if len(tok) >= 3 and not tok.isdigit():
                    words |= {tok, tok + "s", tok.removesuffix("s")}
        if year_columns(index):
            words |= {"year", "years", "jahr", "jahre", "jahren", "jahres", "年", "年份", "column", "spalte"}
        if month_columns(index):
            words |= {"month", "months", "monat", "monate", "monaten", "monats", "月", "月份"}
        index.memo[key] = frozenset(words)
    return set(index.memo[key])  # type: ignore[call-overload]


def describes_table(word: str, index: ColumnIndex) -> bool:
    """A German or Chinese word whose English is among the table's own words ("生育率" →
    fertility rate, "Fertilitätsrate" → fertil… rate)."""
    words = table_words(index)
    if not words:
        return False
    from datapulse.agents.planner.linking import english_of, german_english

    glosses = english_of(word) if re.search(r"[\u3400-\u9fff]", word) else german_english(word)
    for gloss in glosses:
        parts = [p for p in re.findall(r"[a-z]+", gloss.lower()) if len(p) >= 3]
        if parts and all(p in words for p in parts):
            return True
    plain = word.lower().translate(_PLAIN)
    return len(plain) >= 7 and any(len(w) >= 6 and plain.startswith(w[:6]) for w in words if w.isascii())
