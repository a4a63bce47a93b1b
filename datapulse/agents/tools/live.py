"""The tools' live forms: each step written as one DuckDB SQL statement over the table
(named `src`) and compiled by SQLGlot to the source database's dialect (see
`datapulse.sqlsource.live`). Only the answer leaves the database: groups, counts, the top
rows, a few statistics. The results have the shapes, titles and order of the in-memory
tools, so the visualiser, the reporter and the reading treat both alike.

What a live table cannot do is said, not faked: tools that need every row in memory
(duplicates, outliers, histograms ...) and rank-based correlation answer with
`live_unsupported`, naming the engine and why.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
from scipy import special, stats

from datapulse.agents.jsonsafe import scalar, table
from datapulse.agents.tools.base import (
    COLUMN_OPS,
    ITEM_SEPARATORS,
    Result,
    ToolError,
    describe_filters,
    is_numeric,
    require_columns,
    require_numeric,
)
from datapulse.agents.tools.local import ROW, LocalSource
from datapulse.sqlsource import live
from datapulse.sqlsource.live import LiveSource, LiveUnsupported, ident, literal

SRC = "src"
AGG_SQL = {
    "count": "count({})",
    "sum": "coalesce(sum({}), 0)",
    "mean": "avg({})",
    "median": "median({})",
    "min": "min({})",
    "max": "max({})",
    "std": "stddev_samp({})",
    "nunique": "count(DISTINCT {})",
}
Source = LiveSource | LocalSource
STRFTIME = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}
EXACT_MWU_MAX_ROWS = 200_000  # an exact Mann-Whitney test reads the two groups' values


class LiveTable:
    """One table in a step, live or loaded (`LocalSource`): its source and a frame with
    its column types (a live table's planning frame, a loaded table's own frame)."""

    def __init__(self, source: Source, args: dict[str, Any]) -> None:
        self.source = source
        self.types = source.frame if isinstance(source, LocalSource) else live.planning_frame(source)
        self.args = args

    def query(self, sql: str) -> pd.DataFrame:
        """The result as a frame; a column of the table that is a date in the planning frame
        (ISO text in SQLite) comes back as dates, as the copy mode reads it."""
        if isinstance(self.source, LocalSource):
            return self.source.query(sql)
        got = live.frame(self.source, sql, SRC)
        for name in got.columns.unique():
            if (
                name in self.types.columns
                and pd.api.types.is_datetime64_any_dtype(self.types[name])
                and not pd.api.types.is_datetime64_any_dtype(got[name])
            ):
                got[name] = pd.to_datetime(got[name], errors="coerce", utc=True, format="ISO8601").dt.tz_localize(None)
        return got

    def one(self, sql: str) -> list[Any]:
        got = self.query(sql)
        return list(got.iloc[0]) if len(got) else [None] * len(got.columns)

    # Filters ----------------------------------------------------------------------------
    def where(self, *extra: str) -> str:
        """` WHERE ...` for the step's filters and `extra` conditions (always and-ed)."""
        parts = []
        filters = self.args.get("filters") or []
        if filters:
            joiner = " OR " if self.args.get("logic") == "or" else " AND "
            parts.append("(" + joiner.join(self.condition(f) for f in filters) + ")")
        parts.extend(extra)
        return " WHERE " + " AND ".join(parts) if parts else ""

    def condition(self, f: dict[str, Any]) -> str:
        column, op, value = f["column"], f["op"], f["value"]
        require_columns(self.types, column)
        col = ident(column)
        if isinstance(value, dict) or (isinstance(value, list) and any(isinstance(v, dict | list) for v in value)):
            raise ToolError(f"cannot compare column '{column}' with {value!r}")
        if op in COLUMN_OPS:
            if not isinstance(value, str):
                raise ToolError(f"'{op}' compares with another column: give its name, not {value!r}")
            require_columns(self.types, value)
            sql = {"gt": ">", "ge": ">=", "lt": "<", "le": "<=", "eq": "=", "ne": "<>"}[COLUMN_OPS[op]]
            return f"({col} {sql} {ident(value)})"
        if op in ("notnull", "isnull"):
            return f"{col} IS {'NOT ' if op == 'notnull' else ''}NULL"
        simple = {"eq": "=", "gt": ">", "ge": ">=", "lt": "<", "le": "<=", "before": "<", "after": ">"}
        if op in simple:
            return f"{col} {simple[op]} {literal(value)}"
        if op == "ne":
            return f"{col} <> {literal(value)}"
        if op == "between":
            if not isinstance(value, list) or len(value) != 2:
                raise ToolError("'between' needs a list of two values")
            return f"({col} >= {literal(value[0])} AND {col} <= {literal(value[1])})"
        low = "" if f.get("case") else "lower"  # letters as written, or of either case
        if op == "contains":
            return f"strpos({low}(CAST({col} AS VARCHAR)), {low}({literal(str(value))})) > 0"
        if op in ("startswith", "endswith"):  # the value's length of text at the start (end), lower case
            text, n = f"{low}(CAST({col} AS VARCHAR))", len(str(value))
            part = f"substr({text}, 1, {n})" if op == "startswith" else f"substr({text}, length({text}) - {n - 1}, {n})"
            return f"{part} = {low}({literal(str(value))})" if n else "TRUE"
        if op == "has_item":  # the cell between separators, the separators' spaces removed
            cell = f"trim({low}(CAST({col} AS VARCHAR)))"
            for sep in ITEM_SEPARATORS[1:]:
                cell = f"replace({cell}, {literal(sep)}, ',')"
            for gap in (" ,", ", "):
                for _ in range(2):
                    cell = f"replace({cell}, {literal(gap)}, ',')"
            item = f"{low}({literal(',' + str(value).strip() + ',')})"
            return f"(strpos(',' || {cell} || ',', {item}) > 0)"
        if op in ("in", "not_in"):
            values = value if isinstance(value, list) else [value]
            if not values:
                return "FALSE" if op == "in" else f"{col} IS NOT NULL"
            listed = ", ".join(literal(v) for v in values)
            return f"{col} IN ({listed})" if op == "in" else f"({col} NOT IN ({listed}) AND {col} IS NOT NULL)"
        if op in ("year", "month", "months"):
            if not pd.api.types.is_datetime64_any_dtype(self.types[column]):
                raise ToolError(f"column '{column}' is not a date")
            year, month = f"CAST(strftime({col}, '%Y') AS INTEGER)", f"CAST(strftime({col}, '%m') AS INTEGER)"
            try:
                if op == "year":
                    return f"{year} = {int(value)}"
                if op == "months":
                    return f"({month} >= {int(value[0])} AND {month} <= {int(value[1])})"
                y, m = (value if isinstance(value, list) else [None, value])[:2]
                return f"{month} = {int(m)}" + (f" AND {year} = {int(y)}" if y is not None else "")
            except (TypeError, ValueError):
                raise ToolError(f"cannot compare column '{column}' with {value!r}") from None
        raise ToolError(f"unknown filter operator '{op}'")

    def tiebreak(self) -> str:
        """`, row` for a loaded table: rows that tie come in the frame's order, as pandas'
        stable sort gives them (a live table has no row order)."""
        return f", {ident(ROW)}" if isinstance(self.source, LocalSource) else ""

    def suffix(self) -> str:
        filters = self.args.get("filters") or []
        return f" where {describe_filters(filters, self.args.get('logic', 'and'))}" if filters else ""

    def unsupported(self, what: str) -> LiveUnsupported:
        return LiveUnsupported(
            f"{what} does not run inside a live {self.source.engine_name} source.",
            details={"engine": self.source.engine_name},
        )


