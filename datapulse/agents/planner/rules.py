"""The rule planner: from a question (English, German or Chinese) to an `Intent`.

No model, no network: the question's mentions (see `scan`) are read in order. Filters
are taken out first, then grouping, then "top N", and what remains names the
measures; the keywords decide which analysis is meant. Whatever cannot be settled
without a guess raises `Clarify`.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import duckdb

from datapulse.agents.planner.columns import ColumnIndex
from datapulse.agents.planner.filters import ARTICLES, FilterFinder
from datapulse.agents.planner.intent import Clarify, Intent
from datapulse.agents.planner.scan import Span, scan

AGGS = ("mean", "sum", "median", "std", "min", "max", "count")
INTENT_WORDS = (
    "missing",
    "duplicates",
    "correlation",
    "outliers",
    "distribution",
    "trend",
    "compare",
    "share",
    "pivot",
    "describe",
    "distinct",
    "columns",
    "types",
    "size",
    "rows",
    "values",
)
_SQL_START = re.compile(
    r"^\s*(?:select|with|insert|update|delete|drop|create|alter|attach|detach|copy|install|pragma|set|reset|call|"
    r"export|import|truncate|use|checkpoint|vacuum|from|explain)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"\s*(?:(?:the|a|an|den|dem|der|die|das|jede[nmrs]?)\s+)?([^\s,.?!;:的]+)")


def is_sql(question: str) -> bool:
    """A message that starts like SQL and parses as SQL is SQL (run read-only, or refused)."""
    if not _SQL_START.match(question):
        return False
    try:
        return bool(duckdb.extract_statements(question))
    except duckdb.Error:
        return False


_AFTER_GROUP = ("分组", "分组后", "来分组")  # the word that closes "按 X 分组"
_PART_ORDER = ("year", "quarter", "month", "week", "day", "hour", "minute", "second")
_UNIT_PLURALS = {
    "day": ("days", "tage", "tagen", "天", "天数"),
    "hour": ("hours", "stunden", "小时", "小时数"),
    "minute": ("minutes", "minuten", "分钟", "分钟数"),
    "second": ("seconds", "sekunden", "秒", "秒数"),
}


def _exact_case(question: str, spans: list[Span]) -> list[Span]:
    """'id' in a table with columns `ID` and `id`: the name written exactly as one of them is that one."""
    out = []
    for s in spans:
        if s.kind == "col" and len(s.payload) > 1 and len({c.lower() for c in s.payload}) == 1:
            written = question[s.start : s.end].strip("`'\"()（） ")
            exact = tuple(c for c in s.payload if c == written)
            if len(exact) == 1:
                s = dataclasses.replace(s, payload=exact)
        out.append(s)
    return out


class RuleParser:
    def __init__(self, question: str, index: ColumnIndex, table: str, lang: str, previous: Intent | None) -> None:
        self.question, self.index, self.table, self.lang, self.previous = question, index, table, lang, previous
        self.following = False
        from datapulse.agents.planner.derive import find_derived, with_derived
        from datapulse.agents.planner.wide import column_ranges, stray_year, wide_spans

        spans = _exact_case(question, wide_spans(question.lower(), scan(question, index, lang, table), index))
        self.stray_year = stray_year(spans, index)  # "in 2020" where the years are columns and 2020 is none
        spans, ranges = column_ranges(question.lower(), spans, index)
        self.spans, derived = find_derived(question.lower(), spans, index)
        from datapulse.agents.planner.textlen import length_spans

        self.spans, lengths = length_spans(question.lower(), self.spans, index, question)
        self.spans = _rows_after_de(question.lower(), self.spans, index)
        self.derived = ranges + derived + lengths
        self.index = index = with_derived(index, self.derived)
        self.finder = FilterFinder(question, self.spans, index)
        self.saw_which = False
        self.n_explicit = False  # "the 3 heaviest" (True) or just "the heaviest" (False)
        self.row_label: str | None = None  # "top 3 committees by staff": the label column the rows are named by

    # small helpers ------------------------------------------------------------------------
    @property
    def used(self) -> set[int]:
        return self.finder.used

    def kws(self) -> set[str]:
        return {k for i, s in enumerate(self.spans) if s.kind == "kw" and i not in self.used for k in s.payload}

    def free(self, kind: str) -> list[tuple[int, Span]]:
        return [(i, s) for i, s in enumerate(self.spans) if s.kind == kind and i not in self.used]

    def agg_words(self) -> list[str]:
        found = []
        for _i, s in self.free("kw"):
            if s.text.lower() == "mean" and _I_MEAN.search(self.question[: s.start]):
                continue  # "I mean the standard deviation": the verb, not the average
            for a in AGGS:
                if f"agg:{a}" in s.payload and a not in found:
                    found.append(a)
        if "median" in found and "mean" in found and _MEDIAN_RESTATED.search(self.question):
            found.remove("mean")  # "der mittlere Aufenthalt (Median)": the middle word restated as the median
        return found

    def word_after(self, span: Span) -> str:
        m = _WORD.match(self.question[span.end :])
        return m.group(1) if m else ""

    # passes -------------------------------------------------------------------------------
    def groups(self) -> tuple[list[str], list[str]]:
        """Grouping columns after 'by/per/nach/按...', and the numeric 'by' columns (an order)."""
        groups: list[str] = []
        order: list[str] = []
        for i, _s in enumerate(self.spans):  # "do the two instruments differ": both groups of the column
            col = self.finder.all_groups(i) if i not in self.used and i + 1 not in self.used else None
            if col is not None and any(sp.kind == "kw" and "compare" in sp.payload for sp in self.spans):
                groups.append(col)
                self.used.update((i, i + 1))
        for i, s in enumerate(self.spans):
            if i in self.used or s.kind != "kw" or not ({"group", "which"} & s.payload):
                continue
            if s.text in _AFTER_GROUP and i > 0 and i - 1 in self.used and self.spans[i - 1].kind == "col":
                self.used.add(i)  # "按Series分组的Y均值": 分组 closes 按 Series; Y is the measure
                continue
            j = last = i + 1
            counted_each = s.text in ("各", "每个", "每")  # "各有多少幸存者": how many survivors each, no grouping
            if (
                self.finder.kw(j, "agg:count")
                and self.finder.kind(j + 1, "col")
                and self.finder.close(i, j)
                and not counted_each
            ):
                j += 1  # "by number of cylinders"
                self.used.add(j - 1)
            nxt = self.spans[j] if j < len(self.spans) else None
            if (
                nxt is None
                or not self.finder.close(j - 1 if j > last else i, j)
                or nxt.kind not in ("col", "kw", "freq", "val", "sup")
            ):
                if "group" in s.payload and s.text in ("by", "per", "nach", "pro", "je", "按", "按照", "每个", "各"):
                    word = self.word_after(s)
                    if word and not re.fullmatch(r"[\d.,]+", word) and word.lower() != "how":  # "by how much"
                        raise Clarify("unknown_column", sorted(self.index.categorical), word=word)
                continue
            if nxt.kind != "col" or j in self.used:
                continue
            if j > last and all(
                c in self.index.labels and self.index.nunique.get(c) == self.index.rows for c in nxt.payload
            ):
                self.used.update((i, j))  # "Top 4 languages by number of locales": the rows counted, no grouping
                continue
            counted = all(c in self.index.categorical for c in nxt.payload) and any(
                sp.kind == "kw" and "agg:count" in sp.payload for sp in self.spans[: max(i - 1, 0)]
            )  # "Count of locales by first weekday": the rows counted per value of a column of few numbers
            if (
                "group" in s.payload
                and self._label_before(i)
                and all(c in self.index.numeric for c in nxt.payload)
                and not counted
            ):
                order.append(self.finder.column(nxt))  # "top 3 bacteria by Streptomycin": rows in an order
                self.used.update((i - 1, i, j))
                continue
            if "group" not in s.payload and "which" in s.payload:
                col = self.finder.column(nxt)
                if col not in self.index.categorical:
                    continue
                if col in self.index.labels and self.finder.found:  # "which committees have no subcommittees"
                    self.row_label = col
                    self.saw_which = True
                    self.used.add(j)
                    continue
                self.saw_which = True
            cols = [self.finder.column(nxt)]
            members = [i, j]
            while self.finder.kw(j + 1, "and") and self.finder.kind(j + 2, "col") and self.finder.close(j + 1, j + 2):
                cols.append(self.finder.column(self.spans[j + 2]))
                members += [j + 1, j + 2]
                j += 2
            for col in cols:
                if col in self.index.dates:
                    groups.append(col)
                elif col in self.index.numeric and col not in self.index.categorical:
                    order.append(col)
                elif col not in groups:
                    groups.append(col)
            self.used.update(members)
        return groups, order

    def top(self) -> tuple[int | None, str | None, list[str], list[str]]:
        """(n, direction, columns implied by a superlative, category after 'top N')."""
        n: int | None = None
        direction: str | None = None
        sup_cols: list[str] = []
        cats: list[str] = []
        for i, s in enumerate(self.spans):
            if i in self.used:
                continue
            if s.kind == "sup":
                cols, direction = s.payload
                if not cols:
                    cols = self._qualified(i)
                if not cols and (aged := self._age_by_year(i)) is not None:
                    cols, direction = aged
                if not cols:
                    raise Clarify("unknown_column", sorted(self.index.numeric), word=s.text)
                sup_cols.append(self.finder.column(Span(0, 0, "col", cols, s.text)))
                direction = "desc" if direction == "max" else "asc"
                self.used.add(i)
                for k in (i - 1, i + 1):
                    if self.finder.kind(k, "num") and self.finder.close(min(i, k), max(i, k)):
                        n = int(self.spans[k].payload)
                        self.used.add(k)
                if n is None:
                    n = 1
                else:
                    self.n_explicit = True
            elif (
                s.kind == "kw"
                and ({"top", "bottom"} & s.payload)
                and not ({"before", "after"} & s.payload and not self.finder.kind(i + 1, "num"))
            ):
                if self.finder.kind(i + 1, "num") and self.finder.close(i, i + 1):
                    n = int(self.spans[i + 1].payload)
                    self.n_explicit = True
                    self.used.update((i, i + 1))
                    direction = "asc" if "bottom" in s.payload and "top" not in s.payload else "desc"
                    k = i + 2
                    if self.finder.kind(k, "col") and self.finder.close(i + 1, k):
                        col = self.finder.column(self.spans[k])
                        if self._names_rows(col):  # "top 5 committees", "top 3 years": rows, named by the column
                            self.row_label = col
                            self.used.add(k)
                        elif col in self.index.categorical and col not in self.index.numeric:
                            cats.append(col)
                            self.used.add(k)
                elif s.text in ("top", "bottom") and _TOP_VALUE.match(self.question[s.end :]):
                    # "the top income value" (one value, no number): the highest, the extreme word
                    s.payload.clear()
                    s.payload.add("agg:max" if s.text == "top" else "agg:min")
                elif s.text in ("top", "bottom"):
                    n, direction = 10, "asc" if s.text == "bottom" else "desc"
                    self.used.add(i)
            elif s.kind == "num" and isinstance(s.payload, int) and 0 < s.payload <= 1000:
                for k in (i + 1, i - 1):
                    if (
                        self.finder.kw(k, "agg:max", "agg:min")
                        and k not in self.used
                        and self.finder.close(min(i, k), max(i, k))
                    ):
                        n = s.payload
                        self.n_explicit = True
                        direction = "desc" if "agg:max" in self.spans[k].payload else "asc"
                        self.used.update((i, k))
                        break
        for i, s in enumerate(self.spans):  # "the 2 islands with the lowest ...": N groups, then the order
            if n is not None or s.kind != "num" or i in self.used or not isinstance(s.payload, int):
                continue
            if not (0 < s.payload <= 1000 and self.finder.kind(i + 1, "col") and self.finder.close(i, i + 1)):
                continue
            col = self.finder.column(self.spans[i + 1])
            values = self.index.num_values.get(col, set())
            if str(s.payload) in self.index.text_numbers.get(col, set()):
                continue  # "boat 13 (boat)": 13 is a code the text column holds, not "the 13 boats"
            if col in self.index.categorical and (col not in self.index.numeric or float(s.payload) not in values):
                n, direction, self.n_explicit = s.payload, "desc", True
                cats.append(col)
                self.used.update((i, i + 1))
                for k, kw in self.free("kw"):
                    if {"agg:max", "agg:min"} & kw.payload:
                        direction = "desc" if "agg:max" in kw.payload else "asc"
                        self.used.add(k)
                        break
        for i, s in enumerate(self.spans):  # "the 3 cars with the lowest acceleration": N rows
            if n is not None or s.kind != "num" or i in self.used or not isinstance(s.payload, int):
                continue
            nxt = i + 1
            if 0 < s.payload <= 1000 and self.finder.kw(nxt, "agg:max", "agg:min") and nxt not in self.used:
                if self.finder.kind(nxt + 1, "col") and "\n" not in self.finder.gap(i, nxt):
                    n, self.n_explicit = s.payload, True
                    direction = "desc" if "agg:max" in self.spans[nxt].payload else "asc"
                    self.used.update((i, nxt))
        for i, s in enumerate(self.spans):  # "最低的2个岛": N groups
            if s.kind == "num" and i in self.used and n == s.payload and self.finder.kind(i + 1, "col"):
                if self.finder.close(i, i + 1):
                    col = self.finder.column(self.spans[i + 1])
                    if self._names_rows(col) and i + 1 not in self.used:
                        self.row_label = col  # "the 3 smallest committees": rows
                        self.used.add(i + 1)
                    elif col in self.index.categorical and col not in self.index.numeric and col not in cats:
                        cats.append(col)
                        self.used.add(i + 1)
        return n, direction, sup_cols, cats

    def _qualified(self, i: int) -> tuple[str, ...]:
        """'the warmest December', '12月最暖': a superlative whose own column the table lacks
        qualifies the one numeric column named right beside it (that mention is then used)."""
        for k in (i + 1, i - 1):
            if self.finder.kind(k, "col") and self.finder.close(min(i, k), max(i, k)):
                cols = tuple(self.spans[k].payload)
                flag = self.index.num_values.get(cols[0]) == {0.0, 1.0} if len(cols) == 1 else True
                if len(cols) == 1 and cols[0] in self.index.numeric and not flag:
                    self.used.add(k)
                    return cols
        return ()

    def _age_by_year(self, i: int) -> tuple[tuple[str, ...], str] | None:
        """'the oldest plane' in a table with a year (of make) and no age: the earliest year."""
        word = self.spans[i].text
        if not re.match(r"old|ält|alt|young|jüng|new|neu|最老|最旧|最新|最年轻", word):
            return None
        year = self.finder.part_column("year")
        if year is None:
            return None
        old = bool(re.match(r"old|ält|alt|最老|最旧", word))
        return (year,), ("min" if old else "max")

    def _names_rows(self, col: str) -> bool:
        """A column with one distinct value per row (a name, the year of a yearly table)."""
        return col in self.index.labels or (self.index.rows > 2 and self.index.nunique.get(col) == self.index.rows)

    def _label_before(self, i: int) -> bool:
        """The mention just before span i is a label column ("bacteria" for `Bacteria`): the
        rows themselves; it sets `row_label`."""
        k = i - 1
        if k < 0 or not self.finder.kind(k, "col") or not self.finder.close(k, i):
            return False
        cols = set(self.spans[k].payload)
        if len(cols) != 1 or not cols <= self.index.labels:
            return False
        self.row_label = next(iter(cols))
        return True

    def _share_of_percent(self) -> None:
        """'the YES share', 'Ja-Anteil': "share" right after a column of percentages names that
        column (a share of a share is no total); "the share of X" stays a share."""
        for i, s in self.free("kw"):
            if "share" not in s.payload or i == 0 or not self.finder.close(i - 1, i):
                continue
            prev = self.spans[i - 1]
            if prev.kind != "col" or len(prev.payload) != 1:
                continue
            low, high = self.index.ranges.get(prev.payload[0], (-1.0, 101.0))
            if 0 <= low and high <= 100 and not re.match(r"\s*(?:of|der|des|von|的)\b", self.question[s.end :].lower()):
                self.used.add(i)

    def _flag_filters(self, filters: list[dict]) -> None:
        """'prestige committees', 'the southern states': a 0/1 column named as an adjective of
        the rows is the filter column = 1."""
        from datapulse.agents.planner.coverage import entity_words

        rows = entity_words(self.index, self.table)
        comparing = any(sp.kind == "kw" and "compare" in sp.payload for sp in self.spans)
        for i, s in self.free("col"):
            cols = set(s.payload)
            if len(cols) != 1:
                continue
            col = next(iter(cols))
            if self.index.num_values.get(col) != {0.0, 1.0} or any(f["column"] == col for f in filters):
                continue
            neg = re.search(r"(?:\bnon|\bnicht|\bnot|非)[\s\-]?$", self.question[: s.start].lower())
            if neg:  # "non-southern": the other group, its "non" part of the mention
                s = Span(neg.start(), s.end, s.kind, s.payload, self.question[neg.start() : s.end].lower(), s.priority)
                self.spans[i] = s
            if comparing:
                continue  # "southern and non-southern states": the two groups, compared
            nxt = self.spans[i + 1] if i + 1 < len(self.spans) else None
            label_next = (
                nxt is not None
                and nxt.kind == "col"
                and set(nxt.payload) <= self.index.labels
                and self.finder.close(i, i + 1)
            )
            word = re.match(r"[\s\-]*([a-zäöüß]+)", self.question[s.end :].lower())
            copula = re.search(r"\b(?:are|is|were|was|sind|ist|waren|war)\s+$", self.question[: s.start].lower())
            last = not re.search(r"[a-zäöüß0-9\u3400-\u9fff]", self.question[s.end :].lower())
            # "and for those with medicaid?": the rows that have the flag, as the last words
            having = re.search(r"\b(?:with|having|mit)\s+$", self.question[: s.start].lower()) and last
            if label_next or (word and word.group(1) in rows) or (copula and last) or having:
                flag = {"column": col, "op": "eq", "value": 0 if neg else 1}
                filters.append(flag)
                self.finder.found.append((s.start, flag))
                self.used.add(i)
                if label_next:
                    self.used.add(i + 1)
                    self.row_label = next(iter(nxt.payload))  # type: ignore[union-attr]

    def _rows_own_step(self, freq: str) -> bool:
        """'average monthly sunspot number over 1900-1999' over monthly rows: each month is one
        row, so "average monthly" is one mean over the rows, not a list of months."""
        from datapulse.agents.planner.filters import FilterFinder

        try:
            date = FilterFinder.date_column(self.finder)
        except Clarify:
            return False
        if self.index.spacing.get(date or "") != freq:
            return False
        for i, s in self.free("freq"):
            before = self.question.lower()[: s.start]
            if s.payload == freq and re.search(
                r"(?:average|mean|durchschnittliche[nmrs]?|mittlere[nmrs]?|平均)\s*$", before
            ):
                self.used.add(i)
                return True
        return False

    def _finer_than_rows(self, freq: str) -> bool:
        """A period finer than the data's own step ("weekly" over monthly rows) groups nothing:
        each of its periods holds one row at most, so the word is the measure's unit ("average
        weekly hours"); its span is used up as such."""
        from datapulse.agents.planner.filters import FilterFinder

        try:
            date = FilterFinder.date_column(self.finder)
        except Clarify:
            return False
        spacing = self.index.spacing.get(date or "")
        order = ["day", "week", "month", "quarter", "year"]
        if spacing is None or freq not in order or order.index(freq) >= order.index(spacing):
            return False
        for i, s in self.free("freq"):
            if s.payload == freq:
                self.used.add(i)
        return True

    def _row_unit(self) -> bool:
        """'how many hours had a temp between 50 and 60', 'Stunden mit ...', '小时数' over a table
        with year, month, day and hour columns: the rows are hours, so the plural of the
        finest time part counts rows; it is not that column's values or their mean."""
        parts = [c for c in self.index.columns if c.lower() in _PART_ORDER]
        if len(parts) < 3:
            return False
        finest = max(parts, key=lambda c: _PART_ORDER.index(c.lower()))
        if _PART_ORDER.index(finest.lower()) < _PART_ORDER.index("day"):
            return False
        found = False
        for i, sp in self.free("col"):
            if tuple(sp.payload) != (finest,) or sp.text.lower() == finest.lower():
                continue  # the column's own name ("hour") is the column, its plural is the rows
            if sp.text.lower() not in _UNIT_PLURALS.get(finest.lower(), ()):
                continue
            self.used.add(i)
            found = True
        return found

    def _modifies_row_noun(self, i: int) -> bool:
        """A word only linked to a column (not its name) written onto a word for the rows
        ("Changelog-Einträge", "变更日志记录", "log entries"): it says which rows, it is no measure."""
        s = self.spans[i]
        if s.priority > 2 or i + 1 >= len(self.spans):
            return False
        nxt = self.spans[i + 1]
        if nxt.kind != "kw" or "rows" not in nxt.payload:
            return False
        gap = self.question.lower()[s.end : nxt.start]
        if not re.fullmatch(r"[\s\-]?|[\u4e00-\u9fff]{1,2}", gap):
            return False
        if gap.strip(" -"):  # "变更日志记录": 日志 belongs to the words for the rows
            self.spans.append(Span(s.end, nxt.start, "label", None, gap, 1))
        return True

    def measures(self) -> list[Span]:
        from datapulse.agents.planner.coverage import ALL_BEFORE

        out = []
        for i, s in self.free("col"):
            every = ALL_BEFORE.search(self.question.lower()[max(0, s.start - 12) : s.start])
            if every and any(self._names_rows(c) for c in s.payload) and len(self.free("col")) > 1:
                self.used.add(i)  # "所有地区的总人口", "over all council areas": every row, not a measure
                continue
            if (
                s.priority <= 2
                and len(s.payload) > 1
                and len(s.text) <= 2
                and _COUNTED_ZH.search(self.question[: s.start])
            ):
                self.used.add(i)  # "有多少个版本": the word counted after 多少个 is the rows, whatever it glosses
                continue
            if self._modifies_row_noun(i):
                self.used.add(i)  # "Changelog-Einträge", "变更日志记录": entries of a kind, the rows themselves
                continue
            if len(s.payload) > 1 and all(self._names_rows(c) for c in s.payload) and self.finder.found:
                self.used.add(i)  # "countries with ... above 5": the rows (Country Name, Country Code name them)
                continue
            out.append(s)
        return out

    # the decision -------------------------------------------------------------------------
    def parse(self) -> Intent:
        if self.stray_year is not None:
            cols = [c for c in self.index.columns if c not in self.index.numeric] + sorted(self.index.numeric)
            raise Clarify("no_such_column", cols, word=self.stray_year, slot="column", ignored=[self.stray_year])
        filters, logic = self.finder.run()
        self._flag_filters(filters)
        self._share_of_percent()
        self._no_loose_comparisons(filters)
        groups, order = self.groups()
        n, direction, sup_cols, cats = self.top()
        groups += [c for c in cats if c not in groups]
        kws = self.kws() | ({"which"} if self.saw_which else set())
        freq = next((s.payload for _i, s in self.free("freq")), None)
        if freq is not None and (self._finer_than_rows(freq) or self._rows_own_step(freq)):
            freq = None  # "平均每周工时" over monthly rows: hours per week is the measure's unit, not a grouping
        if self._row_unit() and not ({"distinct", "values"} & kws):
            kws |= {"size"} if not self.agg_words() else set()
        mention_spans = self.measures()
        aggs = self.agg_words()
        if not aggs and any(re.search(r"average|durchschnitt|mittel|平均|均", s.text) for _i, s in self.free("freq")):
            aggs = ["mean"]  # "yearly average", "Jahresdurchschnitt", "年平均": the period and its mean
        base = Intent(kind="", table=self.table, filters=filters, logic=logic)
        narrows = bool(re.match(_NARROW, self.question.lower()))
        now_only = bool(re.match(r"\s*(?:now|jetzt|and|und)[,\s]+(?:only|just|nur)\b", self.question.lower()))
        if self.previous is None and narrows and not (aggs or sup_cols) and (now_only or not (mention_spans or groups)):
            # "Only for CpG_0" with nothing before it: narrows which question? (never a list of rows)
            raise Clarify("no_previous", [], word=self.question, slot="reading")
        if self.previous is None and self._refers_back(kws):
            # "and of those, how many ...?" with no earlier answer to build on: which rows are "those"?
            raise Clarify("no_previous", [], word=self.question, slot="reading")
        if self.previous is not None and self._is_followup(kws, mention_spans, aggs, groups, freq, sup_cols):
            intent = self._followup(base, kws, groups, order, n, direction, sup_cols, mention_spans, aggs, freq)
            if "only" in kws and _same_reading(intent, self.previous):
                # "Only those without constriction?": narrows, but to nothing read -- never the last answer again
                texts = sorted(c for c in self.index.categorical if c not in self.index.numeric)
                word = re.sub(r"[?？。.!]+$", "", self.question.strip())
                raise Clarify("uncovered", texts or list(self.index.columns), word=word, slot="column")
        else:
            from datapulse.agents.planner.decide import decide

            intent = decide(self, base, kws, groups, order, n, direction, sup_cols, mention_spans, aggs, freq)
        self._text_of_a_row(intent, kws)
        self._value_of_a_named_row(intent, kws)
        self._distinct_rows(intent, kws)
        self._each_of_two_values(intent)
        self._restated_range(intent)
        self._month_of_which_year(intent)
        self._value_of_which_period(intent, kws)
        self._value_of_a_longer_period(intent, kws)
        self._which_value(intent)
        self._longest_counted(intent)
        self._this_one(intent)
        self._check_coverage(intent)
        self._derivations(intent)
        self._parts_of_a_restated_difference(intent)
        return intent

    def _parts_of_a_restated_difference(self, intent: Intent) -> None:
        """'Um wie viel liegt DoleLR im Mittel über ClinLR (DoleLR − ClinLR)?': the parentheses
        say what the words mean, so the two columns are the difference's parts, not measures
        of their own beside it (whose mean would be read as the answer)."""
        inside = " ".join(re.findall(r"\(([^()]*)\)", self.question))
        for d in intent.extra.get("derive") or []:
            parts = [str(c) for c in d.get("columns") or []]
            if d["name"] not in intent.measures or not parts or not all(c in intent.measures for c in parts):
                continue
            if all(c in inside for c in parts) and re.search(r"[-−–/÷×*+]|minus|geteilt|减|除", inside):
                intent.measures = [m for m in intent.measures if m not in parts]

    def _month_of_which_year(self, intent: Intent) -> None:
        """'What was caputil in March?' over many years: a value is asked for, and a month with
        no year is not one moment; ask which year (or the mean over every March) instead of
        listing or summarising all of them as if that had been asked."""
        kinds = (
            ("describe", "filter", "distinct") if _VALUE_ASKED.search(self.question.lower()) else ("describe", "filter")
        )
        if intent.kind not in kinds or not intent.measures or intent.extra.get("followup"):
            return  # "What was TAI_UTC in March?" read as its distinct values is still one value asked
        for f in intent.filters:
            if f["op"] != "month" or not isinstance(f["value"], list) or f["value"][0] is not None:
                continue
            years = sorted(self.index.date_years.get(f["column"], set()))
            if len(years) < 2:
                return
            from datapulse.agents.planner.bindings import reading_value

            month = f["value"][1]
            rest = [g for g in intent.filters if g is not f]
            readings, labels = [], []
            for y in years[-5:]:
                one = {**f, "value": [y, month]}
                readings.append(Intent(kind="filter", table=self.table, measures=intent.measures, filters=[*rest, one]))
                labels.append(f"{', '.join(intent.measures)} in {y}-{month:02d}")
            every = Intent(
                kind="aggregate", table=self.table, measures=intent.measures, agg="mean", filters=intent.filters
            )
            readings.append(every)
            labels.append(f"mean {', '.join(intent.measures)} over month {month:02d} of {years[0]}-{years[-1]}")
            word = next((s.text for s in self.spans if s.kind == "date" and s.payload.get("month") == month), "")
            raise Clarify(
                "which_year",
                labels,
                word=word,
                first=years[0],
                last=years[-1],
                slot="reading",
                values=[reading_value(r) for r in readings],
            )

    def _restated_range(self, intent: Intent) -> None:
        """'in den 1990er Jahren (1990–1999)': the years in parentheses restate the decade's
        ends; as two more year filters joined by 'and' they would leave no row."""
        for f in intent.filters:
            if f["op"] != "between" or not isinstance(f["value"], list) or len(f["value"]) != 2:
                continue
            ends = {str(v)[:4] for v in f["value"]}
            same = [
                g
                for g in intent.filters
                if g["column"] == f["column"] and g["op"] == "year" and str(g["value"]) in ends
            ]
            if len(same) == 2 and intent.logic == "and":
                intent.filters = [g for g in intent.filters if g not in same]
                return

    def _each_of_two_values(self, intent: Intent) -> None:
        """'mean educ for vote 0 and for vote 1': two values of one column joined by 'and' are
        never both true of a row; the figure for each value is asked, so group by the column
        over just those values."""
        if intent.kind != "aggregate" or intent.group_by or intent.logic != "and":
            return
        eqs = [f for f in intent.filters if f["op"] == "eq"]
        cols = {f["column"] for f in eqs}
        if len(cols) != 1 or len(eqs) < 2 or len({str(f["value"]) for f in eqs}) != len(eqs):
            return
        col = cols.pop()
        rest = [f for f in intent.filters if f not in eqs]
        intent.filters = [*rest, {"column": col, "op": "in", "value": [f["value"] for f in eqs]}]
        intent.group_by = [col]

    def _longest_counted(self, intent: Intent) -> None:
        """'Which animals live longest?' with no column for how long: "longest" is no count of rows
        ("the most rows"); the data has nothing the superlative measures, so ask."""
        said = _LONGEST.search(self.question.lower())
        if intent.agg != "count" or intent.measures or said is None:
            return
        nums = sorted(c for c in self.index.numeric if c not in self.index.identifiers)
        raise Clarify("no_measure", nums or list(self.index.columns), word=said.group(0))

    def _which_value(self, intent: Intent) -> None:
        """'What was the value in 1965?', 'Wie hoch war der Wert 1965?', '1965年的值是多少？': one value
        is asked for and no column named, the rows picked hold several measures. Showing the rows
        would answer as if the question had named one: ask which column is meant."""
        if intent.kind != "filter" or intent.measures or not intent.filters:
            return
        if not _THE_VALUE.search(self.question.lower()) or "value" in {c.lower() for c in self.index.columns}:
            return
        filtered = {f.get("column") for f in intent.filters}
        measures = [
            c
            for c in self.index.columns
            if c in self.index.numeric
            and c not in filtered
            and c not in self.index.dates
            and c not in self.index.identifiers
            and c.lower() not in ("year", "quarter", "month", "week", "day")
        ]
        if len(measures) > 1:
            raise Clarify("no_measure", measures, word="", slot="column")

    def _value_of_which_period(self, intent: Intent, kws: set[str]) -> None:
        """'What was the cpi?', 'cpi 是多少?', 'How much did the cpi go up?' over a series of
        many years: one value is asked for and no period is said. A summary of every row would
        answer a question not asked; ask which year (or the mean over all of them) instead."""
        numeric_values = intent.kind == "distinct" and all(
            m in self.index.numeric and m not in self.index.categorical for m in intent.measures
        )  # "What is the volume?" read as the list of its values
        if intent.kind != "describe" and not numeric_values:
            return
        if "describe" in kws or intent.filters or intent.extra.get("followup"):
            return
        if not intent.measures or not _VALUE_ASKED.search(self.question.lower()):
            return
        spans = [c for c, ys in self.index.date_years.items() if len(ys) >= 2]
        year_col = self.finder.part_column("year")
        if year_col is not None and not spans and year_col not in intent.measures:
            # a calendar kept as a whole-number year column: the same question, which year
            year_values = self.index.num_values.get(year_col) or set()
            if len(year_values) >= 2:
                spans, op = [year_col], "eq"
        else:
            op = "year"
        if len(spans) != 1:
            return
        from datapulse.agents.planner.bindings import reading_value

        date = spans[0]
        years = sorted(self.index.date_years.get(date) or {int(v) for v in self.index.num_values.get(date) or set()})
        readings, labels = [], []
        for y in years[-5:]:
            one = {"column": date, "op": op, "value": y}
            readings.append(Intent(kind="filter", table=self.table, measures=intent.measures, filters=[one]))
            labels.append(f"{', '.join(intent.measures)} in {y}")
        readings.append(Intent(kind="aggregate", table=self.table, measures=intent.measures, agg="mean"))
        labels.append(f"mean {', '.join(intent.measures)} over {years[0]}-{years[-1]}")
        raise Clarify(
            "which_year",
            labels,
            word=self.question.strip(),
            first=years[0],
            last=years[-1],
            slot="reading",
            values=[reading_value(r) for r in readings],
        )

    def _value_of_a_longer_period(self, intent: Intent, kws: set[str]) -> None:
        """'What was GDPC1 in Q4 2008?' over monthly rows: the quarter holds three rows, so one
        value is not said; 'What was the value in 2000 Q3?' over several measures: which one.
        Asked, never a list of rows (or a row count) in place of the value."""
        if intent.kind not in ("filter", "describe", "distinct") or "describe" in kws or intent.extra.get("followup"):
            return
        if not _VALUE_ASKED.search(self.question.lower()):
            return
        quarters = [s for s in self.spans if s.kind == "date" and "quarter" in s.payload]
        if not quarters:
            return
        dated = [f for f in intent.filters if f["column"] in self.index.dates and f["op"] == "between"]
        if len(dated) != 1:
            return
        date = dated[0]["column"]
        measures = [m for m in intent.measures if m in self.index.numeric and m != date]
        if not measures:
            nums = sorted(c for c in self.index.numeric if c not in self.index.identifiers)
            raise Clarify("no_measure", nums, word=quarters[0].text)
        if self.index.spacing.get(date) in ("quarter", "year") or "quarter" in self.index.date_steps.get(date, set()):
            # one row a quarter (or fewer): its value, the one figure asked for (never the count of rows)
            derived = {d.get("name") for d in self.derived}  # "conf2 - conf1": computed first, not read
            if (
                len(measures) == 1
                and measures[0] not in derived
                and len(intent.filters) == 1
                and intent.kind in ("filter", "describe")
            ):
                self._one_value(intent, date, measures[0], quarters[0].text)
            return
        from datapulse.agents.planner.bindings import reading_value

        m = measures[0]
        base = {"table": self.table, "measures": [m], "filters": intent.filters}
        readings = [Intent(kind="aggregate", agg=a, **base) for a in ("mean", "sum")]  # type: ignore[arg-type]
        raise Clarify(
            "two_readings",
            [f"mean {m} in {quarters[0].text}", f"sum {m} in {quarters[0].text}"],
            word=m,
            values=[reading_value(r) for r in readings],
        )

    def _text_of_a_row(self, intent: Intent, kws: set[str]) -> None:
        """'瑞士的国家代码是什么？': a text column of the rows a filter picks is asked for: its
        values in those rows (a summary of a text column answers no such question)."""
        if intent.kind != "describe" or "describe" in kws or not intent.filters or not intent.measures:
            return
        if any(m in self.index.numeric or m in self.index.dates for m in intent.measures):
            return
        intent.kind = "filter"

    def _distinct_rows(self, intent: Intent, kws: set[str]) -> None:
        """'How many distinct women (gender F) are in the sample?': "distinct" said of the rows
        a filter picks, with no column to tell them apart by: counting the rows would drop the
        word (the same woman may be in many rows); ask which column identifies them."""
        if "distinct" not in kws or intent.measures or intent.group_by or not intent.filters:
            return
        if not (intent.kind == "count" or (intent.kind == "aggregate" and intent.agg == "count")):
            return
        word = next((s.text for _i, s in self.free("kw") if "distinct" in s.payload), "")
        filtered = {f["column"] for f in intent.filters}
        cols = sorted(c for c in self.index.columns if c not in filtered and c not in self.index.dates)
        raise Clarify("no_column", cols or list(self.index.columns), word=word)

    def _value_of_a_named_row(self, intent: Intent, kws: set[str]) -> None:
        """'When was Focal Fossa released?', 'What weight does DejaVuSans.ttf have?': the filter
        names one row by its label (a column with a value per row); the measure asked is that
        row's value, shown as it is -- a summary or the count of its distinct values of one row
        answers another question."""
        if intent.kind not in ("describe", "distinct") or intent.extra.get("count_only") or intent.n:
            return
        if {"describe", "distinct", "values"} & kws or not intent.measures or not intent.filters:
            return
        named = [f for f in intent.filters if f["op"] == "eq" and f["column"] in self.index.labels]
        if not named or any(f["column"] in intent.measures for f in named) or intent.group_by:
            return
        intent.kind = "filter"

    def _one_value(self, intent: Intent, date: str, measure: str, period: str) -> None:
        """The intent made the read of one value: the measure in the one row of the period."""
        lo, hi = (str(v).replace("T", " ") for v in intent.filters[0]["value"])

        def quote(name: str) -> str:
            return '"' + name.replace('"', '""') + '"'

        words = re.sub(r"\*/|/\*", "", f"{measure} in {period}")
        intent.extra["sql"] = (
            f"/* {words} */ SELECT {quote(measure)} FROM {quote(self.table)} "
            f"WHERE {quote(date)} >= '{lo}' AND {quote(date)} <= '{hi}'"
        )
        intent.kind, intent.measures, intent.filters = "sql", [measure], []

    def _this_one(self, intent: Intent) -> None:
        """'这个国家有几个时区？', 'in this country', 'diese Sprache': one value of a column meant,
        but never said. The plan has no filter on that column, so it answers about every value;
        ask which one instead."""
        held = {f["column"] for f in intent.filters}
        if self.previous is not None:
            held |= {f["column"] for f in self.previous.filters}
        for i, s in enumerate(self.spans):
            if s.kind != "col" or len(s.payload) != 1 or s.payload[0] in held:
                continue
            col = s.payload[0]
            if col in self.index.numeric or col in self.index.dates or col not in self.index.categorical:
                continue
            m = _THIS.search(self.question[: s.start])
            if m is None or any(t.end > m.start() for t in self.spans[:i]):
                continue
            values = sorted({str(v) for pairs in self.index.values.values() for c, v in pairs if c == col})
            labels = values[:12]
            about = self.question[m.start() : s.end]
            raise Clarify(
                "which_value",
                labels,
                word=about,
                column=col,
                slot="value",
                values=[f"{col} = {v}" for v in labels],
                ignored=[about],
            )

    def _derivations(self, intent: Intent) -> None:
        """The derived columns the plan reads ("X - Y"), computed first (see derive.py); a
        follow-up keeps those of the question it builds on."""
        from datapulse.agents.planner.coverage import intent_columns

        used = intent_columns(intent)
        known = [d for d in self.derived if d["name"] in used]
        earlier = [d for d in intent.extra.get("derive") or [] if d["name"] in used and d not in known]
        if known or earlier:
            intent.extra["derive"] = earlier + known

    def _followup(
        self,
        base: Intent,
        kws: set[str],
        groups: list[str],
        order: list[str],
        n: int | None,
        direction: str | None,
        sup_cols: list[str],
        mentions: list[Span],
        aggs: list[str],
        freq: str | None,
    ) -> Intent:
        """A follow-up that is a whole question of its own ("and of those, which one has the
        lowest income?") is read anew over the earlier question's rows (its filters kept);
        one that only changes a part ("and by sex?", "and the median?") changes that part."""
        from datapulse.agents.planner.decide import decide

        prev = self.previous
        assert prev is not None
        own_measure = any(all(c in self.index.numeric for c in s.payload) for s in mentions)
        from datapulse.agents.planner.decide import asks_when

        when = bool({"max", "min"} & set(aggs)) and asks_when(self)  # "and the lowest month in that year?"
        whole = bool(sup_cols or "which" in kws or self.saw_which or (aggs and own_measure) or "count" in aggs or when)
        if not whole or prev.group_by or prev.kind in ("trend", "pivot", "sql", "schema", "correlation"):
            return self._merge(prev, groups, base.filters, mentions, aggs, freq)
        kept = [f for f in prev.filters if not replaced(f, base.filters, self._narrows_text())]
        if kept and base.logic == "or" and len(base.filters) > 1:
            return self._merge(prev, groups, base.filters, mentions, aggs, freq)
        merged = Intent(**{**base.to_context(), "filters": kept + list(base.filters)})
        merged.logic = "and" if kept else base.logic
        self.following = True  # decide reads this question over the earlier one's rows
        try:
            intent = decide(self, merged, kws, groups, order, n, direction, sup_cols, mentions, aggs, freq)
        except Clarify:
            return self._merge(prev, groups, base.filters, mentions, aggs, freq)
        finally:
            self.following = False
        intent.extra = {**intent.extra, "followup": True}
        if kept:
            intent.extra["kept"] = kept
        return intent

    def _check_coverage(self, intent: Intent) -> None:
        """Words the plan does not use are never dropped silently: ask about them (SPEC 5)."""
        from datapulse.agents.planner.coverage import allowed_words, dropped_mentions, repeated_entities
        from datapulse.agents.planner.wide import table_words

        known = allowed_words(intent, self.index, self.table) | table_words(self.index)
        if _IN_THE_NAME.search(self.question.lower()) and not any(f.get("op") == "contains" for f in intent.filters):
            known -= _NAME_WORDS  # "Arabic in the name": a part of the name, never the whole name (no "<X> names")
        words = self._unknown_words(intent, known)
        dropped = dropped_mentions(self.spans, self.used, intent, self.index, frozenset(known), self.question)
        words += [w for w in dropped if w not in words]
        words += [w for w in repeated_entities(self.question, intent, self.index) if w not in words]
        self._raise_uncovered(words)

    def _unknown_words(self, intent: Intent, known: set[str]) -> list[str]:
        """Words outside every mention that neither the plan, the language nor the table's own
        words account for (the question's word for its rows counts beside a used constraint)."""
        from datapulse.agents.planner.coverage import (
            bound_units,
            counted_nouns,
            subject_nouns,
            uncovered_words,
            unit_nouns,
        )
        from datapulse.agents.planner.wide import describes_table

        words = [
            w
            for w in uncovered_words(self.question, self.spans, self.lang, known)
            if not describes_table(w, self.index)
        ]
        if intent.filters or intent.measures or intent.group_by or intent.extra.get("where"):
            # "how many districts have LOWINC above 50", "what percentage of districts have ..."
            subject = subject_nouns(self.question) | counted_nouns(self.question, intent, self.index, self.table)
            words = [w for w in words if w not in subject]
        units = unit_nouns(self.question, self.spans, set(intent.measures))
        units |= bound_units(self.question, self.spans, intent)
        from datapulse.agents.planner.coverage import names_a_used_column

        return [w for w in words if w not in units and not names_a_used_column(w, intent, self.index)]

    def _ask_about_unknown_words(self, intent: Intent) -> None:
        from datapulse.agents.planner.coverage import allowed_words
        from datapulse.agents.planner.wide import table_words

        known = allowed_words(intent, self.index, self.table) | table_words(self.index)
        self._raise_uncovered(self._unknown_words(intent, known))

    def _raise_uncovered(self, words: list[str]) -> None:
        from datapulse.agents.planner.linking import column_candidates

        if words:
            about = " ".join(words)
            cands = column_candidates(words, self.index)
            if cands:
                raise Clarify("uncovered", cands, word=about, slot="column", ignored=words)
            raise Clarify("no_such_column", list(self.index.columns), word=about, slot="column", ignored=words)

    def _no_loose_comparisons(self, filters: list[dict] | None = None) -> None:
        """A comparison ("less than 3000") that attached to no column must not be dropped silently.
        "How many measurements exceed 196.2?" with no column named: the one numeric column whose
        values reach past the bound on both sides is meant (a code 1..5 cannot be above 196.2);
        with none or several, the planner asks."""
        ops = ("op:gt", "op:ge", "op:lt", "op:le", "op:ne")
        for i, s in enumerate(self.spans):
            if i in self.used or s.kind != "kw" or not any(op in s.payload for op in ops):
                continue
            if self.finder.kind(i + 1, "num", "date") and self.finder.close(i, i + 1):
                bound = self.spans[i + 1].payload
                fits = [
                    c
                    for c in self.index.columns
                    if c in self.index.ranges
                    and c not in self.index.identifiers
                    and c not in self.index.row_numbers
                    and c not in self.index.num_values  # a code (instrument 1..5), never the bound's column
                    and isinstance(bound, int | float)
                    and self.index.ranges[c][0] < bound < self.index.ranges[c][1]
                ]
                op = next(op for op in ops if op in s.payload)[3:]
                if filters is not None and len(fits) == 1 and op != "ne" and not self._named_elsewhere(fits[0]):
                    flt = {"column": fits[0], "op": op, "value": bound}
                    filters.append(flt)
                    self.finder.found.append((s.start, flt))
                    self.used.update((i, i + 1))
                    continue
                self._ask_about_unknown_words(Intent(kind="count"))  # "a wingspan above 200": about "wingspan"
                word = f"{s.text} {self.spans[i + 1].text}"
                raise Clarify("loose_filter", sorted(self.index.numeric), word=word)

    def _narrows_text(self) -> bool:
        """'Und davon nur die mit CAPITAL?', 'of those, only …': a text searched among the rows
        found before, which still hold the earlier text (both texts are searched)."""
        low = self.question.lower()
        return self._refers_back(set()) or bool(re.search(r"\b(?:only|just|nur)\b|只看|只算|仅", low))

    def _named_elsewhere(self, column: str) -> bool:
        """Another column is named in the question: the bound may be about that one (asked)."""
        return any(s.kind == "col" and column not in s.payload for _i, s in self.free("col"))

    def _refers_back(self, kws: set[str]) -> bool:
        """The question only makes sense after another one ("und davon", "其中", "and of those")."""
        low = self.question.lower()
        if re.match(
            r"\s*(and|und)\b.*\b(their|them|they|those|these|ihre[nmrs]?|sie|die zusammen|diese[nmrs]?)\b", low
        ):
            return True  # "and what's their total staff?"
        back = (
            r"\b(of those|of these|of them|among them|among those|davon|darunter|von diesen|von ihnen)\b"
            r"(?!\s+(?:who|which|that|whose|with|die|der|mit))"  # "of those who chose": a clause, not the rows before
        )
        if re.match(r"\s*(?:and|und)\s+(?:of those|of these|of them|davon|darunter|von diesen)\b", low):
            return True  # "und davon mit revision_id 00?": opens the question, so never a clause
        if re.search(back, low) or re.search(_PRONOUN, low):
            return True  # "What is their average TVnews?", "do they have", "haben sie": the rows named before
        if re.match(r"\s*那(?![些个里边样么种儿])", self.question) and re.search(r"[呢吗]|有几|多少", self.question):
            return True  # "那 2015 年以后发布的有几个？": "then, ..." goes on from the answer before
        return any(
            w in self.question for w in ("其中", "这些中", "这其中", "同一时期", "同期", "它们", "他们", "她们")
        ) or bool(re.search(r"这些(?!年)", self.question))

    def _is_followup(
        self,
        kws: set[str],
        mentions: list[Span],
        aggs: list[str],
        groups: list[str],
        freq: str | None,
        sup_cols: list[str],
    ) -> bool:
        if kws & {"followup", "only"} or re.match(r"^\s*(and|und|那|what about|how about)\b", self.question.lower()):
            return True
        if self._refers_back(kws):
            return True  # "how many of them have GRADE = 1?": the rows of the question before
        own_words = set(INTENT_WORDS) | {"agg:count", "show", "which"}
        has_own = bool(mentions or aggs or sup_cols or (kws & own_words) or self.saw_which)
        return not has_own and bool(groups or self.finder.found or freq)

    def _merge(
        self,
        prev: Intent,
        groups: list[str],
        filters: list[dict],
        mentions: list[Span],
        aggs: list[str],
        freq: str | None,
    ) -> Intent:
        intent = Intent(**{**prev.to_context(), "table": self.table})
        intent.extra = {**prev.extra, "followup": True}
        if groups:
            if intent.kind in ("count", "filter"):
                intent.kind, intent.agg = "aggregate", "count"
            if intent.kind in ("aggregate", "share", "describe"):
                intent.group_by = groups
            elif intent.kind == "pivot":
                intent.extra["columns"] = groups[0]
        if filters:
            kept = [f for f in intent.filters if not replaced(f, filters, self._narrows_text())]
            intent.filters = kept + filters
            if kept:
                intent.extra["kept"] = kept
            intent.logic = self.finder._logic() if len(filters) > 1 else intent.logic
        filtered = {f["column"] for f in intent.filters}  # "over the same years": the kept year filter
        nums = [
            self.finder.column(s)
            for s in mentions
            if all(c in self.index.numeric for c in s.payload)
            and not set(s.payload) & filtered
            # "now only counting patients with …": a column numbering the rows names them, not a measure
            and not set(s.payload) <= (self.index.row_numbers | self.index.identifiers) - set(prev.measures)
        ]
        if nums and intent.kind in ("aggregate", "describe", "top_n", "outliers", "distribution", "compare", "trend"):
            intent.measures = nums
        if aggs and intent.kind == "aggregate":
            intent.agg = aggs[0]
            if intent.agg not in ("count", "nunique") and not intent.measures:
                # "und wie hoch liegen die im Durchschnitt?": an average of what?
                raise Clarify("no_measure", sorted(self.index.numeric), word=self.question, slot="column")
        if freq and intent.kind == "trend":
            intent.extra["freq"] = freq
        return intent


