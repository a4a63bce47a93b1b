"""How a question names a column outside the lexicon (SPEC 5): quoted, in backticks or
in parentheses beside its own words ("各机场（origin）"), or by a word that links to the
column's name (latitude → `lat`, 纬度 → `lat` through CC-CEDICT)."""

from __future__ import annotations

import re

from datapulse.agents.planner.columns import ColumnIndex, tokens_of
from datapulse.agents.planner.linking import (
    by_synonym,
    compound_value,
    dictionary_link,
    gloss_values,
    link,
    link_phrase,
    segment,
)
from datapulse.agents.planner.scan import Span
from datapulse.agents.planner.words import ATTACHED, NEUTRAL, ZH, ZH_NEUTRAL, function_words

_NAMED = re.compile(
    r"`([^`]{1,60})`|[（(]\s*([^()（）]{1,60}?)\s*[)）]"
    r"|(?<![A-Za-z0-9])['\"“”„‘’「]([^'\"“”„‘’「」]{1,60})['\"“”‘’」](?![A-Za-z0-9])"
)
_CJK = re.compile(r"[\u3400-\u9fff]")
_LABEL_STOP = set("的和与及、，,。；;：:")
_NOUN_KWS = {"types", "columns", "rows", "values", "size", "describe", "distinct"}
LABEL = 11  # the priority of a named column's span


def exact_columns(name: str, index: ColumnIndex) -> set[str]:
    """Columns whose name (or a spelling of it) is exactly `name`."""
    low = name.strip().lower()
    hits = {c for c in index.columns if c.lower() == low}
    if len(hits) > 1 and name.strip() in hits:
        return {name.strip()}  # `ID` and `id`: the one written exactly
    return hits or set(index.forms.get(low, set()))


def named_spans(question: str, index: ColumnIndex) -> list[Span]:
    """Column names written quoted, in backticks or in parentheses."""
    out = []
    for m in _NAMED.finditer(question):
        inner = next(g for g in m.groups() if g is not None)
        cols = exact_columns(inner, index)
        if cols:
            out.append(Span(m.start(), m.end(), "col", tuple(sorted(cols)), inner.lower(), LABEL))
    return out


def absorb_labels(text: str, spans: list[Span]) -> list[Span]:
    """A name in parentheses covers the words just before it that describe it
    ("失业人数（unemploy）"): they become part of the column's span."""
    out: list[Span] = []
    stop = function_words("en")
    for span in spans:
        inside = (
            span.kind == "val"
            and re.search(r"[（(]\s*$", text[: span.start])
            and re.match(r"\s*[)）]", text[span.end :])
        )
        if inside:  # "通用汽车（General Motors）": a value in parentheses, its own words before it
            opened = text.rindex("（" if "（" in text[: span.start] else "(", 0, span.start)
            closed = span.end + re.match(r"\s*[)）]", text[span.end :]).end()  # type: ignore[union-attr]
            span = Span(opened, closed, span.kind, span.payload, span.text, span.priority)
        elif span.kind != "col" or span.priority != LABEL or text[span.start] not in "（(":
            out.append(span)
            continue
        start = span.start
        while start > 0 and text[start - 1] == " ":
            start -= 1
        while (
            out
            and out[-1].end >= start
            and (
                (out[-1].kind == "col" and out[-1].payload == span.payload)
                or (out[-1].kind == "kw" and out[-1].payload <= _NOUN_KWS)
            )
        ):  # "按类型（type）": 类型 is the column's label, not a question about types
            start = out.pop().start
        floor = out[-1].end if out else 0
        k = start
        if k > 0 and _CJK.match(text[k - 1]):
            while True:
                while k > floor and _CJK.match(text[k - 1]) and text[k - 1] not in _LABEL_STOP and start - k < 8:
                    k -= 1
                last = out[-1] if out else None
                if not (  # "出行方式（mode）": 行 is part of the label's words, not the keyword "rows"
                    last is not None
                    and k == floor
                    and last.kind == "kw"
                    and last.payload <= _NOUN_KWS
                    and _CJK.match(last.text)
                    and start - last.start < 8
                    and last.start > 0
                    and _CJK.match(text[last.start - 1])
                    and (len(out) < 2 or out[-2].end < last.start)  # inside a word: 出行方式, not 多少行
                ):
                    break
                out.pop()
                k = last.start
                floor = out[-1].end if out else 0
        else:
            words = 0
            while words < 3:
                m = re.search(r"([a-zäöüß]+)\s*$", text[floor:k])
                last = out[-1] if out else None
                if (  # "the 103rd Congress (BILLS103)": the ordinal is part of the label's words
                    m is not None
                    and m.group(1) in ("st", "nd", "rd", "th")
                    and last is not None
                    and last.kind == "num"
                    and last.end == floor + m.start()
                ):
                    out.pop()
                    k, floor = last.start, out[-1].end if out else 0
                    words += 1
                    continue
                if m is None and last is not None and last.kind == "col" and 1 <= words < 3:
                    if not text[last.end : k].strip():  # "prenatal visits (nprenatal)": a column's word inside
                        out.pop()
                        k, floor = last.start, out[-1].end if out else 0
                        words += 1
                        continue
                if not m or m.group(1) in stop:
                    break
                k = floor + m.start()
                words += 1
        out.append(Span(k, span.end, span.kind, span.payload, span.text, span.priority))
    return out


