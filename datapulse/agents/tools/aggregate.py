"""Tools that aggregate: group-by, share of total, pivot, trend over time."""

from __future__ import annotations

from typing import Any

import pandas as pd

from datapulse.agents.jsonsafe import scalar, table
from datapulse.agents.tools import live
from datapulse.agents.tools.base import (
    FILTER_SCHEMA,
    Result,
    ToolError,
    Workspace,
    describe_filters,
    filter_mask,
    params,
    require_columns,
    require_numeric,
)

AGGS = ("count", "sum", "mean", "median", "min", "max", "std", "nunique")
FREQS = {"day": "D", "week": "W", "month": "M", "quarter": "Q", "year": "Y"}
# Buckets that are not periods of the calendar: the month of the year (1-12, across years),
# the decade (1970 for 1970-1979) and the century (1800 for 1800-1899).
BUCKETS = ("month_of_year", "decade", "century")
YEARS_IN = {"decade": 10, "century": 100}
STRINGS = {"type": "array", "items": {"type": "string"}}


def _where(args: dict[str, Any]) -> str:
    filters = args.get("filters") or []
    return f" where {describe_filters(filters, args.get('logic', 'and'))}" if filters else ""


def value_name(agg: str, measure: str | None) -> str:
    return "count" if agg == "count" and not measure else f"{agg}_{measure}"


def _aggregate(frame: pd.DataFrame, agg: str, measures: list[str], by: list[str] | None) -> pd.DataFrame:
    """One column per measure (or `count` of rows when no measure), grouped by `by`."""
    if agg not in ("count", "nunique", "min", "max"):
        for m in measures:
            require_numeric(frame, m)
    grouped = frame.groupby(by, sort=True, observed=True, dropna=True) if by else None
    out: dict[str, Any] = {}
    if not measures:
        if agg != "count":
            raise ToolError(f"'{agg}' needs a measure column")
        out["count"] = grouped.size() if grouped is not None else len(frame)
    for m in measures:
        src = grouped[m] if grouped is not None else frame[m]
        out[value_name(agg, m)] = getattr(src, agg)()
    if grouped is None:
        return pd.DataFrame({k: [v] for k, v in out.items()})
    return pd.DataFrame(out).reset_index()


class GroupAggregate:
    name = "group_aggregate"
    description = (
        "Aggregate measures (count, sum, mean, median, min, max, std, nunique), optionally by up to two grouping "
        "columns, sorted, with an optional limit (top N groups)."
    )
    parameters = params(
        {
            "measures": STRINGS,
            "agg": {"type": "string", "enum": list(AGGS)},
            "group_by": STRINGS,
            "sort": {"type": "string", "enum": ["desc", "asc", "group"]},
            "limit": {"type": "integer", "minimum": 1, "maximum": 100000},
        },
        ["agg"],
    )

    def run(self, ws: Workspace, args: dict[str, Any]) -> list[Result]:
        if (source := ws.sql(args, self.name)) is not None:
            return live.LIVE[self.name](source, args)
        frame = ws.select(args, self.name)
        measures, by, agg = list(args.get("measures") or []), list(args.get("group_by") or []), args["agg"]
        if len(by) > 3:
            raise ToolError("at most three grouping columns")
        require_columns(frame, *measures, *by)
        result = _aggregate(frame, agg, measures, by)
        names = [c for c in result.columns if c not in by]
        if not by:
            return [scalar(f"{n}{_where(args)}", result[n].iloc[0]) for n in names]
        sort = args.get("sort", "group")
        if sort in ("desc", "asc"):
            result = result.sort_values(names[0], ascending=sort == "asc", kind="stable", na_position="last")
        if args.get("limit"):
            result = result.head(int(args["limit"]))
        title = f"{', '.join(names)} by {', '.join(by)}{_where(args)}"
        out = [table(title, result)]
        if args.get("limit") == 1 and len(result):
            out.append(scalar(" / ".join(by), result[by[0]].iloc[0] if len(by) == 1 else list(result[by].iloc[0])))
        return out


