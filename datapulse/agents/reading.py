"""The reading of a question in words (SPEC 5, `interpretation`): what the plan computes,
named in the question's language, so that a user sees which constraints were used
before the number ("Read as: number of rows where cylinders = 4 and origin = Japan").

Built from the plan's tool calls, so the language-model planner's plans read the same.
"""

from __future__ import annotations

import re
from typing import Any

from datapulse.agents.report import fmt

W: dict[str, dict[str, str]] = {
    "en": {
        "head": "Read as: ", "rows": "number of rows", "and": " and ", "or": " or ", "where": " where ",
        "by": " by ", "of": "{agg} of {what}", "distinct_n": "number of distinct values of {col}",
        "top_rows": "the {n} rows with the {dir} {col}", "highest": "highest", "lowest": "lowest",
        "values": "the number of distinct values of {col}, each with its count",
        "common": "the {n} most common values of {col}",
        "filter": "the rows", "describe": "summary statistics of {cols}", "describe_all": "summary statistics",
        "missing": "missing values", "duplicates": "duplicate rows", "schema": "the columns and their types",
        "corr": "{method} correlation between {x} and {y}", "corr_top": "the strongest correlations",
        "corr_with": "the strongest correlations with {x}", "dist": "distribution of {col}",
        "trend": "{what} per {freq} of {date}", "outliers": "outliers of {col} ({method})",
        "compare": "mean {m} compared between the groups of {col} (Welch's t-test)",
        "share": "share of {what} by {col}", "share_value": "share of {value} in {what} by {col}",
        "total": "total {m}", "pivot": "{what} by {a} and {b}", "percent": "percentage of rows where {cond}",
        "sql": "the SQL query as written", "join": "{a} joined with {b} on {on}",
        "derive": "{name} computed for each row as {formula}", "showing": ", showing its {col}",
        "rank_desc": ", highest first", "rank_asc": ", lowest first", "limit": ", the first {n}",
        "kept": " ({f} kept from your previous question)", "between": "{c} between {a} and {b}",
        "contains": "{c} contains “{v}”", "startswith": "{c} starts with “{v}”", "endswith": "{c} ends with “{v}”",
        "has_item": "{c} lists {v}",
        "notnull": "{c} is filled in",
        "isnull": "{c} is missing", "in": "{c} is one of {v}", "not_in": "{c} is none of {v}",
        "year": "year of {c} = {v}", "month": "month of {c} = {v}", "months": "month of {c} from {a} to {b}",
        "end": ".",
    },
    "de": {
        "head": "Gelesen als: ", "rows": "Anzahl der Zeilen", "and": " und ", "or": " oder ", "where": " mit ",
        "by": " nach ", "of": "{agg} von {what}", "distinct_n": "Anzahl verschiedener Werte von {col}",
        "top_rows": "die {n} Zeilen mit dem {dir} Wert von {col}", "highest": "höchsten", "lowest": "niedrigsten",
        "values": "die Anzahl verschiedener Werte von {col}, jeder mit seiner Häufigkeit",
        "common": "die {n} häufigsten Werte von {col}",
        "filter": "die Zeilen", "describe": "Kennzahlen von {cols}", "describe_all": "Kennzahlen",
        "missing": "fehlende Werte", "duplicates": "doppelte Zeilen", "schema": "die Spalten und ihre Typen",
        "corr": "{method}-Korrelation zwischen {x} und {y}", "corr_top": "die stärksten Korrelationen",
        "corr_with": "die stärksten Korrelationen mit {x}", "dist": "Verteilung von {col}",
        "trend": "{what} pro {freq} von {date}", "outliers": "Ausreißer von {col} ({method})",
        "compare": "Mittelwert von {m} im Vergleich der Gruppen von {col} (Welch-t-Test)",
        "share": "Anteil an {what} nach {col}", "share_value": "Anteil von {value} an {what} nach {col}",
        "total": "Summe von {m}", "pivot": "{what} nach {a} und {b}", "percent": "Anteil der Zeilen mit {cond}",
        "sql": "die SQL-Abfrage wie geschrieben", "join": "{a} verknüpft mit {b} über {on}",
        "derive": "{name} für jede Zeile berechnet als {formula}", "showing": ", mit ihrem Wert von {col}",
        "rank_desc": ", höchste zuerst", "rank_asc": ", niedrigste zuerst", "limit": ", die ersten {n}",
        "kept": " ({f} aus Ihrer vorigen Frage übernommen)", "between": "{c} zwischen {a} und {b}",
        "contains": "{c} enthält „{v}“", "startswith": "{c} beginnt mit „{v}“", "endswith": "{c} endet auf „{v}“",
        "has_item": "{c} enthält {v} in der Liste",
        "notnull": "{c} ist ausgefüllt",
        "isnull": "{c} fehlt", "in": "{c} ist eines von {v}", "not_in": "{c} ist keines von {v}",
        "year": "Jahr von {c} = {v}", "month": "Monat von {c} = {v}", "months": "Monat von {c} von {a} bis {b}",
        "end": ".",
    },
    "zh": {
        "head": "理解为：", "rows": "行数", "and": "且", "or": "或", "where": "，条件为 ", "by": "，按 {g} 分组",
        "of": "{what}的{agg}", "distinct_n": "{col} 的不同值个数", "top_rows": "{col} {dir}的 {n} 行",
        "highest": "最高", "lowest": "最低", "values": "{col} 的不同值个数及各取值的次数",
        "common": "{col} 最常见的 {n} 个值",
        "filter": "符合条件的行", "describe": "{cols} 的描述统计", "describe_all": "描述统计",
        "missing": "缺失值", "duplicates": "重复行", "schema": "各列及其类型",
        "corr": "{x} 与 {y} 的 {method} 相关系数", "corr_top": "最强的相关性", "corr_with": "与 {x} 最强的相关性",
        "dist": "{col} 的分布", "trend": "按{freq}统计 {date} 上的{what}", "outliers": "{col} 的异常值（{method}）",
        "compare": "比较 {col} 各组的 {m} 平均值（Welch t 检验）", "share": "按 {col} 统计{what}的占比",
        "share_value": "{value} 在{what}中的占比（按 {col}）", "total": "{m} 总和", "pivot": "按 {a} 和 {b} 统计{what}",
        "percent": "满足 {cond} 的行所占百分比", "sql": "按原样执行的 SQL 查询", "join": "{a} 与 {b} 按 {on} 连接",
        "derive": "逐行计算 {name} = {formula}", "showing": "，显示其 {col}",
        "rank_desc": "，从高到低", "rank_asc": "，从低到高", "limit": "，取前 {n} 个",
        "kept": "（{f} 沿用上一个问题）", "between": "{c} 介于 {a} 和 {b} 之间", "contains": "{c} 包含“{v}”",
        "startswith": "{c} 以“{v}”开头", "endswith": "{c} 以“{v}”结尾", "has_item": "{c} 列出 {v}",
        "notnull": "{c} 有值", "isnull": "{c} 缺失",
        "in": "{c} 属于 {v}", "not_in": "{c} 不属于 {v}", "year": "{c} 的年份 = {v}", "month": "{c} 的月份 = {v}",
        "months": "{c} 的月份从 {a} 到 {b}", "end": "。",
    },
}  # fmt: skip

