"""Coverage: every content word of a question must be part of the plan (SPEC 5).

Two checks. Words outside every mention the scanner recognised, less the language's
function words, were never understood. Mentions the scanner did recognise (a column,
a value, a number, a date) that the intent does not use were understood and then
dropped. Either way the question is not answered as if those words were not there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, cast

from datapulse.agents.planner.columns import ColumnIndex, tokens_of
from datapulse.agents.planner.intent import Intent
from datapulse.agents.planner.lexicon import ENTITY_TERMS, TABLE_ABBREVIATIONS
from datapulse.agents.planner.scan import Span
from datapulse.agents.planner.words import (
    ATTACHED,
    EVENT_NOUNS,
    NEUTRAL,
    PERSON_COLUMNS,
    PERSON_NOUNS,
    ROW_NOUNS,
    ZH,
    ZH_NEUTRAL,
    function_words,
)

_LATIN = re.compile(r"[a-z0-9äöüßéèáàçñ']+")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")


def _singular(word: str) -> str:
    for tail in ("ies", "es", "s", "en", "n", "e"):
        if word.endswith(tail) and len(word) - len(tail) >= 3:
            return word[: -len(tail)] + ("y" if tail == "ies" else "")
    return word


def row_nouns(table: str) -> set[str]:
    """Words that name the table's rows: its own name (penguins, flights) in any form."""
    out = set(ROW_NOUNS)
    for tok in tokens_of(table):
        out |= {tok, _singular(tok), tok + "s", tok + "es", *TABLE_ABBREVIATIONS.get(tok, ())}
        if tok.endswith("s") and len(tok) > 4:
            out.add(tok[:-1])  # "planes": plane (not the "plan" of the -es rule)
    for word in list(out):  # British and American spellings name the same rows: colours / colors, centres
        if len(word) > 4 and "our" in word:
            out.add(word.replace("our", "or"))
        elif len(word) > 4 and word.endswith(("re", "res")):
            out.add(re.sub(r"re(s?)$", r"er\1", word))
    for term, english in ENTITY_TERMS.items():
        if any(e in out for e in english):
            out.add(term)
    return out


def _chinese_row_nouns(index: ColumnIndex, table: str) -> set[str]:
    """'strikes': 罢工 (the dictionary's words whose first sense is the table's name), unless a
    column bears that name too ("wheat" in a table of wheat prices: 小麦 names the column)."""
    from datapulse.agents.planner.linking import chinese_of

    toks = [_singular_name(t) for t in tokens_of(table)]
    if not toks or any(set(toks) & {_singular_name(t) for t in index.col_tokens.get(c, set())} for c in index.columns):
        return set()
    return set(chinese_of(" ".join(toks)))


def _singular_name(tok: str) -> str:
    if tok.endswith("ies") and len(tok) > 4:
        return tok[:-3] + "y"
    if tok.endswith("s") and not tok.endswith("ss") and len(tok) > 3:
        return tok[:-1]
    return tok


def _about_people(index: ColumnIndex) -> bool:
    """A table about people: a column for a person's age, sex, race, education ... (also with
    a one-letter prefix for whose it is: `mage`, `fage`, `mbsmoke` of the mother, the father)."""
    names = set(index.tokens) | {c.lower() for c in index.columns}
    if PERSON_COLUMNS & names:
        return True
    return any(n[k:] in PERSON_COLUMNS for n in names for k in (1, 2) if len(n) - k >= 3)


def entity_words(index: ColumnIndex, table: str) -> set[str]:
    """Words that name the rows of this table: its name, people, the events it records."""
    key = ("entity", table)
    if key not in index.memo:
        out = row_nouns(table) | _chinese_row_nouns(index, table)
        if _about_people(index):
            out |= PERSON_NOUNS
        out |= {w for w, stem in EVENT_NOUNS.items() if any(stem in toks for toks in index.col_tokens.values())}
        from datapulse.agents.planner.decide import PERIOD_WORDS

        steps = set().union(*index.date_steps.values()) if index.date_steps else set()
        steps |= {kind for c, kind in index.periods.items() if c in index.labels}  # one row per "1974Q1"
        out |= {w for w, freq in PERIOD_WORDS.items() if freq in steps}  # "how many months" over monthly rows
        index.memo[key] = frozenset(out)
    return set(cast("frozenset[str]", index.memo[key]))


