"""Which analysis a question asks for, once its mentions are sorted out."""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING, Any

from datapulse.agents.planner.bindings import reading_value
from datapulse.agents.planner.filters import counted_items, item_count
from datapulse.agents.planner.intent import SQL_AGG, Choice, Clarify, Intent, note_choice
from datapulse.agents.planner.lexicon import CJK_COUNTERS
from datapulse.agents.planner.scan import Span

if TYPE_CHECKING:
    from datapulse.agents.planner.rules import RuleParser

NUMERIC_AGGS = ("mean", "sum", "median", "std")


def _cols(p: RuleParser, spans: list[Span]) -> list[str]:
    out: list[str] = []
    for s in spans:
        col = p.finder.column(s)
        if col not in out:
            out.append(col)
    return out


def _numeric(p: RuleParser, spans: list[Span], items: bool = True) -> list[str]:
    """Numeric columns among the mentions; a mention that could be two numeric columns is unclear.
    A text column listing items stands for their count column (`items`), never when rows are counted."""
    out: list[str] = []
    for s in spans:
        nums = [c for c in s.payload if c in p.index.numeric]
        if items and not nums and len(s.payload) == 1 and (listed := counted_items(p.index, s.payload[0])):
            nums = [listed]  # "the most extensions", "mean extensions per category": how many a row lists
        if len(nums) > 1:
            raise Clarify("ambiguous_column", nums, word=s.text)
        if nums and nums[0] not in out:
            out.append(nums[0])
    return out


def _need_measure(p: RuleParser, spans: list[Span], word: str = "") -> list[str]:
    nums = _numeric(p, spans)
    if not nums:
        named = [s.text for s in spans]
        raise Clarify("no_measure", sorted(p.index.numeric), word=named[0] if named else word)
    return nums


def _agg_word(p: RuleParser) -> str:
    for _i, s in p.free("kw"):
        if any(k.startswith("agg:") for k in s.payload):
            return p.word_after(s)
    return ""


UNSUPPORTED_TEST = re.compile(
    r"\banova\b|varianzanalyse|方差分析|\bkruskal|chi[- ]?(?:square|quadrat)|chi2|卡方|\bwilcoxon|\bshapiro|"
    r"\bkolmogorov|\bf[- ]test\b|\blevene\b"
)


_HOW_BIG = ("wie groß", "how big", "how large", "有多大")


