"""Time in filters: ranges of months ("from January to June 2015"), of years ("von 1940 bis
1945", "1970年到1979年"), decades ("the 1990s"), and the periods a date names. A mixin of
the FilterFinder, which supplies the spans, the index and the helpers used here."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from datapulse.agents.planner.columns import period_bounds


class TimeRanges:
    """The time passes of FilterFinder (see filters.py for the attributes they use)."""

    spans: Any
    used: set[int]
    index: Any
    q: str

    if TYPE_CHECKING:  # supplied by FilterFinder

        def close(self, i: int, j: int) -> bool: ...
        def kind(self, i: int, *kinds: str) -> bool: ...
        def kw(self, i: int, *names: str) -> bool: ...
        def add(self, pos: int, column: str, op: str, value: Any, *used: int) -> None: ...
        def date_column(self) -> str | None: ...
        def part_column(self, part: str) -> str | None: ...
        def _subject(self, i: int) -> int | None: ...
        def _in_range(self, subj: int, lo: Any, hi: Any) -> bool: ...

    def _month_range(self) -> None:
        """'from January to June 2015', 'between August and October', '2015年1月到6月': one
        range of months, never two equalities (which no row meets) nor the first month alone."""
        for i, span in enumerate(self.spans):
            a, sep, b = i, i + 1, i + 2
            if not (self.kind(a, "date") and self.kw(sep, "to", "and") and self.kind(b, "date")):
                continue
            pa, pb = dict(self.spans[a].payload), dict(self.spans[b].payload)
            if "month" not in pa or "month" not in pb or "day" in pa or "day" in pb:
                continue
            year = pb.get("year") or pa.get("year")
            year_num = b + 1 if year is None and self._year_after(b) else None
            if year_num is not None:
                year = self.spans[year_num].payload
            members = [a, sep, b] + ([year_num] if year_num is not None else [])
            if self.kw(a - 1, "between", "after", "in"):
                members.append(a - 1)
            col = self.date_column()
            month_col, year_col = self.part_column("month"), self.part_column("year")
            lo, hi = pa["month"], pb["month"]
            if col is not None and year is not None and not (month_col and year_col):
                start = _period({"year": pa.get("year") or year, "month": lo})[0]
                end = _minus_second(_period({"year": year, "month": hi})[1])
                self.add(span.start, col, "between", [start, end], *members)
            elif month_col:
                self.add(span.start, month_col, "between", [lo, hi], *members)
                if year is not None and year_col:
                    self.add(span.start, year_col, "eq", year, *members)
            elif col is not None and year is None:
                self.add(span.start, col, "months", [lo, hi], *members)

    def year_like(self, value: Any) -> bool:
        """A whole number that reads as a year: 1800 to 2100, or within the years the data
        covers (wheat prices from 1565 on)."""
        if not isinstance(value, int) or isinstance(value, bool):
            return False
        if 1800 <= value <= 2100:
            return True
        index = self.index
        years = {y for ys in index.date_years.values() for y in ys}
        part = [c for c in index.columns if c.lower() in ("year", "yr") and c in index.ranges]
        bounds = [index.ranges[c] for c in part] + ([(min(years), max(years))] if years else [])
        return any(a - 1 <= value <= b + 1 for a, b in bounds)

    def years(self, lo: Any, hi: Any) -> bool:
        """Both bounds read as years, in order."""
        return self.year_like(lo) and self.year_like(hi) and lo <= hi

    def _year_after(self, b: int) -> bool:
        nxt = b + 1
        return (
            self.kind(nxt, "num")
            and isinstance(self.spans[nxt].payload, int)
            and self.year_like(self.spans[nxt].payload)
            and self.close(b, nxt)
        )

    def _year_of(self, i: int) -> int | None:
        """A year standing alone at span i (2005, 2005年), else None."""
        if not (0 <= i < len(self.spans)) or i in self.used:
            return None
        span = self.spans[i]
        if span.kind == "num" and isinstance(span.payload, int) and self.year_like(span.payload):
            return span.payload
        if span.kind == "date" and set(span.payload) == {"year"}:
            return int(span.payload["year"])
        return None

    def _year_filter(self, pos: int, lo: int, hi: int, *members: int) -> None:
        col, year_col = self.date_column(), self.part_column("year")
        if year_col is not None:
            self.add(pos, year_col, "between", [lo, hi], *members)
        elif col is not None:
            start, end = _period({"year": lo})[0], _minus_second(_period({"year": hi})[1])
            self.add(pos, col, "between", [start, end], *members)
        elif len(self.index.periods) == 1:  # "1980 to 1982" over quarters written "1980Q1"
            ((name, kind),) = self.index.periods.items()
            self.add(
                pos,
                name,
                "between",
                [
                    period_bounds(kind, lo, name in self.index.lower_periods)[0],
                    period_bounds(kind, hi, name in self.index.lower_periods)[1],
                ],
                *members,
            )

    def _year_range(self) -> None:
        """'von 1940 bis 1945', '1970年到1979年', 'from 2005 to 2009': a range of years."""
        for i in range(len(self.spans)):
            lo, hi = self._year_of(i), self._year_of(i + 2)
            if lo is None or hi is None or lo > hi or not self.kw(i + 1, "to") or self.spans[i + 1].text == "and":
                continue
            members = [i, i + 1, i + 2]
            if self.kw(i - 1, "after", "between", "in") and self.close(i - 1, i):
                members.append(i - 1)  # the "from", "von", "从" before it
            subj = self._subject(min(members))
            timed = self.kw(i - 1, "in") and self.spans[i - 1].text != "of"
            timed = timed and (self.date_column() or self.part_column("year")) is not None
            if subj is not None and self._in_range(subj, lo, hi) and not timed:
                continue  # "miles between 2000 and 3000" when miles has such values: _between decides
            self._year_filter(self.spans[i].start, lo, hi, *members)

    def _decades(self) -> None:
        """'the 1990s', 'die 1990er', '1990年代': the ten years of a decade."""
        for i, span in enumerate(self.spans):
            year = self._year_of(i)
            if year is None or year % 10:
                continue
            tail = r"(?:'?s|ern?|\s*年代)" if span.kind == "num" else r"代"  # "1950年" is a date span: 代 follows
            if re.match(tail, self.q[span.end :]):
                self._year_filter(span.start, year, year + 9, i)


def _period(p: dict[str, int]) -> tuple[str, str]:
    """The first day of the period and the first day after it, ISO."""
    year = p.get("year", dt.date.today().year)
    if "day" in p:
        start = dt.date(year, p["month"], p["day"])
        return start.isoformat(), (start + dt.timedelta(days=1)).isoformat()
    if "quarter" in p:
        first = 3 * int(p["quarter"]) - 2
        start = dt.date(year, first, 1)
        return start.isoformat(), dt.date(year + (first == 10), (first + 2) % 12 + 1, 1).isoformat()
    if "month" in p:
        start = dt.date(year, p["month"], 1)
        end = dt.date(year + (p["month"] == 12), p["month"] % 12 + 1, 1)
        return start.isoformat(), end.isoformat()
    return dt.date(year, 1, 1).isoformat(), dt.date(year + 1, 1, 1).isoformat()


def _minus_second(day: str) -> str:
    return (dt.datetime.fromisoformat(day) - dt.timedelta(seconds=1)).isoformat()