AGG = {
    "en": {"mean": "mean", "sum": "total", "median": "median", "min": "minimum", "max": "maximum",
           "std": "standard deviation", "count": "number", "nunique": "number of distinct values"},
    "de": {"mean": "Mittelwert", "sum": "Summe", "median": "Median", "min": "Minimum", "max": "Maximum",
           "std": "Standardabweichung", "count": "Anzahl", "nunique": "Anzahl verschiedener Werte"},
    "zh": {"mean": "平均值", "sum": "总和", "median": "中位数", "min": "最小值", "max": "最大值", "std": "标准差",
           "count": "数量", "nunique": "不同值个数"},
}  # fmt: skip
FREQ = {
    "en": {
        "day": "day",
        "week": "week",
        "month": "month",
        "quarter": "quarter",
        "year": "year",
        "month_of_year": "month of the year",
        "decade": "decade",
        "century": "century",
    },
    "de": {
        "day": "Tag",
        "week": "Woche",
        "month": "Monat",
        "quarter": "Quartal",
        "year": "Jahr",
        "month_of_year": "Monat des Jahres",
        "decade": "Jahrzehnt",
        "century": "Jahrhundert",
    },
    "zh": {
        "day": "天",
        "week": "周",
        "month": "月",
        "quarter": "季度",
        "year": "年",
        "month_of_year": "月份（不分年份）",
        "decade": "年代",
        "century": "世纪",
    },
}
SYMBOLS = {"eq": "=", "ne": "≠", "gt": ">", "ge": "≥", "lt": "<", "le": "≤", "before": "<", "after": ">"}


