"""The tool interface, its registry, argument validation and the shared workspace.

A tool declares JSON-schema `parameters`: the language-model planner is offered them,
and every call (the model's and the rule planner's) is checked against the same schema
by `jsonschema` before anything runs.
Built-in tools register exactly as a plugin would (`registry.register(tool)`).
"""

from __future__ import annotations

import functools
import json
import re
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import duckdb
import pandas as pd
import pyarrow as pa
from jsonschema import Draft202012Validator, ValidationError
from jsonschema.exceptions import best_match

from datapulse.agents.contract import TableRef
from datapulse.agents.tools.local import LocalSource, runs_in_duckdb, to_local
from datapulse.data.relation import Relation, as_relation
from datapulse.errors import BadRequest, DataPulseError
from datapulse.runtime import os_lock
from datapulse.sqlsource import live
from datapulse.sqlsource.live import LiveSource, LiveUnsupported

Result = dict[str, Any]


class ToolError(BadRequest):
    """A tool call that cannot run as asked (unknown tool, bad argument, no column)."""

    code = "tool_error"


@runtime_checkable
class Tool(Protocol):
    name: str
    description: str
    parameters: dict[str, Any]

    def run(self, ws: Workspace, args: dict[str, Any]) -> list[Result]: ...


# Parameters shared by every tool that reads one table ------------------------------------
FILTER_OPS = (
    "eq",
    "ne",
    "gt",
    "ge",
    "lt",
    "le",
    "between",
    "contains",
    "startswith",
    "endswith",
    "has_item",
    "in",
    "not_in",
    "year",
    "month",
    "months",
    "before",
    "after",
    "notnull",
    "isnull",
    "gt_col",
    "ge_col",
    "lt_col",
    "le_col",
    "eq_col",
    "ne_col",
)
# "has_item": a cell listing items ("AE,AU", "sh, bash; zsh") holds the value as one of them.
ITEM_SEPARATORS = ",;"
# Row-wise comparison of two columns: {"column": "a", "op": "gt_col", "value": "b"} keeps a > b.
COLUMN_OPS = {"gt_col": "gt", "ge_col": "ge", "lt_col": "lt", "le_col": "le", "eq_col": "eq", "ne_col": "ne"}
FILTER_SCHEMA: dict[str, Any] = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "column": {"type": "string"},
            "op": {"type": "string", "enum": list(FILTER_OPS)},
            "value": {"type": ["string", "number", "boolean", "array", "null"]},
            "case": {"type": "boolean", "description": "contains/startswith/endswith/has_item: letters as written"},
        },
        "required": ["column", "op", "value"],
        "additionalProperties": False,
    },
}
COMMON_PROPS: dict[str, Any] = {
    "table": {"type": "string", "description": "table name; default: the only or first table"},
    "filters": FILTER_SCHEMA,
    "logic": {"type": "string", "enum": ["and", "or"]},
}


def params(props: dict[str, Any], required: Iterable[str] = ()) -> dict[str, Any]:
    """A tool's parameter schema: its own properties plus table/filters/logic."""
    return {
        "type": "object",
        "properties": {**COMMON_PROPS, **props},
        "required": list(required),
        "additionalProperties": False,
    }


@functools.cache
def _validator(schema_json: str) -> Draft202012Validator:
    schema = json.loads(schema_json)
    Draft202012Validator.check_schema(schema)  # a tool that declares a broken schema fails loudly
    return Draft202012Validator(schema)


def validate(schema: dict[str, Any], value: Any, where: str = "args") -> None:
    """Check `value` against a tool's JSON schema (the one the language model is given);
    raise ToolError naming the argument and what is wrong with it."""
    validator = _validator(json.dumps(schema, sort_keys=True))
    error = best_match(validator.iter_errors(value))
    if error is not None:
        raise ToolError(_explain(error, where))