_I_MEAN = re.compile(r"\b(?:i|you|we|they|i\s+really|do\s+you)\s+$", re.I)
_MEDIAN_RESTATED = re.compile(r"[(（]\s*(?:median|中位数)\s*[)）]", re.I)
_ROWS_AFTER_DE = re.compile(r"\s*(?:有|占|中|里|是|的|,|，|。|？|\?|$)")


def _rows_after_de(text: str, spans: list[Span], index: ColumnIndex) -> list[Span]:
    """ "减压程度至少为4的病人有几个": a column numbering the rows (`patient` 1..n) named by the
    rows' noun after 的 is the rows counted or shared, not a column a condition or a group is on."""
    if not index.row_numbers:
        return spans
    return [
        s
        for s in spans
        if not (
            s.kind == "col"
            and set(s.payload) <= index.row_numbers
            and text[: s.start].endswith("的")
            and _ROWS_AFTER_DE.match(text[s.end :])
        )
    ]


_TOP_VALUE = re.compile(r"(?!\s*\d)\s+(?:[\w.-]+\s+){0,2}(?:value|figure|score|reading|amount)\b(?!s)", re.I)
_LONGEST = re.compile(r"\b(?:longest|shortest|längste\w*|kürzeste\w*|am längsten|am kürzesten)\b|最长|最短|最久")
# "the value" asked for as a whole, no column said ("what was the value in 1965", "der Wert", "的值").
_THE_VALUE = re.compile(
    r"\bthe value\b(?! of\b)|\b(?:der|den) wert\b(?! (?:von|der|des)\b)|(?:的|年)(?:数)?值(?:是|为)?多少"
)
_VALUE_ASKED = re.compile(
    r"\b(?:what(?:'s| is| was| were| are)|how (?:much|high|big|large)|go(?:es)? up|went up|go(?:es)? down|rise|rose"
    r"|wie (?:hoch|viel|stark|groß)|was (?:war|ist)|gestiegen|gesunken)\b|是多少|多少|涨了|上涨|下降|增加了"
)  # one value asked for ("What was the cpi?"), not a description ("describe cpi")