def _v(value: Any, lang: str) -> str:
    if isinstance(value, list):
        return ", ".join(_v(v, lang) for v in value)
    if isinstance(value, float) and not value.is_integer():
        return fmt(value, lang)
    if isinstance(value, float):
        return str(int(value))
    return str(value)  # whole numbers as written: a year is 2008, not 2,008


def filter_words(f: dict[str, Any], lang: str) -> str:
    """One filter in words: "cylinders = 4", "lat between 20 and 30"."""
    w = W.get(lang, W["en"])
    c, op, v = f.get("column"), f.get("op"), f.get("value")
    if isinstance(op, str) and op.endswith("_col") and op[:-4] in SYMBOLS:
        return f"{c} {SYMBOLS[op[:-4]]} {v}"  # a row-wise comparison with another column
    if op in SYMBOLS:
        return f"{c} {SYMBOLS[op]} {_v(v, lang)}"
    if op in ("between", "months") and isinstance(v, list) and len(v) == 2:
        return w[op].format(c=c, a=_v(v[0], lang), b=_v(v[1], lang))
    if op == "month" and isinstance(v, list):
        v = "-".join(f"{x:02d}" if isinstance(x, int) and x < 100 else str(x) for x in v if x is not None)
    key = (
        op
        if op
        in ("contains", "startswith", "endswith", "has_item", "in", "not_in", "year", "month", "notnull", "isnull")
        else None
    )
    return w[key].format(c=c, v=_v(v, lang)) if key else f"{c} {op} {_v(v, lang)}"


def _filters(filters: list[dict[str, Any]], logic: str, lang: str) -> str:
    w = W.get(lang, W["en"])
    return (w["or"] if logic == "or" else w["and"]).join(filter_words(f, lang) for f in filters)