def _agg(lt: LiveTable, agg: str, measure: str | None) -> str:
    if measure is None:
        if agg != "count":
            raise ToolError(f"'{agg}' needs a measure column")
        return "count(*)"
    if agg not in ("count", "nunique", "min", "max"):
        require_numeric(lt.types, measure)
    return AGG_SQL[agg].format(ident(measure))


def _value_name(agg: str, measure: str | None) -> str:
    return "count" if agg == "count" and not measure else f"{agg}_{measure}"


def group_aggregate(source: Source, args: dict[str, Any]) -> list[Result]:
    lt = LiveTable(source, args)
    measures, by, agg = list(args.get("measures") or []), list(args.get("group_by") or []), args["agg"]
    if len(by) > 3:
        raise ToolError("at most three grouping columns")
    require_columns(lt.types, *measures, *by)
    items = [(_value_name(agg, m), _agg(lt, agg, m)) for m in measures] or [
        (_value_name(agg, None), _agg(lt, agg, None))
    ]
    selects = ", ".join(f"{expr} AS {ident(name)}" for name, expr in items)
    names = [name for name, _ in items]
    if not by:
        row = lt.one(f"SELECT {selects} FROM {SRC}{lt.where()}")
        return [scalar(f"{n}{lt.suffix()}", v) for n, v in zip(names, row, strict=True)]
    keys = ", ".join(ident(b) for b in by)
    sort = args.get("sort", "group")
    order = keys
    if sort in ("desc", "asc"):
        order = f"{ident(names[0])} {sort.upper()} NULLS LAST, {keys}"
    limit = f" LIMIT {int(args['limit'])}" if args.get("limit") else ""
    not_null = [f"{ident(b)} IS NOT NULL" for b in by]
    result = lt.query(
        f"SELECT {keys}, {selects} FROM {SRC}{lt.where(*not_null)} GROUP BY {keys} ORDER BY {order}{limit}"
    )
    title = f"{', '.join(names)} by {', '.join(by)}{lt.suffix()}"
    out = [table(title, result)]
    if args.get("limit") == 1 and len(result):
        out.append(scalar(" / ".join(by), result[by[0]].iloc[0] if len(by) == 1 else list(result[by].iloc[0])))
    return out