def allowed_words(intent: Intent, index: ColumnIndex, table: str) -> set[str]:
    """Words this plan accounts for without a mention: the rows' own nouns, neutral words,
    and words that describe a column or analysis the plan does use."""
    out = entity_words(index, table) | set(NEUTRAL) | set(ZH_NEUTRAL)
    texts = [str(f.get("value")).lower() for f in intent.filters if f.get("op") in ("contains", *_AFFIX_OPS)]
    out |= set(texts) | {w for t in texts for w in _LATIN.findall(t)}  # "XN--": its word "xn"
    if any(f.get("op") in _AFFIX_OPS for f in [*intent.filters, *(intent.extra.get("where") or [])]):
        out |= AFFIX_WORDS  # "starting with", "mit … beginnt", "以 … 开头": the words of the text filter
    if any(f.get("op") in ("lt", "gt") and f.get("value") == 0 for f in intent.filters):
        out |= SIGN_WORDS  # "a negative bmi": the sign became the bound 0
    if any(f.get("op") in ("lt", "le", "gt", "ge") for f in intent.filters):
        out |= CROSSING_VERBS  # "first drop below 50": the verb of the bound the plan uses
    if any(c.startswith("length of ") for c in intent_columns(intent)):
        out |= {"long", "lang", "consist", "consists", "bestehen", "besteht", "characters", "letters", "zeichen"}
    if any(set(tokens_of(c)) & _DURATION_TOKENS for c in intent_columns(intent) if c in index.columns):
        out |= DURATION_WORDS  # "strikes that lasted more than 30 days" over a `duration` column
    cols = intent_columns(intent)
    has_date = (
        bool(index.dates)
        or bool(index.periods)
        or any(c.lower() in ("year", "month", "day", "date") for c in index.columns)
    )
    ranks = intent.extra.get("ranks_columns")
    if ranks:  # "which variable correlates most strongly with X": the answer is a column
        from datapulse.agents.planner.ranked import COLUMN_WORDS

        out |= set(COLUMN_WORDS)
    for word, needs in ATTACHED.items():
        for need in needs:
            if need.startswith("*") and need[1:] in (intent.kind, ranks):
                out.add(word)
            elif need == "@date" and has_date:
                out.add(word)
            elif need == "@contains" and any(f.get("op") == "contains" for f in intent.filters):
                out.add(word)
            elif need == "@text" and _names_text(intent, index):
                out.add(word)  # "service names", "GNU-Namen": the text column the plan reads is the names
            elif index.resolve(need) & cols:
                out.add(word)
    return out


def _names_text(intent: Intent, index: ColumnIndex) -> bool:
    """The plan reads one text column (never a number or a date) as what it shows or counts:
    "name" then says what its values are ("how many service names", "the GNU name of amd64")."""
    shown = [c for c in [*intent.measures, *intent.group_by] if c in index.columns]
    if not shown:  # "how many Debian CPU names start with mips": the names the text filter reads
        shown = [str(f.get("column")) for f in intent.filters if f.get("op") in ("startswith", "endswith", "contains")]
    return len(shown) == 1 and shown[0] not in index.numeric and shown[0] not in index.dates


def _function_gloss(word: str) -> bool:
    """A Chinese dictionary word of two characters or more whose English is a function word
    ("总数", "总体" → total; "出现" → appear; "测得" ← measured; "对应" → correspond)."""
    from datapulse.agents.planner.linking import english_of
    from datapulse.agents.planner.words import EN

    plain = EN | NEUTRAL  # English only: the gloss "die" is no German article
    for gloss in english_of(word)[:3]:
        if gloss + "d" in NEUTRAL or gloss + "ed" in NEUTRAL:
            return True  # 测 → measure(d), 记 → record(ed): the verbs that only say how a value was got
        if len(word) >= 2 and (gloss in plain or gloss + "s" in plain):
            return True
    return False