def _same_reading(intent: Intent, prev: Intent) -> bool:
    keys = ("kind", "measures", "agg", "group_by", "filters", "logic", "n", "sort")
    return all(getattr(intent, k) == getattr(prev, k) for k in keys)


_COUNTED_ZH = re.compile(r"(?:多少|几)[个条位项款家只]\s*(?:[A-Za-z][\w.]*\s*)?$|多大比例的\s*$")
_NARROW = (
    r"\s*(?:(?:now|jetzt|and|und|ok|okay)[,\s]+)?"  # "now only D = b", "Jetzt nur D = b."
    r"(?:(?:please|bitte)[,\s]+|请)?"  # "Bitte nur die vom Typ Region.", "请只看 ..."
    r"(?:(?:(?:only|just)\s+(?:for|in|the)|nur\s+(?:für|bei|in|die|der|das|den))\b|(?:only|just|nur)\s+\w+\s*="
    r"|(?:现在|那)?(?:只看|仅限|只算))"  # "Only for CpG_0", "只看Q04呢"
)
_OP_FAMILY = {"eq": "eq", "in": "eq", "ne": "eq", "gt": "lo", "ge": "lo", "lt": "hi", "le": "hi"}
_RANGES = {"gt", "ge", "lt", "le", "between"}


_TEXT_OPS = {"contains", "startswith", "endswith"}