def _what(step: dict[str, Any], lang: str) -> str:
    w, agg = W.get(lang, W["en"]), AGG.get(lang, AGG["en"])
    tool, a = step["tool"], step.get("args", {})
    if tool == "count_rows":
        return w["rows"]
    if tool == "group_aggregate":
        ms, name = a.get("measures") or [], a.get("agg") or "mean"
        if name == "count" and not ms:
            return w["rows"]
        if name == "nunique" and len(ms) == 1:
            return w["distinct_n"].format(col=ms[0])
        return w["of"].format(agg=agg.get(name, name), what=", ".join(ms))
    if tool == "top_n":
        direction = w["lowest" if a.get("ascending") else "highest"]
        text = w["top_rows"].format(n=a.get("n", 10), dir=direction, col=a.get("column"))
        label = a.get("label")
        if label and label != a.get("column") and label in (a.get("columns") or []):
            text += w["showing"].format(col=label)  # "the person with the highest pulse": their Weight
        return text
    if tool == "distinct_values":
        return (
            w["common"].format(n=a["limit"], col=a["column"])
            if a.get("limit")
            else w["values"].format(col=a.get("column"))
        )
    if tool == "describe":
        return w["describe"].format(cols=", ".join(a["columns"])) if a.get("columns") else w["describe_all"]
    if tool == "correlation":
        if a.get("x") and a.get("y"):
            return w["corr"].format(method=a.get("method") or "pearson", x=a["x"], y=a["y"])
        return w["corr_with"].format(x=a["x"]) if a.get("x") else w["corr_top"]
    if tool == "distribution":
        return w["dist"].format(col=a.get("column"))
    if tool == "trend":
        m = a.get("measure")
        what = w["of"].format(agg=agg.get(a.get("agg") or "mean"), what=m) if m else w["rows"]
        freq = FREQ.get(lang, FREQ["en"]).get(a.get("freq") or "month", a.get("freq"))
        return w["trend"].format(what=what, freq=freq, date=a.get("date_column"))
    if tool == "outliers":
        return w["outliers"].format(col=a.get("column"), method=a.get("method") or "iqr")
    if tool == "compare_groups":
        return w["compare"].format(m=a.get("measure"), col=a.get("group_column"))
    if tool == "share":
        what = w["total"].format(m=a["measure"]) if a.get("measure") else w["rows"]
        if "value" in a:
            return w["share_value"].format(value=a["value"], what=what, col=a.get("column"))
        return w["share"].format(what=what, col=a.get("column"))
    if tool == "pivot":
        m = a.get("measure")
        what = w["of"].format(agg=agg.get(a.get("agg") or "mean"), what=m) if m else w["rows"]
        return w["pivot"].format(what=what, a=a.get("index"), b=a.get("columns"))
    if tool == "percent_rows":
        return w["percent"].format(cond=_filters(a.get("where") or [], "and", lang))
    if tool == "sql":  # a query the planner wrote says what it computes in its leading comment
        said = re.match(r"\s*/\* (.+?) \*/", str(a.get("sql") or ""))
        return said.group(1) if said else w["sql"]
    if tool == "join":
        return w["join"].format(a=a.get("left"), b=a.get("right"), on=a.get("on"))
    if tool == "derive":
        cols = [str(c) for c in a.get("columns") or []]
        if a.get("op") == "mean":
            formula = f"mean({', '.join(cols)})"
        elif a.get("op") == "length":
            formula = {"de": "Anzahl der Zeichen von {c}", "zh": "{c} 的字符数"}.get(lang, "characters of {c}")
            formula = formula.format(c=", ".join(cols))
        else:
            formula = {"sub": " − ", "add": " + ", "mul": " × ", "div": " ÷ "}.get(a.get("op"), " ? ").join(cols)
        return w["derive"].format(name=a.get("name"), formula=formula)
    key = {"filter": "filter", "missing_values": "missing", "duplicates": "duplicates", "schema": "schema"}
    return w[key[tool]] if tool in key else tool


def interpretation(plan: list[dict[str, Any]], lang: str, kept: list[dict[str, Any]] | None = None) -> str:
    """The plan in words, in the question's language."""
    w = W.get(lang, W["en"])
    derived = [_what(s, lang) for s in plan if s.get("tool") == "derive"]
    steps = [s for s in plan if s.get("tool") not in ("join", "derive")] or plan
    if not steps:
        return ""
    parts: list[str] = list(derived)  # the computation first, then what is done with it
    for step in steps[:3]:
        a = step.get("args", {})
        text = _what(step, lang)
        groups = a.get("group_by") or []
        if groups:
            text += w["by"].format(g=", ".join(groups)) if "{g}" in w["by"] else w["by"] + ", ".join(groups)
        filters = a.get("filters") or []
        if filters:
            text += w["where"] + _filters(filters, a.get("logic", "and"), lang)
        if a.get("sort") in ("desc", "asc") and step["tool"] in ("group_aggregate", "share", "trend"):
            text += w["rank_desc" if a["sort"] == "desc" else "rank_asc"]
        if a.get("limit") and step["tool"] in ("group_aggregate", "trend", "share"):
            text += w["limit"].format(n=a["limit"])
        parts.append(text)
    text = "; ".join(dict.fromkeys(parts))
    if kept:
        text += w["kept"].format(f=_filters(kept, "and", lang))
    return w["head"] + text + w["end"]