def _strip_zh(run: str, known: set[str]) -> list[str]:
    """The parts of a Chinese run that are not function words: the run cut into dictionary
    words first (是否 is one word, not 是 and a leftover 否), each word whose English is a
    function word dropped whole, the rest stripped greedily, longest first."""
    from datapulse.agents.planner.linking import segment

    extra = sorted((w for w in known if _CJK_RUN.fullmatch(w)), key=len, reverse=True)
    vocab = sorted({*ZH, *extra}, key=len, reverse=True)
    words = segment(run)
    if len(words) > 1 or _function_gloss(run):
        out: list[str] = []
        for w in words:
            if w in vocab or _function_gloss(w):
                continue
            out += _strip_greedy(w, vocab)
        return _joined(run, out)
    return _strip_greedy(run, vocab)


def _joined(run: str, parts: list[str]) -> list[str]:
    """Leftover pieces that stood next to each other in the run, one word again."""
    out: list[str] = []
    at = 0
    for part in parts:
        k = run.find(part, at)
        if out and k == at:
            out[-1] += part
        else:
            out.append(part)
        at = k + len(part)
    return out


def _strip_greedy(run: str, vocab: list[str]) -> list[str]:
    left: list[str] = []
    word = ""
    i = 0
    while i < len(run):
        hit = next((w for w in vocab if run.startswith(w, i)), None)
        if hit is None:
            word += run[i]
            i += 1
            continue
        if word:
            left.append(word)
            word = ""
        i += len(hit)
    if word:
        left.append(word)
    return left