_DESCRIPTOR_WORDS = (
    r"crime|rates?|prices?|levels?|codes?|values?|scores?|figures?|quote|class|classes|category|categories"
    r"|votes?|klasse|kategorie|kategorien|gruppe|gruppen|groups?|sites?|stufen?|werte?|versions?|versionen"
    r"|率|价格|水平|指数|类别|组|位点|等级|取值|版本|值"
)
# "PID-Code", "vote-Gruppe", "CpG sites", "CpG 位点": the descriptor after a space or a hyphen
_DESCRIPTOR = re.compile(rf"(?:[\s-]*(?:{_DESCRIPTOR_WORDS})(?![a-zäöüß]))+")


def absorb_descriptors(text: str, spans: list[Span], table: str = "") -> list[Span]:
    """'murder rate', 'gas prices', 'educ level', '贫困率', 'construction employment' in a table
    of employment: a word that only describes the column before it belongs to its mention."""

    own = [t for t in tokens_of(table) if len(t) >= 4]
    pattern = _DESCRIPTOR
    if own:
        names = "|".join(re.escape(t) for t in own)
        pattern = re.compile(rf"(?:[\s-]*(?:{_DESCRIPTOR_WORDS}|{names})(?![a-zäöüß]))+")
    out: list[Span] = []
    for k, span in enumerate(spans):
        nxt = spans[k + 1].start if k + 1 < len(spans) else len(text)
        m = pattern.match(text, span.end) if span.kind == "col" else None
        if m and m.end() <= nxt:
            span = Span(span.start, m.end(), span.kind, span.payload, text[span.start : m.end()], span.priority)
        out.append(span)
    return out


_RESTATED = re.compile(
    r"[（(]([^()（）]{0,60}(?:=|<|>|≤|≥|\b[a-z_]\w*\s+-?\d+(?:[.,]\d+)?\s*(?=[)）])|为|\bbelow\b|\babove\b|\bunter\b|\büber\b|\bsum\b|\bsumme\b|\btotal\b|"
    r"\bmean\b|\baverage\b|\bmittelwert\b|\bdurchschnitt\b|总和|合计|平均)[^()（）]{0,30})[)）]"
)


_GLOSS = re.compile(r"\s*[（(]([^()（）]{1,40})[)）]")
_INCLUSIVE = re.compile(
    r"\(?\s*(?:both\s+)?inclusive\s*\)?|\(\s*(?:beide|jeweils)\s+(?:eingeschlossen|inklusive)\s*\)"
    r"|\(\s*inklusive\s*\)|[（(]\s*含(?:两端|端点)?\s*[)）]|[（(]\s*包括两端\s*[)）]"
)


def value_glosses(text: str, spans: list[Span]) -> list[Span]:
    """'educ 7 (PhD)', 'educ = 7 (Promotion)': words in parentheses right after a value or a
    number that name no column, value or number of their own say what the value means; and
    '30 to 39 inclusive', '(beide eingeschlossen)' say that a range holds its bounds, as every
    range does here. Both become label spans the plan accounts for."""
    out: list[Span] = []
    for s in spans:
        if s.kind not in ("num", "val"):
            continue
        m = _GLOSS.match(text, s.end)
        if m is None or any(m.start() <= t.start < m.end() and t.kind in ("col", "num", "val", "date") for t in spans):
            continue
        out.append(Span(m.start(1), m.end(1), "label", None, m.group(1), 1))
    for m in _INCLUSIVE.finditer(text):
        if not any(m.start() <= t.start < m.end() for t in spans):
            out.append(Span(m.start(), m.end(), "label", None, m.group(0), 1))
    return out