class Share:
    name = "share"
    description = "Each category's share of the total (row count, or the sum of a measure), in percent."
    parameters = params(
        {
            "column": {"type": "string"},
            "measure": {"type": "string"},
            "value": {},
            "of_all": {"type": "boolean", "description": "percent of all rows, also those with no category"},
            "sort": {"type": "string", "enum": ["desc", "asc"], "description": "largest share first (default)"},
            "limit": {"type": "integer", "minimum": 1, "maximum": 10000},
        },
        ["column"],
    )

    def run(self, ws: Workspace, args: dict[str, Any]) -> list[Result]:
        if (source := ws.sql(args, self.name)) is not None:
            return live.LIVE[self.name](source, args)
        frame = ws.select(args, self.name)
        col, measure = args["column"], args.get("measure")
        require_columns(frame, col, measure)
        if measure:
            require_numeric(frame, measure)
            values = frame.groupby(col, observed=True)[measure].sum()
        else:
            values = frame.groupby(col, observed=True).size()
        values = values.sort_values(ascending=args.get("sort") == "asc", kind="stable")
        total = values.sum()
        if args.get("of_all"):
            total = frame[measure].sum() if measure else len(frame)
        name = f"sum_{measure}" if measure else "count"
        rows = pd.DataFrame({col: list(values.index), name: list(values.values)})
        rows["percent"] = [round(100 * v / total, 2) if total else None for v in values.values]
        if args.get("limit") and "value" not in args:  # "the 3 regions with the largest share"
            rows = rows.head(int(args["limit"]))
        out = [table(f"Share of {'total ' + measure if measure else 'rows'} by {col}{_where(args)}", rows)]
        if "value" in args:
            hit = rows[rows[col] == args["value"]]
            out.append(scalar(f"percent {col} = {args['value']}", hit["percent"].iloc[0] if len(hit) else 0.0))
        return out


class PercentRows:
    name = "percent_rows"
    description = (
        "The percentage of the rows (after filters) that meet a condition: 'what share of days had rain'; "
        "with group_by, within each group: 'for each region, what percent of days had rain'."
    )
    parameters = params({"where": FILTER_SCHEMA, "group_by": {**STRINGS, "maxItems": 1}}, ["where"])

    def run(self, ws: Workspace, args: dict[str, Any]) -> list[Result]:
        if (source := ws.sql(args, self.name)) is not None:
            return live.LIVE[self.name](source, args)
        frame = ws.select(args, self.name)
        where = args["where"]
        cond = describe_filters(where, "and")
        if args.get("group_by"):
            return [_percent_by_group(frame, where, args["group_by"][0], f"{cond}{_where(args)}")]
        hits = int(filter_mask(frame, where, "and").sum()) if len(frame) else 0
        pct = round(100 * hits / len(frame), 2) if len(frame) else None
        return [scalar(f"percent of rows where {cond}{_where(args)}", pct), scalar(f"rows where {cond}", hits)]


def _percent_by_group(frame: pd.DataFrame, where: list[dict[str, Any]], by: str, cond: str) -> Result:
    """Each group's own rows are its whole: rows with no group value belong to none."""
    require_columns(frame, by)
    hit = filter_mask(frame, where, "and") if len(frame) else pd.Series([], dtype=bool)
    grouped = hit.astype(int).groupby(frame[by], sort=True, observed=True, dropna=True)
    rows = pd.DataFrame({"rows": grouped.size(), "hits": grouped.sum()}).reset_index()
    rows.columns = [by, "rows", "hits"]
    rows["percent"] = [round(100 * h / n, 2) if n else None for h, n in zip(rows["hits"], rows["rows"], strict=True)]
    return table(f"percent of rows where {cond}, within each {by}", rows)