def replaced(old: dict, new: list[dict], narrowing: bool = False) -> bool:
    """An earlier filter a follow-up's own filter takes the place of: the same column and the
    same kind of condition ("and for 2019?" after 2018). "of those, in July" after "since 2000"
    narrows the same date column instead: both are kept."""
    for f in new:
        if f["column"] != old["column"]:
            continue
        a, b = old["op"], f["op"]
        if narrowing and a in _TEXT_OPS and b in _TEXT_OPS:
            continue  # "LATIN …, und davon nur die mit CAPITAL": both texts in the one name
        if a == b or _OP_FAMILY.get(a, a) == _OP_FAMILY.get(b, b):
            return True
        if narrowing and a == "between" and b in ("gt", "ge", "lt", "le") and _inside(f["value"], old["value"]):
            continue  # "in the 1980s", then "and only from 1985 on?": from 1985 to the end of the 1980s
        if "between" in (a, b) and a in _RANGES and b in _RANGES:
            return True
    return False


def _inside(value: Any, bounds: Any) -> bool:
    try:
        lo, hi = bounds
        return bool(lo <= value <= hi)
    except (TypeError, ValueError):
        return False


_PRONOUN = (
    r"\bthey\b|^\s*(?:what(?:'s| is| are| was| were)|how (?:many|much)|show|give me)\s+their\b"
    r"|\b(?:haben|sind|hatten|waren|hat)\s+sie\b|\bvon ihnen\b|\bsie zusammen\b"
)  # a pronoun for the earlier question's rows ("in their name" is the row's own column: not one)