def _explain(error: ValidationError, where: str) -> str:
    """The reason in the words the planner notes and tests use, not jsonschema's own."""
    path = where + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
    rule, limit, value = error.validator, error.validator_value, error.instance
    if rule == "type":
        return f"{path}: expected {limit}, got {type(value).__name__}"
    if rule == "enum":
        return f"{path}: {value!r} is not one of {limit}"
    if rule == "required":
        missing = next((name for name in limit if name not in value), "?")
        return f"{path}: missing required '{missing}'"
    if rule == "additionalProperties":
        known = error.schema.get("properties", {})
        unknown = next((name for name in value if name not in known), "?")
        return f"{path}: unknown argument '{unknown}'"
    if rule == "minimum":
        return f"{path}: must be at least {limit}"
    if rule == "maximum":
        return f"{path}: must be at most {limit}"
    return f"{path}: {error.message}"


class ToolRegistry:
    """Tools by name; `declarations()` is what a language model is offered."""

    def __init__(self) -> None:
        self._tools: dict[str, Tool] = {}

    def register(self, tool: Tool) -> Tool:
        if not isinstance(tool, Tool):
            raise TypeError(f"{tool!r} does not implement the Tool protocol")
        if tool.name in self._tools:
            raise ValueError(f"tool {tool.name!r} is already registered")
        self._tools[tool.name] = tool
        return tool

    def get(self, name: str) -> Tool:
        try:
            return self._tools[name]
        except KeyError:
            raise ToolError(f"unknown tool '{name}'", details={"tools": sorted(self._tools)}) from None

    def names(self) -> list[str]:
        return sorted(self._tools)

    def check(self, name: str, args: Any) -> Tool:
        """The tool, once `args` are valid for it; ToolError otherwise."""
        tool = self.get(name)
        validate(tool.parameters, args, name)
        return tool

    def declarations(self) -> list[dict[str, Any]]:
        """OpenAI-style `tools` entries."""
        return [
            {
                "type": "function",
                "function": {"name": t.name, "description": t.description, "parameters": t.parameters},
            }
            for t in (self._tools[n] for n in self.names())
        ]


# The data every tool reads ---------------------------------------------------------------
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?$")
_CACHE: OrderedDict[tuple[str, int, int, Relation], pd.DataFrame] = OrderedDict()
_CACHE_LOCK = os_lock()  # native run threads contend on it (runtime.os_lock)
_CACHE_SIZE = 8


def load_frame(table: Relation | Path) -> pd.DataFrame:
    """Read a table (cached by what is read, its size and mtime); ISO-date text becomes
    datetime. A stored source (no Parquet copy yet) is read by DuckDB through Arrow, so
    its frame has the dtypes that the Parquet copy will give."""
    relation = as_relation(table)
    stat = relation.path.stat()
    key = (str(relation.path.resolve()), stat.st_size, stat.st_mtime_ns, relation)
    with _CACHE_LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    frame = pd.read_parquet(relation.path) if relation.is_parquet else _read_source(relation)
    for col in frame.columns:
        series = frame[col]
        if series.dtype == object or pd.api.types.is_string_dtype(series.dtype):
            sample = series.dropna().astype(str).head(20)
            if len(sample) and all(_ISO_DATE.match(s) for s in sample):
                parsed = pd.to_datetime(series, errors="coerce", utc=True, format="ISO8601")
                if parsed.notna().sum() == series.notna().sum():
                    frame[col] = parsed.dt.tz_localize(None)
    with _CACHE_LOCK:
        _CACHE[key] = frame
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return frame


_LOCAL: OrderedDict[int, tuple[pd.DataFrame, LocalSource | None]] = OrderedDict()
_LOCAL_BUILD = os_lock()  # native run threads contend on it (runtime.os_lock)


