"""Filters found in a question: comparisons, ranges, text matches, dates and values."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from datapulse.agents.planner.columns import ColumnIndex, period_bounds
from datapulse.agents.planner.intent import Clarify
from datapulse.agents.planner.scan import Span
from datapulse.agents.planner.time_filters import TimeRanges, _minus_second, _period
from datapulse.agents.planner.words import function_words

_FROM_WORDS = {"from", "von", "vom", "aus", "从", "来自"}
_SINCE_WORDS = {"since", "seit", "ab", "起", "以来", "开始", "starting", "onwards"}
_CJK_AFTER = re.compile(r"^[\u3400-\u9fff]")  # 之前/之后 follow the date; German "nach" does not
_SIGN_BEFORE = re.compile(r"(?P<sign>\bnegativ\w*|\bpositiv\w*)\s+(?:[a-zäöüß]+\s+){0,1}$")
_SIGN_AFTER = re.compile(
    r"\s*(?:-?werte?n?\s+)?(?:(?:is|are|was|were|ist|sind|war|waren)\s+|为|是|值为|值是|)?\s*"
    r"(?P<sign>negativ\w*|positiv\w*|负(?!相关)|正(?!常|确|好|相关|比))"
)
_POSSESSIVE = re.compile(r"^\s*(?:their|its|his|her|ihrem|ihren|ihrer|seinem|seinen|seiner)\s*$")
_HAVE_A = re.compile(
    r"\b(?:have|has|with|haben|hat|mit)\s+(?:(?:actually|really|überhaupt|wirklich)\s+)?"
    r"(?:a|an|any|some|einen|eine|einem|irgendeinen)\s+$"
)
_HAVE_NO = re.compile(
    r"(?:\b(?:have|has|had|with|haben|hat|hatten|mit)\s+(?:no|keine[nmr]?|kein)|\bwithout(?:\s+any)?|\bohne|没有|无)"
    r"(?:\s+(?:values?|entry|entries|data|wert|werte|eintrag|angabe)\s+(?:for|in|of|on|für|bei|zu|in)(?:\s+(?:the|der|die|das|den))?)?"
    r"\s*$"
)  # "rows that have no comments", "Zeilen ohne Kommentar", "have no value for y": no value
_VALUE_AFTER = re.compile(r"\s*(?:values?\b|wert\b|值)")
_HAVE_ZH = re.compile(r"(?<!没)有\s*$")
_GLOSS_ZH = (
    r"(?!多少|几)(?:[\u4e00-\u9fff]{1,6}\s*[（(]?)?\s*$"  # the column's Chinese name before its own: "备注（comment"
)
# 有 as "has", never the last character of another word: 私有 (private), 所有 (all), 共有, 拥有, 含有, 具有, 国有
_HAVE_COL_ZH = re.compile(r"(?<![没私所共拥含具国公])有" + _GLOSS_ZH)
_HAVE_NO_ZH = re.compile(r"(?:没有|无)(?:任何)?" + _GLOSS_ZH)
_NOT_ZH = re.compile(r"(?:没有|没|未)\s*$")  # "没有填写": not filled in
_OF_ZH = re.compile(r"\s*[）)]?\s*的")  # "有comment的": the rows with a value of it
_IS = re.compile(r"\s+(?:is|are|was|were|ist|sind|war|waren)\s+")  # "cpi is empty"
_WHERE = re.compile(r"\b(?:where|whose|wo|bei denen|in denen)\s+$")  # a condition on the rows just starts
_COUNTED_BEFORE_ZH = re.compile(r"(?:多少|几)[个条位项款家只]?")  # "有多少个版本有 eol_esm": rows counted
_ZH_CLOSE_ENDS = re.compile(r"\s*[）)]?\s*[?.!？。！]?\s*$")  # "没有上级（parent）？": nothing after it
# a noun saying what kind of value the column holds, after its name: "no version number", "kein Release-Datum"
_KIND_NOUN = re.compile(r"^\s*(?:numbers?|nummer[n]?|dates?|datum|values?|werte?|号|日期)\b(?=\s*[?.!]?\s*$)")
# "have Pro in the product name", "haben Vega 3 im Produktnamen": up to three words after a verb of having
_HAVING_WORDS = re.compile(
    r"\b(?:have|has|having|with|contain|contains|containing|haben|hat|mit|enthalten|enthält)\s+"
    r"([A-Za-z0-9][\w.\-]*(?:\s+[A-Za-z0-9][\w.\-]*){0,2})\s*$"
)
_ENDS = re.compile(r"\s*(?:[?.!]\s*)?$")  # nothing after the column: "have a comment?"
OPS = ("op:gt", "op:ge", "op:lt", "op:le", "op:ne", "op:eq")
ARTICLES = re.compile(
    r"^[\s,\-]*(?:(?:the|a|an|of|is|are|was|were|on|at|from|with|den|dem|der|die|das|des|jede[nmrs]?|ein|eine[nmrs]?|"
    r"ist|sind|war|waren|auf|von|aus|mit|bei|beim|im|zum|zur|mm|cm|km|kg|g|lbs|lb|miles|minutes|minuten|min|degrees|grad|的|是|个|只|辆|数|位|名|家|种|条|台|架|艘|座|所|款|天|岛上|上|有|毫米|厘米|公里|公斤|克|分钟|度)\s*)*$"
)


_AFFIX_VALUE = r"(?:'[^']{1,40}'|\"[^\"]{1,40}\"|[„“][^“”]{1,40}[“”]|[A-Za-z0-9_./-]{1,40})"
_W = r"(?<![a-zäöüß])"  # a word starts here ("Studierende mit" holds no "ende mit")
_AFFIX = re.compile(
    rf"{_W}(?:start|starts|started|starting|begin|begins|beginning)\s+with\s+(?:the\s+(?:letters?\s+)?)?"
    rf"(?P<s1>{_AFFIX_VALUE})"
    rf"|{_W}(?:beginn\w*|anfang\w*|fängt|fangen)\s+mit\s+(?P<s2>{_AFFIX_VALUE})"
    rf"|{_W}mit\s+(?P<s3>{_AFFIX_VALUE})\s+(?:beginn\w*|anf[äa]ng\w*|am\s+anfang)(?![a-zäöüß])"
    rf"|以\s*(?P<s4>{_AFFIX_VALUE})\s*(?:开头|开始|打头)"
    rf"|{_W}(?:end|ends|ended|ending)\s+(?:with|in)\s+(?P<e1>{_AFFIX_VALUE})"
    rf"|{_W}(?:endet|enden|endend)\s+(?:auf|mit)\s+(?P<e2>{_AFFIX_VALUE})"
    rf"|{_W}(?:auf|mit)\s+(?P<e3>{_AFFIX_VALUE})\s+(?:endet|enden|am\s+ende)(?![a-zäöüß])"
    rf"|以\s*(?P<e4>{_AFFIX_VALUE})\s*(?:结尾|结束)"
)
_FIRST_TIME = re.compile(r"first|erstmals|erstmalig|zum ersten male?|das erste mal|第一次|首次")
_CROSSING_VERB = re.compile(
    r"\s*(?:(?:go|goes|went|gone|rise|rises|rose|get|gets|got|climb|climbs|climbed|was|were|is|lag|lagen|stieg|"
    r"stiegen|ging|war|waren|liegt|lagen|drop|drops|dropped|fall|falls|fell|fallen|sink|sinks|sank|dip|dips|"
    r"dipped|fiel|fällt|sank|sinkt|rutschte|stand)\s*)?"
)


_END_VERB = re.compile(r"\bexpir\w*|\b(?:laufen|läuft|lief|liefen)\b.*\bab\b|\bablauf\w*|\bgültig bis\b|到期|过期|失效")
_START_VERB = re.compile(
    r"\bbec(?:a|o)me valid\b|\bstart\w* (?:being )?valid\b|\bgültig (?:geworden|wurden|wurde|ab)\b|生效"
)
_NAME_WORD = re.compile(r"names?|namen?|名称|名字", re.I)
_END_NAMES = {"until", "to", "end", "ends", "expiry", "expires", "expiration", "bis"}
_START_NAMES = {"from", "start", "starts", "begin", "since", "issued", "ab", "von"}


class FilterFinder(TimeRanges):
    """Walks the spans once, consuming those that form filters."""

    def __init__(self, question: str, spans: list[Span], index: ColumnIndex) -> None:
        self.q = question.lower()
        self.question = question
        self.spans = spans
        self.index = index
        self.used: set[int] = set()
        self.found: list[tuple[int, dict[str, Any]]] = []  # (position, filter)

    # helpers -------------------------------------------------------------------------------
    def gap(self, i: int, j: int) -> str:
        return self.q[self.spans[i].end : self.spans[j].start]

    def close(self, i: int, j: int) -> bool:
        """Spans i and j are next to each other (only articles or spaces between)."""
        return 0 <= i < len(self.spans) and 0 <= j < len(self.spans) and bool(ARTICLES.match(self.gap(i, j)))

    def kind(self, i: int, *kinds: str) -> bool:
        return 0 <= i < len(self.spans) and i not in self.used and self.spans[i].kind in kinds

    def kw(self, i: int, *names: str) -> bool:
        return (
            0 <= i < len(self.spans) and self.spans[i].kind == "kw" and any(n in self.spans[i].payload for n in names)
        )

    def column(self, span: Span) -> str:
        cols = span.payload if span.kind == "col" else span.payload[0]
        if len(cols) != 1:
            raise Clarify("ambiguous_column", sorted(cols), word=span.text)
        return cols[0]

    def add(self, pos: int, column: str, op: str, value: Any, *used: int) -> None:
        if op in ("notnull", "isnull") and self._yes_no(column):
            op, value = "eq", 1 if op == "notnull" else 0  # "有牙齿（toothed）", "have no tail": the flag, yes or no
        self.found.append((pos, {"column": column, "op": op, "value": value}))
        self.used.update(used)

    def _rows_period(self, columns: tuple[str, ...]) -> bool:
        """`quarter` (1-4) of quarterly rows: "quarters" are the rows, whichever quarter of the year."""
        steps = set().union(*self.index.date_steps.values()) if self.index.date_steps else set()
        return len(columns) == 1 and columns[0].lower() in steps

    def _yes_no(self, column: str) -> bool:
        """A 0/1 (or true/false) column with a value in every row: having it is its 1."""
        return self.index.num_values.get(column) == {0.0, 1.0} and not self.index.has_missing.get(column, True)

    def date_column(self) -> str | None:
        if len(self.index.dates) == 1:
            return next(iter(self.index.dates))
        if len(self.index.dates) > 1:
            named = [c for c in self.index.dates if "date" in c.lower()]
            if len(named) == 1:
                return named[0]
            bound = self.bound_date()
            if bound is not None:
                return bound
            named_dates = [  # a word for one column (版本 for `release` or `version` names neither)
                sp
                for sp in self.spans
                if sp.kind == "col" and len(sp.payload) == 1 and sp.payload[0] in self.index.dates
            ]
            said = {c for sp in named_dates for c in sp.payload if c in self.index.dates}
            if len(said) == 1:  # "released before 2010", "Supportende (eol) nach 2030": the date column named
                return next(iter(said))
            when = next((sp.start for sp in self.spans if sp.kind in ("date", "num")), None)
            near = [sp for sp in named_dates if when is not None and sp.end <= when and when - sp.end <= 24]
            last = [c for c in near[-1].payload if c in self.index.dates] if near else []
            if len(last) == 1:  # "releases that had eol before 2000": the date column named right before the date
                return last[0]
            raise Clarify("ambiguous_date", sorted(self.index.dates))
        return None

    def bound_date(self) -> str | None:
        """'expire in 2038', 'laufen 2038 ab', '2038年到期' over `valid_from` and `valid_until`: a
        verb for the end (or the start) of a period names the one date column of that end."""
        for pattern, names in ((_END_VERB, _END_NAMES), (_START_VERB, _START_NAMES)):
            for m in pattern.finditer(self.q):
                hits = [c for c in self.index.dates if self.index.col_tokens.get(c, set()) & names]
                if len(hits) != 1:
                    break
                for word in re.finditer(r"\S+", m.group(0)):  # the verb's words name the column
                    a, b = m.start() + word.start(), m.start() + word.end()
                    covered = {k for sp in self.spans for k in range(max(a, sp.start), min(b, sp.end))}
                    for run in re.finditer(r"(?:x)+", "".join("_" if k in covered else "x" for k in range(a, b))):
                        lo, hi = a + run.start(), a + run.end()  # "到期": 期 beside the keyword 到
                        self.spans.append(Span(lo, hi, "label", None, self.q[lo:hi], 1))
                return hits[0]
        return None

    def part_column(self, part: str) -> str | None:
        hits = [c for c in self.index.columns if c.lower() == part and c in self.index.numeric]
        return hits[0] if hits else None

    # the passes ----------------------------------------------------------------------------
    def the_year(self) -> int | None:
        """The one year the data covers (a date column's, or a year column's only value)."""
        part = self.part_column("year")
        if part is not None:  # the year column is the data's own calendar (a UTC stamp may spill over)
            values = self.index.num_values.get(part, set())
            return int(next(iter(values))) if len(values) == 1 else None
        # every date column's years: two date columns (from, to) are no question about which one
        # until a question names a date (this runs on every question)
        years = set().union(*self.index.date_years.values()) if self.index.date_years else set()
        return next(iter(years)) if len(years) == 1 else None

    def _day_ranges(self) -> None:
        """'from July 1 to July 15', '7月1日到7月15日', 'zwischen dem 1. und 15. Juli' with no year:
        the data's year when it covers one; over month and day columns, days of one month."""
        year = self.the_year()
        if year is None:
            return
        month_col, day_col = self.part_column("month"), self.part_column("day")
        parts = month_col is not None and day_col is not None
        for span in self.spans:
            if span.kind == "date" and "day" in span.payload and "year" not in span.payload and not parts:
                span.payload = {**span.payload, "year": year}
        if month_col is None or day_col is None:
            return
        for i, span in enumerate(self.spans):
            a, sep, b = i, i + 1, i + 2
            if i in self.used or not (self.kind(a, "date") and self.kw(sep, "to", "and") and self.kind(b, "date")):
                continue
            pa, pb = self.spans[a].payload, self.spans[b].payload
            if "day" not in pa or "day" not in pb or pa["month"] != pb["month"]:
                continue
            members = [a, sep, b] + ([a - 1] if self.kw(a - 1, "between", "after") else [])
            members += [b + 1] if self.kw(b + 1, "between") else []
            self.add(span.start, month_col, "eq", pa["month"], *members)
            self.add(span.start, day_col, "between", [pa["day"], pb["day"]], *members)

    def run(self) -> tuple[list[dict[str, Any]], str]:
        self._day_ranges()
        for step in (
            self._number_pair,
            self._affixes,
            self._contains,
            self._in_the_name,
            self._in_the_label,
            self._in_capitals,
            self._none,
            self._not_null,
            self._column_range,
            self._month_range,
            self._decades,
            self._year_range,
            self._between,
            self._compass,
            self._comparisons,
            self._lengths,
            self._signs,
            self._dates,
            self._after_number,
            self._col_number,
            self._col_of_number,
            self._values,
            self._bare_years,
        ):
            step()
        self.found.sort(key=lambda item: item[0])
        unique: list[tuple[int, dict[str, Any]]] = []
        for pos, f in self.found:  # "Schwarze (race = Black)" names one filter twice
            if f not in [g for _, g in unique]:
                unique.append((pos, f))
        self.found = unique
        for _, f in self.found:
            self._as_written(f)
            if f["op"] in ("contains", "startswith", "endswith") and f["column"] in self.index.case_marked:
                if re.search(r"[A-Za-z]", str(f["value"])):
                    f["case"] = True  # "pinyin starting with 'zhong1'" where "Zhong1" is another value
            elif f["op"] in ("contains", "startswith", "endswith") and self._quoted_as_written(str(f["value"])):
                f["case"] = True  # "„SQL“ im Namen": the quoted capitals are the text searched, not "MySql"
        return [f for _, f in self.found], self._logic()

    def _quoted_as_written(self, value: str) -> bool:
        """An acronym the question puts in quotes („SQL“), exactly as written there: "MySql" is not it."""
        if not re.fullmatch(r"[A-Z][A-Z0-9]+", value) or not self.question:
            return False
        quoted = rf"[„“”\"'‚‘’「『«»]{re.escape(value)}[“”\"'‘’」』«»]"
        return bool(re.search(quoted, self.question))

    def _as_written(self, f: dict[str, Any]) -> None:
        """'added_in = 3.0', 'removed_after 3.12' over a text column of versions: the number read
        as 3 (or 3.12) matches no text value; the value is the column's own text for it ("3.0").
        Where the column writes two texts for the number ("3.1", "3.10") the question's own
        digits choose; where it writes none, the question is asked back (never a silent 0 rows)."""
        col, op = f["column"], f["op"]
        written = self.index.text_numbers.get(col)
        if not written or op not in ("eq", "ne", "in", "not_in"):
            return
        many = isinstance(f["value"], list)
        values = f["value"] if many else [f["value"]]
        if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
            return
        out = []
        for v in values:
            texts = sorted(t for t in written if float(t) == float(v))
            if len(texts) > 1:
                texts = [t for t in texts if re.search(rf"(?<![\d.]){re.escape(t)}(?!\d)", self.question)]
            if len(texts) != 1:
                labels = sorted(written, key=lambda t: (float(t), t))[:12]
                raise Clarify(
                    "which_value",
                    labels,
                    word=str(v),
                    column=col,
                    slot="value",
                    values=[f"{col} = {t}" for t in labels],
                )
            out.append(texts[0])
        f["value"] = out if many else out[0]

    def _logic(self) -> str:
        positions = [p for p, _ in self.found]
        for k, span in enumerate(self.spans):
            if span.kind == "kw" and "or" in span.payload and k not in self.used:
                before = [p for p in positions if p < span.start]
                after = [p for p in positions if p > span.start]
                if before and after:
                    return "or"
        return "and"

    def _in_the_name(self) -> None:
        """'International in the name', '"International" im Namen': text in a text column."""
        for j, span in enumerate(self.spans):
            if span.kind != "col" or j in self.used or not self.kw(j - 1, "in"):
                continue
            if not (self.close(j - 1, j) or _POSSESSIVE.match(self.gap(j - 1, j))):
                continue  # "'Regional' in their name", "„City“ in ihrem Namen"
            cols = [c for c in span.payload if c not in self.index.numeric and c not in self.index.dates]
            before = self.q[: self.spans[j - 1].start].rstrip()
            quoted = self.kind(j - 2, "quoted") and self.spans[j - 2].end >= len(before) - 1
            part = (
                quoted
                and not any(
                    c == cols[0] for c, _v in self.index.values.get(str(self.spans[j - 2].payload).lower(), set())
                )
                if len(cols) == 1
                else False
            )  # '"New York" in home.dest': a part of the values, not one of them
            if len(cols) == 1 and not quoted and self._word_of_values(j, cols[0], before):
                continue  # "have Pro in the product name": a word written inside the column's values
            if len(cols) != 1 or (cols[0] in self.index.categorical and cols[0] not in self.index.labels and not part):
                continue  # a label (one value per row) holds free text; a category's values are matched whole
            if self.kind(j - 2, "quoted") and self.spans[j - 2].end >= len(before) - 1:
                self.add(self.spans[j - 2].start, cols[0], "contains", self.spans[j - 2].payload, j - 2, j - 1, j)
                continue
            word = re.search(r"([A-Za-zÄÖÜäöüß][\w\-]+)$", before)
            ends = [s.end for s in self.spans[: j - 1]]
            if word and (not ends or ends[-1] <= word.start()):
                self.add(span.start, cols[0], "contains", word.group(1), j - 1, j)

    def _number_pair(self) -> None:
        """'mb_cur_max 1 vs 2', 'mb_cur_max 1 und 2': two values of a column of few numbers, set
        side by side -- each an equality on that column (the two groups compared)."""
        if not any(s.kind == "kw" and "compare" in s.payload for s in self.spans):
            return  # "with mb_cur_max 1 and 2" outside a comparison: which rows is not clear
        for i, span in enumerate(self.spans):
            if span.kind != "col" or len(span.payload) != 1 or i in self.used:
                continue
            col = span.payload[0]
            known = self.index.num_values.get(col)
            if not known or not (self.kind(i + 1, "num") and self.kind(i + 3, "num")):
                continue
            joint = self.spans[i + 2] if i + 2 < len(self.spans) else None
            if (
                joint is None
                or joint.kind != "kw"
                or joint.text not in ("vs", "vs.", "versus", "and", "und", "和", "与")
            ):
                continue
            a, b = self.spans[i + 1].payload, self.spans[i + 3].payload
            if not (isinstance(a, int | float) and isinstance(b, int | float)) or a == b or not {a, b} <= known:
                continue
            if not (self.close(i, i + 1) and self.close(i + 2, i + 3)):
                continue
            self.add(span.start, col, "eq", a, i, i + 1)
            self.add(span.start, col, "eq", b, i + 2, i + 3)

    def _word_of_values(self, j: int, column: str, before: str) -> bool:
        """'entries that have Pro in the product name', 'mit Vega 3 im Produktnamen': the words after
        a verb of having, written as they stand inside some of a text column's values (its
        values known), are a text searched in that column -- even a word read otherwise ("pro")."""
        if column not in self.index.categorical or column in self.index.numeric or not self.question:
            return False
        m = _HAVING_WORDS.search(self.question[: len(before)])
        if not m:
            return False
        value = m.group(1).strip()
        inside = [k for k, s in enumerate(self.spans) if s.start >= m.start(1) and s.end <= m.end(1)]
        if not value or any(self.spans[k].kind in ("col", "quoted") or k in self.used for k in inside):
            return False
        key = ("texts_of", column)
        if key not in self.index.memo:
            self.index.memo[key] = tuple(
                str(v) for pairs in self.index.values.values() for c, v in pairs if c == column and isinstance(v, str)
            )
        texts: tuple[str, ...] = self.index.memo[key]  # type: ignore[assignment]
        word = re.compile(rf"(?<![A-Za-z0-9]){re.escape(value)}(?![A-Za-z0-9])")
        if not any(word.search(t) for t in texts):
            return False
        self.add(self.spans[j].start, column, "contains", value, *inside, j - 1, j)
        return True

    def _after_number(self) -> None:
        """'accel für times ab 30', 'service after 1000': a numeric column, a word of time order
        and a number are a bound on that column (from: inclusive; after, before: strict)."""
        for i, span in enumerate(self.spans):
            if span.kind != "kw" or not ({"after", "before"} & span.payload) or {i - 1, i, i + 1} & self.used:
                continue
            if not (self.kind(i - 1, "col") and self.kind(i + 1, "num")):
                continue
            if not (self.close(i - 1, i) and self.close(i, i + 1)):
                continue
            cols = [c for c in self.spans[i - 1].payload if c in self.index.numeric and c not in self.index.dates]
            if len(cols) != 1 or cols[0].lower() in ("year", "yr", "jahr"):
                continue  # a year column has its own readings of "since 2005"
            word = span.text.lower()
            if "after" in span.payload:
                op = "ge" if word in ("from", "vom", "ab", "seit", "since", "起", "开始", "以来") else "gt"
            else:
                op = "le" if word in ("until", "bis") else "lt"
            self.add(span.start, cols[0], op, self.spans[i + 1].payload, i - 1, i, i + 1)

    def _none(self) -> None:
        """'committees with no subcommittees', 'keine Unterausschüsse', '没有…': a count column = 0."""
        for j, span in enumerate(self.spans):
            if span.kind != "col" or j in self.used or len(span.payload) != 1:
                continue
            col = span.payload[0]
            if col not in self.index.numeric or self.index.ranges.get(col, (1.0, 0.0))[0] != 0:
                continue
            if self.index.num_values.get(col) == {0.0, 1.0}:
                continue  # a 0/1 flag: "not southern" is read with the flag
            if self.index.has_missing.get(col, False) and re.search(r"(?:values?|werte?s?|值)\s*$", span.text):
                continue  # "no gap_days value", "keinen gap_days-Wert", "没有 gap_days 值": the value is missing
            before = self.q[: span.start]
            m = re.search(r"(?:\bno|\bzero|\bkeine[nm]?|\bkein|没有|无)\s*$", before)
            if m is None:
                continue
            members = [j] + [k for k in (j - 1,) if self.kw(k, "not") and self.spans[k].start >= m.start()]
            self.add(m.start(), col, "eq", 0, *members)
            word = m.group(0).strip()
            if not any(s.start <= m.start() < s.end for s in self.spans):  # "zero accidents": the word is the 0
                self.spans.append(Span(m.start(), m.start() + len(word), "label", None, word, 1))

    def _not_null(self) -> None:
        """'rows with a wage value filled in', 'wages nicht fehlend', '工资有值': the column named
        just before (or, failing that, just after) has a value."""
        for i, span in enumerate(self.spans):
            if span.kind != "kw" or "notnull" not in span.payload or i in self.used:
                continue
            near = [j for j in (i - 1, i - 2, i - 3, i + 1, i + 2) if self.kind(j, "col") and j not in self.used]
            if near and len(self.spans[near[0]].payload) == 1:
                col = self.spans[near[0]]
                none = _HAVE_NO.search(self.q[: col.start]) if near[0] < i else None
                none = none or _NOT_ZH.search(self.q[: span.start])
                if none is not None:  # "have no full name filled in", "没有填写全名": not filled in
                    said = [k for k in range(near[0]) if self.spans[k].start >= none.start() and self.kw(k, "not")]
                    self.add(none.start(), col.payload[0], "isnull", None, i, near[0], *said)
                    word = none.group(0).strip()
                    if word and not any(s.start <= none.start() < s.end for s in self.spans):  # 没有: the "not"
                        self.spans.append(Span(none.start(), none.start() + len(word), "label", None, word, 1))
                    continue
                self.add(span.start, col.payload[0], "notnull", None, i, near[0])
        for i, span in enumerate(self.spans):  # "the quarters where cpi is empty": the rows with no cpi
            if not self.kw(i, "missing") or i in self.used or not self.kind(i - 1, "col") or i - 1 in self.used:
                continue
            col = self.spans[i - 1]
            between = self.q[col.end : span.start]
            if len(col.payload) == 1 and _IS.fullmatch(between) and _WHERE.search(self.q[: col.start]):
                self.add(col.start, col.payload[0], "isnull", None, i - 1, i)
            elif (
                len(col.payload) == 1
                and not between.strip()
                and any(self.kw(k, "share") for k in range(len(self.spans)))
            ):
                # "what percentage of modules have removed_after missing", "removed_after 缺失的模块占百分之多少":
                # the rows without a value are the part whose share is asked (not the count of missing values)
                self.add(col.start, col.payload[0], "isnull", None, i - 1, i)
        for j, span in enumerate(self.spans):  # "how many rows have a comment", "Zeilen mit einem Kommentar"
            if span.kind != "col" or j in self.used or len(span.payload) != 1:
                continue
            before, after = self.q[: span.start], self.q[span.end :]
            worded = _VALUE_AFTER.match(after)  # "have a removed_after value", "有 removed_after 值的模块"
            if worded and (
                _ENDS.match(after[worded.end() :]) or (worded.group(0).strip() == "值" and _HAVE_ZH.search(before))
            ):
                if _HAVE_A.search(before) or _HAVE_ZH.search(before):
                    w = span.end + worded.start() + len(worded.group(0)) - len(worded.group(0).lstrip())
                    self.spans.append(Span(w, span.end + worded.end(), "label", None, worded.group(0).strip(), 1))
                    self.add(span.start, span.payload[0], "notnull", None, j)
                    continue
            raw = self.q[span.start : span.end]
            zh_before = before + (re.split(r"[（(]", raw)[0] if re.search(r"[（(]", raw) else "")  # from "有备注（"
            if item_count(self.index, span.payload[0]) and _OF_ZH.match(after) and _HAVE_ZH.search(zh_before):
                self.add(span.start, span.payload[0], "gt", 0, j)  # "有 alias 的行" over `alias_count`: one or more
                continue
            if span.payload[0] not in self.index.numeric and (
                _OF_ZH.match(after)
                or (_ZH_CLOSE_ENDS.match(after) and _HAVE_NO_ZH.search(zh_before))
                or (
                    _ZH_CLOSE_ENDS.match(after)
                    and _HAVE_COL_ZH.search(zh_before)
                    and _COUNTED_BEFORE_ZH.search(zh_before)
                    and self.index.has_missing.get(span.payload[0], False)
                )
            ):
                before = zh_before
                if (none_zh := _HAVE_NO_ZH.search(before)) is not None:
                    self.add(none_zh.start(), span.payload[0], "isnull", None, j)  # "没有备注（comment）的时区"
                    continue
                if _HAVE_COL_ZH.search(before):
                    self.add(span.start, span.payload[0], "notnull", None, j)  # "有备注（comment）的时区"
                    continue
            after = _KIND_NOUN.sub("", after, count=1)  # "have no version number": the number is the version
            if not _ENDS.match(after):
                continue
            last = self.spans[j - 1] if j > 0 else None
            rows = (
                last is not None
                and last.kind == "col"
                and (set(last.payload) <= self.index.labels | set(self.index.dates) or self._rows_period(last.payload))
            )
            # the rows named by their label column ("modules") or by their period ("quarters have no cpi")
            if last is not None and last.end > span.start - 12 and last.kind != "kw" and not rows:
                continue
            # "have no cpi": missing; "how many rows have a score" over a numeric column of missing
            # values: the rows with one (its values counted one by one would answer another question)
            numeric = span.payload[0] in self.index.numeric and not self.index.has_missing.get(span.payload[0], False)
            if _HAVE_A.search(before) and numeric and item_count(self.index, span.payload[0]):
                # "entries that have an alias" over `alias_count`: at least one of them
                self.add(span.start, span.payload[0], "gt", 0, j)
            elif _HAVE_A.search(before) and not numeric:
                self.add(span.start, span.payload[0], "notnull", None, j)
            elif none := _HAVE_NO.search(before):
                said = [k for k in (j - 2, j - 1) if k >= 0 and self.spans[k].start >= none.start()]
                said = [k for k in said if not self.kw(k, "not")] + [k for k in said if self.kw(k, "not")]
                if all(self.kw(k, "not") or self.kw(k, "in") for k in said):  # "without" is itself a "not";
                    # "no value for y": the "for" is part of the phrase
                    self.add(none.start(), span.payload[0], "isnull", None, j, *said)

    def _in_capitals(self) -> None:
        """ "How many letters are 'WITH DOT ABOVE'?": quoted capitals no other filter took, found
        inside the values of one text column (and no whole value): that column contains them."""
        from datapulse.agents.planner.capitals import caps_column

        for i, span in enumerate(self.spans):
            if span.kind != "quoted" or i in self.used:
                continue
            col = caps_column(str(span.payload).strip(), self.index)
            if col is not None:
                self.add(span.start, col, "contains", str(span.payload).strip(), i)

    def _in_the_label(self) -> None:
        """'"City" in the name', '名称中包含“City”', 'Namen enthalten „City“' where no column is
        called name: text in the column that names the rows (one distinct value per row)."""
        labels = sorted(c for c in self.index.labels if c not in self.index.numeric)
        if len(labels) != 1:
            return
        for i, span in enumerate(self.spans):
            if span.kind != "quoted" or i in self.used:
                continue
            after, before = self.q[span.end :], self.q[: span.start]
            if re.match(r"\s*(?:in\s+(?:the|their|its)\s+names?|im\s+namen)\b", after) or re.search(
                r"(?:名称|名字|名)(?:中|里)?(?:包含|含有|含|有|带)\s*$|namen?\s+(?:enthalten|enthält)\s*$", before
            ):
                self.add(span.start, labels[0], "contains", span.payload, i)

    def _affixes(self) -> None:
        """'TZ starting with 'Europe/'', 'deren TZ mit 'Asia/' beginnt', '以 XN-- 开头的域名',
        'names ending in "ia"': a text filter on the start (end) of the values. The column is the
        one named just before, or the table's only text column."""
        for m in _AFFIX.finditer(self.q):
            op = "startswith" if m.lastgroup and m.lastgroup.startswith("s") else "endswith"
            raw = m.group(m.lastgroup or "")
            value = raw.strip("'\"„“”‘’「」『』")
            if not value or value in function_words("de") | function_words("en"):
                continue
            inside = [k for k, s in enumerate(self.spans) if m.start() <= s.start and s.end <= m.end()]
            before = [
                k for k, s in enumerate(self.spans) if s.end <= m.start() and s.kind == "col" and k not in self.used
            ]
            col = None
            if before and re.fullmatch(
                r"[\s,\-]*(?:(?:is|are|that|which|die|der|das|deren|dessen|names?|namen|values?|werte?)[\s\-]+"
                r"|(?:名称|名字|的)\s*)*",
                self.q[self.spans[before[-1]].end : m.start()],
            ):
                col = self.column(self.spans[before[-1]])
                inside.append(before[-1])
            else:
                named = [k for k in inside if self.spans[k].kind == "col"]
                if len(named) == 1 and self.spans[named[0]].text != value:
                    col = self.column(self.spans[named[0]])
                else:
                    texts = [c for c in self.index.columns if c not in self.index.numeric and c not in self.index.dates]
                    col = texts[0] if len(texts) == 1 else None
            if col is None or col in self.index.numeric or col in self.index.dates:
                continue
            start = self.q.index(raw.lower(), m.start()) if raw.lower() in self.q[m.start() :] else m.start()
            original = self.question[start : start + len(raw)].strip("'\"„“”‘’「」『』") if self.question else value
            self.add(m.start(), col, op, original or value, *inside)

    def _contains(self) -> None:
        for i, span in enumerate(self.spans):
            if not self.kw(i, "contains") or i in self.used:
                continue
            col_i = i - 1 if self.kind(i - 1, "col") else None
            k = i - 2
            while self.kw(k, "and") and self.spans[k].text == ",":
                k -= 1
            if col_i is None and self.kind(i - 1, "quoted") and self.kind(k, "col"):
                # German puts the verb last: "einen Namen, der 'ford' enthält"
                self.add(span.start, self.column(self.spans[k]), "contains", self.spans[i - 1].payload, k, i - 1, i)
                continue
            if (
                self.kind(i + 1, "quoted")
                and self.kw(i + 2, "in")
                and self.kind(i + 3, "col")
                and self.close(i + 1, i + 2)
                and self.close(i + 2, i + 3)
            ):  # "Locales, die 'Switzerland' im english_name enthalten", "contain 'X' in the name"
                col = self.column(self.spans[i + 3])
                if col not in self.index.numeric and col not in self.index.dates:
                    self.add(span.start, col, "contains", self.spans[i + 1].payload, i, i + 1, i + 2, i + 3)
                continue
            if col_i is None:
                continue
            named_i = col_i
            if (
                _NAME_WORD.fullmatch(self.spans[col_i].text)
                and self.kind(col_i - 1, "col")
                and re.fullmatch(r"[\s\-]*", self.gap(col_i - 1, col_i))
                and not _NAME_WORD.fullmatch(self.spans[col_i - 1].text)
            ):
                col_i = col_i - 1  # "condition names contain", "condition-Namen enthalten", "condition 名称中包含"
            if self.kind(i + 1, "quoted", "val"):
                value = self.spans[i + 1].payload
                if not isinstance(value, str):
                    col = self.column(self.spans[col_i])
                    if any(c == col for c, _v in value):
                        value = str(value[0][1])
                    else:  # "macros contain TRANSACTION": the text written, not another column's whole value
                        nxt = self.spans[i + 1]
                        value = (self.question or self.q)[nxt.start : nxt.end]
                self.add(span.start, self.column(self.spans[col_i]), "contains", value, col_i, named_i, i, i + 1)
            else:
                m = re.match(
                    r"\s*(?:(?:an|the|ein|eine|einen)\s+(?=\S))?([^\s,.?!;)）\]]+)", self.q[span.end :]
                )  # "(name contains X)": the bracket closes
                col = self.column(self.spans[col_i])
                if col in self.index.numeric or col in self.index.dates:
                    continue  # "Wie viele Quartale enthält die Tabelle": a verb, no text to search a date for
                raw = self.question[span.end + m.start(1) : span.end + m.end(1)] if m and self.question else None
                raw = raw if m and raw and raw.lower() == m.group(1).lower() else None
                value = _zh_contained(raw or m.group(1)) if m else None
                at = span.end + m.start(1) if m else -1
                if any(t.kind != "val" and t.start <= at < t.end for t in self.spans):
                    continue  # "contains the most glyphs": a word the question reads otherwise, no text searched
                if value and value.lower() not in function_words("de"):
                    self.add(span.start, self.column(self.spans[col_i]), "contains", value, col_i, named_i, i)

    def _column_range(self) -> None:
        """'aged 30 to 39', 'aged 25-35', 'TVnews 2 bis 4': a numeric column, then two numbers
        joined by a word for "to", both within the column's values: one range, bounds held."""
        for i, span in enumerate(self.spans):
            a, sep, b = i + 1, i + 2, i + 3
            if i in self.used or span.kind != "col" or len(span.payload) != 1:
                continue
            col = span.payload[0]
            if col not in self.index.numeric or col in self.index.dates or col not in self.index.ranges:
                continue
            if not (self.kind(a, "num") and self.kw(sep, "to") and self.kind(b, "num")):
                continue
            if not (self.close(i, a) and self.close(a, sep) and self.close(sep, b)) or self.spans[sep].text == "and":
                continue
            lo, hi = self.spans[a].payload, self.spans[b].payload
            low, high = self.index.ranges[col]
            if isinstance(lo, int | float) and isinstance(hi, int | float) and low <= lo <= hi <= high:
                self.add(span.start, col, "between", [lo, hi], i, a, sep, b)

    def _value_at(self, j: int) -> Any:
        span = self.spans[j]
        if span.kind == "num":
            return span.payload
        if span.kind == "date" and "year" in span.payload and "month" in span.payload:
            p = span.payload
            return dt.date(p["year"], p["month"], p.get("day", 1)).isoformat()
        return None

    def _subject(self, i: int) -> int | None:
        """The column span a comparison at i is about: just before it (skipping 'is', 'of')."""
        j = i - 1
        while j >= 0 and self.kw(j, "in", "op:eq") and j not in self.used and self.close(j, j + 1):
            j -= 1
        if self.kind(j, "col", "cmp") and self.close(j, i if j == i - 1 else j + 1):
            return j
        if j >= 1 and self.spans[j].kind == "kw" and _FIRST_TIME.fullmatch(self.spans[j].text):
            # "co2 first go above 350", "CO2 zum ersten Mal über 350", "co2第一次超过350": the column before "first"
            verb = _CROSSING_VERB.fullmatch(self.gap(j, i))
            if verb and self.kind(j - 1, "col") and self.close(j - 1, j):
                return j - 1
        if self.kind(i - 1, "col") and re.fullmatch(r"\s*(?:第一次|首次)\s*", self.gap(i - 1, i)):
            return i - 1
        return None

    def _between(self) -> None:
        for i, _span in enumerate(self.spans):
            starts_range = self.kw(i, "between") or (self.kw(i, "after") and self.spans[i].text in _FROM_WORDS)
            if not starts_range or i in self.used:  # "between 2005 and 2009", "from 2005 to 2009"
                continue
            if not self.kw(i, "between") and not self.kw(i + 2, "to"):
                continue
            a, sep, b = i + 1, i + 2, i + 3
            start = i
            if (
                self.kind(a, "col")
                and self.kind(a + 1, "num")
                and self.kw(a + 2, "to", "and")
                and self.kind(a + 3, "num")
            ):
                col, lo, hi = self.column(self.spans[a]), self.spans[a + 1].payload, self.spans[a + 3].payload
                self.add(self.spans[i].start, col, "between", [lo, hi], i, a, a + 1, a + 2, a + 3)
                continue  # "between latitude 30 and 35"
            if not (self.kind(a, "num", "date") and self.kw(sep, "to", "and") and self.kind(b, "num", "date")):
                a, sep, b, start = i - 3, i - 2, i - 1, i - 3  # "2014-01-01到2014-01-31之间"
                if self.kind(i - 1, "col") and self.kind(i - 4, "num") and self.kw(i - 3, "to", "and"):
                    a, sep, b, start = i - 4, i - 3, i - 2, i - 4  # "40到50岁之间": the unit names the column
                if not (self.kind(a, "num", "date") and self.kw(sep, "to", "and") and self.kind(b, "num", "date")):
                    continue
            lo, hi = self._value_at(a), self._value_at(b)
            subj = self._subject(start)
            text_subject = subj is not None and self.column(self.spans[subj]) not in self.index.numeric
            if text_subject and self.spans[a].kind == "num":
                subj = None  # "committees with between 3 and 5 subcommittees": a text column takes no numeric range
            if subj is None and self.kind(b + 1, "col") and self.close(b, b + 1) and self.spans[a].kind == "num":
                subj = b + 1  # "between 30 and 40 years old"
            if (
                subj is not None
                and self.years(lo, hi)
                and any(k.startswith("agg:") for k in self._kw_payload(subj - 1))
                and (self.date_column() or self.part_column("year"))
            ):
                subj = None  # "average UNEMP between 1950 and 1955": the measure, then a range of years
            if subj is not None and self.years(lo, hi) and not self._in_range(subj, lo, hi):
                subj = None  # "realint between 1970 and 1980": years, far outside realint's values
            if subj is not None and not self.kw(i, "between") and self.years(lo, hi):
                named = self.spans[subj].payload  # "miles from 2000 to 2010": years, not miles
                if not (isinstance(named, tuple) and set(named) & ({self.part_column("year")} | self.index.dates)):
                    subj = None
            if lo is None or hi is None:
                continue
            if subj is not None and self.spans[a].kind == "date":
                named = self.spans[subj].payload
                subj = subj if isinstance(named, tuple) and any(c in self.index.dates for c in named) else None
            if self.spans[b].kind == "date" and "day" in self.spans[b].payload:
                hi = _minus_second(_period(self.spans[b].payload)[1])  # the whole last day
            if subj is None and self.spans[a].kind == "date":
                dcol = self.date_column()
                if dcol is None:
                    continue
                self.add(self.spans[i].start, dcol, "between", [lo, hi], i, a, sep, b)
            elif subj is None and self.years(lo, hi):  # "from 2005 to 2009": a range of years
                dcol = self.date_column()
                if dcol is not None:
                    t0, t1 = _period({"year": lo})[0], _minus_second(_period({"year": hi})[1])
                    self.add(self.spans[i].start, dcol, "between", [t0, t1], i, a, sep, b)
                elif self.part_column("year"):
                    self.add(self.spans[i].start, self.part_column("year") or "", "between", [lo, hi], i, a, sep, b)
            elif subj is not None:
                self.add(self.spans[i].start, self.column(self.spans[subj]), "between", [lo, hi], subj, i, a, sep, b)
            elif (sole := self.sole_measure(lo, hi)) is not None:  # "readings between 50 and 60 degrees"
                self.add(self.spans[i].start, sole, "between", [lo, hi], i, a, sep, b)

    def sole_measure(self, lo: Any, hi: Any) -> str | None:
        """The table's only numeric measure (no id, no time part), when a bound names no
        column and falls within its values."""
        if not isinstance(lo, int | float) or not isinstance(hi, int | float):
            return None
        parts = {"year", "month", "quarter", "week", "day", "hour", "minute", "yr"}
        nums = [
            c
            for c in self.index.numeric
            if c not in self.index.identifiers and c.lower() not in parts and self.index.nunique.get(c, 99) > 2
        ]
        if len(nums) != 1 or nums[0] not in self.index.ranges:
            return None
        a, b = self.index.ranges[nums[0]]
        return nums[0] if a <= hi and lo <= b else None

    def _in_range(self, subj: int, lo: Any, hi: Any) -> bool:
        named = self.spans[subj].payload
        cols = named if isinstance(named, tuple) and all(isinstance(c, str) for c in named) else ()
        spans = [self.index.ranges[c] for c in cols if c in self.index.ranges]
        return any(a <= hi and lo <= b for a, b in spans)

    def _or_more(self) -> None:
        """'an income code of 20 or higher': the number, then the direction."""
        for i, span in enumerate(self.spans):
            if span.kind != "num" or i in self.used or not self.kw(i + 1, "or_more", "or_less"):
                continue
            subj = self._subject(i)
            if subj is None or self.spans[subj].kind != "col":
                continue
            if any(c in self.index.dates for c in self.spans[subj].payload):
                continue  # "months from 2011 or later": a year, read with the dates
            op = "ge" if self.kw(i + 1, "or_more") else "le"
            self.add(span.start, self.column(self.spans[subj]), op, span.payload, subj, i, i + 1)

    def _column_comparison(self, i: int, k: int) -> bool:
        """'months where wheat was higher than wages', 'wheat > wages': two numeric columns of
        the same row compared (a gt_col filter); not when a number follows ("more than 5")."""
        if not (self.kind(k, "col") and self.close(k - 1, k)) or k in self.used:
            return False
        if self.kind(k + 1, "num") and self.close(k, k + 1):
            return False
        subj = self._subject(i)
        if subj is None or self.spans[subj].kind != "col":
            return False
        a, b = self.spans[subj].payload, self.spans[k].payload
        if len(a) != 1 or len(b) != 1 or a[0] == b[0] or not {a[0], b[0]} <= self.index.numeric:
            return False
        op = next(op for op in OPS if op in self.spans[i].payload)[3:]
        if op not in ("gt", "ge", "lt", "le"):
            return False
        self.add(self.spans[i].start, a[0], f"{op}_col", b[0], subj, i, k)
        return True

    def _comparisons(self) -> None:
        self._or_more()
        for i, span in enumerate(self.spans):
            if i in self.used:
                continue
            if span.kind == "cmp" and self.kind(i + 1, "num") and self.close(i, i + 1):
                cols, op = span.payload
                if not cols:
                    raise Clarify("unknown_column", sorted(self.index.numeric), word=span.text)
                col = self.column(Span(0, 0, "col", cols, span.text))
                self.add(span.start, col, op, self.spans[i + 1].payload, i, i + 1)
                continue
            if span.kind != "kw" or not any(op in span.payload for op in OPS):
                continue
            k = i + 1
            if "op:eq" not in span.payload and self.kw(k, "op:eq") and self.close(i, k) and k not in self.used:
                k += 1  # "至少为20", "mindestens gleich 20": the bound, then a copula
            if self._column_comparison(i, k):
                continue
            if not (self.kind(k, "num", "date") and self.close(k - 1, k)):
                continue
            op = next(op for op in OPS if op in span.payload)[3:]
            if op == "eq" and not self.kind(k, "num"):
                continue
            subj = self._subject(i)
            after = k + 1
            while (self.kw(after, "in") or self._unit_word(after)) and self.close(after - 1, after):
                after += 1  # "more than 20 mm of precipitation", "more than 13 percent alcohol"
            units: tuple[int, ...] = ()
            percent_gap = re.fullmatch(r"\s*%\s*", self.gap(after - 1, after)) if after < len(self.spans) else None
            if subj is None and self.kind(after, "col") and (self.close(after - 1, after) or percent_gap):
                subj = after  # "more than 6 cylinders", "more than 60% yes": the column after the number
                units = tuple(j for j in range(k + 1, after) if self._unit_word(j))
            if subj is None:
                value = self._value_at(k)
                sole = self.sole_measure(value, value) if self.spans[k].kind == "num" else None
                if sole is not None:  # "readings above 70 degrees": the table's one measure
                    self.add(span.start, sole, op, value, *range(i, k + 1))
                continue
            target = self.spans[subj]
            value = self._value_at(k)
            if target.kind == "cmp":
                continue
            if value is None:
                continue
            col = self.column(target)
            if (col in self.index.dates) != isinstance(value, str):
                continue  # a date against a number column, or a number against a date: not a filter
            if op != "eq" and col not in self.index.numeric and col not in self.index.dates:
                continue  # "高于5的国家": the countries are the rows, a text column is never "above 5"
            if subj < i and self.kind(k + 1, "col") and self.spans[k + 1].payload == (col,) and self.close(k, k + 1):
                units = (k + 1,)  # "年龄大于55岁": the unit after the number names the same column again
            elif subj < i and not units:  # "unemployment above 8 percent": the bound's unit, not a share asked
                units = tuple(j for j in range(k + 1, after) if self._unit_word(j))
            self.add(span.start, col, op, value, subj, *range(i, k + 1), *units)

    def _lengths(self) -> None:
        """'two letters', 'drei|stellige', '三个字符', '2 characters long': a number of characters
        is the value of the derived length column (textlen.py) it stands before."""
        for i, span in enumerate(self.spans):
            k = i + 1
            if i in self.used or span.kind != "num" or not self.kind(k, "col") or len(self.spans[k].payload) != 1:
                continue
            col = self.spans[k].payload[0]
            if not col.startswith("length of ") or not re.fullmatch(r"\s*(?:个|位)?\s*", self.gap(i, k)):
                continue
            if isinstance(span.payload, int) and span.payload > 0:
                self.add(span.start, col, "eq", span.payload, i, k)

    def _compass(self) -> None:
        """'north of 60 degrees latitude', 'west of longitude -100', 'nördlich von 60', '北纬60度以北':
        a bound on the table's latitude (north, south) or longitude (east, west) column."""
        for i, span in enumerate(self.spans):
            way = next((k[8:] for k in span.payload if k.startswith("compass:")), None) if span.kind == "kw" else None
            if way is None or i in self.used:
                continue
            axis = "latitude" if way in ("north", "south") else "longitude"
            near = [j for j in (i + 1, i + 2, i + 3, i - 1, i - 2, i - 3) if 0 <= j < len(self.spans)]
            nums = [j for j in near if self.kind(j, "num") and not self.gap(min(i, j), max(i, j)).count(",")]
            if not nums:
                continue
            k = nums[0]
            named = [
                j
                for j in range(min(i, k) - 1, max(i, k) + 2)
                if self.kind(j, "col") and any(axis in self.index.forms_of_column(c) for c in self.spans[j].payload)
            ]
            if named:
                cols = [c for c in self.spans[named[0]].payload if axis in self.index.forms_of_column(c)]
            else:
                cols = [c for c in self.index.numeric if axis in self.index.forms_of_column(c)]
            if len(cols) != 1:
                continue
            op = "gt" if way in ("north", "east") else "lt"
            self.add(span.start, cols[0], op, self.spans[k].payload, i, k, *named[:1])

    def _kw_payload(self, j: int) -> set[str]:
        return set(self.spans[j].payload) if 0 <= j < len(self.spans) and self.spans[j].kind == "kw" else set()

    def _unit_word(self, j: int) -> bool:
        """'percent' after a number: a unit of the column that follows, not a share."""
        return self.kind(j, "kw") and self.spans[j].text in ("percent", "prozent", "%", "pct")

    def _signs(self) -> None:
        """'a negative bmi', 'negativen bmi', 'positiver s1-Werte', 'bmi为负', 's1 is positive':
        below or above zero, for a numeric column right next to the sign word."""
        for i, span in enumerate(self.spans):
            if span.kind != "col" or i in self.used:
                continue
            cols = [c for c in span.payload if c in self.index.numeric]
            if len(cols) != 1 or len(span.payload) != 1:
                continue
            before = self.q[max(0, span.start - 16) : span.start]
            after = self.q[span.end : span.end + 20]
            word = _SIGN_BEFORE.search(before) or _SIGN_AFTER.match(after)
            if word is None:
                continue
            negative = bool(re.match(r"neg|负", word.group("sign")))
            self.add(span.start, cols[0], "lt" if negative else "gt", 0, i)

    def _dates(self) -> None:
        for i, span in enumerate(self.spans):
            if i in self.used:
                continue
            year_num = span.kind == "num" and isinstance(span.payload, int) and self.year_like(span.payload)
            bound = self.kw(i + 1, "or_more", "or_less") and self.close(i, i + 1)  # "2011 or later"
            k, named = self._time_word_before(i)
            if span.kind != "date" and not (year_num and (self.kw(k, "in", "before", "after", "only") or bound)):
                continue
            p = span.payload if span.kind == "date" else {"year": span.payload}
            if "day" in p and "year" not in p:
                continue  # "July 1" over several years (or none known): which one? left to coverage
            direction = "before" if self.kw(k, "before") else "after" if self.kw(k, "after") else None
            if named is not None and direction is None:
                k, named = i - 1, None  # "in year 2005": the column's own value, read with the column
                if span.kind != "date":
                    continue
                direction = "before" if self.kw(k, "before") else "after" if self.kw(k, "after") else None
            extra: tuple[int, ...]
            if (
                direction is None
                and self.kw(i + 1, "before", "after")
                and span.kind == "date"
                and (_CJK_AFTER.match(self.spans[i + 1].text))
            ):
                direction = "before" if self.kw(i + 1, "before") else "after"  # 2013年3月之前
                extra = (i + 1,)
            else:
                extra = tuple([k] if direction else [])
            if named is not None and direction:
                self.used.add(named)  # "since year 2005": the word of the year column between bound and year
            since = False
            if direction == "after":
                word = self.spans[extra[0]].text
                onward = re.match(r"\s*(?:on|onwards?|forward|an|起|以后)\b", self.q[span.end :])
                if word in _FROM_WORDS and onward:  # "from 2012 on": since 2012
                    word = "since"
                if word in _FROM_WORDS:  # "flights from 2005": in 2005
                    direction = None
                    self.used.add(extra[0])
                    extra = ()
                since = word in _SINCE_WORDS  # "since 2008" counts 2008 itself
            through = False
            if direction is None and bound:  # "from 2011 or later", "2011 oder später", "2011 or earlier"
                direction = "after" if self.kw(i + 1, "or_more") else "before"
                extra = (*extra, i + 1)
                since, through = direction == "after", direction == "before"
            col = self.date_column()
            if through and col is None:
                year_col = self.part_column("year")
                if year_col and set(p) == {"year"}:
                    self.add(span.start, year_col, "le", p["year"], i, *extra)
                continue
            parts = "day" not in p and self.part_column("month") is not None and self.part_column("year") is not None
            if col is None or (parts and not direction):
                self._date_parts(i, p, direction, extra, since)
                continue
            if direction:
                start, end = _period(p)
                value = end if through else start if direction == "before" or since else end
                self.add(span.start, col, "lt" if direction == "before" else "ge", value, i, *extra)
            elif "day" in p or "quarter" in p:  # a day, a quarter: from its first moment to its last
                start, end = _period(p)
                self.add(span.start, col, "between", [start, _minus_second(end)], i)
            elif "month" in p:
                self.add(span.start, col, "month", [p.get("year"), p["month"]], i)
            else:
                self.add(span.start, col, "year", p["year"], i)

    def _time_word_before(self, i: int) -> tuple[int, int | None]:
        """The mention before a year at i that may bound it, and the column word in between:
        "since year 2005", "ab Jahr 2005", "before yr 1990" put the year column's name between
        the bound and the year, which still bounds the year (never "= 2005" with the bound dropped)."""
        if i >= 2 and self.kind(i - 1, "col") and self.kw(i - 2, "before", "after", "in"):
            cols = set(self.spans[i - 1].payload)
            year_col = self.part_column("year")
            if cols and (cols <= set(self.index.dates) or cols == {year_col}):
                if self.close(i - 2, i - 1) and self.close(i - 1, i):
                    return i - 2, i - 1
        return i - 1, None

    def _bare_years(self) -> None:
        """A year standing alone ("Gesamtniederschlag 2014") filters by year when the data has years."""
        for i, span in enumerate(self.spans):
            if i in self.used or span.kind != "num" or not isinstance(span.payload, int):
                continue
            if not self.year_like(span.payload) or self.kw(i - 1, "top", "bottom", *OPS):
                continue
            col = self.date_column()
            if col is not None:
                self.add(span.start, col, "year", span.payload, i)
            elif (year := self.part_column("year")) and self.year_fits(year, span.payload):
                self.add(span.start, year, "eq", span.payload, i)

    def year_fits(self, column: str, year: int) -> bool:
        """A year a year column can hold: within its range (a column of two-digit years, 66 to
        73, never holds 1980; that year is then no filter, and coverage asks about it)."""
        lo, hi = self.index.ranges.get(column, (year, year))
        return lo <= year <= hi

    def _date_parts(
        self, i: int, p: dict[str, int], direction: str | None, extra: tuple[int, ...], since: bool = False
    ) -> None:
        """No date column: use year/month columns (flights has both)."""
        year_col, month_col = self.part_column("year"), self.part_column("month")
        if year_col is None and set(p) == {"year"} and len(self.index.periods) == 1:
            ((name, kind),) = self.index.periods.items()  # "in 1980" over quarters written "1980Q1"
            first, last = period_bounds(kind, p["year"], name in self.index.lower_periods)
            if direction == "before":
                self.add(self.spans[i].start, name, "lt", first, i, *extra)
            elif direction:
                self.add(self.spans[i].start, name, "ge" if since else "gt", first if since else last, i, *extra)
            else:
                self.add(self.spans[i].start, name, "between", [first, last], i)
            return
        if direction and "year" in p and year_col and "month" not in p:
            op = "lt" if direction == "before" else "ge" if since else "gt"
            self.add(self.spans[i].start, year_col, op, p["year"], i, *extra)
            return
        if direction:
            return
        if "year" in p and year_col and not self.year_fits(year_col, p["year"]):
            year_col = None
        if "year" in p and year_col:
            self.add(self.spans[i].start, year_col, "eq", p["year"], i)
        if "month" in p and month_col:
            self.add(self.spans[i].start, month_col, "eq", p["month"], i)
        if "day" in p and self.part_column("day"):
            self.add(self.spans[i].start, self.part_column("day") or "", "eq", p["day"], i)
        if ("year" in p and year_col) or ("month" in p and month_col):
            self.used.add(i)  # a year with no column to hold it is not used: coverage asks about it

    def _col_number(self) -> None:
        """`year 2008`, `Jahr 2008`, `4 cylinders`: an integer category and a number."""
        for i, span in enumerate(self.spans):
            if i in self.used or span.kind != "col" or len(span.payload) != 1:
                continue
            col = span.payload[0]
            if col in self.index.text_numbers:  # "added_in 3.0": a version column written as text
                restated = self.kind(i + 2, "col") and self.spans[i + 2].payload == span.payload  # "boat 13 (boat)"
                if self.kind(i + 1, "num") and self.close(i, i + 1) and (restated or not self.kind(i + 2, "col")):
                    self.add(span.start, col, "eq", self.spans[i + 1].payload, i, i + 1, *([i + 2] if restated else []))
                continue
            if col in self.index.identifiers and col not in self.index.categorical:
                self._identifier_number(i, col)
                continue
            if col not in self.index.categorical or col not in self.index.numeric:
                continue
            known = self.index.num_values.get(col, set())
            nxt, prev = i + 1, i - 1
            if self.kind(nxt, "num") and self.close(i, nxt) and _holds(known, self.spans[nxt].payload):
                values, members, k = [self.spans[nxt].payload], [i, nxt], nxt + 1
                while (
                    self.kw(k, "and", "or")
                    and self.kind(k + 1, "num")
                    and self.close(k, k + 1)
                    and _holds(known, self.spans[k + 1].payload)
                    and not self.kind(k + 2, "col")
                ):  # "instruments 4 and 5", "Instrument 4 oder 5": the values of one column
                    values.append(self.spans[k + 1].payload)
                    members += [k, k + 1]
                    k += 2
                if len(values) == 1:
                    self.add(span.start, col, "eq", values[0], *members)
                else:
                    self.add(span.start, col, "in", values, *members)
            elif (
                self.kind(prev, "num")
                and self.close(prev, i)
                and not self.kw(i - 2, "top", "bottom")
                and _holds(known, self.spans[prev].payload)
                and not self.all_groups(prev)
            ):  # "4 cylinders" (a value of the column), not "the 3 years with ..." (a count of groups)
                self.add(span.start, col, "eq", self.spans[prev].payload, prev, i)

    def _identifier_number(self, i: int, col: str) -> None:
        """'port 443', 'unter Port 1024', 'uid 33': a whole-number column of many values (ports,
        ids) named just before a whole number in its range: that value, or the bound an operator
        word just before the column gives ("below port 1024")."""
        nxt = i + 1
        if not self.kind(nxt, "num") or nxt in self.used or self.q[self.spans[i].end : self.spans[nxt].start].strip():
            return  # the number right after the column's word ("port 443"), never "numeric code 392"
        value = self.spans[nxt].payload
        lo, hi = self.index.ranges.get(col, (0.0, -1.0))
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            return
        if self.kind(nxt + 1, "col") and self.close(nxt, nxt + 1):
            return  # "port 2 services": the number counts something else
        others = [k for k, sp in enumerate(self.spans) if sp.kind == "col" and k != i]
        if not others and re.search(r"\bwhich\b|\bwelche[nmrs]?\b|哪", self.q):
            return  # "Which country has numeric code 392?": a row asked for with no column to show
        op, members = "eq", [i, nxt]
        for name in OPS:
            if self.kw(i - 1, name) and self.close(i - 1, i) and i - 1 not in self.used:
                op, members = name.split(":")[1], [i - 1, i, nxt]
                break
        self.add(self.spans[members[0]].start, col, op, value, *members)

    def all_groups(self, i: int) -> str | None:
        """'the two instruments', '两台仪器', 'die beiden Gruppen': a number in words (or after
        "the") that is the count of a column's values names all of them, not the value 2."""
        if not (self.kind(i, "num") and self.kind(i + 1, "col") and self.close(i, i + 1)):
            return None
        span, cols = self.spans[i], self.spans[i + 1].payload
        if len(cols) != 1 or self.index.nunique.get(cols[0]) != span.payload:
            return None
        worded = not re.fullmatch(r"[\d.,]+", span.text)
        article = re.search(r"(?:\bthe|\bdie|\bden|\bder|\bbeiden|这|那)\s*$", self.q[: span.start])
        return cols[0] if worded or article else None

    def _col_of_number(self) -> None:
        """'a terminal waiting time (ttme) of 0', 'ein Wert von 3': a numeric column, "of", a
        number among its values: that value."""
        for i, span in enumerate(self.spans):
            if i in self.used or span.kind != "col" or len(span.payload) != 1:
                continue
            col, k = span.payload[0], i + 2
            if col not in self.index.numeric or not (self.kw(i + 1, "in") and self.spans[i + 1].text in ("of", "von")):
                continue
            if not (self.kind(k, "num") and self.close(i, i + 1) and self.close(i + 1, k)):
                continue
            low, high = self.index.ranges.get(col, (1.0, 0.0))
            value = self.spans[k].payload
            if isinstance(value, int | float) and low <= value <= high and not self.kind(k + 1, "col"):
                self.add(span.start, col, "eq", value, i, i + 1, k)

    def _values(self) -> None:
        i = 0
        while i < len(self.spans):
            span = self.spans[i]
            if i in self.used or span.kind != "val":
                i += 1
                continue
            column = self._value_column(i)
            column = self._kept_by_negation(i, column)
            values, members, j = [self._pick(span, column)], [i], i + 1
            while self.kw(j, "and", "or", "to") and self.kind(j + 1, "val"):
                nxt = self.spans[j + 1]
                if column not in {c for c, _ in nxt.payload}:
                    break
                values.append(self._pick(nxt, column))
                members += [j, j + 1]
                j += 2
            k = i - 1
            while self.kw(k, "in", "op:eq") and self.close(k, k + 1):
                k -= 1
            negated = self.kw(k, "not") and self.close(k, k + 1)
            if negated:
                members += list(range(k, i))
            ranged = len(values) == 2 and column in self.index.periods and self.kw(i + 1, "to")
            ranged = ranged and self.spans[i + 1].text not in ("and", "und", "和", ",", "、")
            if ranged and not negated:  # "from 1980Q1 to 1982Q4": every period between, not the two ends
                self.add(span.start, column, "between", sorted(str(v) for v in values), *members)
            elif len(values) == 1:
                self.add(span.start, column, "ne" if negated else "eq", values[0], *members)
            else:
                self.add(span.start, column, "not_in" if negated else "in", values, *members)
            before = i - 1
            while self.kw(before, "in", "op:eq") and self.close(before, before + 1):
                before -= 1
            for k in (before, j):  # "island Dream", "island is Dream", "Dream island" name the column too
                if (
                    self.kind(k, "col")
                    and column in self.spans[k].payload
                    and (self.close(k, k + 1) if k == before else self.close(j - 1, k))
                ):
                    self.used.add(k)
            i = j

    def _negated_at(self, i: int) -> bool:
        k = i - 1
        while self.kw(k, "in", "op:eq") and self.close(k, k + 1):
            k -= 1
        return self.kw(k, "not") and self.close(k, k + 1)

    def _kept_by_negation(self, i: int, column: str) -> str:
        """'the highest uid except nobody' where "nobody" is a user and a full name in the same row:
        one reading for "is", two for "is not" when one column has empty cells (a row with no full
        name is no nobody, yet a "not" on that column drops it). The column with every cell filled
        keeps every other row; with none such, ask."""
        cols = sorted({c for c, _ in self.spans[i].payload})
        if len(cols) < 2 or not self.index.has_missing.get(column, False) or not self._negated_at(i):
            return column
        full = [c for c in cols if not self.index.has_missing.get(c, False)]
        if len(full) == 1:
            return full[0]
        span = self.spans[i]
        raise Clarify("ambiguous_value", [f"{c} = {span.text}" for c in cols], word=span.text)

    def _value_column(self, i: int) -> str:
        span = self.spans[i]
        cols = sorted({c for c, _ in span.payload})
        if len(cols) == 1:
            return cols[0]
        before = i - 1
        while self.kw(before, "in", "op:eq") and self.close(before, before + 1):
            before -= 1  # "language 为 de", "language is de": the column named before the link word
        for k in dict.fromkeys((before, i - 1, i + 1) if before < i - 1 else (i - 1, i + 1)):
            if self.kind(k, "col"):
                named = [c for c in cols if c in self.spans[k].payload]
                if len(named) == 1:
                    return named[0]
        if span.text.lower() in self.index.same_rows:
            # "Jessie" as codename and as series selects the same rows either way: one reading, and the
            # question goes on to what it really leaves open; the column spelling it as written, else a label
            exact = [c for c, v in span.payload if str(v) == (self.question or "")[span.start : span.end]]
            # a label column (a value per row) first: the row it names is then known to be one
            named = [c for c in exact if c in self.index.labels]
            return (named or exact or [c for c in cols if c in self.index.labels] or cols)[0]
        raise Clarify("ambiguous_value", [f"{c} = {span.text}" for c in cols], word=span.text)

    @staticmethod
    def _pick(span: Span, column: str) -> Any:
        return next(v for c, v in span.payload if c == column)


