"""The reporter's first sentence: the main figure of the answer, in the question's language."""

from __future__ import annotations

from typing import Any

from datapulse.agents.report import fmt

AGG_WORDS = {
    "en": {"mean": "mean", "sum": "total", "median": "median", "min": "minimum", "max": "maximum",
           "std": "standard deviation", "count": "count", "nunique": "number of distinct values"},
    "de": {"mean": "Mittelwert", "sum": "Summe", "median": "Median", "min": "Minimum", "max": "Maximum",
           "std": "Standardabweichung", "count": "Anzahl", "nunique": "Anzahl verschiedener Werte"},
    "zh": {"mean": "平均值", "sum": "总和", "median": "中位数", "min": "最小值", "max": "最大值", "std": "标准差",
           "count": "数量", "nunique": "不同值的数量"},
}  # fmt: skip

H: dict[str, dict[str, str]] = {
    "en": {
        "scalar": "The {agg} of **{what}** is **{value}**.",
        "groups": "The {agg} of **{what}** by {by}: highest **{hi}** ({hi_v}), lowest **{lo}** ({lo_v}).",
        "one_group": "**{hi}** has the highest {agg} of **{what}** ({hi_v}).",
        "one_group_low": "**{hi}** has the lowest {agg} of **{what}** ({hi_v}).",
        "rows": "The data has **{rows}** rows and **{cols}** columns.",
        "matching": "**{rows}** rows match.",
        "lookup": "**{what}** is **{value}**.",
        "distinct": "**{col}** has **{n}** distinct values; the most common is **{top}** ({count}).",
        "corr": "The {method} correlation between **{x}** and **{y}** is **{r}** ({strength}).",
        "corr_table": "The strongest correlation is between **{x}** and **{y}** ({r}).",
        "compare": "Mean **{what}**: {a} = {ma}, {b} = {mb}; Welch's t-test p = {p}: {verdict}.",
        "significant": "a significant difference at the 5 % level",
        "not_significant": "no significant difference at the 5 % level",
        "share": "**{top}** has the largest share ({pct} %).",
        "trend": "**{what}** went from {a} ({first}) to {b} ({last}).",
        "outliers": "**{n}** outliers in **{col}** (outside {lo} … {hi}).",
        "missing": "**{n}** missing values in total.",
        "duplicates": "**{n}** duplicate rows.",
        "top": "The top value of **{col}** is **{value}**.",
        "bottom": "The lowest value of **{col}** is **{value}**.",
        "query": "The query returned **{rows}** rows.",
        "strong": "strong", "moderate": "moderate", "weak": "weak", "none": "very weak or none",
    },
    "de": {
        "scalar": "{agg} von **{what}**: **{value}**.",
        "groups": "{agg} von **{what}** nach {by}: am höchsten **{hi}** ({hi_v}), am niedrigsten **{lo}** ({lo_v}).",
        "one_group": "**{hi}** hat den höchsten Wert ({agg} von **{what}**: {hi_v}).",
        "one_group_low": "**{hi}** hat den niedrigsten Wert ({agg} von **{what}**: {hi_v}).",
        "rows": "Die Daten haben **{rows}** Zeilen und **{cols}** Spalten.",
        "matching": "**{rows}** Zeilen treffen zu.",
        "lookup": "**{what}** ist **{value}**.",
        "distinct": "**{col}** hat **{n}** verschiedene Werte; am häufigsten **{top}** ({count}).",
        "corr": "Die {method}-Korrelation zwischen **{x}** und **{y}** ist **{r}** ({strength}).",
        "corr_table": "Die stärkste Korrelation besteht zwischen **{x}** und **{y}** ({r}).",
        "compare": "Mittelwert **{what}**: {a} = {ma}, {b} = {mb}; Welch-t-Test p = {p}: {verdict}.",
        "significant": "ein signifikanter Unterschied auf dem 5-%-Niveau",
        "not_significant": "kein signifikanter Unterschied auf dem 5-%-Niveau",
        "share": "**{top}** hat den größten Anteil ({pct} %).",
        "trend": "**{what}** ging von {a} ({first}) auf {b} ({last}).",
        "outliers": "**{n}** Ausreißer in **{col}** (außerhalb {lo} … {hi}).",
        "missing": "Insgesamt **{n}** fehlende Werte.",
        "duplicates": "**{n}** doppelte Zeilen.",
        "top": "Der höchste Wert von **{col}** ist **{value}**.",
        "bottom": "Der niedrigste Wert von **{col}** ist **{value}**.",
        "query": "Die Abfrage lieferte **{rows}** Zeilen.",
        "strong": "stark", "moderate": "mittel", "weak": "schwach", "none": "sehr schwach oder keine",
    },
    "zh": {
        "scalar": "**{what}** 的{agg}为 **{value}**。",
        "groups": "按 {by} 统计 **{what}** 的{agg}：最高 **{hi}**（{hi_v}），最低 **{lo}**（{lo_v}）。",
        "one_group": "**{hi}** 的 **{what}** {agg}最高（{hi_v}）。",
        "one_group_low": "**{hi}** 的 **{what}** {agg}最低（{hi_v}）。",
        "rows": "数据共有 **{rows}** 行、**{cols}** 列。",
        "matching": "符合条件的有 **{rows}** 行。",
        "lookup": "**{what}** 为 **{value}**。",
        "distinct": "**{col}** 有 **{n}** 个不同的值；最常见的是 **{top}**（{count}）。",
        "corr": "**{x}** 与 **{y}** 的 {method} 相关系数为 **{r}**（{strength}）。",
        "corr_table": "相关性最强的是 **{x}** 与 **{y}**（{r}）。",
        "compare": "**{what}** 的平均值：{a} = {ma}，{b} = {mb}；Welch t 检验 p = {p}：{verdict}。",
        "significant": "在 5% 水平上差异显著",
        "not_significant": "在 5% 水平上差异不显著",
        "share": "**{top}** 占比最大（{pct}%）。",
        "trend": "**{what}** 从 {a}（{first}）变为 {b}（{last}）。",
        "outliers": "**{col}** 中有 **{n}** 个异常值（在 {lo} … {hi} 之外）。",
        "missing": "共有 **{n}** 个缺失值。",
        "duplicates": "有 **{n}** 行重复。",
        "top": "**{col}** 的最大值为 **{value}**。",
        "bottom": "**{col}** 的最小值为 **{value}**。",
        "query": "查询返回 **{rows}** 行。",
        "strong": "强", "moderate": "中等", "weak": "弱", "none": "很弱或无",
    },
}  # fmt: skip