def share(source: Source, args: dict[str, Any]) -> list[Result]:
    lt = LiveTable(source, args)
    col, measure = args["column"], args.get("measure")
    require_columns(lt.types, col, measure)
    if measure:
        require_numeric(lt.types, measure)
    value = f"coalesce(sum({ident(measure)}), 0)" if measure else "count(*)"
    name = f"sum_{measure}" if measure else "count"
    direction = "ASC" if args.get("sort") == "asc" else "DESC"
    c = ident(col)
    rows = lt.query(
        f"SELECT {c}, {value} AS {ident(name)} FROM {SRC}{lt.where(f'{c} IS NOT NULL')} "
        f"GROUP BY {c} ORDER BY {ident(name)} {direction}, {c}"
    )
    total = rows[name].sum()
    if args.get("of_all"):
        total = lt.one(f"SELECT {value} FROM {SRC}{lt.where()}")[0] or 0
    rows["percent"] = [round(100 * v / total, 2) if total else None for v in rows[name]]
    if args.get("limit") and "value" not in args:  # "the 3 regions with the largest share"
        rows = rows.head(int(args["limit"]))
    out = [table(f"Share of {'total ' + measure if measure else 'rows'} by {col}{lt.suffix()}", rows)]
    if "value" in args:
        hit = rows[rows[col] == args["value"]]
        out.append(scalar(f"percent {col} = {args['value']}", hit["percent"].iloc[0] if len(hit) else 0.0))
    return out