def item_count(index: ColumnIndex, column: str) -> bool:
    """A whole-number column counting items a row lists (`alias_count`, `n_extensions`,
    `num_children`): never negative, named with a count word."""
    name = column.lower()
    counting = "count" in index.col_tokens.get(column, set()) or name.startswith(("n_", "num_", "number_of_"))
    low = index.ranges.get(column, (-1.0, 0.0))[0]  # never "Sample Number" (a row's number, not a count)
    return column in index.numeric and low >= 0 and counting


def counted_items(index: ColumnIndex, column: str) -> str | None:
    """The item-count column of a text column listing items (`aliases` → `alias_count`,
    `extensions` → `extension_count`): the one count column whose other word is the text
    column's name, singular or plural."""
    if column in index.numeric:
        return None
    low = column.lower()
    stems = {low, low[:-1] if low.endswith("s") else low, low[:-2] if low.endswith("es") else low}
    found = [
        c for c in index.columns if c != column and item_count(index, c) and (index.col_tokens.get(c, set()) & stems)
    ]
    return found[0] if len(found) == 1 else None


def _holds(known: set[float], value: Any) -> bool:
    """The column has this value (or its values are not known)."""
    try:
        return not known or float(value) in known
    except (TypeError, ValueError):
        return False


def _zh_contained(token: str) -> str | None:
    """Chinese writes no space after the searched text: "含有json的lexer有多少个" searches "json",
    and "模块里有多少个lexer" (里有 = "has inside") searches nothing, it asks a count."""
    if not re.search(r"[\u4e00-\u9fff]", token):
        return token
    if re.match(r"[A-Za-z0-9_*./+-]", token):
        return re.match(r"[^\u4e00-\u9fff？?，,。]+", token).group(0)  # type: ignore[union-attr]
    if re.match(r"多少|几|什么|哪", token):
        return None
    head = re.split(r"的|[？?，,。]", token)[0]
    return head or None