def _column_value_parens(text: str, spans: list[Span]) -> list[re.Match[str]]:
    """'(text_direction rtl)', '（language de）': parentheses holding a column and one of its
    values (either order), nothing else: a filter that restates the words before it."""
    out = []
    for m in _GLOSS.finditer(text):
        a, b = m.start(1), m.end(1)
        inside = [s for s in spans if a <= s.start < b]
        kinds = sorted(s.kind for s in inside if s.kind != "kw" or not ({"op:eq", "in"} & s.payload))
        if kinds != ["col", "val"] or _RESTATED.match(text, m.start() + len(m.group(0)) - len(m.group(0).lstrip())):
            continue
        col = next(s for s in inside if s.kind == "col")
        val = next(s for s in inside if s.kind == "val")
        covered = sum(s.end - s.start for s in inside)
        if set(col.payload) & {c for c, _v in val.payload} and len(text[a:b].replace(" ", "")) <= covered + 2:
            out.append(m)
    return out


_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
    "erste": 1, "ersten": 1, "erster": 1, "zweite": 2, "zweiten": 2, "zweiter": 2, "dritte": 3, "dritten": 3,
    "dritter": 3, "vierte": 4, "vierten": 4, "第一": 1, "第二": 2, "第三": 3, "头等": 1, "一等": 1, "二等": 2,
    "三等": 3,
}  # fmt: skip


def restatement_labels(text: str, spans: list[Span]) -> list[Span]:
    """'in Alaska (state = AK)', 'Achtzylinder (Cylinders = 8)': the parentheses restate the
    words before them as a filter; those words become label spans the plan accounts for."""
    out: list[Span] = []
    stop = function_words("en")
    for m in [*_RESTATED.finditer(text), *_column_value_parens(text, spans)]:
        inside = {c for s in spans if m.start() <= s.start < m.end() and s.kind == "col" for c in s.payload}
        before = [s for s in spans if s.end <= m.start()]
        k, words, chars, skips = m.start(), 0, 0, 0
        while k > 0:
            if text[k - 1] == " ":
                k -= 1
                continue
            last = before[-1] if before and before[-1].end == k else None
            if last is not None:  # the same column named in its own words ("Zylinder", "缸") is part of it
                if last.kind == "label" or (last.kind == "col" and set(last.payload) & inside):
                    k = last.start
                    before.pop()
                    continue
                if last.kind == "kw" and any(a.startswith("agg:") for a in last.payload) and inside and words == 0:
                    k = last.start  # "the most seizures in total (sum of y)": the aggregate the parentheses restate
                    before.pop()
                    continue
                said = text[m.start() : m.end()]
                if last.kind == "num" and re.search(rf"(?<![\d.]){re.escape(last.text)}(?![\d.])", said):
                    k = last.start  # "lifeboat 13 (boat = 13)", "under 50 ns (MYCT < 50)": the number restated
                    before.pop()
                    continue
                if last.kind == "kw" and any(a.startswith("op:") for a in last.payload) and re.search(r"[<>=≤≥]", said):
                    k = last.start  # "under 50 (MYCT < 50)": the comparison restated
                    before.pop()
                    continue
                nth = _ORDINALS.get(last.text) if last.kind == "kw" else None
                if nth is not None and re.search(rf"(?<![\d.]){nth}(?![\d.])", said) and inside:
                    k = last.start  # "first class (pclass 1)": the ordinal is the value restated, no "top"
                    out.append(Span(last.start, last.end, "label", None, last.text, 1))  # replaces the keyword
                    before.pop()
                    continue
                if last.kind == "kw" and last.payload == {"contains"} and inside and k < m.start():
                    k = last.start  # "samples that contain iron (Iron > 0)": the verb of the restated bound
                    out.append(Span(last.start, last.end, "label", None, last.text, 1))  # replaces the keyword
                    before.pop()
                    continue
                if last.kind == "kw" and last.payload <= {"or", "and"} and words and k < m.start():
                    k = last.start  # "siblings or spouse on board (sibsp = 0)": one description
                    before.pop()
                    continue
                if last.kind == "kw" and last.payload == {"in"} and skips < 2 and k < m.start():
                    skips, k = skips + 1, last.start  # "seizures in (total)", "day of the week": function words
                    before.pop()
                    continue
                break
            if _CJK.match(text[k - 1]):
                if text[k - 1] == "的" and chars == 0 and k == m.start():
                    k -= 1  # "从右往左书写的（…）": the words before 的 are restated
                    continue
                if text[k - 1] in _LABEL_STOP or chars >= 8:
                    break
                k, chars = k - 1, chars + 1
                out.append(Span(k, k + 1, "label", None, text[k], 1))
                continue
            w = re.search(r"([a-zäöüß\-]+)$", text[:k])
            if w and w.group(1) in stop and skips < 2:
                # "taught with PSI (PSI = 1)", "every day of the week (TVnews = 7)": function words inside
                prior = re.search(r"([a-zäöüß\-]+)\s+$", text[: w.start()])
                if prior and (prior.group(1) not in stop or (before and before[-1].end == prior.end())):
                    skips, k = skips + 1, w.start()
                    continue
            if not w or w.group(1) in stop or words >= 4:
                break
            k, words = w.start(), words + 1
            out.append(Span(k, w.end(), "label", None, w.group(1), 1))
    return out