def percent_rows(source: Source, args: dict[str, Any]) -> list[Result]:
    lt = LiveTable(source, args)
    where = args["where"]
    cond = " AND ".join(lt.condition(f) for f in where)
    hit = f"coalesce(sum(CASE WHEN {cond} THEN 1 ELSE 0 END), 0)"
    words = describe_filters(where, "and")
    if args.get("group_by"):  # within each group: the group's own rows are its whole
        by = args["group_by"][0]
        require_columns(lt.types, by)
        g = ident(by)
        rows = lt.query(
            f"SELECT {g}, count(*) AS {ident('rows')}, {hit} AS {ident('hits')} "
            f"FROM {SRC}{lt.where(f'{g} IS NOT NULL')} GROUP BY {g} ORDER BY {g}"
        )
        rows["percent"] = [
            round(100 * int(h) / int(n), 2) if n else None for h, n in zip(rows["hits"], rows["rows"], strict=True)
        ]
        return [table(f"percent of rows where {words}{lt.suffix()}, within each {by}", rows)]
    total, hits = lt.one(f"SELECT count(*), {hit} FROM {SRC}{lt.where()}")
    total, hits = int(total or 0), int(hits or 0)
    pct = round(100 * hits / total, 2) if total else None
    return [scalar(f"percent of rows where {words}{lt.suffix()}", pct), scalar(f"rows where {words}", hits)]


def trend(source: Source, args: dict[str, Any]) -> list[Result]:
    lt = LiveTable(source, args)
    date, measure = args["date_column"], args.get("measure")
    agg, freq = args.get("agg") or ("mean" if measure else "count"), args.get("freq", "month")
    require_columns(lt.types, date, measure)
    if not pd.api.types.is_datetime64_any_dtype(lt.types[date]):
        raise ToolError(f"column '{date}' is not a date")
    d, name = ident(date), _value_name(agg, measure)
    value = _agg(lt, agg, measure)
    truncated = source.backend != "sqlite"  # formatting each row's date costs more than the sum
    if freq in ("month_of_year", "decade", "century"):  # buckets across years: whole numbers, as in memory
        part = "month" if freq == "month_of_year" else "year"
        code = "'%m'" if part == "month" else "'%Y'"
        whole = (
            f"CAST(strftime({d}, {code}) AS INTEGER)" if not truncated else f"CAST(extract({part} FROM {d}) AS INTEGER)"
        )
        years = {"decade": 10, "century": 100}.get(freq)
        period = f"CAST(floor({whole} / {years}) * {years} AS INTEGER)" if years else whole
    elif not truncated and freq in STRFTIME:
        period = f"strftime({d}, '{STRFTIME[freq]}')"
    elif not truncated:
        raise LiveUnsupported(
            f"A trend by {freq} does not run inside a live SQLite source: SQLite has no date_trunc. "
            "Ask by day, month or year.",
            details={"engine": source.engine_name, "freq": freq},
        )
    else:
        period = f"date_trunc('{freq}', {d})"
    result = lt.query(
        f"SELECT {period} AS period, {value} AS {ident(name)} FROM {SRC}{lt.where(f'{d} IS NOT NULL')} "
        f"GROUP BY {period} ORDER BY period"
    )
    if freq in ("month_of_year", "decade", "century"):
        result["period"] = [int(v) for v in result["period"]]
    elif freq == "year":  # a year is 2014, a number, as the in-memory tool says it
        result["period"] = [int(v) if not truncated else pd.Timestamp(v).year for v in result["period"]]
    elif truncated:  # the periods' first days, labelled as pandas labels its periods
        result["period"] = [_period_label(pd.Timestamp(v), freq) for v in result["period"]]
    if args.get("sort") in ("asc", "desc"):  # the periods ranked, as in memory
        result = result.sort_values([name, "period"], ascending=[args["sort"] == "asc", True], kind="stable")
    if args.get("limit"):
        result = result.head(int(args["limit"]))
    label = freq.replace("_", " ")
    return [table(f"{name} by {label}{lt.suffix()}", result)]


def _period_label(start: pd.Timestamp, freq: str) -> str:
    if freq == "quarter":
        return f"{start.year}Q{(start.month - 1) // 3 + 1}"
    return start.strftime("%Y-%m" if freq == "month" else "%Y-%m-%d")


def count_rows(source: Source, args: dict[str, Any]) -> list[Result]:
    lt = LiveTable(source, args)
    (n,) = lt.one(f"SELECT count(*) FROM {SRC}{lt.where()}")
    out = [scalar("rows" + lt.suffix(), int(n or 0))]
    if not args.get("filters"):
        out.append(scalar("columns", int(lt.types.shape[1])))
    return out