def local_of(frame: pd.DataFrame, relation: Relation | None = None) -> LocalSource | None:
    """The frame loaded from `relation` as DuckDB reads it, built once per frame (the frame
    is kept with it, so its id is not reused meanwhile); None when DuckDB cannot answer as
    pandas does."""
    with _CACHE_LOCK:
        hit = _LOCAL.get(id(frame))
        if hit is not None and hit[0] is frame:
            _LOCAL.move_to_end(id(frame))
            return hit[1]
    with _LOCAL_BUILD:  # askers arriving together convert the table once
        with _CACHE_LOCK:
            hit = _LOCAL.get(id(frame))
        if hit is not None and hit[0] is frame:
            return hit[1]
        built = to_local(frame, relation.path if relation is not None and relation.is_parquet else None)
        with _CACHE_LOCK:
            _LOCAL[id(frame)] = (frame, built)
            while len(_LOCAL) > _CACHE_SIZE:
                _LOCAL.popitem(last=False)
    return built


def _read_source(relation: Relation) -> pd.DataFrame:
    from datapulse.data.interrupt import interruptible
    from datapulse.data.profile import connect

    with connect(memory_limit="2GB") as conn, interruptible(conn):  # a cancelled run stops the read
        conn.execute("SET TimeZone = 'UTC'")  # zoned times come back as the Parquet copy gives them
        return conn.sql(f"SELECT * FROM {relation.sql()}").to_arrow_table().to_pandas()


def _planning(ref: TableRef) -> pd.DataFrame:
    assert ref.live is not None
    try:
        return live.planning_frame(ref.live)
    except DataPulseError:
        raise
    except (OSError, ValueError, pa.ArrowException) as exc:
        raise ToolError(f"table '{ref.name}' cannot be read: {type(exc).__name__}", code="table_unreadable") from None


@dataclass
class Workspace:
    """The conversation's tables, loaded on first use."""

    tables: list[TableRef]
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    derived: set[str] = field(default_factory=set)

    def names(self) -> list[str]:
        return [t.name for t in self.tables]

    def add(self, name: str, frame: pd.DataFrame) -> None:
        """A derived table (a join) that later steps may name."""
        self.frames[name] = frame
        self.derived.add(name)

    def ref(self, name: str | None = None) -> TableRef:
        if not self.tables:
            raise ToolError("the conversation has no data attached")
        ref = self.tables[0] if not name else next((t for t in self.tables if t.name == name), None)
        if ref is None:
            raise ToolError(f"no table named '{name}'", details={"tables": self.names()})
        return ref

    def live(self, args: dict[str, Any]) -> LiveSource | None:
        """The live source of the step's table, or None when the table is read into memory:
        a tool with a live form runs inside the source database instead."""
        name = args.get("table")
        if name and name in self.frames:
            return None
        return self.ref(name).live

    def sql(self, args: dict[str, Any], tool: str) -> LiveSource | LocalSource | None:
        """Where the step runs as one SQL statement (see `tools.live`): inside its live
        source, or in DuckDB over the loaded table when DuckDB gives pandas' answer
        (`local.runs_in_duckdb`); None: in pandas."""
        name = args.get("table")
        if name and name in self.derived:
            return None  # a join's frame, made for this question: converting it costs more
        ref = self.ref(name)
        if ref.live is not None:
            return ref.live
        local = local_of(self.frame(name), ref.source())
        return local if local is not None and runs_in_duckdb(local, tool, args) else None

    def frame(self, name: str | None = None) -> pd.DataFrame:
        """The table as a frame. For a live table, its planning frame (columns, types and a
        digest of its values: the planner's vocabulary), never its rows."""
        if name and name in self.frames:
            return self.frames[name]
        ref = self.ref(name)
        if ref.live is not None:
            return _planning(ref)
        if ref.name not in self.frames:
            try:
                self.frames[ref.name] = load_frame(ref.source())
            except (OSError, ValueError, pa.ArrowException, duckdb.Error) as exc:
                raise ToolError(
                    f"table '{ref.name}' cannot be read: {type(exc).__name__}", code="table_unreadable"
                ) from None
        return self.frames[ref.name]

    def select(self, args: dict[str, Any], tool: str = "this tool") -> pd.DataFrame:
        """The table of `args`, with its filters applied."""
        source = self.live(args)
        if source is not None:
            raise LiveUnsupported(
                f"{tool} does not run inside a live source: it needs every row in memory, which a live "
                f"{source.engine_name} source does not copy. Ask for an aggregate (counts, sums, means, shares, "
                "trends, top N, correlation, a comparison) or use a copy-mode source.",
                details={"tool": tool, "engine": source.engine_name},
            )
        frame = self.frame(args.get("table"))
        filters = args.get("filters") or []
        if not filters:
            return frame
        return frame[filter_mask(frame, filters, args.get("logic", "and"))]