def uncovered_words(question: str, spans: Iterable[Span], lang: str, known: set[str]) -> list[str]:
    """Words of the question outside every mention that are not function words."""
    text = _QUESTION_PHRASES.sub(lambda m: " " * len(m.group(0)), question.lower())
    mask = bytearray(len(text) + 1)
    for s in spans:
        mask[s.start : s.end] = b"\x01" * (s.end - s.start)
    for w in known:  # known Chinese phrases may straddle a keyword ("从高到低" around 到)
        if len(w) > 1 and _CJK_RUN.fullmatch(w):
            for m in re.finditer(re.escape(w), text):
                mask[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    gaps = "".join(ch if not mask[k] else " " for k, ch in enumerate(text))
    stop = function_words(lang)
    out: list[str] = []
    for m in re.finditer(r"[^\s]+", gaps):
        chunk = m.group(0)
        for w in _LATIN.findall(chunk):
            w = w.strip("'")
            if w.endswith("'s"):
                w = w[:-2]
            if w and w not in stop and w not in known and not w.isdigit() and len(w) > 1:
                if any(w.endswith(h) and len(w) > len(h) + 2 for h in _NAME_HEADS if h in known):
                    continue  # "Bezirksnamen": a compound whose head is the name word the plan uses
                if lang == "de" and _german_glossed(w, known):
                    continue  # "Geburten" in a table of births: the rows' own noun, in German
                out.append(w)
        for run in _CJK_RUN.finditer(chunk):
            out += [w for w in _strip_zh(run.group(0), known) if w not in known and not glossed(w, known)]
    return out


_NAME_HEADS = ("namen", "name", "names")
# Question words for a duration or an amount: they ask for the value of the column named beside them.
_QUESTION_PHRASES = re.compile(r"\bhow long\b|\bwie lange?\b|多久|多长时间|多长|多少时间")


def _german_glossed(word: str, known: set[str]) -> bool:
    """A German word whose English (one word, from the lexicon's word list) is a known word."""
    from datapulse.agents.planner.linking import german_word

    return any(e in known or e + "s" in known for e in german_word(word) if " " not in e)


def glossed(word: str, known: set[str]) -> bool:
    """A Chinese word whose English gloss is a known word ("机场" → airport, a table of airports)."""
    from datapulse.agents.planner.linking import english_of

    for e in english_of(word):
        if e in known or _singular(e) in known or e + "s" in known:
            return True
        heads = (e[-5:], e[-6:], e[-5:] + "s", e[-6:] + "s") if len(e) > 6 and " " not in e else ()
        if any(k in known for k in heads):
            return True  # "飞机" → airplane, in a table of planes: the English compound's head
    return False


_SUBJECT = (
    re.compile(r"\bhow many ([a-z]+) (?:have|has|had|with|whose|where|were|was|are|is)\b"),
    re.compile(r"\b(?:share|percentage|proportion|percent) of (?:the )?([a-z]+) (?:have|has|had|did|with|whose)\b"),
    re.compile(r"\b(?:the|a|an|which|what) ([a-z]+) (?:with|whose|having|where)\b"),
    re.compile(r"^\s*(?:and |of those,? )?([a-z]+) (?:with|whose|having|where)\b"),
    re.compile(r"\bwie viele[n]? ([a-zäöüß]+) (?:mit|deren|dessen|haben|hatten|sind|waren|wurden)\b"),
    re.compile(r"\bbei wie vielen ([a-zäöüß]+)"),
    re.compile(r"\b(?:die|der|das|den|dem|welche[rsnm]?) ([a-zäöüß]+) (?:mit|deren|dessen)\b"),
    re.compile(r"^\s*([a-zäöüß]+) (?:mit|deren|dessen)\b"),
    re.compile(r"最[\u4e00-\u9fff]{1,2}的([\u4e00-\u9fff]{1,2}?)(?=[？?，,。]|$|有|是|的|多|体|收|年)"),
    re.compile(
        r"的([\u4e00-\u9fff]{1,3}?)(?=[？?，,。]?$|有多少[个架名位只家辆条种所]|有多少[？?。]?$|有几[个架名位只家辆条种所]|中[，,]|里[，,])"
    ),
)


_TIME_PART_WORDS = {"year", "quarter", "month", "week", "day", "hour", "date", "jahr", "monat", "yr"}
_COUNTED = (
    re.compile(
        r"\b(?:how many|number of|count of|(?:percent|percentage|share|proportion) of)\s+(?:the |all )?([a-z]+)"
    ),
    re.compile(r"\b(?:anzahl|wie viele[n]?|(?:prozent|anteil)) (?:der |an |von |aller )?([a-zäöüß]+)"),
    re.compile(r"多少[个位名只家条种台]?([\u4e00-\u9fff]{1,3}?)(?=[？?，,。]|$)"),
    re.compile(r"的([\u4e00-\u9fff]{1,3}?)(?=占)"),
)


def counted_nouns(question: str, intent: Intent, index: ColumnIndex, table: str) -> set[str]:
    """'number of patients by Group', 'Anzahl der Patienten pro Group', '每个 Group 有多少病人',
    'Prozent der Patienten in der Gruppe …': the noun for the rows counted or shared out over
    groups, where the table does not name its rows. Only a count (or share) over groups of the
    whole table, no row picked by its name, and only a noun that could mean no column."""
    from datapulse.agents.planner.linking import column_candidates

    counting = intent.kind in ("aggregate", "share", "percent") and not intent.measures
    counting = counting and (intent.agg == "count" or intent.kind != "aggregate")
    if not counting or not (intent.group_by or intent.kind != "aggregate"):
        return set()
    timed = [c for c in intent.group_by if c in index.dates or c.lower() in _TIME_PART_WORDS]
    if timed:
        return set()  # "Wie viele Verkehrsunfälle gab es pro Jahr?": events over time, which the data may not hold
    if any(f.get("op") == "eq" and f.get("column") in index.labels for f in intent.filters):
        return set()  # "Wie viele Einwohner hat Texas?": a figure of one row, not a count of rows
    text = question.lower()
    nouns = {m.group(1) for pattern in _COUNTED for m in pattern.finditer(text)}
    nouns = {w for w in nouns if not column_candidates([w], index)}
    if _rows_unnamed(index, table):
        return nouns
    own = entity_words(index, table)
    return {w for w in nouns if w in own or glossed(w, own) or _german_glossed(w, own)}


_UNNAMING = {"t", "df", "data", "dataset", "sample", "samples", "table", "frame", "raw", "main", "all", "my", "test"}


def _rows_unnamed(index: ColumnIndex, table: str) -> bool:
    """The table's name does not say what its rows are: a generic name (`t`, `data`, `sample`) or
    an abbreviation no dictionary knows (`bmt`), or
    a name that is one of its columns (`unicode_scripts` with a `script` column: the rows are parts
    of a script, whatever the question calls them). A table named for its rows (`sales`) is not:
    "how many employees per region" there counts no sales."""
    from datapulse.agents.planner.linking import chinese_of

    toks = [_singular_name(t) for t in tokens_of(table)]
    if not toks or all(t in _UNNAMING or len(t) < 2 or not chinese_of(t) for t in toks):
        return True  # `t`, `sample`, or no word a dictionary knows (`bmt`, an abbreviation)
    cols = {_singular_name(t) for c in index.columns for t in index.col_tokens.get(c, set()) | {c.lower()}}
    return any(t in cols for t in toks)


def subject_nouns(question: str) -> set[str]:
    """The question's own word for its rows, read from where it stands: "how many districts
    have ...", "the person with the highest ...", "Flugzeuge mit ...", "...的学区". It is
    accounted for only beside a constraint the plan does use (see rules._check_coverage)."""
    text = question.lower()
    return {m.group(1) for pattern in _SUBJECT for m in pattern.finditer(text)}


_UNIT_BEFORE = re.compile(
    r"([a-zäöüß]+)\s+(?:from|due to|caused by|durch|wegen|aufgrund (?:von )?)\s*(?:the |der |die |den |dem |von )?$"
)
_UNIT_AFTER = re.compile(r"^([\u4e00-\u9fff]{2})")


def unit_nouns(question: str, spans: list[Span], columns: set[str]) -> set[str]:
    """What a measure the plan uses counts, named beside it: "deaths from disease",
    "Todesfälle durch Krankheit", "因疾病死亡" (a column of deaths by cause)."""
    text = question.lower()
    out: set[str] = set()
    for s in spans:
        if s.kind != "col" or not set(s.payload) & columns:
            continue
        if m := _UNIT_BEFORE.search(text[: s.start]):
            out.add(m.group(1))
        if re.search(r"(?:因|由于)$", text[: s.start]) and (m := _UNIT_AFTER.match(text[s.end :])):
            out.add(m.group(1))
    return out


_TIME_UNITS = frozenset(
    """
ms msec millisecond milliseconds second seconds sec secs minute minutes min mins hour hours day days week weeks
month months year years sekunde sekunden minute minuten stunde stunden tag tage tagen woche wochen monat monate
monaten jahr jahre jahren
""".split()
)
_ZH_TIME_UNITS = ("毫秒", "秒", "分钟", "小时", "天", "周", "个月", "月", "年", "分")  # 分: minutes, or points


def bound_units(question: str, spans: list[Span], intent: Intent) -> set[str]:
    """'service > 1000 months', 'nach 40 ms': a unit of time written after a number the plan
    uses as a bound says what the number counts, and asks for nothing more."""
    bounds = {
        float(v)
        for f in [*intent.filters, *(intent.extra.get("where") or [])]
        if f.get("op") in ("gt", "ge", "lt", "le", "between")
        for v in (f["value"] if isinstance(f.get("value"), list) else [f.get("value")])
        if isinstance(v, int | float) and not isinstance(v, bool)
    }
    text = question.lower()
    out: set[str] = set()
    for s in spans:
        if s.kind != "num" or not isinstance(s.payload, int | float) or float(s.payload) not in bounds:
            continue
        after = text[s.end :]
        if (m := re.match(r"\s*([a-zäöüß]+)", after)) and m.group(1) in _TIME_UNITS:
            out.add(m.group(1))
        elif unit := next((u for u in _ZH_TIME_UNITS if after.lstrip().startswith(u)), None):
            out.add(unit)
    return out


_UNIT_WORDS = {
    "tausend": ("thousands",),
    "tausenden": ("thousands",),
    "millionen": ("millions",),
    "千人": ("thousands",),
}


def names_a_used_column(word: str, intent: Intent, index: ColumnIndex) -> bool:
    """'300 thousand', 'in Tausend', '千人' beside `Population (thousands) Total`: a word of the
    name of a column the plan uses (in any number, or its English gloss) is that column's."""
    from datapulse.agents.planner.linking import english_of, german_word

    names = {t for c in intent_columns(intent) if c in index.columns for t in tokens_of(c) if len(t) > 2}
    if not names:
        return False
    forms = {word, word + "s", _singular(word), *_UNIT_WORDS.get(word, ())}
    if _CJK_RUN.fullmatch(word):
        forms |= {f for e in english_of(word) for f in (e, e + "s")}
    else:
        forms |= {f for e in german_word(word) for f in (e, e + "s")}
    return bool(forms & names)


def intent_columns(intent: Intent) -> set[str]:
    cols = set(intent.measures) | set(intent.group_by) | {str(f.get("column")) for f in intent.filters}
    for key in ("date_column", "columns", "rows_are", "label", "items_of"):
        if isinstance(intent.extra.get(key), str):
            cols.add(intent.extra[key])
        elif key == "columns" and isinstance(intent.extra.get(key), list):
            cols |= {str(c) for c in intent.extra[key]}  # "the person with the highest pulse": their Weight
    cols |= {str(f.get("column")) for f in intent.extra.get("where") or [] if isinstance(f, dict)}
    return cols


def _flat(values: Iterable[Any]) -> set[str]:
    out: set[str] = set()
    for v in values:
        if isinstance(v, list | tuple):
            out |= _flat(v)
        else:
            out.add(str(v).lower())
    return out


ALL_BEFORE = re.compile(
    r"(?:\ball|\balle[nrs]?|\bsämtliche[nr]?|\bevery|所有|全部|全体)\s*(?:the\s+|der\s+|die\s+|的)?$"
)


def _plural_of(text: str, column: str) -> bool:
    """The word is a plural ("animals") or another language's word ("Tiere", "动物") for the
    column's name, not the name as written nor a part of it ("code" of `first_code`)."""
    name = column.lower()
    if text == name or text in tokens_of(column) or " " in text.strip():
        return False
    if re.search(r"[\u3400-\u9fff]", text) or not re.search(r"[a-z]", name):
        return True
    return text.startswith(name) or not text.startswith(name[:3])


_PARENS = re.compile(r"[（(]([^()（）]{1,40})[)）]")


def _range_described(num: Span, spans: list[Span], cols: set[str], index: ColumnIndex, text: str) -> bool:
    """'mean y by quarter (1-4)', '按季度（quarter，1到4）': parentheses beside a column the plan uses
    say which values it holds; the number is one end of its range, no constraint."""
    for m in _PARENS.finditer(text):
        if not m.start() < num.start < m.end():
            continue
        near = [
            c
            for s in spans
            if m.start() <= s.start < m.end() or 0 <= m.start() - s.end <= 2
            for c in ([s.payload[0]] if s.kind == "col" and len(s.payload) == 1 else [])
            + ([c for c in cols if c.lower() == s.payload] if s.kind == "freq" else [])  # "by quarter (1-4)"
            if c in cols
        ]
        for c in near:
            lo, hi = index.ranges.get(c, (None, None))
            if lo is not None and num.payload in (lo, hi) and re.search(r"\d\s*(?:-|–|to|bis|到|至)\s*\d", m.group(1)):
                return True
    return False


def dropped_mentions(
    spans: list[Span],
    used: set[int],
    intent: Intent,
    index: ColumnIndex,
    known: frozenset[str] = frozenset(),
    question: str = "",
) -> list[str]:
    """Recognised mentions (columns, values, numbers, dates, quotes) the intent leaves out
    (a column mention that is a word for the rows themselves, "deaths", is not left out)."""
    if intent.kind in ("schema", "sql"):
        return []
    cols = intent_columns(intent)
    from datapulse.agents.planner.filters import counted_items

    # "the most extensions" read with `extension_count`: the count of the listed items covers the list
    cols |= {c for c in index.columns if c not in cols and counted_items(index, c) in cols}
    if intent.kind in ("count", "filter", "describe", "missing", "duplicates") and not intent.measures:
        cols |= set(index.columns) if intent.kind in ("describe", "missing", "duplicates") else set()
    values = _flat(f.get("value") for f in intent.filters) | _flat(intent.extra.get("groups") or [])
    if "value" in intent.extra:
        values |= _flat([intent.extra["value"]])
    out: list[str] = []
    text = question.lower()
    counts_rows = intent.kind in ("count", "percent", "share") or (
        intent.kind == "aggregate" and (intent.agg == "count" or bool(intent.group_by))
    )  # "每种类型的动物平均有几条腿": the animals are the rows averaged per type
    for i, s in enumerate(spans):
        if i in used:
            continue
        if s.kind == "col" and ALL_BEFORE.search(text[max(0, s.start - 12) : s.start]):
            continue  # "of all firms", "所有公司": every value of the column, neither filter nor group
        if s.kind == "col" and all(index.nunique.get(c) == index.rows for c in s.payload):
            continue  # "what percentage of states ...": a column with one row per value names the rows
        named_rows = s.kind == "col" and len(s.payload) == 1 and s.payload[0] in index.labels and counts_rows
        if named_rows and _plural_of(s.text, s.payload[0]):
            continue  # "how many animals" over `animal` naming each row (two frogs among them): the rows
        if s.kind == "col" and not (set(s.payload) & cols) and s.text not in known:
            out.append(s.text)
        elif s.kind == "val" and not ({c for c, _ in s.payload} & cols):
            out.append(s.text)
        elif s.kind == "num" and not (
            s.payload == intent.n
            or str(s.payload).lower() in values
            or _num_in(s.payload, values)
            or _year_of_column(s.payload, cols, index)
            or _range_described(s, spans, set(intent.group_by), index, text)
        ):
            out.append(s.text)
        elif s.kind == "date" and (not intent.filters or ("day" in s.payload and "year" not in s.payload)):
            out.append(s.text)
        elif s.kind == "quoted" and str(s.payload).lower() not in values and not _in_values(str(s.payload), values):
            out.append(s.text)
        elif s.kind in ("sup", "cmp") and not (set(s.payload[0]) & cols):
            out.append(s.text)
        elif s.kind == "kw" and s.payload in ({"top"}, {"bottom"}) and not _ranked(intent):
            out.append(s.text)  # "when did co2 first go above 350": an order the plan does not have
        elif (
            s.kind == "kw"
            and s.payload <= _STRICT_OPS
            and any(t.kind in ("num", "date") for t in spans[i + 1 : i + 3])
            and not any(f.get("op") != "eq" for f in intent.filters)
        ):
            out.append(s.text)  # "至少 ... 20" with no comparison in the plan: the bound was dropped
        elif (
            s.kind == "kw"
            and s.payload <= _STRICT_OPS
            and i + 1 < len(spans)
            and spans[i + 1].kind == "col"
            and s.text not in ("over", "über")  # "over all years": a span of time, not a bound
            and all(c in index.numeric for c in spans[i + 1].payload)
            and not _compares_columns(intent)
        ):
            out.append(f"{s.text} {spans[i + 1].text}")  # "höher als city_mpg": a difference the plan lacks
        elif s.kind == "kw" and s.payload == {"not"} and not _negated(intent):
            out.append(s.text)  # "Zonen ohne Kommentar" read as the comments themselves: the "ohne" was dropped
        elif s.kind == "kw" and "group" in s.payload and _period_after(text, s.end) and not _grouped(intent):
            out.append(text[s.start : s.end + 1 + len(_period_after(text, s.end))])  # "für jeden Monat" dropped
    return out


def _negated(intent: Intent) -> bool:
    """The plan holds a negation somewhere: a filter that excludes, a missing value, a zero."""
    for f in intent.filters:
        if f.get("op") not in ("eq", "contains", "year", "month", "between") or f.get("value") in (0, False):
            return True
    return bool(intent.extra.get("where")) or intent.kind in ("share", "compare")


def _period_after(text: str, end: int) -> str:
    """The period word right after a grouping word ("jeden Monat", "每个月"), or ""."""
    from datapulse.agents.planner.decide import PERIOD_WORDS

    m = re.match(r"\s*([a-zäöüß]+|[\u3400-\u9fff]{1,2})", text[end:])
    if not m:
        return ""
    word = m.group(1)
    hit = next(
        (
            w
            for w in sorted(PERIOD_WORDS, key=len, reverse=True)
            if word == w or word.startswith(w) and _CJK_RUN.match(w)
        ),
        "",
    )
    return hit


def _compares_columns(intent: Intent) -> bool:
    """The plan sets one column against another (a derived difference, a comparison)."""
    return (
        bool(intent.extra.get("derive")) or intent.kind in ("compare", "correlation") or bool(intent.extra.get("where"))
    )


def _grouped(intent: Intent) -> bool:
    """The plan splits its rows into groups or periods."""
    return bool(intent.group_by) or intent.kind in ("trend", "pivot") or bool(intent.extra.get("freq"))


def repeated_entities(question: str, intent: Intent, index: ColumnIndex) -> list[str]:
    """Plurals of an identifier column whose values repeat over the rows ("subjects" with four
    visits each) in a plan that ranks rows or groups by something else: the ranked things
    would be visits, not subjects, so the word is not the rows' name here."""
    if not _ranked(intent) or not intent.n:
        return []
    used = intent_columns(intent)
    out = []
    for col in index.identifiers:
        if col in used or index.id_distinct.get(col, index.rows) >= index.rows:
            continue
        ranked = rf"(?<![a-z0-9_]){intent.n}\s+(?:[^\W\d]+\s+)?"  # "top 3 subjects", not "by number of flights"
        m = re.search(rf"{ranked}({re.escape(col.lower())}(?:s|es))(?![a-z0-9_])", question.lower())
        if m:
            out.append(m.group(1))
    return out


def _ranked(intent: Intent) -> bool:
    """The plan orders or picks rows or groups (a top N, a sorted or limited result)."""
    return intent.kind in ("top_n", "distinct") or bool(intent.sort or intent.n or intent.extra.get("sort"))


_AFFIX_OPS = ("startswith", "endswith")
AFFIX_WORDS = frozenset(
    {
        "start", "starts", "started", "starting", "begin", "begins", "beginning", "end", "ends", "ended", "ending",
        "letter", "letters", "beginnt", "beginnen", "anfang", "anfangen", "fängt", "fangen", "endet", "enden",
        "ende", "deren", "dessen", "开头", "开始", "打头", "结尾", "结束",
    }
)  # fmt: skip
_DURATION_TOKENS = frozenset({"duration", "dauer", "length", "los", "stay", "lasting", "dur"})
DURATION_WORDS = frozenset(
    {
        "last", "lasts", "lasted", "lasting", "long", "longer", "dauer", "dauern", "dauert", "dauerte", "dauerten",
        "lang", "länger", "持续", "持续了", "长", "天数", "多少天",
        "second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "week", "weeks", "month", "months",
        "year", "years", "sekunden", "minuten", "stunden", "tag", "tage", "tagen", "woche", "wochen", "monate",
        "monaten", "jahre", "jahren", "秒", "分钟", "小时", "天", "周", "个月", "年",
    }
)  # fmt: skip
CROSSING_VERBS = frozenset(
    {
        "drop",
        "drops",
        "dropped",
        "fall",
        "falls",
        "fell",
        "fallen",
        "sink",
        "sinks",
        "sank",
        "dip",
        "dips",
        "dipped",
        "rise",
        "rises",
        "rose",
        "climb",
        "climbs",
        "climbed",
        "fiel",
        "fällt",
        "sinkt",
        "rutschte",
        "stieg",
        "steigt",
        "kletterte",
        "onwards",
        "onward",
        "upwards",
        "afterwards",
    }
)  # fmt: skip  (and "from 1965 onwards": the open end of the bound)
SIGN_WORDS = {
    "negative", "negativ", "negativen", "negativer", "negatives", "negativem", "positive", "positiv",
    "positiven", "positiver", "positives", "positivem", "负", "正", "负数", "正数", "负值", "正值", "为负", "为正",
}  # fmt: skip
_STRICT_OPS = frozenset({"op:gt", "op:ge", "op:lt", "op:le"})


def _year_of_column(num: Any, cols: set[str], index: ColumnIndex) -> bool:
    """'married in 1980 (mrt80)': a year the name of a column the plan uses ends with
    (`mrt80`, `pop1990`) says which column, and is no filter of its own."""
    if not isinstance(num, int) or not 1900 <= num <= 2099:
        return False
    short, full = str(num)[2:], str(num)
    for col in cols:
        low = col.lower()
        if col in index.columns and (low.endswith(full) or re.search(rf"[a-z_]{short}$", low)):
            return True
    return False


def _in_values(text: str, values: set[str]) -> bool:
    low = text.lower().strip()
    return any(low in v or v in low for v in values if v)


def _num_in(num: Any, values: set[str]) -> bool:
    for v in values:
        try:
            if float(v) == float(num):
                return True
        except ValueError:
            if str(num) in v:
                return True
    return False