def _strength(r: float) -> str:
    a = abs(r)
    return "strong" if a >= 0.7 else "moderate" if a >= 0.4 else "weak" if a >= 0.2 else "none"


def headline(lang: str, plan: list[dict[str, Any]], results: list[dict[str, Any]]) -> str:
    """One sentence with the answer's main figure, or "" when none fits."""
    if not plan or not results:
        return ""
    words = H.get(lang, H["en"])
    try:
        text = _headline(words, AGG_WORDS.get(lang, AGG_WORDS["en"]), plan[0], results)
    except (KeyError, IndexError, TypeError, ValueError, ZeroDivisionError):
        return ""  # a headline is a courtesy; the tables and figures below are the answer
    return text or ""


def _headline(w: dict[str, str], aggs: dict[str, str], step: dict[str, Any], results: list[dict[str, Any]]) -> str:
    tool, args = step["tool"], step["args"]
    scalars = {r["name"]: r["value"] for r in results if r["kind"] == "scalar"}
    tables = [r for r in results if r["kind"] == "table"]
    first: Any = next(iter(scalars.values()), None)
    if tool == "group_aggregate":
        measures = args.get("measures") or []
        what = ", ".join(measures) or "rows"
        agg = aggs.get(args["agg"], args["agg"])
        if not args.get("group_by"):
            return w["scalar"].format(agg=agg, what=what, value=fmt(first))
        rows = tables[0]["rows"]
        k = len(args["group_by"])
        label = [" / ".join(map(str, r[:k])) for r in rows]
        values = [r[k] for r in rows]
        pairs = [(v, lab) for v, lab in zip(values, label, strict=True) if v is not None]
        if len(pairs) == 1 or args.get("limit") == 1:
            key = "one_group_low" if args.get("sort") == "asc" else "one_group"
            return w[key].format(agg=agg, what=what, hi=pairs[0][1], hi_v=fmt(pairs[0][0]))
        hi, lo = max(pairs, key=lambda p: p[0]), min(pairs, key=lambda p: p[0])
        return w["groups"].format(agg=agg, what=what, by=", ".join(args["group_by"]), hi=hi[1], hi_v=fmt(hi[0]),
                                  lo=lo[1], lo_v=fmt(lo[0]))  # fmt: skip
    if tool == "count_rows":
        if args.get("filters"):
            return w["matching"].format(rows=fmt(first))
        return w["rows"].format(rows=fmt(first), cols=fmt(scalars.get("columns")))
    if tool == "filter":
        cols = args.get("columns") or []
        if len(cols) == 1 and cols[0] in scalars:
            return w["lookup"].format(what=cols[0], value=fmt(scalars[cols[0]]))
        return w["matching"].format(rows=fmt(first))
    if tool == "distinct_values":
        rows = tables[0]["rows"]
        return w["distinct"].format(col=args["column"], n=fmt(first), top=rows[0][0], count=fmt(rows[0][1]))
    if tool == "correlation":
        if args.get("x") and args.get("y"):
            method = args.get("method", "pearson")
            return w["corr"].format(method=method, x=args["x"], y=args["y"], r=fmt(first),
                                    strength=w[_strength(first)])  # fmt: skip
        row = tables[0]["rows"][0]
        return w["corr_table"].format(x=row[0], y=row[1], r=fmt(row[2]))
    if tool == "compare_groups":
        rows, k = tables[0]["rows"], tables[0]["columns"].index("mean")
        p = scalars.get("welch p-value")
        if p is None or p != p:  # one value per group, or constant groups: no test to report
            return w["scalar"].format(agg=aggs["mean"], what=f"{args['measure']} ({rows[0][0]} / {rows[1][0]})",
                                      value=f"{fmt(rows[0][k])} / {fmt(rows[1][k])}")  # fmt: skip
        verdict = w["significant"] if p < 0.05 else w["not_significant"]
        return w["compare"].format(what=args["measure"], a=rows[0][0], ma=fmt(rows[0][k]), b=rows[1][0],
                                   mb=fmt(rows[1][k]), p=fmt(p) if p else "< 1e-300", verdict=verdict)  # fmt: skip
    if tool == "share":
        row = tables[0]["rows"][0]
        return w["share"].format(top=row[0], pct=fmt(row[-1]))
    if tool == "trend":
        rows = tables[0]["rows"]
        what = args.get("measure") or "rows"
        return w["trend"].format(what=what, a=fmt(rows[0][1]), first=rows[0][0], b=fmt(rows[-1][1]), last=rows[-1][0])
    if tool == "outliers":
        return w["outliers"].format(n=fmt(first), col=args["column"], lo=fmt(scalars["lower bound"]),
                                    hi=fmt(scalars["upper bound"]))  # fmt: skip
    if tool == "missing_values":
        return w["missing"].format(n=fmt(scalars["missing values"]))
    if tool == "duplicates":
        return w["duplicates"].format(n=fmt(first))
    if tool == "top_n":
        col = args["column"]
        value = tables[0]["rows"][0][tables[0]["columns"].index(col)]
        return w["bottom" if args.get("ascending") else "top"].format(col=col, value=fmt(value))
    if tool == "sql":
        return w["query"].format(rows=fmt(tables[0].get("total_rows", len(tables[0]["rows"]))))
    return ""