def require_columns(frame: pd.DataFrame, *columns: str | None) -> None:
    missing = [c for c in columns if c is not None and c not in frame.columns]
    if missing:
        raise ToolError(f"no column {', '.join(map(repr, missing))}", details={"columns": list(frame.columns)})


def require_numeric(frame: pd.DataFrame, column: str) -> None:
    require_columns(frame, column)
    if not pd.api.types.is_numeric_dtype(frame[column]) or pd.api.types.is_bool_dtype(frame[column]):
        raise ToolError(f"column '{column}' is not numeric")


def _as_time(series: pd.Series, value: Any) -> Any:
    return pd.Timestamp(value) if pd.api.types.is_datetime64_any_dtype(series) else value


def filter_mask(frame: pd.DataFrame, filters: list[dict[str, Any]], logic: str = "and") -> pd.Series:
    """A boolean mask for the filters, combined with and/or."""
    masks = []
    for f in filters:
        column, op, value = f["column"], f["op"], f["value"]
        require_columns(frame, column)
        try:
            if op in COLUMN_OPS:
                m = _column_mask(frame, column, COLUMN_OPS[op], value)
            else:
                m = _mask(frame[column], column, op, value, bool(f.get("case")))
        except (TypeError, ValueError, OverflowError):
            raise ToolError(f"cannot compare column '{column}' with {value!r}") from None
        masks.append(m.fillna(False).astype(bool))
    combined = masks[0]
    for m in masks[1:]:
        combined = (combined | m) if logic == "or" else (combined & m)
    return combined


def _column_mask(frame: pd.DataFrame, column: str, op: str, other: Any) -> pd.Series:
    """Rows where column <op> other, both columns of the row ("more bills in 104 than in 103")."""
    if not isinstance(other, str):
        raise ToolError(f"'{op}_col' compares with another column: give its name, not {other!r}")
    require_columns(frame, other)
    a, b = frame[column], frame[other]
    cmp = {"gt": a > b, "ge": a >= b, "lt": a < b, "le": a <= b, "eq": a == b, "ne": a != b}[op]
    return cmp & a.notna() & b.notna()