def linked_spans(question: str, spans: list[Span], index: ColumnIndex, table: str = "", lang: str = "") -> list[Span]:
    """Words outside every mention that link to columns become column mentions (not the
    words for the rows themselves: "flights" is not the `flight` number). German words reach
    the Ding dictionary only in a German question ("Gift" is poison, "gift" is not)."""
    from datapulse.agents.planner.coverage import row_nouns

    german = lang == "de"
    rows = frozenset(row_nouns(table))

    def named(word: str) -> list[str]:
        return link(word, index) or (dictionary_link(word, index, question, rows) if german else [])

    text = question.lower()
    mask = bytearray(len(text) + 1)
    for s in spans:
        mask[s.start : s.end] = b"\x01" * (s.end - s.start)
    stop = function_words("en") | NEUTRAL | row_nouns(table) | set(ATTACHED)
    zh_stop = set(ZH) | set(ZH_NEUTRAL) | {w for w in stop if _CJK.match(w)}
    out: list[Span] = []
    gaps = "".join(" " if mask[k] else ch for k, ch in enumerate(text))
    for m in re.finditer(r"(?<![a-zäöüß0-9_])[a-zäöüß][a-zäöüß\-]{2,}(?![a-zäöüß0-9_])|[\u3400-\u9fff]{2,}", gaps):
        word = m.group(0)
        if _CJK.match(word):
            out += _linked_cjk(word, m.start(), index, zh_stop, row_nouns(table))
        elif word not in stop:
            cols = [c for c in named(word) if not _entity_id(word, c, index, table)]
            if cols and by_synonym(word, index) and _describes_column(text, m.start(), spans):
                continue  # "weight class": a synonym ('class' ~ `family`) yields to the spelled name before it
            if cols and not set(cols) <= index.labels and _german_row_noun(word, table):
                continue  # "Geburten" (births) is the rows, not `birthmonth`; "Ausschüsse" may be `COMMITTEE`
            if cols:
                out.append(Span(m.start(), m.end(), "col", tuple(sorted(cols)), word, 2))
            elif pairs := compound_value(word, index):  # "gramnegativ": Gram_Staining = negative
                out.append(Span(m.start(), m.end(), "val", tuple(pairs), word, 2))
            elif "-" in word:  # "non-southern", "Penicillin-Wert", "Prestige-Ausschüsse": its parts
                parts = [p for p in re.findall(r"[a-zäöüß]+", word)]
                hits = [[c for c in named(p) if c not in index.identifiers] if len(p) >= 3 else [] for p in parts]
                linked = [k for k, h in enumerate(hits) if h]
                negated = parts[0] in ("non", "nicht", "un", "anti", "ex", "kein", "keine")
                if len(linked) == 1 and not negated:  # one part names the column, the rest describes it
                    out.append(Span(m.start(), m.end(), "col", tuple(sorted(hits[linked[0]])), word, 2))
                    continue
                for part in re.finditer(r"[a-zäöüß]{3,}", word):
                    cols = [c for c in named(part.group(0)) if c not in index.identifiers]
                    if cols and part.group(0) not in stop:
                        start = m.start() + part.start()
                        out.append(
                            Span(start, start + len(part.group(0)), "col", tuple(sorted(cols)), part.group(0), 2)
                        )
    return out


def _describes_column(text: str, start: int, spans: list[Span]) -> bool:
    """A descriptor word ("class", "level") right after a column's mention describes it
    (absorb_descriptors takes it in), whatever column WordNet would find for it alone."""
    if not _DESCRIPTOR.match(text, start):
        return False
    return any(s.kind == "col" and s.end <= start and not text[s.end : start].strip(" -") for s in spans)


def _german_row_noun(word: str, table: str) -> bool:
    """'Geburten' in a table of births: a German word for the rows names no column (not
    `birthmonth`), whichever table the rows are in."""
    from datapulse.agents.planner.coverage import row_nouns
    from datapulse.agents.planner.linking import german_word

    rows = row_nouns(table)
    return any(e in rows for e in german_word(word) if " " not in e)