_THIS = re.compile(
    r"(?:\b(?:this|that)|\b(?:diese[mnrs]?|jene[mnrs]?)|这个|那个|这种|那种|这位|这一?|该|此)\s*$", re.IGNORECASE
)  # a determiner pointing at one value the question never names


def parse_question(question: str, index: ColumnIndex, table: str, lang: str, previous: Intent | None) -> Intent:
    """The intent of a question, or Clarify."""
    from datapulse.agents.planner.capitals import quote_capitals

    question = quote_capitals(question, index)
    try:
        parser = RuleParser(question, index, table, lang, previous)
        return _listed_value(
            _which_column_shown(
                _no_counts_of_one(_no_means_per_row(_no_row_numbers(parser.parse(), index, question), index), index),
                parser,
            ),
            index,
            question,
        )
    except Clarify as clar:
        raise _specific(_group_asked(clar, index, question), index) from None


def _no_means_per_row(intent: Intent, index: ColumnIndex) -> Intent:
    """'the average number of characters per charmap' over one row per charmap: each group's mean
    is its one value, so "per charmap" says what is averaged over -- the mean over the rows."""
    if (
        intent.kind == "aggregate"
        and intent.agg in ("mean", "median")
        and intent.measures
        and not intent.extra.get("derive")  # "the ratio of A to B per Location": each row's own figure
        and intent.group_by
        and not intent.n
        and not intent.sort
        and index.rows > 2
        and all(g in index.labels and index.nunique.get(g) == index.rows for g in intent.group_by)
    ):
        return dataclasses.replace(intent, group_by=[])
    return intent