def schema(source: Source, args: dict[str, Any]) -> list[Result]:
    lt = LiveTable(source, {})
    cols = [str(c) for c in lt.types.columns]
    counts = lt.one("SELECT " + ", ".join(f"count({ident(c)})" for c in cols) + f" FROM {SRC}") if cols else []
    rows = pd.DataFrame(
        {"column": cols, "dtype": [str(t) for t in lt.types.dtypes], "non_null": [int(v or 0) for v in counts]}
    )
    return [table("Columns and types", rows), scalar("columns", len(cols))]


def missing_values(source: Source, args: dict[str, Any]) -> list[Result]:
    lt = LiveTable(source, args)
    cols = args.get("columns") or [str(c) for c in lt.types.columns]
    require_columns(lt.types, *cols)
    got = lt.one("SELECT count(*)" + "".join(f", count({ident(c)})" for c in cols) + f" FROM {SRC}{lt.where()}")
    n = int(got[0] or 0)
    missing = [n - int(v or 0) for v in got[1:]]
    rows = pd.DataFrame(
        {
            "column": cols,
            "percent": [round(100 * m / n, 2) if n else 0.0 for m in missing],
            "missing": missing,
        }
    )
    return [table("Missing values per column", rows), scalar("missing values", int(sum(missing)))]


def distinct_values(source: Source, args: dict[str, Any]) -> list[Result]:
    lt = LiveTable(source, args)
    col = args["column"]
    require_columns(lt.types, col)
    c = ident(col)
    limit = f" LIMIT {int(args['limit'])}" if args.get("limit") else ""
    got = lt.query(
        f'SELECT {c}, count(*) AS "count", count(*) OVER () AS n_distinct FROM {SRC}{lt.where(f"{c} IS NOT NULL")} '
        f'GROUP BY {c} ORDER BY "count" DESC, {c}{limit}'
    )
    distinct = int(got["n_distinct"].iloc[0]) if len(got) else 0
    rows = got[[col, "count"]].astype({"count": "int64"})
    return [scalar(f"distinct values of {col}", distinct), table(f"Values of {col}", rows)]


def top_n(source: Source, args: dict[str, Any]) -> list[Result]:
    lt = LiveTable(source, args)
    col, n = args["column"], int(args.get("n", 10))
    require_columns(lt.types, col)
    keep = [str(c) for c in lt.types.columns]
    if args.get("columns"):
        require_columns(lt.types, *args["columns"])
        keep = list(dict.fromkeys([*args["columns"], col]))
    label = args.get("label")
    wanted = keep + ([label] if label and label in lt.types.columns and label not in keep else [])
    direction = "ASC" if args.get("ascending") else "DESC"
    c = ident(col)
    got = lt.query(
        f"SELECT {', '.join(ident(k) for k in wanted)} FROM {SRC}{lt.where(f'{c} IS NOT NULL')} "
        f"ORDER BY {c} {direction}{lt.tiebreak()} LIMIT {n}"
    )
    rows = got[keep]
    word = "Bottom" if args.get("ascending") else "Top"
    out = [table(f"{word} {n} rows by {col}" + lt.suffix(), rows)]
    if n == 1 and len(rows) and label and label in lt.types.columns:
        out.append(scalar(label, got[label].iloc[0]))
    if n == 1 and len(rows):
        out.append(scalar(col, rows[col].iloc[0]))
    return out


def filter_rows(source: Source, args: dict[str, Any]) -> list[Result]:
    lt = LiveTable(source, args)
    cols = args.get("columns") or [str(c) for c in lt.types.columns]
    require_columns(lt.types, *cols)
    limit = int(args.get("limit", 200))
    (n,) = lt.one(f"SELECT count(*) FROM {SRC}{lt.where()}")
    order = f" ORDER BY {ident(ROW)}" if isinstance(source, LocalSource) else ""  # the first rows, as pandas
    rows = lt.query(f"SELECT {', '.join(ident(c) for c in cols)} FROM {SRC}{lt.where()}{order} LIMIT {limit}")
    result = table("Matching rows" + lt.suffix(), rows, limit)
    if int(n or 0) > limit:
        result["total_rows"], result["truncated"] = int(n), True
    from datapulse.agents.tools.basic import _looked_up

    first = rows.head(1).to_dict("records")
    return [*_looked_up(args, int(n or 0), first), scalar("rows" + lt.suffix(), int(n or 0)), result]