def decide(
    p: RuleParser,
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
    idx = p.index

    def make(kind: str, **kw: Any) -> Intent:
        intent = Intent(**{**base.to_context(), "kind": kind, **kw})
        if (
            kind == "aggregate"
            and len(intent.group_by) == 1
            and intent.agg not in (None, "count", "nunique")
            and intent.n is None
            and idx.nunique.get(intent.group_by[0]) == idx.rows
            and re.search(_ACROSS, p.question.lower())
        ):
            intent.group_by = []  # "the average poverty rate across the states": one row per state, one figure
        fixed = {f["column"] for f in intent.filters if f["op"] == "eq"} & set(intent.group_by)
        if kind == "aggregate" and fixed:  # grouped by a column also held to one value: which grouping?
            raise Clarify("unknown_column", sorted(idx.categorical), word=sorted(fixed)[0])
        if kind == "aggregate" and intent.group_by and len(intent.measures) > 1:
            # "平均TVnews by educ (educ)": the grouping column is not also a measure
            intent.measures = [m for m in intent.measures if m not in intent.group_by] or intent.measures
        return intent

    if (test := UNSUPPORTED_TEST.search(p.question.lower())) is not None:
        # "the one-way ANOVA p-value": a test the tools do not run is said so, never swapped for another
        cats = [c for c in idx.columns if c in idx.categorical]
        raise Clarify("unsupported_test", cats or list(idx.columns), word=test.group(0), slot="reading")
    if "missing" in kws:
        from datapulse.agents.planner.ranked import ranked_missing

        cols = _cols(p, mentions) or list(idx.columns)
        ranked = None if base.filters else ranked_missing(p.question, p.lang, p.table, cols, set(aggs) | kws)
        return ranked or make("missing", measures=_cols(p, mentions))
    if "duplicates" in kws:
        return make("duplicates", measures=_cols(p, mentions))
    if "correlation" in kws:
        method = "spearman" if "spearman" in kws else "pearson"
        nums = _numeric(p, mentions) + [c for c in order + sup_cols if c not in mentions]
        from datapulse.agents.planner.ranked import partner_of

        partner = partner_of(p, nums, method, "which" in kws or p.saw_which) if not base.filters else None
        return partner or make("correlation", measures=nums[:2], extra={"method": method}, n=n)
    if "outliers" in kws:
        method = "zscore" if "zscore" in kws else "iqr"
        return make("outliers", measures=_need_measure(p, mentions)[:1], extra={"method": method})
    if not groups:
        from datapulse.agents.planner.groupdiff import difference_of_groups

        diff = difference_of_groups(p, make, _numeric(p, mentions), aggs)
        if diff is not None:
            return diff
        from datapulse.agents.planner.groupdiff import value_range

        spread = value_range(p, make, _numeric(p, mentions), aggs)
        if spread is not None:
            return spread
    from datapulse.agents.planner.groupdiff import once_per_entity

    once = once_per_entity(p, make, groups, _numeric(p, mentions), aggs)
    if once is not None:
        return once
    from datapulse.agents.planner.asof import value_in_effect

    asked = _numeric(p, mentions) + [g for g in groups if g in idx.numeric]  # "what was TAI_UTC": a value
    held = value_in_effect(p, make, list(dict.fromkeys(asked)), aggs)
    if held is not None:
        return held
    if "compare" in kws:
        return _compare(p, make, groups, mentions)
    if "pivot" in kws:
        cats = groups + [c for c in _cols(p, mentions) if c in idx.categorical and c not in groups]
        if len(cats) < 2:
            raise Clarify("pivot_needs_two", sorted(idx.categorical))
        nums = [c for c in _numeric(p, mentions) if c not in cats]
        agg = next((a for a in aggs if a != "count"), None) or ("mean" if nums else "count")
        if agg == "mean" and not aggs:
            _note_default_agg(p, nums[:1])
        return make("pivot", group_by=cats[:2], measures=nums[:1], agg=agg)
    if "share" in kws:
        from datapulse.agents.planner.change import change_between

        changed = change_between(p, make, groups, mentions, aggs, freq)  # "percent change from A to B"
        if changed is not None:
            return changed
        shared = _share(p, make, base, groups, mentions)
        if n is not None and p.n_explicit and shared.kind == "share" and "value" not in shared.extra:
            shared.n = n  # "the 3 councils with the largest share": the first three
            shared.extra["sort"] = direction or shared.extra.get("sort") or "desc"
        return shared
    if "distribution" in kws and "std" not in aggs:  # "how spread out (standard deviation)?": the one number
        cols = groups + _cols(p, mentions) + sup_cols
        if not cols:
            raise Clarify("no_column", idx.columns, word="")
        return make("distribution", measures=cols[:1])
    if n is not None and p.n_explicit and "trend" not in kws and not groups:
        freq = None  # "the 3 biggest daily returns": the rows, not a daily trend
    extreme = [a for a in aggs if a in ("min", "max")]
    adjective = any(
        sp.kind == "freq" and not re.match(r"(per|by|each|every|pro|nach|je|für|每|按|各)", sp.text) for sp in p.spans
    )  # "the lowest yearly value", not "the minimum per year"
    if freq and adjective and extreme and "trend" not in kws and not groups and _numeric(p, mentions):
        # "the lowest yearly net generation": the lowest row, or the lowest of the yearly totals?
        nums = _numeric(p, mentions)[:1]
        rows = make("aggregate", measures=nums, agg=extreme[0])
        date = p.finder.date_column()
        readings = [rows]
        if date is not None:
            readings.append(make("trend", measures=nums, agg="sum", extra={"date_column": date, "freq": freq}))
        labels = [f"{extreme[0]} {nums[0]}", f"sum {nums[0]} per {freq}"][: len(readings)]
        raise Clarify("two_readings", labels, word=nums[0], values=[reading_value(r) for r in readings])
    from datapulse.agents.planner.change import change_between

    changed = change_between(p, make, groups, mentions, aggs, freq)
    if changed is not None:
        return changed
    first = _first_crossing(p, make, groups, aggs)
    if first is not None:
        return first
    ranked = _period_rank(p, make, groups, n, direction, sup_cols, mentions, aggs)
    if ranked is not None:
        return ranked
    trend = _trend(p, make, kws, groups, mentions, aggs, freq)
    if isinstance(trend, Intent):
        return trend
    groups = trend
    if "describe" in kws:
        return make("describe", measures=_cols(p, mentions) + [g for g in groups if g not in mentions])
    if "which" in kws and aggs == ["max"] and n is None and _most_rows(p):
        cols = groups + [c for c in _cols(p, mentions) if c not in groups]
        if len(cols) == 1:  # "Which year has the most rules?": the year most rows have, not the largest year
            return make("aggregate", measures=[], agg="count", group_by=cols, sort="desc", n=1)
    if "mode" in kws:
        cols = groups + [c for c in _cols(p, mentions) if c in idx.categorical]
        if not cols:  # "the most common TLD" over a text column of many values: its most frequent one
            cols = [
                c for c in _cols(p, mentions) if c not in idx.numeric and c not in idx.dates and c not in idx.labels
            ]
            cols = cols if len(cols) == 1 else []
        if not cols:
            raise Clarify("no_column", sorted(idx.categorical), word="")
        if n is None:  # "the two most common classes": two
            free = [s.payload for i, s in p.free("num") if isinstance(s.payload, int) and 0 < s.payload <= 100]
            if free:
                n = free[0]
                p.used.update(i for i, s in p.free("num") if s.payload == n)
        return make("distinct", measures=cols[:1], n=n or 1)
    schema_words = {"columns", "types"} & kws
    if base.filters:  # "Wie viele Typen haben keine Dateiendung?": rows that are types, not the table's schema
        schema_words = set()
    if schema_words and not (set(aggs) - {"count"}) and not groups and not ({"distinct", "values"} & kws and mentions):
        return make("schema")
    stat_of_values = "distinct" not in kws and set(aggs) & {"mean", "median", "sum", "std"} and _numeric(p, mentions)
    if ({"distinct", "values"} & kws) and (mentions or groups) and not stat_of_values:  # "median of the X values"
        counted = [c for c in _cols(p, mentions) if c not in groups]
        if groups and counted and "count" in aggs:  # "how many distinct names per year"
            return make("aggregate", measures=counted[:1], agg="nunique", group_by=groups)
        col = (groups + _cols(p, mentions))[0]
        said = _distinct_of(p)
        if not groups and said is not None and said in _cols(p, mentions):
            col = said  # "别名对应多少个不同的codec": the column right after "distinct", not the first one named
        if n is not None and "count" in aggs:
            return make("distinct", measures=[col], n=n)  # "top 3 educ values by number of respondents"
        if n is not None and col in idx.numeric and not groups:
            return make("top_n", measures=[col], n=n, sort=direction or "desc")  # "top 5 population values"
        return make("distinct", measures=[col])
    if n is not None:
        return _top(p, make, kws, groups, order, n, direction, sup_cols, mentions, aggs)
    if "size" in kws and set(aggs) - {"count"} and _numeric(p, mentions):
        how_big = [(i, s) for i, s in p.free("kw") if "size" in s.payload and s.text in _HOW_BIG]
        if how_big:  # "Wie groß ist die Standardabweichung von X?": how big the figure is, not the table's size
            p.used.update(i for i, _s in how_big)
            kws = kws - {"size"}
    if "size" in kws and set(aggs) - {"count"}:
        raise Clarify(
            "no_measure", sorted(idx.numeric), word=next(s.text for _i, s in p.free("kw") if "size" in s.payload)
        )
    if "size" in kws or ("rows" in kws and not groups and not mentions and not (set(aggs) - {"count"})):
        return make("count")
    extremes = [a for a in aggs if a in ("max", "min")]
    if extremes and aggs == extremes[:1] and not groups and asks_when(p):
        # "when was UNRATE highest", "the lowest month for X": the time of the extreme row, not its value
        dates = sorted(idx.dates)
        nums = [c for c in _numeric(p, mentions) if c not in dates]
        if (
            not mentions and p.previous is not None and p.following
        ):  # "and the lowest month in that year?": the same measure
            nums = [c for c in p.previous.measures if c in idx.numeric and c not in dates]
        if len(dates) != 1 or len(nums) != 1:
            raise Clarify("unclear", dates or idx.columns, word=_when_word(p))
        sort = "desc" if extremes[0] == "max" else "asc"
        return make("top_n", measures=nums, n=1, sort=sort, extra={"label": dates[0]})
    if extremes and aggs == extremes[:1] and not groups and _which_row(p):
        nums = _numeric(p, mentions)  # "which storm had the highest wind": the storm, not the wind
        label = _which_column(p) or p.row_label or label_column(idx, p.table)
        nums = [c for c in nums if c != label]
        if len(nums) == 1:
            sort = "desc" if extremes[0] == "max" else "asc"
            return make("top_n", measures=nums, n=1, sort=sort, extra={"label": label})
    if extremes and aggs == extremes[:1] and not groups:
        pair = _value_at_extreme(p, mentions, extremes[0])
        if pair is not None:  # "what does the person with the highest pulse weigh": Weight of that row
            column, other = pair
            sort = "desc" if extremes[0] == "max" else "asc"
            return make("top_n", measures=[column], n=1, sort=sort, extra={"label": other, "columns": [other]})
    if aggs:
        return _aggregate(p, make, kws, groups, order, mentions, aggs)
    dated = _first_or_last_date(p, make, kws, n, mentions) if not aggs else None
    if dated is not None:
        return dated
    _rank_needs_measure(p, kws, n, mentions, aggs)
    if groups:
        if "which" in kws and not mentions:
            return make("distinct", measures=groups[:1])
        nums = _numeric(p, mentions)
        if len(nums) == 1 and _counted_in_plural(p, mentions, nums[0]):
            # "accidents by yr_con" over a column `accident` of counts: the total per group, or the mean?
            readings = [make("aggregate", measures=nums, agg=a, group_by=groups) for a in ("sum", "mean")]
            raise Clarify(
                "two_readings",
                [f"sum {nums[0]} by {groups[0]}", f"mean {nums[0]} by {groups[0]}"],
                word=nums[0],
                values=[reading_value(r) for r in readings],
            )
        if nums:
            _note_default_agg(p, nums)
            return make("aggregate", measures=nums, agg="mean", group_by=groups, extra={"default_agg": True})
        return make("aggregate", agg="count", group_by=groups)
    if "show" in kws or "which" in kws:
        cats = [c for c in _cols(p, mentions) if c in idx.categorical]
        if cats and not base.filters:
            return make("distinct", measures=cats[:1])
        if base.filters:
            return make("filter", measures=_cols(p, mentions))
    if base.filters and not mentions:
        return make("filter")
    if mentions:
        cols = _cols(p, mentions)
        return make("describe", measures=cols)
    raise Clarify("unclear", idx.columns, word="")


_ACROSS = r"\bacross\b|\bover (?:all|the)\b|\büber (?:alle|die)\b|^各|各.{0,3}的平均"
_WHICH = (
    "which",
    "welche",
    "welcher",
    "welches",
    "welchem",
    "welchen",
    "哪",
    "哪个",
    "哪一个",
    "哪一",
    "哪些",
) + tuple(f"哪{c}" for c in CJK_COUNTERS)  # "哪台", "哪辆", "哪家": which, with the classifier of the thing asked for


_WHEN = re.compile(r"^\s*(?:(?:and|und)\s+)?(?:when|wann)\b|什么时候|何时|哪一?天|哪一?个?时候")


def _when_word(p: RuleParser) -> str:
    m = _WHEN.search(p.question.lower()) or _ROW_PERIOD.search(p.question.lower())
    return m.group(0).strip() if m else ""


def asks_when(p: RuleParser) -> bool:
    """The question asks for a moment: a leading "when"/"wann", "什么时候", or a period word
    that names the rows of periodic data ("the lowest month" over monthly rows)."""
    low = p.question.lower()
    if _WHEN.search(low):
        return True
    steps = set().union(*p.index.date_steps.values()) if p.index.date_steps else set()
    return any(PERIOD_WORDS.get(m.group(0)) in steps for m in _ROW_PERIOD.finditer(low))


def _which_row(p: RuleParser) -> bool:
    """The question asks for a row ("which storm ..."), not a value ("what is the highest ...")."""
    return any(s.kind == "kw" and s.text in _WHICH for s in p.spans)


def _which_column(p: RuleParser) -> str | None:
    """'which year had the highest gas price': the column right after 'which'."""
    for i, s in enumerate(p.spans):
        if s.kind == "kw" and s.text in _WHICH and p.finder.kind(i + 1, "col") and p.finder.close(i, i + 1):
            cols = p.spans[i + 1].payload
            return cols[0] if len(cols) == 1 else None
    return None


def _value_at_extreme(p: RuleParser, mentions: list[Span], extreme: str) -> tuple[str, str] | None:
    """(ranked column, asked column) when a question names two numeric columns and the
    extreme word stands right beside one of them ("the highest pulse", "脉搏最高"): the
    other column's value in that row is asked for."""
    nums = _numeric(p, mentions)
    if len(nums) != 2:
        return None
    if any(_rows_in_plural(p, s) for s in mentions):
        return None  # "the smallest reduction among the physical-treatment patients": the rows, not a value
    for i, s in p.free("kw"):
        if f"agg:{extreme}" not in s.payload:
            continue
        order = (i + 1, i - 1)
        if re.match(r"[\u3400-\u9fff]", s.text) and i > 0 and not p.finder.gap(i - 1, i).strip():
            order = (i - 1, i + 1)  # "收入最高的家庭食品支出": Chinese puts the ranked column first
        for k in order:
            if p.finder.kind(k, "col") and p.finder.close(min(i, k), max(i, k)):
                cols = [c for c in p.spans[k].payload if c in nums]
                if len(cols) == 1:
                    p.used.add(i)
                    return cols[0], next(c for c in nums if c != cols[0])
    return None


def _rows_in_plural(p: RuleParser, span: Span) -> bool:
    """A column numbering the rows (`patient` 1..n) named in the plural ("patients",
    "Patienten"): the rows themselves, not a value of theirs."""
    if len(span.payload) != 1 or next(iter(span.payload)) not in p.index.row_numbers:
        return False
    word, name = span.text.lower(), next(iter(span.payload)).lower()
    return word != name and word.startswith(name[:4]) and word.endswith(("s", "en", "n"))


def label_column(index: Any, table: str = "") -> str | None:
    """The column that names a row (name, title, model, id), if the table has one; the row
    itself is in the answer's table either way."""
    text = [c for c in index.columns if c not in index.numeric and c not in index.dates]
    for word in ("name", "title", "model", "label", "id"):
        named = [c for c in text if word in c.lower().replace("_", " ").split()]
        if named:
            return named[0]
    labels = sorted(getattr(index, "labels", ()))
    if len(labels) > 1 and table:
        own = [c for c in labels if _names_table(c, table)]
        if len(own) == 1:
            return own[0]  # `TZ` of time_zones: "which time zone" is answered with its TZ, not its country
    return labels[0] if len(labels) == 1 else None  # one text column with a value per row names the rows


def _names_table(column: str, table: str) -> bool:
    """The column is the table's own noun: `zone` of zones, or its initials (`TZ` of time_zones)."""
    from datapulse.agents.planner.columns import tokens_of
    from datapulse.agents.planner.coverage import row_nouns
    from datapulse.agents.planner.words import ROW_NOUNS

    toks = tokens_of(table)
    low = column.lower()
    if len(toks) > 1 and low == "".join(t[0] for t in toks):
        return True
    return low in row_nouns(table) - set(ROW_NOUNS)


_TIME_PARTS = ("year", "quarter", "month", "week", "day", "yr")


def _how_many_amount(p: RuleParser, total: bool = False) -> bool:
    """'how many miles': the count word is followed by a numeric, non-categorical column
    (not by a word for the rows themselves: "how many wines"); with a word for the total
    ("how many executions in total") any numeric column that is not a 0/1 flag."""
    from datapulse.agents.planner.coverage import entity_words

    rows = entity_words(p.index, p.table)
    for i, s in enumerate(p.spans):
        if s.kind == "kw" and "agg:count" in s.payload and p.finder.kind(i + 1, "col") and p.finder.close(i, i + 1):
            named = p.spans[i + 1].text in p.index.columns  # "cancer cases" over a table named cancer
            if p.spans[i + 1].text in rows and not (total and named):
                return False
            cols = p.spans[i + 1].payload
            if total:
                return all(c in p.index.numeric and _not_a_flag(p.index, c) for c in cols)
            return all(
                c in p.index.numeric and (c not in p.index.categorical or _holds_counts(p.index, c)) for c in cols
            )
    return False


def _holds_counts(index: Any, column: str) -> bool:
    """A whole-number column named by a plural noun ("changes", "messages", "glyphs"): each
    row's count of those things, so "how many changes" asks for an amount of them, never
    for how many different counts there are."""
    name = column.lower()
    if not re.fullmatch(r"[a-z]{3,}s", name) or re.search(r"(?:ss|us|is|ous)$", name):
        return False
    values = index.num_values.get(column)
    return _not_a_flag(index, column) and (values is None or all(float(v).is_integer() for v in values))


def _not_a_flag(index: Any, column: str) -> bool:
    """More than two values; where the index kept no count of them, a column that is not categorical."""
    k = index.nunique.get(column)
    return k > 2 if k is not None else column not in index.categorical


def _flag_on(column: str) -> dict[str, Any]:
    return {"column": column, "op": "eq", "value": 1}


def base_filters(make: Any) -> list[Any]:
    return list(make("x").filters)


_ASKS_TEST = re.compile(r"p[- ]?(?:values?|werte?)\b|p\s*值|signifikan|significan|显著|检验|\bt[- ]?tests?\b|\bwelch")


def _compare(p: RuleParser, make: Any, groups: list[str], mentions: list[Span]) -> Intent:
    """The comparison of two groups; "is it significant", "the p-value" report the test first."""
    intent = _compare_groups(p, make, groups, mentions)
    if intent.kind == "compare" and _ASKS_TEST.search(p.question.lower()):
        intent.extra = {**intent.extra, "p_value": True}
    return intent


def _compare_groups(p: RuleParser, make: Any, groups: list[str], mentions: list[Span]) -> Intent:
    pairs = {c for c, k in p.index.nunique.items() if k == 2}
    nums = [c for c in _need_measure(p, mentions) if c not in groups and c not in pairs]
    if not nums:
        raise Clarify("no_measure", sorted(p.index.numeric), word="")
    filters = list(make("x").filters)
    by_col: dict[str, list[Any]] = {}
    for f in filters:
        if f["op"] == "eq":
            by_col.setdefault(f["column"], []).append(f["value"])
        elif f["op"] == "in":
            by_col.setdefault(f["column"], []).extend(f["value"])
    pair = next(((c, v) for c, v in by_col.items() if len(v) == 2), None)
    other = [a for a in p.agg_words() if a not in ("mean", "count")]
    if pair and other:  # "compare the median INCOME of OWNRENT 1 and OWNRENT 0": the medians side by side
        col, values = pair
        rest = [f for f in filters if f["column"] != col] + [{"column": col, "op": "in", "value": values}]
        return make("aggregate", measures=nums[:1], agg=other[0], group_by=[col], filters=rest)
    if pair:
        col, values = pair
        rest = [f for f in filters if f["column"] != col]
        return make("compare", measures=nums[:1], group_by=[col], filters=rest, extra={"groups": values})
    if groups and other:
        return make("aggregate", measures=nums, agg=other[0], group_by=groups)
    if groups:
        if p.index.nunique.get(groups[0]) == 2:
            return make("compare", measures=nums[:1], group_by=groups[:1], extra={"groups": []})
        return make("aggregate", measures=nums, agg="mean", group_by=groups, extra={"default_agg": True})
    two = [c for c, k in p.index.nunique.items() if k == 2]
    named = [c for c in _cols(p, mentions) if c in two and c not in nums]
    if len(named) == 1:  # "between southern and non-southern states": the two groups of SOUTH
        return make("compare", measures=nums[:1], group_by=named, extra={"groups": []})
    raise Clarify("compare_needs_groups", two or sorted(p.index.categorical))


_OP_SIGN = {"eq": "=", "ne": "≠", "gt": ">", "ge": "≥", "lt": "<", "le": "≤"}


_PART_VERB = re.compile(r"\b(?:are|is|were|was|have|has|had|sind|ist|waren|war|haben|hat|hatten)\b|是|属于")


def _share(p: RuleParser, make: Any, base: Intent, groups: list[str], mentions: list[Span]) -> Intent:
    idx = p.index
    nums = [c for c in _numeric(p, mentions) if c not in groups]
    cats = groups + [
        c
        for c in _cols(p, mentions)
        if c in idx.categorical and c not in groups and c not in nums and not (c in idx.labels and base.filters)
    ]  # "what percentage of the bacteria are ...": the label column names the rows
    filters, extra = list(base.filters), {}
    from datapulse.agents.planner.shares import flag_share

    if (flagged := flag_share(p, filters, cats, groups, nums)) is not None:  # "share of mammals with teeth"
        return make("percent", filters=flagged[0], extra={"where": flagged[1]})
    subset = _subset_filters(p, filters)
    if subset is not None and not groups and not nums:  # "among samples with X, what share has Y"
        return make("percent", filters=subset, extra={"where": [f for f in filters if f not in subset]})
    conditions = [f for f in filters if f["op"] not in ("eq", "in")]
    bounded = {f["column"] for f in conditions}  # "contain iron (Iron > 0)": iron is the bound's own column
    if (
        not groups and conditions and not [c for c in nums if c not in bounded]
    ):  # "what percentage of days (states) had more than 20 mm"
        rest = [f for f in filters if f not in conditions]
        return make("percent", filters=rest, extra={"where": conditions})
    if groups and not nums:
        anchor = next((sp.start for sp in p.spans if sp.kind == "kw" and "share" in sp.payload), None)
        split = next((sp.start for sp in p.spans if sp.kind == "kw" and "group" in sp.payload), None)
        named = [
            f
            for pos, f in p.finder.found
            if f in filters
            and f["column"] not in groups
            and anchor is not None
            and split is not None
            and anchor < pos
            and (pos < split or split < anchor)  # "For each PID, what percent have vote = 1?"
        ]
        bounds = [f for f in filters if f["column"] not in groups and f["op"] in ("gt", "ge", "lt", "le", "between")]
        named += [f for f in bounds if f not in named and not _AMONG_ANY.search(p.question.lower())]
        if named:  # "percentage of pared = 1 in each apply category", "每个 prog 中 read 超过60分的学生占该项目的
            # 百分比": the share within each group (each group's rows its whole), never the groups' split
            rest = [f for f in filters if f not in named]
            return make("percent", filters=rest, group_by=groups[:1], extra={"where": named})
    flag = nums[0] if len(nums) == 1 and idx.num_values.get(nums[0]) == {0.0, 1.0} else None
    if flag and not groups and cats and all(c in idx.labels for c in cats):
        # "what percent of the states are in the south (SOUTH)": the rows with the 0/1 flag set
        return make("percent", filters=filters, extra={"where": [{"column": flag, "op": "eq", "value": 1}]})
    anchor = next((sp.start for sp in p.spans if sp.kind == "kw" and "share" in sp.payload), None)
    said = sorted((pos, i) for pos, f in p.finder.found for i, g in enumerate(filters) if g is f)
    if not groups and not nums and anchor is not None and len(said) == 2 == len(filters) and anchor < said[0][0]:
        whole, part = filters[said[0][1]], filters[said[1][1]]
        verb = _PART_VERB.search(p.question.lower()[said[0][0] : said[1][0]])
        if verb and whole["op"] == part["op"] == "eq" and whole["column"] != part["column"]:
            # "percentage of individual languages (scope I) are extinct (type E)": the rows said first
            # are the whole, the ones said after the verb its part (never the part's split of the first)
            return make("percent", filters=[whole], extra={"where": [part]})
    same = [f for f in filters if f["op"] == "eq" and cats and f["column"] == cats[0]]
    if not groups and len(cats) == 1 and len(same) == 1:
        # "what share of students are 'very likely' to apply": the value's share of its own column
        filters.remove(same[0])
        extra["value"] = same[0]["value"]
    if not cats and not groups and not filters and len(nums) == 1 and idx.num_values.get(nums[0]) == {0.0, 1.0}:
        # "what % of babies have low birth weight (lbweight)": the rows with the 0/1 flag set
        return make("percent", extra={"where": [{"column": nums[0], "op": "eq", "value": 1}]})
    if not cats:
        anchor = next((sp.start for sp in p.spans if sp.kind == "kw" and "share" in sp.payload), 0)
        eqs = [(abs(pos - anchor), f) for pos, f in p.finder.found if f["op"] == "eq" and f in filters]
        focus = min(eqs, key=lambda item: item[0])[1] if eqs else None  # the value named next to "share"
        if focus is None:
            raise Clarify("no_column", sorted(idx.categorical), word="")
        cats = [focus["column"]]
        filters.remove(focus)
        extra["value"] = focus["value"]
        nums = [c for c in nums if c != focus["column"]]  # "TVnews = 7": the share of rows, not of TVnews
    ranks = [a for a in p.agg_words() if a in ("min", "max")] + [
        "min" if sp.payload[1] == "min" else "max" for _i, sp in p.free("sup")
    ]
    if "value" not in extra and ranks:  # "which weather has the lowest share": the shares, smallest first
        extra["sort"] = "asc" if ranks[0] == "min" else "desc"
    if "value" in extra and re.search(r"\b(all|aller|allen|alle)\b|全部|所有", p.question.lower()):
        extra["of_all"] = True  # "of all airports": rows with no state count in the total
    elif "value" in extra and not nums and any(s.kind == "kw" and "rows" in s.payload for s in p.spans):
        extra["of_all"] = True  # "Anteil der Zeilen mit status X": of the rows, also those with no status
    return make("share", group_by=cats[:1], measures=nums[:1], filters=filters, extra=extra)


PERIOD_WORDS = {
    "year": "year", "years": "year", "month": "month", "months": "month", "day": "day", "days": "day",
    "week": "week", "weeks": "week", "quarter": "quarter", "quarters": "quarter", "jahr": "year", "jahre": "year",
    "jahren": "year", "jahres": "year", "monat": "month", "monate": "month", "monaten": "month", "monats": "month",
    "tag": "day", "tage": "day", "tagen": "day", "woche": "week", "wochen": "week", "quartal": "quarter",
    "quartale": "quarter", "quartalen": "quarter", "quartals": "quarter", "年": "year", "年份": "year",
    "月": "month", "月份": "month", "天": "day", "周": "week", "季度": "quarter",
}  # fmt: skip
_PERIOD = "|".join(sorted(PERIOD_WORDS, key=len, reverse=True))
_ROW_PERIOD = re.compile(rf"(?<![a-zäöüß])(?:{_PERIOD})(?![a-zäöüß])")
_WHICH_PERIOD = re.compile(
    rf"(?:\bwhich|\bwhat|\bwelche[mnrs]?|哪一?个?)\s*(?P<w>{_PERIOD})(?![a-zäöüß])"
    rf"|(?:\btop|\bthe|\bdie|\bden|\bder)\s+(?P<n>\d+|[a-zäöü]+)\s+(?:[a-zäöüß]+\s+)?(?P<w2>{_PERIOD})(?![a-zäöüß])"
)


_CLOCK_NAMES = {"time", "times", "t", "zeit", "timestamp", "ms", "msec", "seconds", "secs", "elapsed"}
_FIRST = re.compile(r"\b(?:first|zum ersten mal|erstmals|erstmalig)\b|第一次|首次")
_BOUNDS = ("gt", "ge", "lt", "le")


def _first_crossing(p: RuleParser, make: Any, groups: list[str], aggs: list[str]) -> Intent | None:
    """'the first quarter the wpi exceeded 50', 'In welchem Jahr lag CO2 zum ersten Mal über
    350', 'co2第一次超过350是哪一年': the earliest moment among the rows past the bound (in
    time order, never ranked by the measure); in a coarser period than the rows, the first
    such period."""
    m = _FIRST.search(p.question.lower())
    bounds = [f for f in base_filters(make) if f["op"] in _BOUNDS and f["column"] in p.index.numeric]
    if m is None or not bounds or groups or aggs:
        return None
    idx = p.index
    date = p.finder.date_column() if idx.dates else None
    axis = date or (next(iter(idx.periods)) if len(idx.periods) == 1 else None) or p.finder.part_column("year")
    clock = [c for c in idx.numeric if c.lower() in _CLOCK_NAMES and c not in {f["column"] for f in bounds}]
    if axis is None and len(clock) == 1:
        axis = clock[0]  # "When does accel first drop below -100?" over a column of times (ms): the earliest
    if axis is None:
        return None
    words = [PERIOD_WORDS[w.group(0)] for w in _ROW_PERIOD.finditer(p.question.lower())]
    freq = words[0] if words else None
    for i, s in enumerate(p.spans):  # the word "first" and the period word (a column's own word) are used
        if s.kind == "kw" and m.start() <= s.start < m.end():
            p.used.add(i)
        if s.kind == "col" and freq is not None and axis in s.payload and i not in p.used:
            p.used.add(i)
    p.spans.append(Span(m.start(), m.end(), "label", None, m.group(0), 1))
    measure = bounds[0]["column"]
    if date is not None and freq is not None and freq != idx.spacing.get(date) and freq not in ("day",):
        # "in which year" over monthly rows: the first year holding such a row
        return make("trend", measures=[], agg="count", n=1, extra={"date_column": date, "freq": freq})
    return make("top_n", measures=[axis], n=1, sort="asc", extra={"label": axis, "columns": [axis, measure]})


def _period_rank(
    p: RuleParser,
    make: Any,
    groups: list[str],
    n: int | None,
    direction: str | None,
    sup_cols: list[str],
    mentions: list[Span],
    aggs: list[str],
) -> Intent | None:
    """'which month had the highest X', 'the 3 years with the highest total X' over a date
    column: the periods ranked by the measure (rows, when each period holds one row)."""
    from datapulse.agents.planner.lexicon import NUMBER_WORDS

    m = _WHICH_PERIOD.search(p.question.lower())
    if m is None or groups:
        return None  # asked which date column only when a period is ranked ("which month ...")
    date = p.finder.date_column() if p.index.dates else None
    if date is None:
        return None
    freq = PERIOD_WORDS[m.group("w") or m.group("w2")]
    own = date.lower() == freq and freq not in p.index.date_steps.get(date, set())
    if p.finder.part_column(freq) is not None or own:
        return None  # a column of its own ("year"): grouped by it as by any column
    extremes = [a for a in aggs if a in ("min", "max")]
    if direction is None and not extremes:
        return None
    sort = direction or ("desc" if extremes[0] == "max" else "asc")
    if m.group("n"):
        count = int(m.group("n")) if m.group("n").isdigit() else NUMBER_WORDS.get(m.group("n"))
        if count is None:
            return None
        n = count
    nums = [c for c in sup_cols + _numeric(p, mentions) if c != date]
    if not nums:
        return None
    start, end = m.span("w") if m.group("w") else m.span("w2")
    p.spans.append(Span(start, end, "label", None, m.group("w") or m.group("w2"), 1))  # the period word: used
    for i, sp in enumerate(p.spans):
        if sp.kind == "col" and date in sp.payload and i not in p.used:
            p.used.add(i)
        if sp.kind == "num" and sp.payload == n and m.start() <= sp.start < m.end():
            p.used.add(i)
    agg = next((a for a in aggs if a not in ("min", "max")), None)
    if freq in p.index.date_steps.get(date, set()) and agg is None:  # one row per month: the rows themselves
        # "哪个季度的投资最高": the period is the answer, the first column of the rows shown
        extra = {"columns": [date, nums[0]]}
        return make("top_n", measures=nums[:1], n=n or 1, sort=sort, extra=extra)
    if agg is None:
        readings = [
            make("trend", measures=nums[:1], agg=a, n=n or 1, sort=sort, extra={"date_column": date, "freq": freq})
            for a in ("mean", "sum")
        ]
        raise Clarify(
            "two_readings",
            [f"mean {nums[0]} per {freq}", f"sum {nums[0]} per {freq}"],
            word=nums[0],
            values=[reading_value(r) for r in readings],
        )
    return make("trend", measures=nums[:1], agg=agg, n=n or 1, sort=sort, extra={"date_column": date, "freq": freq})


_AMONG_ANY = re.compile(r"\b(?:among|amongst|of those|of the rows|unter den|unter allen|davon)\b|其中|在这些")
_AMONG = re.compile(r"\b(?:among|amongst|unter den|unter allen|bei den)\b")
_WITH = re.compile(r"\b(?:with|having|mit)\b")
_VERB = re.compile(r"\b(?:has|have|had|is|are|was|were|hat|haben|hatten|ist|sind|war|waren)\b")


def _subset_filters(p: RuleParser, filters: list[dict[str, Any]]) -> list[dict[str, Any]] | None:
    """The filters that say which rows the share is taken of ("among samples with X, what share
    has Y", "the share of samples with X that have Y", "X的样本中，Y的比例"), when the question
    marks them off from the condition counted; None when it does not."""
    text = p.question.lower()
    anchor = next((sp.start for sp in p.spans if sp.kind == "kw" and "share" in sp.payload), None)
    if anchor is None or len(filters) < 2:
        return None
    spans: list[tuple[int, int]] = []
    for m in _AMONG.finditer(text):
        end = re.search(r"[,;，]|\bwhat\b|\bwelche[rsn]?\b", text[m.end() :])
        spans.append((m.end(), m.end() + end.start() if end else len(text)))
    for m in _WITH.finditer(text, anchor):
        verb = _VERB.search(text, m.end())
        if verb:
            spans.append((m.end(), verb.start()))
    zh = re.search(r"(?:中|里|当中)[，,]", text)
    if zh and zh.start() < anchor:
        start = max(text.rfind(c, 0, zh.start()) for c in "，,。；") + 1
        spans.append((start, zh.start()))
    if not spans:
        return None
    inside = [f for pos, f in p.finder.found if f in filters and any(a <= pos < b for a, b in spans)]
    if not inside or len(inside) == len(filters):
        return None
    return inside


_PERIOD_NOUN = (
    ("year", r"years?|jahre?s?|jahren|年份|年度|年"),
    ("quarter", r"quarters?|quartale?s?|季度"),
    ("month", r"months?|monate?s?|月份|月"),
    ("week", r"weeks?|wochen?|周|星期"),
    ("decade", r"decades?|jahrzehnte?s?|年代"),
)


def _period_named_with(p: RuleParser, date: str) -> str | None:
    """'per release year', 'nach Veröffentlichungsjahr', '按发布年份': a date column named with a
    period noun right after it groups by that period of its dates (not by the day)."""
    low = p.question.lower()
    for s in p.spans:
        if s.kind != "col" or date not in s.payload:
            continue
        for step, words in _PERIOD_NOUN:
            after = re.match(rf"[\s\-]?(?:{words})(?![a-zäöüß])", low[s.end :])
            if after or re.search(rf"(?:[\s\-]|(?<=[a-zäöüß\u4e00-\u9fff]))(?:{words})$", low[s.start : s.end]):
                return step
    return None


def _trend(
    p: RuleParser, make: Any, kws: set[str], groups: list[str], mentions: list[Span], aggs: list[str], freq: str | None
) -> Intent | list[str]:
    """A trend intent, or the groups (a 'by month' that names a month column groups by it)."""
    idx = p.index
    date_groups = [g for g in groups if g in idx.dates]
    if freq and "trend" not in kws:
        same = [c for c in idx.columns if c.lower() == freq and c in idx.categorical]
        if same:
            return groups + [same[0]] if same[0] not in groups else groups
    if not (freq or date_groups or "trend" in kws):
        return groups
    date = date_groups[0] if date_groups else p.finder.date_column()
    if date is None:
        year = p.finder.part_column("year")
        if freq in _YEARS_IN and year is not None and not make("x").filters:
            return _years_bucketed(p, year, freq, _numeric(p, [s for s in mentions if year not in s.payload]), aggs)
        if "trend" in kws and year is not None:  # a trend over an integer year column: the figure per year
            nums = _numeric(p, [s for s in mentions if year not in s.payload])
            agg = next((a for a in aggs), None) or ("mean" if nums else "count")
            return make("aggregate", measures=nums[:1] if agg != "count" else [], agg=agg, group_by=[year])
        if "trend" in kws:
            raise Clarify("no_date", p.index.columns)
        if freq and not date_groups and not groups:
            periods = sorted(idx.periods)
            if len(periods) == 1 and idx.periods[periods[0]] == freq and _numeric(p, mentions):
                nums = _numeric(p, mentions)  # "per quarter" over rows named "1974Q1": the rows' own periods
                agg = next((a for a in aggs), None) or "mean"
                return make("aggregate", measures=nums[:1], agg=agg, group_by=periods)
            raise Clarify("no_date", p.index.columns)  # "per year" with no time column: never dropped
        return groups
    nums = _numeric(p, [s for s in mentions if date not in s.payload])
    steps = idx.date_steps.get(date) or set()
    if not nums and not aggs and ("values" in kws or (freq in steps and not date_groups)):
        nums = _only_measure(idx)  # "monthly values in 2008" over monthly rows of one measure: its values
    agg = next((a for a in aggs), None) or ("mean" if nums else "count")
    if agg in NUMERIC_AGGS and not nums:
        raise Clarify("no_measure", sorted(idx.numeric), word=_agg_word(p))
    other = [g for g in groups if g != date]
    if other:
        raise Clarify("trend_with_groups", other)
    step = freq or ("day" if date_groups else "month")
    if not freq and date_groups:
        step = _period_named_with(p, date) or step  # "per release year", "按发布年份": the year of that date
    panel = any(f["op"] == "eq" and f["column"] in idx.categorical for f in make("x").filters)
    if not aggs and nums and "trend" not in kws and steps and step not in steps and not panel:
        # "wounds per year" over monthly rows: the year's total or the months' average?
        readings = [
            make("trend", measures=nums[:1], agg=a, extra={"date_column": date, "freq": step}) for a in ("sum", "mean")
        ]
        raise Clarify(
            "two_readings",
            [f"sum {nums[0]} per {step}", f"mean {nums[0]} per {step}"],
            word=nums[0],
            values=[reading_value(r) for r in readings],
        )
    change = _change_word(p)
    if change and not freq and any(f["op"] == "between" for f in make("x").filters):
        # "PAYEMS 从2010年1月到2016年1月的变化": the change from the first to the last, or the path between?
        raise Clarify("unclear", [f"trend of {nums[0] if nums else agg}", "change from start to end"], word=change)
    if step == "month" and _months_of_the_year(p, date, agg, date_groups):
        step = "month_of_year"
    return make("trend", measures=nums[:1], agg=agg, extra={"date_column": date, "freq": step})


def _months_of_the_year(p: RuleParser, date: str, agg: str, date_groups: list[str]) -> bool:
    """'Anzahl der Einträge je Monat' over dated events of several years with at most one row in
    any calendar month: counted per calendar month every count is 1, so the months are the
    months of the year (January of every year together)."""
    idx = p.index
    return (
        agg == "count"
        and not date_groups
        and date not in idx.spacing
        and "month" in (idx.date_steps.get(date) or set())
        and len(idx.date_years.get(date) or ()) > 1
        and not any(f["column"] == date for _pos, f in p.finder.found)
    )


_YEARS_IN = {"decade": 10, "century": 100}
_SQL_AGG = {**SQL_AGG, "count": "count"}


def _years_bucketed(p: RuleParser, year: str, freq: str, nums: list[str], aggs: list[str]) -> Intent:
    """'mean volume per decade' over a whole-number year column: the decade keyed by its first
    year (1870 for 1870-1879), one read-only SQL query whose leading comment is its reading."""
    agg = next((a for a in aggs if a in _SQL_AGG), None) or ("mean" if nums else "count")
    if agg != "count" and len(nums) != 1:
        raise Clarify("no_measure", sorted(p.index.numeric), word=freq)
    years = _YEARS_IN[freq]

    def q(name: str) -> str:
        return '"' + name.replace('"', '""') + '"'

    value = "count(*)" if agg == "count" else f"{_SQL_AGG[agg]}({q(nums[0])})"
    name = "count" if agg == "count" else f"{agg}_{nums[0]}"
    from datapulse.agents.reading import AGG, FREQ

    words = FREQ.get(p.lang, FREQ["en"])
    what = {"en": "rows", "de": "Zeilen", "zh": "行数"}.get(p.lang, "rows") if agg == "count" else nums[0]
    text = {
        "en": "{agg} of {what} per {f} of {y} (each {f} by its first year)",
        "de": "{agg} von {what} pro {f} von {y} (jedes {f} mit seinem ersten Jahr)",
        "zh": "按{y}的{f}统计 {what} 的{agg}（每个{f}以其第一年表示）",
    }.get(p.lang, "{agg} of {what} per {f} of {y} (each {f} by its first year)")
    agg_word = AGG.get(p.lang, AGG["en"]).get(agg, agg)
    reading = re.sub(r"\*/|/\*", "", text.format(agg=agg_word, what=what, f=words.get(freq, freq), y=year))
    bucket = f"CAST(floor({q(year)} / {years}) * {years} AS INTEGER)"
    sql = (
        f"/* {reading} */ SELECT {bucket} AS {q(freq)}, {value} AS {q(name)} FROM {q(p.table)} "
        f"WHERE {q(year)} IS NOT NULL GROUP BY 1 ORDER BY 1"
    )
    return Intent(kind="sql", table=p.table, measures=nums[:1], group_by=[year], extra={"sql": sql})


def _change_word(p: RuleParser) -> str:
    """The word that made a trend, when it is a word for a change ("变化", "change")."""
    from datapulse.agents.planner.wide import CHANGE_WORDS

    for _i, s in p.free("kw"):
        if "trend" in s.payload and CHANGE_WORDS.fullmatch(s.text):
            return s.text
    return ""


def _only_measure(idx: Any) -> list[str]:
    """The table's one measure: its only numeric column that is no time part or identifier."""
    nums = [c for c in idx.columns if c in idx.numeric and c not in idx.identifiers and c.lower() not in _TIME_PARTS]
    return nums if len(nums) == 1 else []


def _top(
    p: RuleParser,
    make: Any,
    kws: set[str],
    groups: list[str],
    order: list[str],
    n: int,
    direction: str | None,
    sup_cols: list[str],
    mentions: list[Span],
    aggs: list[str],
) -> Intent:
    sort = direction or "desc"
    nums = sup_cols + order + [c for c in _numeric(p, mentions) if c not in sup_cols + order]
    if groups and sup_cols and not p.n_explicit and "which" not in kws:
        # "heaviest body mass per sex": the extreme of each group, every group
        extreme = "max" if sort == "desc" else "min"
        return make("aggregate", measures=nums[:1], agg=extreme, group_by=groups)
    if groups:
        agg = next((a for a in aggs if a not in ("max", "min")), None)
        if agg is None:
            agg = ("max" if sort == "desc" else "min") if sup_cols else ("mean" if nums else "count")
        if agg in NUMERIC_AGGS + ("min", "max") and not nums:
            raise Clarify("no_measure", sorted(p.index.numeric), word=_agg_word(p))
        if agg == "count" and not p.n_explicit and all(p.index.nunique.get(g) == p.index.rows for g in groups):
            # "Welche Council Area ist am größten?": one row per area, so every count is 1; largest by what?
            raise Clarify("which_measure", sorted(p.index.numeric), word=_rank_word(p), slot="column")
        return make("aggregate", measures=nums[:1] if agg != "count" else [], agg=agg, group_by=groups, sort=sort, n=n)
    if not nums:
        raise Clarify("no_measure", sorted(p.index.numeric), word=_agg_word(p))
    extra: dict[str, Any] = {}
    other = [c for c in _numeric(p, mentions) if c not in sup_cols + order]
    if n == 1 and sup_cols and not p.n_explicit and len(other) == 1 and len(nums) == 2 and "which" not in kws:
        # "how long did the oldest patient survive": the survival of the oldest row
        return make("top_n", measures=sup_cols[:1], n=1, sort=sort, extra={"label": other[0], "columns": other})
    if p.row_label:  # "top 3 committees by staff": each row named, beside its figure
        extra = {"label": p.row_label, "columns": [p.row_label, nums[0]]}
    elif n == 1 and _which_row(p):  # "which airport is northernmost"
        extra = {"label": label_column(p.index, p.table)}
    elif n > 1 and (label := label_column(p.index, p.table)) and _names_the_rows(p):
        extra = {"label": label, "columns": [label, nums[0]]}  # "top 5 airports by altitude": named rows
    return make("top_n", measures=nums[:1], n=n, sort=sort, extra=extra)


def _rank_word(p: RuleParser) -> str:
    """The word that asked for an order ("best", "am größten", "最大")."""
    for s in p.spans:
        if s.kind == "kw" and ({"top", "bottom", "agg:max", "agg:min"} & s.payload):
            return s.text
    return ""


def _rank_needs_measure(p: RuleParser, kws: set[str], n: int | None, mentions: list[Span], aggs: list[str]) -> None:
    """'what's the best council area?': a word that ranks ("best", "top") with nothing to rank
    by is not a list of the areas; ask by which column."""
    if n is None and not aggs and ({"top", "bottom"} & kws) and not _numeric(p, mentions):
        word = next((s.text for _i, s in p.free("kw") if {"top", "bottom"} & s.payload), "")
        raise Clarify("which_measure", sorted(p.index.numeric), word=word, slot="column")


_FIRST_LAST = re.compile(r"first|last|erste\w*|letzte\w*")


def _first_or_last_date(p: RuleParser, make: Any, kws: set[str], n: int | None, mentions: list[Span]) -> Intent | None:
    """'what is the last DATE in the data', 'das erste Datum': the latest (earliest) date itself."""
    dates = [c for c in _cols(p, mentions) if c in p.index.dates]
    if n is not None or len(dates) != 1 or len(mentions) != 1 or not ({"top", "bottom"} & kws):
        return None
    for i, s in p.free("kw"):
        if {"top", "bottom"} & s.payload and _FIRST_LAST.fullmatch(s.text):
            p.used.add(i)
            last = s.text.startswith(("last", "letzt"))
            return make("top_n", measures=dates, n=1, sort="desc" if last else "asc", extra={"label": dates[0]})
    return None


def _counted_in_plural(p: RuleParser, mentions: list[Span], column: str) -> bool:
    """The question calls a column of counts (never below 0) by its plural: "accidents" for
    `accident` names events added up, where an unnamed aggregation is not plainly the mean."""
    low = column.lower()
    if p.index.ranges.get(column, (-1.0, 0.0))[0] < 0:
        return False
    return any(column in s.payload and s.text.lower() in (low + "s", low + "es") for s in mentions)


_TRUE_TEXTS = ("true", "yes", "ja", "y", "t", "1", "是")
_FALSE_TEXTS = ("false", "no", "nein", "n", "f", "0", "否")


def _true_value(index: Any, column: str) -> Any:
    """The value that says "yes" in a column of two yes/no values (True/False, "yes"/"no"), else None."""
    pairs = _values_of(index, column)
    if index.nunique.get(column) != 2 or len(pairs) != 2:
        return None
    texts = {str(v).strip().lower(): v for _c, v in pairs}
    yes = [t for t in texts if t in _TRUE_TEXTS]
    no = [t for t in texts if t in _FALSE_TEXTS]
    return texts[yes[0]] if len(yes) == 1 and len(no) == 1 else None


def _note_counted(p: RuleParser, kws: set[str], span: Span) -> None:
    """'how many X' read as the number of X's distinct values: the rows themselves ("how many
    animals" where most rows are one animal, "how many quarters" over quarterly rows) and the rows
    where a yes/no column says yes ("wie viele giftige Tiere (venomous)") are readings of the same
    words, dropped silently; recorded so that they are run and asked about when they differ."""
    if "distinct" in kws or len(span.payload) != 1:
        return  # "how many distinct X": the values, said so
    column = span.payload[0]
    idx = p.index
    yes = _true_value(idx, column)
    if yes is None and not (
        column.lower() in _TIME_PARTS or column in idx.periods or 2 * idx.nunique.get(column, 0) >= idx.rows
    ):
        return

    def rows(final: Intent) -> Intent | None:
        if final.kind != "distinct" or final.measures != [column] or final.group_by:
            return None  # a later pass read the question otherwise
        flag = [{"column": column, "op": "eq", "value": yes}] if yes is not None else []
        return Intent(
            kind="aggregate", table=final.table, filters=[*final.filters, *flag], logic=final.logic, agg="count"
        )

    note_choice(Choice("reading", span.text, "distinct", ["rows where yes" if yes is not None else "rows"], [rows]))


_RATE_WORDS = re.compile(r"rate|quote|ratio|anteil|share|percent|prozent|率|比例|比重|占比")


def _note_default_agg(p: RuleParser, nums: list[str]) -> None:
    """A measure per group with no aggregation named is read as the mean: the total is the other
    reading (not where the question says a rate, "Überlebensrate nach Geschlecht": rates only
    average; a trend of a measure is its mean per period, as the bank reads it). Where each group
    is one row the two agree and the answer stands."""
    if not nums or p.agg_words() or _RATE_WORDS.search(p.question.lower()) or _RATE_WORDS.search(nums[0].lower()):
        return
    if nums[0] in {d["name"] for d in p.derived}:
        return  # a ratio or a difference computed for each row: averaged, never added up

    def total(final: Intent) -> Intent | None:
        if final.agg != "mean" or final.measures[:1] != nums[:1] or final.extra.get("aggs"):
            return None  # a later pass read the question otherwise
        return dataclasses.replace(final, agg="sum", extra={k: v for k, v in final.extra.items() if k != "default_agg"})

    note_choice(Choice("reading", nums[0], "mean", ["sum"], [total]))


def _said_of_rows(p: RuleParser, kws: set[str], span: Span) -> None:
    """'其中有多少婴儿的母亲吸烟': of the rows before, how many have a smoking mother -- a
    condition on `msmoke` with no value said, not the number of its distinct values (the rows'
    own noun stands between the count and the column). Asked back: which value?"""
    if "distinct" in kws or len(span.payload) != 1 or not p._refers_back(kws):
        return
    count = next((s for s in p.spans if s.kind == "kw" and "agg:count" in s.payload and s.end <= span.start), None)
    if count is None:
        return
    gap = p.question.lower()[count.end : span.start]
    if not re.search(r"[\u3400-\u9fff]{2}|[a-zäöüß]{3}", gap):
        return
    column = span.payload[0]
    values = sorted((str(v) for c, v in _values_of(p.index, column)), key=str)[:12]
    raise Clarify(
        "which_value", values, word=span.text, column=column, slot="value", values=[f"{column} = {v}" for v in values]
    )


def _values_of(index: Any, column: str) -> list[tuple[str, Any]]:
    return [pair for pairs in index.values.values() for pair in pairs if pair[0] == column]


# a superlative said of a bare number, figure or value ("the biggest number", "die höchste Zahl",
# "数字最大"), never "the biggest number of X" / "die höchste Zahl an X" (a count)
_A_NUMBER = re.compile(
    r"\b(?:biggest|largest|highest|greatest|smallest|lowest|top)\s+(?:number|figure|value)\b(?!\s+of\b)"
    r"|\b(?:größte|höchste|kleinste|niedrigste)[nr]?\s+(?:zahl|nummer|wert)\b(?!\s+(?:an|der|von)\b)"
    r"|(?:数字|数值)(?:最大|最高|最小|最低)|(?:最大|最高|最小|最低)的(?:数字|数值)"
)
_MOST_ROWS = (
    re.compile(r"\bmost ([a-z]+)"),
    re.compile(r"\b(?:meisten|häufigsten) ([a-zäöüß]+)"),
)
_MOST_ZH = re.compile(r"([\u4e00-\u9fff]{1,4}?)(?:的)?(?:数量|数目|数)?最多")


def _most_rows(p: RuleParser) -> bool:
    """'the most rules', 'die meisten Regeln', '规则最多': the most is said of the rows themselves
    (the table's own noun, a word for rows, people in a table of people), so it counts them."""
    from datapulse.agents.planner.coverage import entity_words, glossed
    from datapulse.agents.planner.linking import german_word

    own = entity_words(p.index, p.table)
    low = p.question.lower()
    for pattern in _MOST_ROWS:
        for m in pattern.finditer(low):
            w = m.group(1)
            if w in own or glossed(w, own) or any(e in own for e in german_word(w) if " " not in e):
                return True
    for m in _MOST_ZH.finditer(low):
        run = m.group(1)
        if any(glossed(run[-k:], own) for k in (2, 3) if len(run) >= k):  # 的规则最多: 规则
            return True
    return False


def _names_the_rows(p: RuleParser) -> bool:
    """The question calls its rows by the table's own noun ("airports" in a table of airports)."""
    from datapulse.agents.planner.coverage import row_nouns
    from datapulse.agents.planner.words import ROW_NOUNS

    own = row_nouns(p.table) - set(ROW_NOUNS)
    low = p.question.lower()
    words = set(re.findall(r"[a-zäöüß]+", low))
    if words & own:
        return True
    from datapulse.agents.planner.coverage import glossed
    from datapulse.agents.planner.linking import segment

    runs = re.findall(r"[\u3400-\u9fff]+", low)
    return any(len(w) > 1 and glossed(w, own) for run in runs for w in segment(run))  # 机场: airports


def _distinct_of(p: RuleParser) -> str | None:
    """The one column said right after a word for "distinct" ("不同的codec", "distinct codecs")."""
    low = p.question.lower()
    for a, b in zip(p.spans, p.spans[1:], strict=False):
        if a.kind == "kw" and "distinct" in a.payload and b.kind == "col" and len(b.payload) == 1:
            if re.fullmatch(r"[\s的]*", low[a.end : b.start]):
                return str(b.payload[0])
    return None


def _aggregate(
    p: RuleParser, make: Any, kws: set[str], groups: list[str], order: list[str], mentions: list[Span], aggs: list[str]
) -> Intent:
    idx = p.index
    if "count" in aggs and set(aggs) <= {"count", "sum"} and not _numeric(p, mentions):
        aggs = ["count"]  # "the total number of penguins", "insgesamt", "总共有多少"
    extremes = [a for a in aggs if a in ("max", "min")]
    others = [a for a in aggs if a not in ("max", "min")]
    sort, limit = None, None
    which = _which_column(p) if extremes and others and not groups and "which" in kws else None
    if which is not None and any(which in s.payload for s in mentions):
        # "哪个 subject 的 y 总和最大": the subjects ranked by their total, never a sum of the subject ids
        groups = [which]
        mentions = [s for s in mentions if which not in s.payload]
    if groups and extremes and (others or "which" in kws):
        sort = "desc" if extremes[0] == "max" else "asc"
        limit = 1 if "which" in kws else None
        agg = others[0] if others else None
        nums = _numeric(p, mentions)
        if agg is None:
            if nums and p.index.nunique.get(groups[0]) == p.index.rows:
                agg = extremes[0]  # one row per group: "which year had the highest unemployment"
            elif nums:
                g = groups[0]
                readings = [
                    make("aggregate", measures=nums, agg=a, group_by=groups, sort=sort, n=limit)
                    for a in ("mean", extremes[0])
                ]
                raise Clarify(
                    "two_readings",
                    [f"mean {nums[0]} by {g}", f"{extremes[0]} {nums[0]} by {g}"],
                    word=nums[0],
                    values=[reading_value(r) for r in readings],
                )
            elif all(p.index.nunique.get(g) == p.index.rows for g in groups):
                # "Welche Council Area ist am größten?": one row per area, every count 1; largest by what?
                raise Clarify("which_measure", sorted(p.index.numeric), word=_rank_word(p), slot="column")
            elif p.index.numeric and (said := _A_NUMBER.search(p.question.lower())) is not None:
                # "Which service has the biggest number?", "数字最大": a number the rows hold (which column?),
                # not how many rows a service has ("the biggest number of entries" says so)
                raise Clarify("which_measure", sorted(p.index.numeric), word=said.group(0), slot="column")
            else:
                agg = "count"
        measures = [] if agg == "count" and not nums else nums
        return make("aggregate", measures=measures, agg=agg, group_by=groups, sort=sort, n=limit)
    agg = aggs[0]
    derived = {d["name"] for d in p.derived}
    measured = _numeric(p, mentions) if agg == "count" else []
    if agg == "count" and measured and set(measured) <= derived and not (set(aggs) - {"count"}):
        # "变化了多少", "how much is X minus Y": a computed value is asked for, never counted
        return make("aggregate", measures=measured, agg="mean", group_by=groups)
    if agg == "count" and (not groups or "mean" in aggs) and _how_many_amount(p, total="sum" in aggs):
        if "mean" in aggs:  # "how many changes does an entry list on average (per urgency)": their mean
            return make("aggregate", measures=_numeric(p, mentions)[:1], agg="mean", group_by=groups)
        else:
            agg = "sum"  # "how many miles were driven": the total of miles, not a count
            aggs = ["sum", *[a for a in aggs if a not in ("count", "sum")]]
    if agg == "count":
        filtered = {f["column"] for f in base_filters(make)}  # "how many eight-cylinder (Cylinders = 8)": rows
        cats = [  # "how many years" over a date column named year: its distinct values
            s
            for s in mentions
            if all(c in idx.categorical or c in idx.dates for c in s.payload) and not set(s.payload) & filtered
        ]
        nums = _numeric(p, [s for s in mentions if s not in cats], items=False)
        periods = [c for c in _cols(p, cats) if c.lower() in _TIME_PARTS]
        flag = _cols(p, cats)[0] if len(cats) == 1 and len(cats[0].payload) == 1 else None
        if (
            flag
            and flag not in groups
            and not nums
            and idx.num_values.get(flag) == {0.0, 1.0}
            and not kws & {"distinct"}
        ):
            # "and how many of them smoked?", "survivors per class": the rows where the 0/1 flag holds, not its values
            flt = [*base_filters(make), _flag_on(flag)]
            return make("aggregate", measures=[], agg="count", filters=flt, group_by=groups)
        listed = mentions[0].payload[0] if len(mentions) == 1 and len(mentions[0].payload) == 1 else None
        items = counted_items(idx, listed) if listed and not groups and not nums and "distinct" not in kws else None
        if items is None and listed and not groups and "distinct" not in kws and item_count(idx, listed):
            if not re.search(r"count|anzahl|number|zahl|数", mentions[0].text.lower()):
                items, listed = listed, None  # "Wie viele Aliase gibt es?" over `alias_count`: the aliases
        if items is not None:
            # "the total count of aliases" over `aliases` (a row's list) and `alias_count`: every alias
            # of every row, the sum of the counts (not the number of distinct lists)
            return make("aggregate", measures=[items], agg="sum", extra={"items_of": listed} if listed else {})
        pinned = any(f["op"] == "eq" and f["column"] in idx.labels for f in base_filters(make))
        amounts = [c for c in _cols(p, cats) if c in idx.numeric and c not in idx.dates]
        if pinned and not groups and not nums and len(amounts) == 1 and len(cats) == 1 and "distinct" not in kws:
            # "Wie viele Einwohner hat Fife?": one row named by its label; its figure, not a count of values
            return make("aggregate", measures=amounts, agg="sum")
        named = [s for s in mentions if len(s.payload) == 1 and s.payload[0] in idx.labels]
        if not groups and not nums and len(named) == 1 and len(mentions) == 1 and "distinct" not in kws:
            if idx.nunique.get(named[0].payload[0], idx.rows) < idx.rows:
                return make("aggregate", measures=[], agg="count")  # "how many animals": two frogs are two rows
        compound = (
            len(mentions) == 2
            and mentions[0] in cats
            and len(mentions[1].payload) == 1
            and mentions[1].payload[0] in idx.labels
            and idx.nunique.get(mentions[1].payload[0], idx.rows) == idx.rows  # one name per row
            and re.fullmatch(r"[\s\-]*", p.question.lower()[mentions[0].end : mentions[1].start]) is not None
        )
        if not groups and not nums and compound and "distinct" not in kws:
            # "how many codec aliases", "Codec-Aliase": the aliases (the rows' names), the codec only says which kind
            return make("distinct", measures=list(mentions[1].payload), extra={"count_only": True})
        named = [s for s in named if s not in cats]
        if not groups and not cats and not nums and len(named) == 1 and len(mentions) == 1:
            # "how many glyph names": the values of a column naming each row once, counted
            return make("distinct", measures=_cols(p, named), extra={"count_only": True})
        steps = set().union(*idx.date_steps.values()) if idx.date_steps else set()
        each = [c for c in periods if c.lower() in steps and "distinct" not in kws]  # quarterly rows: "how many
        if not groups and each and not nums and len(cats) == 1:  # quarters" counts them, not the values 1-4
            return make("aggregate", measures=[], agg="count", extra={"rows_are": each[0]})
        if not groups and cats and not nums and not (periods and base_filters(make) and "distinct" not in kws):
            _said_of_rows(p, kws, cats[0])
            _note_counted(p, kws, cats[0])
            return make("distinct", measures=_cols(p, cats)[:1], extra={"count_only": True})
        if not groups and periods and not nums:  # "how many quarters since 2008": the rows are quarters
            return make("aggregate", measures=[], agg="count", extra={"rows_are": periods[0]})
        return make("aggregate", measures=nums, agg="count", group_by=groups)
    nums = _numeric(p, mentions)
    if not nums:
        word = _agg_word(p)
        if mentions:
            raise Clarify("not_numeric", sorted(idx.numeric), word=mentions[0].text)
        raise Clarify("no_measure", sorted(idx.numeric), word=word)
    if len(aggs) > 1 and not groups and set(aggs) <= {"mean", "sum", "median", "std", "min", "max", "count"}:
        return make("aggregate", measures=nums, agg=agg, extra={"aggs": aggs})
    return make("aggregate", measures=nums, agg=agg, group_by=groups)


def clean_word(word: str) -> str:
    return re.sub(r"[^\w\-äöüß]", "", word)
