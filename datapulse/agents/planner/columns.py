"""Column vocabulary of one table: the spellings under which a question may name a
column ("arr delay", "arrival delay" for `arr_delay`) and the values it may quote."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from datapulse.agents.planner.lexicon import ABBREVIATIONS, GENERIC, UNITS
from datapulse.agents.tools.base import list_items

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z]{2})(?=[a-z]{2})")  # MilesPerGallon, TVnews
_SPLIT = re.compile(r"[^0-9a-zA-Zäöüß]+")
MAX_VALUES = 500
MAX_DAYS = 20_000
MAX_CASED = 200_000  # distinct texts looked at for values told apart by case only
_STEPS = {
    "day": "D",
    "week": "W",
    "month": "M",
    "quarter": "Q",
    "year": "Y",
}  # columns with more distinct values are not scanned for quoted values


_NUMBER_TEXT = re.compile(r"-?\d+(?:\.\d+)?")
_CODE = re.compile(r"(?=[^ ]*\d)(?=[^ ]*[A-Za-z])[A-Za-z0-9][A-Za-z0-9_.\-/ ]{0,10}")  # "Q01", "A-1", "type 3"


def value_form(text: str) -> str:
    """A code's normal form: lower case, no separators, no leading zeros ("Q01", "q 1", "Q-1" → "q1")."""
    compact = re.sub(r"[^0-9a-z]", "", text.lower())
    return re.sub(r"(?<![0-9])0+(?=[0-9])", "", compact)


_LISTING = re.compile(r"[^,;\s]+(?:[,;] ?[^,;\s]+)+")  # "AE,OM,RE", "sh, bash", "a;b": items of one word
_PERIOD_FORMS = {"quarter": re.compile(r"\d{4}Q[1-4]|\d{4}q[1-4]"), "month": re.compile(r"\d{4}-(?:0[1-9]|1[0-2])")}


def period_kind(values: list[str]) -> str | None:
    """'quarter' for text like 1974Q1, 'month' for 2014-03: periods written so that their text
    order is their time order."""
    if len(values) < 2:
        return None
    for kind, pattern in _PERIOD_FORMS.items():
        if all(pattern.fullmatch(v) for v in values):
            return kind
    return None


def period_bounds(kind: str, year: int, lower: bool = False) -> list[str]:
    """The first and last period of a year, as the column writes them ("1980q1" when `lower`)."""
    q = "q" if lower else "Q"
    return [f"{year}{q}1", f"{year}{q}4"] if kind == "quarter" else [f"{year}-01", f"{year}-12"]


def tokens_of(name: str) -> list[str]:
    """`body_mass_g` → [body, mass, g]; `MilesPerGallon` → [miles, per, gallon]."""
    return [t for t in _SPLIT.split(_CAMEL.sub(" ", str(name)).lower()) if t]


def forms_of(name: str) -> set[str]:
    """Every spelling of a column name a question may use."""
    toks = tokens_of(name)
    core = toks[:-1] if len(toks) > 1 and toks[-1] in UNITS else toks
    if len(toks) > 2 and toks[-2] == "in" and toks[-1] in UNITS:  # weight_in_lbs
        core = toks[:-2]
    forms = {str(name).lower(), " ".join(toks), " ".join(core), "".join(toks)}
    if len(toks) > 1:
        forms.add("-".join(toks))  # "x-height" for `x_height`, "end-of-life" for `end_of_life`
    for variant in (toks, core):
        expanded = [ABBREVIATIONS.get(t, t) for t in variant]
        forms.add(" ".join(expanded))
    return {f for f in forms if f}


PUNCTUATION = ",.;:/-_ '"
MAX_CAPS = 5000
MAX_CODES = 20_000
_UNDERSCORED = re.compile(r"[A-Za-z0-9]+(?:[_][A-Za-z0-9]+)+|[A-Z]{2,3}-[A-Z0-9]{1,4}")  # "fr_CH"; "US-CA", "JP-13"
_CAPS_WORD = re.compile(r"(?<![A-Za-z0-9])[A-Z][A-Z0-9]+(?![A-Za-z0-9])")