def correlation(source: Source, args: dict[str, Any]) -> list[Result]:
    lt = LiveTable(source, args)
    x, y, method = args.get("x"), args.get("y"), args.get("method", "pearson")
    if method != "pearson":
        raise LiveUnsupported(
            f"A {method} correlation does not run inside a live {source.engine_name} source: it ranks every row. "
            "Ask for the (Pearson) correlation, or use a copy-mode source.",
            details={"engine": source.engine_name, "method": method},
        )
    if y and not x:
        x, y = y, None
    if x and y:
        require_numeric(lt.types, x)
        require_numeric(lt.types, y)
        a, b = ident(x), ident(y)
        r, n = lt.one(f"SELECT corr({a}, {b}), count(*) FROM {SRC}{lt.where(f'{a} IS NOT NULL', f'{b} IS NOT NULL')}")
        return [scalar(f"{method} correlation of {x} and {y}", r), scalar("n", int(n or 0))]
    numeric = [str(c) for c in lt.types.columns if is_numeric(lt.types[c])]
    if x:
        require_numeric(lt.types, x)
        pairs = [(x, c) for c in numeric if c != x]
    else:
        pairs = [(a, b) for i, a in enumerate(numeric) for b in numeric[i + 1 :]]
    if not pairs:
        raise ToolError("correlation needs at least two numeric columns")
    values = lt.one(
        "SELECT " + ", ".join(f"corr({ident(a)}, {ident(b)})" for a, b in pairs) + f" FROM {SRC}{lt.where()}"
    )
    rows = pd.DataFrame(
        [{"column_a": a, "column_b": b, "correlation": v} for (a, b), v in zip(pairs, values, strict=True)]
    )
    rows = rows.dropna(subset=["correlation"])
    rows = rows.reindex(rows["correlation"].abs().sort_values(ascending=False, kind="stable").index)
    rows = rows.head(int(args.get("limit", 10)))
    title = f"Strongest correlations with {x}" if x else "Strongest correlations"
    return [table(f"{title} ({method})", rows)]


def compare_groups(source: Source, args: dict[str, Any]) -> list[Result]:
    lt = LiveTable(source, args)
    measure, col = args["measure"], args["group_column"]
    require_numeric(lt.types, measure)
    require_columns(lt.types, col)
    c, m = ident(col), ident(measure)
    groups = list(args.get("groups") or [])
    if not groups:
        got = lt.query(f"SELECT DISTINCT {c} FROM {SRC}{lt.where(f'{c} IS NOT NULL')}")
        groups = sorted(got[col].tolist(), key=str)
    if len(groups) != 2:
        raise ToolError(f"a comparison needs exactly two groups; '{col}' has {len(groups)}", details={"groups": groups})
    both = lt.where(f"{c} IN ({literal(groups[0])}, {literal(groups[1])})", f"{m} IS NOT NULL")
    got = lt.query(
        f"SELECT {c}, count({m}) AS n, median({m}) AS median, stddev_samp({m}) AS std, avg({m}) AS mean "
        f"FROM {SRC}{both} GROUP BY {c}"
    )
    by = {row[col]: row for row in got.to_dict("records")}
    empty = {"n": 0, "median": None, "std": None, "mean": None}
    parts = [by.get(g, empty) for g in groups]
    summary = pd.DataFrame(
        {
            col: groups,
            "n": [int(p["n"]) for p in parts],
            "median": [p["median"] for p in parts],
            "std": [p["std"] for p in parts],
            "mean": [p["mean"] for p in parts],
        }
    )
    n1, n2 = int(parts[0]["n"]), int(parts[1]["n"])
    if min(n1, n2) < 2:
        if min(n1, n2) < 1:
            raise ToolError("each group needs at least one value", details={"groups": groups})
        diff = float(parts[0]["mean"]) - float(parts[1]["mean"])
        return [table(f"{measure} by {col}", summary), scalar("difference in means", diff)]
    (m1, s1), (m2, s2) = ((float(p["mean"]), float(p["std"])) for p in parts)
    welch = stats.ttest_ind_from_stats(m1, s1, n1, m2, s2, n2, equal_var=False)
    u, p = _mann_whitney(lt, both, c, m, groups, n1, n2)
    return [
        table(f"{measure} by {col}", summary),
        scalar("difference in means", m1 - m2),
        scalar("welch t", float(welch.statistic)),
        scalar("welch p-value", float(welch.pvalue)),
        scalar("mann-whitney U", u),
        scalar("mann-whitney p-value", p),
    ]