def _entity_id(word: str, column: str, index: ColumnIndex, table: str) -> bool:
    """An identifier column (whole numbers, many values) a word names as the rows: named like
    the rows ("flight" in a table of flights) or by the plural of its name ("flights" for
    `flight`). A measure stored as whole numbers (`alt` in feet) is linked like any other."""
    from datapulse.agents.planner.coverage import row_nouns

    if column not in index.identifiers:
        return False
    toks = set(tokens_of(column))
    return bool(toks & row_nouns(table)) or (word not in toks and word.rstrip("s") in toks)


_CLASSIFIERS = "条个位名只家种台项次"


def _glossed_as_rows(word: str, rows: set[str], index: ColumnIndex) -> bool:
    """A Chinese word whose first English gloss is the table's word for its rows, and no
    column's whole name (小麦 names the column `wheat` of the table `wheat`)."""
    from datapulse.agents.planner.linking import english_of

    glosses = english_of(word)
    return bool(glosses) and glosses[0] in rows and glosses[0] not in index.forms


def _linked_cjk(run: str, offset: int, index: ColumnIndex, stop: set[str], rows: set[str]) -> list[Span]:
    """Chinese words that link to columns. A whole-number column with many values counts as a
    measure here ("建筑业" → `construction`) unless it is named like the rows (航班 → `flight`)."""
    ids = {c for c in index.identifiers if set(tokens_of(c)) & rows}
    measures = [c for c in index.columns if c in index.numeric and c not in index.identifiers]
    out: list[Span] = []
    words = segment(run)
    bounds, at = {0}, 0
    for w in words:
        at += len(w)
        bounds.add(at)
    i = 0
    while i < len(run):
        for size in range(min(6, len(run) - i), 1, -1):
            piece = run[i : i + size]
            if piece in stop:
                continue
            if i not in bounds or i + size not in bounds or any(w in stop for w in segment(piece)):
                continue  # "小麦价格": 小麦 and 价格, not 小麦价; never across 的
            cols = [c for c in link(piece, index) if c not in ids]
            whole = piece[1:] if piece[0] in _CLASSIFIERS and len(piece) > 2 else piece  # 条规则: 规则
            if cols and rows and len(measures) > 1 and _glossed_as_rows(whole, rows, index):
                cols = []  # 投资 in `us_investment` of two measures: the table's topic, as "investment" is
            if cols and rows and not set(cols) & index.numeric and _glossed_as_rows(whole, rows, index):
                cols = []  # 规则 in `dst_rules`: the rules themselves, not `rule_set` (a set of rules)
            if cols:
                out.append(Span(offset + i, offset + i + size, "col", tuple(sorted(cols)), piece, 2))
                i += size
                break
            pairs = gloss_values(piece, index)
            if pairs and len({c for c, _ in pairs}) == 1:  # "阴性" → the value negative
                out.append(Span(offset + i, offset + i + size, "val", tuple(pairs), piece, 2))
                i += size
                break
        else:
            i += 1
    return out


def compact_phrases(question: str, spans: list[Span], index: ColumnIndex, table: str = "") -> list[Span]:
    """'copper price' → `COPPERPRICE`, 'council tax' → `COUTAX`: two or three words that together
    make one column's run-together name become one mention of it (a word among them that was
    a mention of several columns, "price", is narrowed to the one)."""
    text = question.lower()
    stop = function_words("en")  # not the rows' nouns: "copper price" in the table `copper`
    words = list(re.finditer(r"(?<![a-zäöüß0-9_])[a-zäöüß]+(?![a-zäöüß0-9_])", text))
    taken = [False] * len(words)
    out = list(spans)
    for size in (3, 2):
        for k in range(len(words) - size + 1):
            run = words[k : k + size]
            if any(taken[k : k + size]) or any(w.group(0) in stop for w in run):
                continue
            if any(text[a.end() : b.start()].strip(" -") for a, b in zip(run, run[1:], strict=False)):
                continue
            phrase = " ".join(w.group(0) for w in run)
            cols = [c for c in link_phrase(phrase.split(), index) if not _entity_id(phrase, c, index, table)]
            if len(cols) != 1:
                continue
            start, end = run[0].start(), run[-1].end()
            inside = [sp for sp in out if sp.start < end and start < sp.end]
            if any(
                sp.start < start
                or sp.end > end
                or not (sp.kind == "col" and (cols[0] in sp.payload or sp.priority <= 2))
                for sp in inside
            ):
                continue  # a mention of something else, or one reaching outside the words
            out = [sp for sp in out if sp not in inside]
            out.append(Span(start, end, "col", tuple(cols), text[start:end], 2))
            taken[k : k + size] = [True] * size
    return sorted(out, key=lambda sp: sp.start)