class Pivot:
    name = "pivot"
    description = "A pivot table of a measure (or the row count) by two categories."
    parameters = params(
        {
            "index": {"type": "string"},
            "columns": {"type": "string"},
            "measure": {"type": "string"},
            "agg": {"type": "string", "enum": list(AGGS)},
        },
        ["index", "columns"],
    )

    def run(self, ws: Workspace, args: dict[str, Any]) -> list[Result]:
        frame = ws.select(args, self.name)
        index, columns, measure = args["index"], args["columns"], args.get("measure")
        agg = args.get("agg") or ("mean" if measure else "count")
        require_columns(frame, index, columns, measure)
        long = _aggregate(frame, agg, [measure] if measure else [], [index, columns])
        value = value_name(agg, measure)
        wide = long.pivot(index=index, columns=columns, values=value).reset_index()
        wide.columns = [str(c) for c in wide.columns]
        return [table(f"{value} by {index} and {columns}{_where(args)}", wide)]


class Trend:
    name = "trend"
    description = (
        "A measure (or the row count) over time, by day, week, month, quarter or year; or by month of the year "
        "(1-12, every year's January together), decade (1970 for 1970-1979) or century (1800 for 1800-1899)."
    )
    parameters = params(
        {
            "date_column": {"type": "string"},
            "measure": {"type": "string"},
            "agg": {"type": "string", "enum": list(AGGS)},
            "freq": {"type": "string", "enum": [*FREQS, *BUCKETS]},
            "sort": {"type": "string", "enum": ["asc", "desc"]},
            "limit": {"type": "integer", "minimum": 1, "maximum": 10000},
        },
        ["date_column"],
    )

    def run(self, ws: Workspace, args: dict[str, Any]) -> list[Result]:
        if (source := ws.sql(args, self.name)) is not None:
            return live.LIVE[self.name](source, args)
        frame = ws.select(args, self.name)
        date, measure = args["date_column"], args.get("measure")
        agg, freq = args.get("agg") or ("mean" if measure else "count"), args.get("freq", "month")
        require_columns(frame, date, measure)
        if not pd.api.types.is_datetime64_any_dtype(frame[date]):
            raise ToolError(f"column '{date}' is not a date")
        if freq in BUCKETS:
            stamps = frame[date].dt
            bucket = stamps.month if freq == "month_of_year" else stamps.year // YEARS_IN[freq] * YEARS_IN[freq]
            result = _aggregate(frame.assign(period=bucket), agg, [measure] if measure else [], ["period"])
            result["period"] = result["period"].astype("int64")
            return [
                table(f"{value_name(agg, measure)} by {freq.replace('_', ' ')}{_where(args)}", _ranked(result, args))
            ]
        # Group by the periods' ordinals (numbers, NaN for no date) and label only the
        # groups: formatting every row's period as text, or hashing Period objects, cost
        # a quarter to half a second per million rows.
        periods = frame[date].dt.to_period(FREQS[freq])
        ordinals = pd.Series(periods.array.asi8, index=frame.index, dtype="float64").where(periods.notna())
        result = _aggregate(frame.assign(period=ordinals), agg, [measure] if measure else [], ["period"])
        period = pd.Series(pd.PeriodIndex.from_ordinals(result["period"].astype("int64"), freq=periods.dt.freq))
        if freq == "year":
            result["period"] = period.dt.year  # a year is 2014, a number, as in a year column
        elif freq in ("day", "week"):
            result["period"] = period.dt.start_time.dt.strftime("%Y-%m-%d")
        else:
            result["period"] = period.astype(str)
        return [table(f"{value_name(agg, measure)} by {freq}{_where(args)}", _ranked(result, args))]


def _ranked(result: pd.DataFrame, args: dict[str, Any]) -> pd.DataFrame:
    """'which month was the warmest': the periods ranked, then the first N."""
    if args.get("sort") in ("asc", "desc"):
        value = [c for c in result.columns if c != "period"][0]
        result = result.sort_values([value, "period"], ascending=[args["sort"] == "asc", True], kind="stable")
    if args.get("limit"):
        result = result.head(int(args["limit"]))
    return result


TOOLS = (GroupAggregate(), Share(), PercentRows(), Pivot(), Trend())