def _no_counts_of_one(intent: Intent, index: ColumnIndex) -> Intent:
    """Rows counted per a column that names each row ("which occupation has the most employees"
    over one row per occupation): every count is 1, so the word counted is no row of the table;
    which column measures it is asked."""
    if (
        intent.kind == "aggregate"
        and intent.agg == "count"
        and intent.group_by
        and index.rows > 2
        and all(g in index.labels or index.nunique.get(g) == index.rows for g in intent.group_by)
    ):
        raise Clarify("which_measure", sorted(index.numeric), word=" ".join(intent.group_by), slot="column")
    return intent


def _listed_value(intent: Intent, index: ColumnIndex, question: str) -> Intent:
    """'AU 有多少个时区' over cells like "AU" and "AE,AU": a value the column lists among others is
    one of each cell's items, the cell "AU" as much as "AE,AU" (the reading names it: "lists").
    "countries = AU" written out could mean the cell itself: asked, when the two counts differ."""
    for f in intent.filters:
        members = index.list_members.get(f["column"], set())
        value = f["value"]
        if (
            f["op"] == "eq"
            and isinstance(value, str)
            and value in members
            and re.search(rf"=\s*{re.escape(value)}", question)
        ):
            from datapulse.agents.planner.bindings import reading_value

            item = {**f, "op": "has_item"}
            other = dataclasses.replace(intent, filters=[item if g is f else g for g in intent.filters])
            raise Clarify(
                "two_readings",
                [f"{f['column']} = {value}", f"{f['column']} lists {value}"],
                word=value,
                values=[reading_value(intent), reading_value(other)],
            )

    def listed(filters: list[dict[str, Any]]) -> list[dict[str, Any]]:
        out = []
        for f in filters:
            members = index.list_members.get(f.get("column", ""), set())
            if f.get("op") == "eq" and isinstance(f.get("value"), str) and f["value"] in members:
                f = {**f, "op": "has_item"}
            out.append(f)
        return out

    extra = dict(intent.extra)
    if isinstance(extra.get("where"), list):
        extra["where"] = listed(extra["where"])  # "what share of zones list AU"
    return dataclasses.replace(intent, filters=listed(intent.filters), extra=extra)