def _mann_whitney(lt: LiveTable, both: str, c: str, m: str, groups: list[Any], n1: int, n2: int) -> tuple[float, float]:
    """Mann-Whitney U (two-sided) as scipy computes it: the rank sum and the tie term come
    from the database, in one pass that groups the rows by value (a value's rows share
    the mean of their ranks: the running count up to it, less half its ties); the exact
    test (a group of at most 8 values, no ties) reads the values."""
    first = f"CASE WHEN {c} = {literal(groups[0])} THEN 1 ELSE 0 END"
    values = f"SELECT {m} AS v, count(*) AS t, sum({first}) AS t1 FROM {SRC}{both} GROUP BY {m}"
    running = "sum(t) OVER (ORDER BY v ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)"
    most, tie_term, r1 = lt.one(
        "SELECT max(t), sum(CAST(t AS DOUBLE) * t * t - t), sum(t1 * (cum - (t - 1) / 2.0)) "
        f"FROM (SELECT t, t1, CAST({running} AS DOUBLE) AS cum FROM ({values}) AS k) AS r"
    )
    most, tie_term = int(most or 0), float(tie_term or 0.0)
    if min(n1, n2) <= 8 and most <= 1:
        if n1 + n2 > EXACT_MWU_MAX_ROWS:
            raise lt.unsupported("An exact Mann-Whitney test of this size")
        got = lt.query(f"SELECT {c}, {m} FROM {SRC}{both}")
        a = got.loc[got.iloc[:, 0] == groups[0]].iloc[:, 1].astype(float)
        b = got.loc[got.iloc[:, 0] == groups[1]].iloc[:, 1].astype(float)
        res = stats.mannwhitneyu(a, b, alternative="two-sided")
        return float(res.statistic), float(res.pvalue)
    u1 = float(r1) - n1 * (n1 + 1) / 2
    u = max(u1, n1 * n2 - u1)
    n = n1 + n2
    s = math.sqrt(n1 * n2 / 12 * ((n + 1) - tie_term / (n * (n - 1))))
    z = (u - n1 * n2 / 2 - 0.5) / s if s else math.inf
    p = min(max(2 * float(special.ndtr(-z)), 0.0), 1.0)
    return u1, p


def points(source: Source, args: dict[str, Any], n: int) -> pd.DataFrame:
    """Up to `n` (x, y) pairs for a scatter chart, both present."""
    lt = LiveTable(source, args)
    x, y = ident(args["x"]), ident(args["y"])
    got = lt.query(f"SELECT {x} AS x, {y} AS y FROM {SRC}{lt.where(f'{x} IS NOT NULL', f'{y} IS NOT NULL')} LIMIT {n}")
    return got.astype(float)


LIVE = {
    "group_aggregate": group_aggregate,
    "share": share,
    "percent_rows": percent_rows,
    "trend": trend,
    "count_rows": count_rows,
    "schema": schema,
    "missing_values": missing_values,
    "distinct_values": distinct_values,
    "top_n": top_n,
    "filter": filter_rows,
    "correlation": correlation,
    "compare_groups": compare_groups,
}