def _names_rows(distinct: int, rows: int, column: pd.Series) -> bool:
    """A text column naming the rows: a value per row, or (in a longer table of names, every
    cell filled) nearly so: two frogs among a hundred animals, two passengers of the same name."""
    if distinct == rows:
        return True
    return 50 <= rows and distinct <= MAX_VALUES and distinct >= 0.98 * rows and not column.isna().any()


@dataclass
class ColumnIndex:
    """Spellings, tokens and quotable values of one table's columns."""

    columns: list[str]
    numeric: set[str]
    dates: set[str]
    categorical: set[str]
    forms: dict[str, set[str]] = field(default_factory=dict)  # spelling → columns
    tokens: dict[str, set[str]] = field(default_factory=dict)  # token → columns
    col_tokens: dict[str, set[str]] = field(default_factory=dict)  # column → its tokens
    values: dict[str, set[tuple[str, object]]] = field(default_factory=dict)  # lower value → (column, value)
    nunique: dict[str, int] = field(default_factory=dict)  # distinct values of categorical columns
    id_distinct: dict[str, int] = field(default_factory=dict)  # distinct values of identifier columns
    rows: int = 0
    num_values: dict[str, set[float]] = field(default_factory=dict)  # the values of whole-number categories
    ranges: dict[str, tuple[float, float]] = field(default_factory=dict)  # min and max of numeric columns
    identifiers: set[str] = field(default_factory=set)  # whole-number columns with many values (ids, numbers)
    date_years: dict[str, set[int]] = field(default_factory=dict)  # the years each date column covers
    date_steps: dict[str, set[str]] = field(default_factory=dict)  # periods holding one row each (monthly data)
    spacing: dict[str, str] = field(default_factory=dict)  # a date column's regular step: one row each, no gaps
    days: dict[str, set[str]] = field(default_factory=dict)  # the ISO days of a date column of one row a day
    labels: set[str] = field(default_factory=set)  # text columns with one distinct value per row (names)
    letters: dict[str, set[str]] = field(default_factory=dict)  # one-letter text values, by column ("L", "I")
    same_rows: set[str] = field(default_factory=set)  # values several columns hold in exactly the same rows
    periods: dict[str, str] = field(default_factory=dict)  # text columns of periods ("1974Q1"): their kind
    lower_periods: set[str] = field(default_factory=set)  # period columns written in lower case ("1974q1")
    constants: dict[str, str] = field(default_factory=dict)  # text columns with one value: what the table holds
    memo: dict[object, object] = field(default_factory=dict)  # derived vocabularies, built once per table
    # The first word of a text value of several words ("gentoo" of "Gentoo penguin (Pygoscelis papua)")
    # → (column, value), where that word starts exactly one value of the table.
    value_heads: dict[str, set[tuple[str, object]]] = field(default_factory=dict)
    # Text columns' values written as numbers ("3.0", "3.10" of a version column): a number said
    # of such a column is matched as the column writes it, never as the number 3 (no row).
    text_numbers: dict[str, set[str]] = field(default_factory=dict)
    # Text columns where letters' case tells values apart ("Zhong1", a name, beside "zhong1"): a
    # text asked for in such a column is matched as written.
    case_marked: set[str] = field(default_factory=set)
    list_members: dict[str, set[str]] = field(default_factory=dict)  # comma-listing text columns: elements
    row_numbers: set[str] = field(default_factory=set)  # whole numbers counting the rows (`case` 1..n)
    caps_words: dict[str, set[str]] = field(default_factory=dict)  # words in capitals inside text values → columns
    caps_values: dict[str, set[tuple[str, object]]] = field(default_factory=dict)  # such whole values, lower
    # Codes of letters and digits by their normal form ("q4" for "Q04", "a1" for "A-1"): a code
    # written another way than the column writes it (value_form).
    code_forms: dict[str, set[tuple[str, str]]] = field(default_factory=dict)
    has_missing: dict[str, bool] = field(default_factory=dict)  # columns with an empty cell
    punct_values: dict[str, set[tuple[str, object]]] = field(default_factory=dict)  # "," "." " " as values

    @classmethod
    def build(cls, frame: pd.DataFrame) -> ColumnIndex:
        cols = [str(c) for c in frame.columns]
        numeric = {
            c for c in cols if pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
        }
        dates = {c for c in cols if pd.api.types.is_datetime64_any_dtype(frame[c])}
        index = cls(columns=cols, numeric=numeric, dates=dates, categorical=set(), rows=len(frame))
        for c in dates:
            index.date_years[c] = {int(y) for y in frame[c].dropna().dt.year.unique()}
            stamps = frame[c].dropna()
            if getattr(stamps.dt, "tz", None) is not None:
                stamps = stamps.dt.tz_localize(None)
            index.date_steps[c] = {
                name for name, code in _STEPS.items() if len(stamps) and stamps.dt.to_period(code).is_unique
            }
            if "day" in index.date_steps[c] and len(stamps) <= MAX_DAYS:  # dated events: "in effect on D"
                index.days[c] = {d.date().isoformat() for d in stamps}
            for name, code in _STEPS.items():  # finest first: monthly rows are regular by month
                periods = stamps.dt.to_period(code) if len(stamps) > 2 else None
                if periods is not None and periods.is_unique and name in index.date_steps[c]:
                    if (periods.max() - periods.min()).n + 1 <= 1.1 * len(periods):
                        index.spacing[c] = name
                        break
        for c in cols:
            index.has_missing[c] = bool(frame[c].isna().any())
            toks: set[str] = set()
            for form in forms_of(c):
                index.forms.setdefault(form, set()).add(c)
                toks.update(form.split())
            index.col_tokens[c] = toks
            for t in toks:
                if len(t) >= 3 and t not in GENERIC and t not in UNITS:
                    index.tokens.setdefault(t, set()).add(c)
            if c in numeric or c in dates:
                continue
            distinct = frame[c].dropna().unique()
            kind = period_kind([str(v) for v in distinct[:5000]])
            if kind:
                index.periods[c] = kind  # "1974Q1" sorts as text in time order: years and ranges are bounds
                if kind == "quarter" and str(distinct[0]).islower():
                    index.lower_periods.add(c)
            if len(distinct) == 1 and isinstance(distinct[0], str):
                index.constants[c] = distinct[0]  # "Fertility rate, total": the indicator every row holds
            texts_ = [v for v in distinct[:5000] if isinstance(v, str)]
            listed = [v for v in texts_ if _LISTING.fullmatch(v)]
            if any(" " in v for v in listed) and len(listed) < 0.2 * len(texts_):
                listed = [v for v in listed if " " not in v]  # "Gambia, The" among names is a name
            if len(listed) >= 3:  # "AE,OM,RE", "sh, bash": a cell listing several values, each one a value
                index.list_members[c] = {part for v in listed for part in list_items(v) if part}
            for v in distinct[:MAX_CAPS]:
                if isinstance(v, str) and " " in v:  # "LATIN CAPITAL LETTER A": its words, searched as written
                    words = _CAPS_WORD.findall(v)
                    for w in words:
                        index.caps_words.setdefault(w, set()).add(c)
                    if len(words) == len(v.split()):
                        index.caps_values.setdefault(v.lower(), set()).add((c, v))
            texts = pd.Series(distinct[:MAX_CASED], dtype="object")
            if len(texts) and all(isinstance(v, str) for v in texts[:50]):
                if texts.astype(str).str.lower().nunique() < len(texts):
                    index.case_marked.add(c)
            if len(frame) > 2 and _names_rows(len(distinct), len(frame), frame[c]):
                index.labels.add(c)  # "top 3 committees by staff": a word for this column names the rows
            if len(distinct) > MAX_VALUES:
                for v in distinct[:MAX_CODES]:  # "fr_CH", "en-US": codes no word can be, named as values
                    if isinstance(v, str) and _UNDERSCORED.fullmatch(v):
                        index.values.setdefault(v.lower(), set()).add((c, v))
                continue
            index.categorical.add(c)
            index.nunique[c] = len(distinct)
            if pd.api.types.is_bool_dtype(frame[c]):  # a yes/no column is a 0/1 flag ("how many are venomous")
                index.num_values[c] = {float(v) for v in distinct}
            for v in distinct:
                if isinstance(v, str) and len(v) == 1 and v in PUNCTUATION:  # a separator column: "," "."
                    index.punct_values.setdefault(v, set()).add((c, v))
                text = str(v).strip()
                if isinstance(v, str) and _NUMBER_TEXT.fullmatch(text):
                    index.text_numbers.setdefault(c, set()).add(v)
                if isinstance(v, str) and len(text) == 1 and text.isalpha():
                    index.letters.setdefault(c, set()).add(text)  # "type L": a one-letter code of this column
                if len(text) < 2 or re.fullmatch(r"[\d.,\-]+", text):
                    continue
                index.values.setdefault(text.lower(), set()).add((c, v.item() if hasattr(v, "item") else v))
                if isinstance(v, str) and _CODE.fullmatch(text):
                    index.code_forms.setdefault(value_form(text), set()).add((c, v))
                head = re.match(r"([A-Za-zÄÖÜäöüß]{4,})\s+\S", text)
                if head and isinstance(v, str):
                    index.value_heads.setdefault(head.group(1).lower(), set()).add((c, v))
        for c, members in index.list_members.items():  # "US" only ever listed beside others: a value too
            if len(members) <= MAX_VALUES:
                for m in members:
                    if len(m) >= 2 and not re.fullmatch(r"[\d.,\-]+", m):
                        index.values.setdefault(m.lower(), set()).add((c, m))
        for said, pairs in index.values.items():  # "Jessie" as codename and as series: the same rows
            if len({c for c, _v in pairs}) > 1 and len(pairs) <= 8:
                rows = {frozenset(frame.index[frame[c].astype(str).str.lower() == said].tolist()) for c, _v in pairs}
                if len(rows) == 1:
                    index.same_rows.add(said)
        # Low-cardinality whole-number columns (cylinders, year, month) can group too.
        for c in numeric:
            s = frame[c].dropna()
            if len(s):
                index.ranges[c] = (float(s.min()), float(s.max()))
            k = int(s.nunique())
            whole = pd.api.types.is_integer_dtype(s) or bool(len(s) and (s == s.round()).all())
            time_part = whole and str(c).lower() in ("year", "month", "quarter", "week", "day", "hour", "yr")
            if pd.api.types.is_integer_dtype(s) and k == len(frame) > 2 and not time_part:
                if int(s.max()) - int(s.min()) == k - 1 and int(s.min()) in (0, 1):
                    index.row_numbers.add(c)
            if pd.api.types.is_integer_dtype(s) and k > 50 and not time_part:
                index.identifiers.add(c)
                index.id_distinct[c] = k
            if (whole and k <= 50 and (k < len(s) or len(s) <= 50)) or k <= 12 or time_part:
                index.categorical.add(c)
                index.nunique[c] = k
                index.num_values[c] = {float(v) for v in s.unique()}
        return index

    def forms_of_column(self, column: str) -> set[str]:
        """The spellings that name one column ("lat" → lat, latitude)."""
        key = ("forms_of", column)
        if key not in self.memo:
            self.memo[key] = frozenset(f for f, cols in self.forms.items() if column in cols)
        return set(self.memo[key])  # type: ignore[call-overload]

    def resolve(self, phrase: str) -> set[str]:
        """Columns a phrase names: an exact spelling, else columns holding all its tokens."""
        phrase = phrase.lower().strip()
        if phrase in self.forms:
            return set(self.forms[phrase])
        words = phrase.split()
        if not words:
            return set()
        hits = {c for c, toks in self.col_tokens.items() if all(w in toks for w in words)}
        if not hits and len(words) == 1 and words[0] in self.tokens:
            hits = set(self.tokens[words[0]])
        return hits

    def resolve_any(self, phrases: tuple[str, ...]) -> set[str]:
        """The columns named by the first phrase that names any (phrases are in order of preference)."""
        key = ("any", phrases)
        if key not in self.memo:
            self.memo[key] = self._resolve_any(phrases)
        return set(self.memo[key])  # type: ignore[call-overload]

    def _resolve_any(self, phrases: tuple[str, ...]) -> set[str]:
        for phrase in phrases:
            hits = self.resolve(phrase)
            if hits:
                return hits
        return set()