_GROUP_WORD = re.compile(r"\b(?:groups?|gruppen?|categor(?:y|ies)|kategorien?)\b|组|类别", re.I)


def _group_asked(clar: Clarify, index: ColumnIndex, question: str) -> Clarify:
    """'Which group scores best?': the unclear part is which column the groups are as much as
    what is scored, so the grouping columns are offered beside the measures."""
    if clar.reason not in ("which_measure", "no_measure") or not _GROUP_WORD.search(question):
        return clar
    groups = [c for c in index.columns if c in index.categorical and c not in index.numeric]
    if not groups:
        return clar
    return Clarify(clar.reason, groups + [c for c in clar.candidates if c not in groups], **clar.words)


def _which_column_shown(intent: Intent, parser: RuleParser) -> Intent:
    """'Which tz has the comment Crozet?', 'Welche Zeitzone hat …', '哪个时区…': the rows found are
    answered by the column asked after "which", not by the whole row (its first cell another column)."""
    if intent.kind != "filter" or intent.measures or not intent.filters:
        return intent
    which = _WHICH.search(parser.question)
    if not which:
        return intent
    used = {f["column"] for f in intent.filters}
    for span in parser.spans:
        if span.kind != "col" or span.start < which.start() or span.start > which.end() + 3:
            continue
        cols = [c for c in span.payload if c not in used]
        if len(cols) == 1 and len(span.payload) == 1:
            return dataclasses.replace(intent, measures=cols)
    return intent