def _as_text_number(s: pd.Series, column: str, value: Any) -> Any:
    """3 (or 3.12) compared with a text column of versions ("3.0", "3.12"): the number matches
    no text, so the one text the column writes for it is meant; two texts ("3.1", "3.10") are
    asked about, never answered as no rows."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if not (pd.api.types.is_string_dtype(s) or pd.api.types.is_object_dtype(s)) or bool((s == value).any()):
        return value
    texts = pd.Series(s.dropna().unique()).astype(str)
    numbers = pd.to_numeric(texts.where(texts.str.fullmatch(r"-?\d+(?:\.\d+)?")), errors="coerce")
    hits = sorted(texts[numbers == float(value)])
    if len(hits) > 1:
        raise ToolError(f"{value} matches several values of {column}: {', '.join(hits)}; which one?")
    return hits[0] if hits else value


def _mask(s: pd.Series, column: str, op: str, value: Any, case: bool = False) -> pd.Series:
    if isinstance(value, dict) or (isinstance(value, list) and any(isinstance(v, dict | list) for v in value)):
        raise TypeError("a filter value is a scalar or a list of scalars")
    if op in ("notnull", "isnull"):  # "rows with a wage filled in": the value is not read
        return s.notna() if op == "notnull" else s.isna()
    if op in ("eq", "ne"):
        value = _as_text_number(s, column, value)
    if op == "eq":
        return s == _as_time(s, value)
    if op == "ne":
        return (s != _as_time(s, value)) & s.notna()
    if op in ("gt", "ge", "lt", "le", "before", "after"):
        v = _as_time(s, value)
        if op in ("gt", "after"):
            return s > v
        if op == "ge":
            return s >= v
        return s < v if op in ("lt", "before") else s <= v
    if op == "between":
        if not isinstance(value, list) or len(value) != 2:
            raise ToolError("'between' needs a list of two values")
        return (s >= _as_time(s, value[0])) & (s <= _as_time(s, value[1]))
    if op == "contains":
        return s.astype("string").str.contains(str(value), case=case, regex=False).fillna(False).astype(bool)
    if op in ("startswith", "endswith"):  # as "contains": letters of either case, unless `case`
        text = s.astype("string") if case else s.astype("string").str.lower()
        part = str(value) if case else str(value).lower()
        hit = text.str.startswith(part) if op == "startswith" else text.str.endswith(part)
        return hit.fillna(False).astype(bool)
    if op == "has_item":
        return has_item(s, value, case)
    if op in ("in", "not_in"):
        m = s.isin(value if isinstance(value, list) else [value])
        return ~m & s.notna() if op == "not_in" else m
    if op in ("year", "month", "months"):
        if not pd.api.types.is_datetime64_any_dtype(s):
            raise ToolError(f"column '{column}' is not a date")
        if op == "months":  # a range of months in any year: [first, last]
            return (s.dt.month >= int(value[0])) & (s.dt.month <= int(value[1]))
        if op == "year":
            return s.dt.year == int(value)
        year, month = (value if isinstance(value, list) else [None, value])[:2]
        m = s.dt.month == int(month)
        return m & (s.dt.year == int(year)) if year is not None else m
    raise ToolError(f"unknown filter operator '{op}'")


def list_items(cell: str) -> list[str]:
    """The items a cell lists: split at commas and semicolons, each without surrounding spaces."""
    return [part.strip() for part in re.split(f"[{ITEM_SEPARATORS}]", cell)]


def has_item(s: pd.Series, value: Any, case: bool = False) -> pd.Series:
    """Rows whose cell lists `value` as one of its items (letters of either case, unless `case`)."""
    want = str(value).strip() if case else str(value).strip().lower()

    def hit(cell: Any) -> bool:
        if not isinstance(cell, str):
            return False
        return want in list_items(cell if case else cell.lower())

    return s.map(hit).astype(bool)


def is_numeric(series: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)


def describe_filters(filters: list[dict[str, Any]], logic: str = "and") -> str:
    symbols = {"eq": "=", "ne": "≠", "gt": ">", "ge": "≥", "lt": "<", "le": "≤", "before": "<", "after": ">"}
    parts = []
    for f in filters:
        op, value = f["op"], f["value"]
        if op in COLUMN_OPS:
            parts.append(f"{f['column']} {symbols[COLUMN_OPS[op]]} {value}")
        elif op in symbols:
            parts.append(f"{f['column']} {symbols[op]} {value}")
        elif op == "between":
            parts.append(f"{f['column']} between {value[0]} and {value[1]}")
        elif op in ("in", "not_in"):
            parts.append(f"{f['column']} {'in' if op == 'in' else 'not in'} {value}")
        elif op == "has_item":
            parts.append(f"{f['column']} lists {value}")
        elif op in ("notnull", "isnull"):
            parts.append(f"{f['column']} is {'not ' if op == 'notnull' else ''}missing")
        else:
            parts.append(f"{f['column']} {op} {value}")
    return f" {logic} ".join(parts)