_WHICH = re.compile(r"\b(?:which|what|who|welche[rsmn]?|wer|was)\b|哪|谁|什么", re.I)


def _no_row_numbers(intent: Intent, index: ColumnIndex, question: str = "") -> Intent:
    """A column numbering the rows (`case` 1..n) is named by the word for the rows themselves
    ("cases", "病例"): it is never the measure beside a real one, nor the weight of a share of rows;
    "the 3 cases with the largest volume" counts rows, it does not pick case 3; "largest volume
    among … cases" without a "which" asks the value, not the row's number."""
    ids = index.row_numbers
    if not ids:
        return intent
    if (
        intent.kind == "top_n"
        and intent.n == 1
        and intent.extra.get("label") in ids
        and len(intent.measures) == 1
        and not _WHICH.search(question)
    ):
        agg = "max" if intent.sort == "desc" else "min"
        return Intent("aggregate", intent.table, list(intent.measures), agg, [], intent.filters, intent.logic)
    picked = [f for f in intent.filters if f["column"] in ids and f["op"] == "eq"]
    if intent.kind == "aggregate" and intent.agg in ("max", "min") and len(picked) == 1 and len(intent.measures) == 1:
        n = picked[0]["value"]
        after = re.search(rf"(?<![\d.]){n}\s*(?:个|位|名)?\s*([^\W\d]+)", question) if isinstance(n, int) else None
        word = after.group(1).lower() if after else ""
        forms = index.forms_of_column(picked[0]["column"])
        if word and (word in forms or word.rstrip("s") in forms or any(word.startswith(f) for f in forms if f)):
            rest = [f for f in intent.filters if f is not picked[0]]
            sort = "desc" if intent.agg == "max" else "asc"
            column = picked[0]["column"]
            extra = {"label": column, "columns": [column]}
            return Intent("top_n", intent.table, list(intent.measures), None, [], rest, intent.logic, n, sort, extra)
    named = [m for m in intent.measures if m not in ids]
    if not ids or len(named) == len(intent.measures):
        return intent
    if intent.kind == "aggregate" and named and intent.agg not in ("count", None):
        return dataclasses.replace(intent, measures=named)
    if intent.kind == "share" and not named and intent.group_by:
        return dataclasses.replace(intent, measures=[])
    return intent


_IN_THE_NAME = re.compile(
    r"\b(?:in|im|within)\s+(?:the\s+|their\s+|its\s+|ihrem\s+|seinem\s+)?namen?s?\b|(?:名称|名字)(?:中|里)"
)
_NAME_WORDS = frozenset({"name", "names", "namen", "名称", "名字", "称"})
_COLUMN_ASKS = ("no_measure", "no_such_column", "uncovered", "unknown_column", "not_numeric")


def _specific(clar: Clarify, index: ColumnIndex) -> Clarify:
    """'average age' over `mage`, `fage` and twenty other columns: offer the columns whose names
    hold the unclear word ("age" in `mage`, `fage`, `mage2`) rather than every column, when some do."""
    word = str(clar.words.get("word") or "").lower()
    if clar.reason not in _COLUMN_ASKS or clar.words.get("values") or len(clar.candidates) <= 3:
        return clar
    from datapulse.agents.planner.columns import tokens_of

    words = [w for w in re.findall(r"[a-zäöüß]{3,}", word)]
    if not words:
        return clar
    holding = [c for c in clar.candidates if any(w in t for t in tokens_of(c) for w in words)]
    if not holding or len(holding) == len(clar.candidates):
        return clar
    narrowed = Clarify(clar.reason, holding, **clar.words)
    return narrowed


__all__ = ["ARTICLES", "Clarify", "Intent", "RuleParser", "is_sql", "parse_question"]
