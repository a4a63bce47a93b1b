"""Rule-based function detection (SPEC 12) in English, German and Chinese, for when no
language model plans: which of an assistant's enabled plugins a message asks for, with
parameters taken from the message by what each parameter's JSON Schema asks for, and
validated against it.

A function is called only on evidence: one of its plugin's keywords or a specific word of
its name (also inflected, as a German separable verb split over the clause, or in German
and Chinese through NAME_GLOSSES), or several words of its description, or two
parameters recognised by their type (an enum value, a code, a date, a time, an address);
and only when every required parameter was found and the schema accepts them. Values
are found by type (`values.py`): numbers in EN/DE/ZH forms, dates to ISO, times to
HH:MM, language, currency and country names to their codes; two parameters of one kind
(from/to, source/target) are told apart by the quantity they stand next to, then by
order. A data question ("the stock column", "users with an e-mail"), a negated request
("no e-mail yet") or a chart request calls nothing, and of one plugin's functions only
the one that uses most of the message is called. Precision comes first: a wrong call is
worse than none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from datapulse.plugins import values
from datapulse.plugins.manifest import parameter_errors
from datapulse.plugins.values import Mention

CJK = re.compile(r"[\u3400-\u9fff]")
# Word boundaries for Latin words that also hold next to Chinese ("级别major", "在Slack的").
LB = r"(?<![A-Za-z\u00c0-\u024f0-9_])"
RB = r"(?![A-Za-z\u00c0-\u024f0-9_])"
# Free text that only points at something said before names nothing ("File it").
POINTERS = {
    "it",
    "this",
    "that",
    "them",
    "these",
    "those",
    "es",
    "das",
    "dies",
    "diese",
    "这个",
    "那个",
    "它",
    "这",
    "那",
}
WORD = re.compile(r"[^\W_]+", re.UNICODE)
TOKEN = re.compile(
    r"(?<![A-Za-z\u00c0-\u024f0-9_])(?:[A-Za-z0-9_#@][A-Za-z0-9_#@.\-]*[A-Za-z0-9_]|[A-Za-z0-9_])"
    r"(?![A-Za-z\u00c0-\u024f0-9_])|[\u3400-\u9fff]+"
)
SIZE = re.compile(r"\b(\d{2,4})\s*[x×]\s*(\d{2,4})\b")
QUOTED = re.compile(r"[\"“„«'‘「『]([^\"“”„«»'’」』]{1,500})[\"”“»'’」』]")
# Words too common to say which function is meant.
GENERIC = {
    "get",
    "create",
    "generate",
    "make",
    "run",
    "do",
    "open",
    "new",
    "add",
    "set",
    "list",
    "show",
    "find",
    "fetch",
    "update",
    "delete",
    "the",
    "and",
    "with",
    "from",
    "into",
    "for",
    "one",
    "another",
    "current",
    "text",
    "team",
    "value",
    "values",
    "data",
    "name",
    "number",
    "an",
    "a",
    "of",
    "in",
    "to",
    "given",
    "latest",
    "public",
    "local",
    "whether",
}
FREE_TEXT = (
    "prompt",
    "text",
    "query",
    "title",
    "message",
    "content",
    "description",
    "subject",
    "question",
    "summary",
    "body",
    "address",
)
# Labels that name a free-text field in the message ("subject: ...", "主题是..."); True: a
# colon (or 是) must follow, False: a space is enough.
LABELS: dict[str, tuple[tuple[str, bool], ...]] = {
    "subject": (("subject", False), ("betreff", False), ("主题", True), ("标题", True)),
    "body": (("body", True), ("text", True), ("inhalt", True), ("nachricht", True), ("saying", False), ("内容", True)),
    "text": (("text", True), ("nachricht", True), ("内容", True)),
    "summary": (("summary", True), ("zusammenfassung", True), ("摘要", True)),
    "title": (("titled", False), ("title", True), ("titel", True), ("标题", True)),
}
LEADING = re.compile(r"^\s*(?:of|von|about|über|showing|with|mit|for|für|:|：|,|，)\s+", re.IGNORECASE)
FILLER = {"please", "bitte", "thanks", "danke", "now", "jetzt", "sofort", "asap"}
ZH_QUESTION_TAIL = {"是多少", "是什么", "是几", "多少", "在哪", "在哪里", "是哪里", "是哪儿"}
ZH_FILLER_HEAD = ("帮我", "请", "给我", "查询一下", "查询", "查一下", "告诉我", "生成", "画", "一张", "一幅", "一个")
ZH_FILLER_TAIL = ("的", "今天", "现在", "明天", "一下")
ZH_PARTICLES = "吗呢吧？?，,：:。！! "
ENTITY = re.compile(
    LB + r"(?i:in|for|at|from|to|für|aus|nach|von|bis)\s+"
    r"([A-ZÄÖÜ][A-Za-z\-äöüßéè]+(?:\s+[A-Z][A-Za-z\-]+)?)"
)
# A chart of the data is the agents' work, however it is asked ("draw a histogram").
CHART_WORDS = (
    "chart",
    "charts",
    "histogram",
    "plot",
    "graph",
    "diagram",
    "Diagramm",
    "Histogramm",
    "Grafik",
    "Schaubild",
    "图表",
    "直方图",
    "柱状图",
    "折线图",
    "饼图",
    "散点图",
)
# A question about the loaded data names its parts: the agents answer it, no plugin.
DATA_WORDS = re.compile(
    LB + r"(?:columns?|tables?|datasets?|csv|rows?|zeitstempel|"
    # German compounds start with the data word: "Spaltennamen", "Tabellenzeilen"
    r"(?:spalten?|tabellen?|datensatz|datei|zeilen?)[a-zäöüß]*)"
    + RB
    + r"|数据集|数据里|数据中|上传的数据|表格|这张表|表里|表中|[\u4e00-\u9fff]列(?![出表举])",
    re.IGNORECASE,
)
# "not yet", "don't": before the trigger word it cancels the request.
NEGATION = re.compile(
    LB
    + r"(?:don't|do not|dont|not yet|never|no need to|keine[nm]?|kein|nicht|noch nicht)"
    + RB
    + r"|不要|先别|别发|别给|别把|暂时不|不用",
    re.IGNORECASE,
)
ENUM_SYNONYMS: dict[str, tuple[str, ...]] = {
    "high": ("high", "hoch", "hohe", "hoher", "hohen", "高"),
    "low": ("low", "niedrig", "niedrige", "niedriger", "niedrigen", "低"),
    "medium": ("medium", "mittel", "mittlere", "mittlerer", "中"),
    "critical": ("critical", "kritisch", "kritische", "kritischen", "kritischer", "严重", "致命"),
    "major": ("major", "schwer", "schwerer", "schweren", "重大", "重要"),
    "minor": ("minor", "gering", "geringer", "geringen", "leicht", "leichter", "轻微", "次要"),
    # software components
    "database": ("database", "datenbank", "db", "数据库"),
    "ui": ("ui", "oberfläche", "benutzeroberfläche", "frontend", "界面", "前端"),
    "api": ("api", "schnittstelle", "接口"),
    "worker": ("worker", "hintergrundjob", "后台任务"),
    # units: symbol → names in EN/DE/ZH
    "km": ("km", "kilometer", "kilometers", "kilometre", "kilometres", "kilometern", "公里", "千米"),
    "mi": ("mi", "mile", "miles", "meile", "meilen", "英里"),
    "m": ("m", "meter", "meters", "metre", "metres", "metern", "米"),
    "ft": ("ft", "foot", "feet", "fuß", "英尺"),
    "cm": ("cm", "centimeter", "centimeters", "centimetre", "centimetres", "zentimeter", "厘米"),
    "in": ("in", "inch", "inches", "zoll", "英寸"),
    "kg": ("kg", "kilogram", "kilograms", "kilogramm", "kilo", "kilos", "公斤", "千克"),
    "g": ("g", "gram", "grams", "gramm", "克"),
    "lb": ("lb", "lbs", "pound", "pounds", "pfund", "磅"),
    "celsius": ("celsius", "°c", "摄氏度", "摄氏"),
    "fahrenheit": ("fahrenheit", "°f", "华氏度", "华氏"),
    "l": ("l", "liter", "liters", "litre", "litres", "litern", "升"),
    "gal": ("gal", "gallon", "gallons", "gallone", "gallonen", "加仑"),
}
SOURCE_ROLE = re.compile(r"(?:^|_)(?:from|source|src|origin)(?:_|$)")
TARGET_ROLE = re.compile(r"(?:^|_)(?:to|target|dest|destination|into)(?:_|$)")
TARGET_MARKER = re.compile(r"(?:\b(?:to|into|in|ins|nach|zu|zum|zur|auf)\s+|成|为|到)$", re.IGNORECASE)
TAIL_MARKER = re.compile(
    r"\s(?:into|to|in|ins|auf|nach|zu|zum|zur|from|aus\s+dem|vom|von)\s+(?:the\s+)?$", re.IGNORECASE
)
ADJACENT_GAP = {"", "in", "at", "um", "am", "在", "的", "degree", "degrees", "grad", "度"}
# German and Chinese for English words of function names, so that a name word is found in
# the three languages ("post_message" in "Poste in #dev ...", "convert_time" in "Wie viel
# Uhr ..."); the plugin's own keywords come first, this only widens its name.
NAME_GLOSSES: dict[str, tuple[str, ...]] = {
    "send": ("senden", "schicken", "verschicken", "发送", "发"),
    "post": ("posten", "veröffentlichen", "发布", "发到"),
    "message": ("Nachricht", "消息", "信息"),
    "email": ("E-Mail", "Mail", "邮件"),
    "mail": ("E-Mail", "Mail", "邮件"),
    "translate": ("übersetzen", "Übersetzung", "翻译"),
    "convert": ("umrechnen", "umwandeln", "换算", "转换"),
    "exchange": ("Wechselkurs", "umtauschen", "tauschen", "wechseln", "汇率", "兑换"),
    "currency": ("Währung", "货币"),
    "time": ("Uhrzeit", "Uhr", "wie spät", "时间", "几点"),
    "timezone": ("Zeitzone", "时区"),
    "holiday": ("Feiertag", "节假日", "假日"),
    "holidays": ("Feiertage", "节假日", "假日"),
    "stock": ("Aktie", "Aktienkurs", "股票", "股价"),
    "quote": ("Kurs", "报价"),
    "price": ("Preis", "Kurs", "价格"),
    "weather": ("Wetter", "天气"),
    "forecast": ("Vorhersage", "预报"),
    "bug": ("Bug", "Fehler", "缺陷", "故障"),
    "ticket": ("Ticket", "工单"),
    "image": ("Bild", "图片", "图像"),
    "search": ("suchen", "Suche", "搜索"),
    "geocode": ("Koordinaten", "坐标", "经纬度"),
    "coordinates": ("Koordinaten", "坐标", "经纬度"),
    "address": ("Adresse", "地址"),
    "latitude": ("Breitengrad", "Breite", "纬度"),
    "longitude": ("Längengrad", "Länge", "经度"),
}
# German separable verbs: "umrechnen" is written "Rechne ... um" in a main clause.
SEPARABLE = re.compile(r"(um|an|ab|auf|aus|ein|mit|nach|vor|zu|zurück|weiter|hoch)([a-zäöüß]{3,}?)(?:e|)n", re.I)
# Words a question about records puts before a field ("users have an e-mail", "Kunden
# haben eine Adresse", "customers with an address", "Kunden mit Adresse"): the field is
# data, not a request. Group 1 is the owner, group 2 the verb or preposition.
POSSESSION = re.compile(
    r"(?:^|[^\w])(?:(\w+)\s+)?(have|has|having|with|without|haben|hat|mit|ohne)"
    r"(?:\s+(?:a|an|the|no|any|eine?|einen|keine?n?))?\s*$",
    re.IGNORECASE,
)
SPEAKERS = {"i", "we", "you", "me", "us", "ich", "wir", "du", "sie", "ihr", "mir", "uns"}


@dataclass(frozen=True)
class Candidate:
    plugin_id: str
    plugin_name: str
    keywords: tuple[str, ...]
    function: dict[str, Any]
    defaults: dict[str, Any]


@dataclass
class Scan:
    """What one message holds, found once for all candidates: typed mentions and the
    spans no number or code may be read from (e-mail addresses, dates, times)."""

    message: str
    emails: list[Mention] = field(default_factory=list)
    dates: list[Mention] = field(default_factory=list)
    times: list[Mention] = field(default_factory=list)
    numbers: list[Mention] = field(default_factory=list)

    @classmethod
    def of(cls, message: str) -> Scan:
        scan = cls(message, values.emails(message), values.dates(message), values.times(message))
        blocked = scan.emails + scan.dates + scan.times
        scan.numbers = [n for n in values.numbers(message) if not _overlaps(n, blocked)]
        return scan


def _overlaps(item: Mention | tuple[int, int], others: list[Mention] | list[tuple[int, int]]) -> bool:
    return any(o[0] < item[1] and item[0] < o[1] for o in others)


def _has(message: str, word: str, outside: list[Mention] | None = None) -> bool:
    return bool(_positions(message, [word], outside))


def _positions(message: str, words: list[str], outside: list[Mention] | None = None) -> list[tuple[int, int]]:
    """Where the words occur: CJK as substrings, others as whole words, a long single word
    also with an ending ("translate" in "translating", "übersetzen" in "übersetze"), a
    short one with a verb ending ("post" in "poste", "mail" in "mailen"; not a plural:
    "how many bugs" counts records), a German separable verb also split ("umrechnen" in
    "Rechne ... um"). Spans inside `outside` (the "Uhr" of "9 Uhr") do not count."""
    spans = []
    for word in words:
        if CJK.search(word):
            spans += [(m.start(), m.end()) for m in re.finditer(re.escape(word), message)]
            continue
        stem, ending = word, ""
        if " " not in word and len(word) >= 6:
            stem = re.sub(r"(?:en|e|n)$", "", word)
            ending = r"[A-Za-z\u00c0-\u024f]{0,4}" if stem != word else ""
        elif " " not in word and len(word) >= 3:
            ending = r"(?:e|en|n|et|t|st)?"  # verb forms; a plural ("bugs") counts records
        pattern = LB + re.escape(stem) + ending + RB
        spans += [(m.start(), m.end()) for m in re.finditer(pattern, message, re.IGNORECASE)]
        split = SEPARABLE.fullmatch(word) if " " not in word else None
        if split:
            verb = LB + re.escape(split.group(2)) + r"(?:e|en|et|st|t)?" + RB
            particle = re.compile(LB + re.escape(split.group(1)) + RB + r"\s*(?:[,.!?;:]|$)", re.IGNORECASE)
            for m in re.finditer(verb, message, re.IGNORECASE):
                if particle.search(re.split(r"[.!?;]", message[m.end() :], maxsplit=1)[0] + "."):
                    spans.append((m.start(), m.end()))
    if outside:
        spans = [s for s in spans if not _overlaps(s, outside)]
    return sorted(set(spans))


def _strong_words(candidate: Candidate) -> list[str]:
    name_words = [w for w in re.split(r"[_.\-]", candidate.function["name"]) if len(w) > 2]
    specific = [w for w in name_words if w.lower() not in GENERIC]
    glosses = [g for w in specific for g in NAME_GLOSSES.get(w.lower(), ())]
    return list(dict.fromkeys([*candidate.keywords, *specific, *glosses]))


def _weak_words(candidate: Candidate) -> list[str]:
    words = WORD.findall(candidate.function.get("description", ""))
    return [w for w in words if len(w) > 3 and w.lower() not in GENERIC]


def _trim_zh(text: str) -> str:
    text = text.strip(" ，。？！?")
    changed = True
    while changed:
        changed = False
        for head in ZH_FILLER_HEAD:
            if text.startswith(head) and len(text) > len(head):
                text, changed = text[len(head) :], True
        for tail in ZH_FILLER_TAIL:
            if text.endswith(tail) and len(text) > len(tail):
                text, changed = text[: -len(tail)], True
    return text


def _labelled(message: str, name: str, stops: list[str]) -> tuple[str, tuple[int, int]] | None:
    """The value after a label naming the field ('subject: X', 'Betreff X', '主题是X'),
    up to a comma, a sentence end or the next label."""
    for label, colon in LABELS.get(name.lower(), ((name.lower(), True),)):
        if CJK.search(label):
            pattern = rf"{label}\s*(?:[:：]|是|为)\s*"
        else:
            quote = "(?=[\"“„«'‘「『])"
            sep = rf"(?:\s*[:：]\s*|\s+{quote})" if colon else r"(?:\s*[:：]\s*|\s+(?:is\s+|lautet\s+)?)"
            pattern = rf"{LB}{label}{sep}"
        m = re.search(pattern, message, re.IGNORECASE)
        if not m:
            continue
        rest = message[m.end() :]
        quoted = QUOTED.match(rest)
        if quoted:
            return quoted.group(1).strip(), (m.start(), m.end() + quoted.end())
        end = len(rest)
        cut = re.search(r"[,，;；。!?！？\n]|\.(?:\s|$)", rest)
        if cut:
            end = cut.start()
        for stop in stops:
            at = re.search(rf"(?<![^\W_]){re.escape(stop)}", rest[:end], re.IGNORECASE)
            if at and at.start() > 0:
                end = at.start()
        value = rest[:end].strip(" \"'“”")
        if value:
            return value, (m.start(), m.end() + end)
    return None


def _span_of(message: str, text: str, start: int) -> tuple[int, int]:
    """Where a piece of free text lies, so that only it is kept from the other parameters."""
    at = message.find(text, start)
    return (at, at + len(text)) if at >= 0 else (start, len(message))


def _free_text(message: str, triggers: list[str]) -> tuple[str, tuple[int, int]] | None:
    """The free text a function acts on: quoted, after a colon, or after the trigger word."""
    quoted = QUOTED.search(message)
    if quoted:
        return quoted.group(1).strip(), (quoted.start(), quoted.end())
    spans = _positions(message, triggers)
    for sep in (":", "："):
        # a colon before every trigger heads the message ("Urgent: file a bug ..."), it does
        # not set the text apart
        if sep in message and not (spans and message.index(sep) < spans[0][0]):
            at = message.index(sep)
            rest = message[at + 1 :].strip(" 。.!?！？")
            if rest:
                return rest, (at, len(message))
    if not spans:
        return None
    if CJK.search(message):
        after = message[spans[-1][1] :].lstrip(ZH_PARTICLES)
        if after and after.rstrip(ZH_PARTICLES + "。") in ZH_QUESTION_TAIL:
            # "天安门广场的经纬度是多少": the question ends it, the text stands before the trigger
            before = _trim_zh(re.split(r"[，。？！,.?!：:]", message[: spans[0][0]])[-1])
            if len(before) > 1:
                return before, _span_of(message, before, 0)
            after = ""
        if "，" in message[spans[0][1] :] and not after:
            after = message[spans[0][1] :].split("，", 1)[1]
        if after:
            text = after.split("，", 1)[0].strip(" 。！？")
            if len(text) > 1:
                return text, _span_of(message, text, spans[-1][1])
        middle = message[spans[0][1] : spans[-1][0]] if len(spans) > 1 else message[spans[-1][1] :]
        text = _trim_zh(middle)
        return (text, (spans[0][1], spans[-1][0])) if text else None
    # after the last trigger, unless only a "please" follows it ("Adresse X? Koordinaten bitte")
    for _start, end in reversed(spans):
        rest = SIZE.sub("", message[end:])
        rest = LEADING.sub("", " " + rest.strip()).strip(" .!?")
        if len(rest) > 1 and rest.lower() not in FILLER:
            return rest, _span_of(message, rest, end)
    return None


def _entities(message: str, taken: list[tuple[int, int]]) -> list[Mention]:
    """Capitalised names after a preposition ('in New York', 'aus Berlin'), not already
    read as a code, a unit or a name of a language, currency or country."""
    out: list[Mention] = []
    for m in ENTITY.finditer(message):
        span = (m.start(1), m.end(1))
        text = m.group(1)
        if _overlaps(span, taken) or (text.isupper() and len(text) <= 3):
            continue
        out.append((span[0], span[1], text))
    out += [c for c in values.cities(message) if not _overlaps(c, taken) and not _overlaps(c, out)]
    return sorted(out, key=lambda m: m[0])


def _zh_entity(message: str, triggers: list[str]) -> str | None:
    """In Chinese, the words right before the trigger word ('北京的天气')."""
    spans = _positions(message, [t for t in triggers if CJK.search(t)])
    if spans:
        before = _trim_zh(re.split(r"[，。？！,.?!]", message[: spans[0][0]])[-1])
        if 1 < len(before) <= 6 and CJK.search(before):
            return before
    return None


def _enum_mentions(message: str, choices: list[Any], masked: list[tuple[int, int]]) -> list[Mention]:
    """Mentions of an enum's values: the value, its EN/DE/ZH names, or for language,
    currency and country codes their CLDR names. A value of one or two Latin letters
    ('m', 'in', 'de') counts only as written, right after a number or after 'to'/'in'."""
    text_choices = [str(c) for c in choices]
    found: list[Mention] = []
    for kind in ("language", "currency", "country"):
        known = _known_codes(kind)
        if all(c in known or c.upper() in known for c in text_choices):
            by_code = {c.lower(): c for c in choices}
            found += [
                (s, e, by_code[str(v).lower()]) for s, e, v in values.named(message, kind) if str(v).lower() in by_code
            ]
            break
    for choice in choices:
        for form in ENUM_SYNONYMS.get(str(choice).lower(), (str(choice),)):
            short = len(form) <= 2 and not CJK.search(form)
            if CJK.search(form) or form.startswith("°"):
                spans = [(m.start(), m.end()) for m in re.finditer(re.escape(form), message, re.IGNORECASE)]
            else:
                # a two-letter form counts as written or as an acronym ("ui" as "UI"); one letter only as written
                flags = 0 if short else re.IGNORECASE
                forms = {form, form.upper()} if short and len(form) == 2 else {form}
                pattern = LB + "(?:" + "|".join(map(re.escape, forms)) + ")" + RB
                spans = [(m.start(), m.end()) for m in re.finditer(pattern, message, flags)]
            for start, end in spans:
                if short and not re.search(r"(?:\d\s*|\b(?:to|into|nach|zu|in|im)\s+)$", message[:start]):
                    continue
                found.append((start, end, choice))
    return [m for m in values._outermost(found) if not _overlaps(m, masked)]


@lru_cache(maxsize=4)
def _known_codes(kind: str) -> frozenset[str]:
    return frozenset(values.names(kind).values())


def _code_kind(name: str, prop: dict[str, Any]) -> str | None:
    """'currency' or 'country' when a string parameter holds such an ISO code (its name,
    description or pattern say so)."""
    about = f"{name} {prop.get('description', '')}".lower()
    pattern = prop.get("pattern", "")
    if "currency" in about or "4217" in about:
        return "currency" if not pattern or re.fullmatch(pattern, "EUR") else None
    if "country" in about or "3166" in about:
        return "country" if not pattern or re.fullmatch(pattern, "DE") else None
    return None


def _is_time(name: str, prop: dict[str, Any]) -> bool:
    pattern = prop.get("pattern")
    if pattern:
        return re.fullmatch(pattern, "15:00") is not None and re.fullmatch(pattern, "15") is None
    about = f"{name} {prop.get('description', '')}".lower()
    return prop.get("format") == "time" or "hh:mm" in about


def _role(name: str) -> str:
    lower = name.lower()
    return "source" if SOURCE_ROLE.search(lower) else "target" if TARGET_ROLE.search(lower) else ""


def _assign(
    message: str, props: list[str], mentions: list[Mention], anchor: tuple[int, int] | None
) -> dict[str, Mention]:
    """Mentions of one kind to the parameters that take it: a source/target pair by the
    quantity the source stands next to, else by order; one mention goes to the target when
    'to'/'in'/'成' precedes it."""
    distinct: list[Mention] = []
    for m in mentions:
        if not distinct or m[2] != distinct[-1][2] or m[0] > distinct[-1][1] + 1:
            distinct.append(m)
    roles = {p: _role(p) for p in props}
    source = next((p for p in props if roles[p] == "source"), None)
    target = next((p for p in props if roles[p] == "target"), None)
    if len(props) < 2 or not (source and target):
        return dict(zip(props, distinct, strict=False))
    if not distinct:
        return {}
    if len(distinct) == 1:
        m = distinct[0]
        return {target if TARGET_MARKER.search(message[: m[0]]) else source: m}
    first: Mention | None = None
    if anchor:
        after = [m for m in distinct if m[0] >= anchor[1] and message[anchor[1] : m[0]].strip().lower() in ADJACENT_GAP]
        before = [
            m for m in distinct if m[1] <= anchor[0] and message[m[1] : anchor[0]].strip().lower() in ADJACENT_GAP
        ]
        first = next(iter(after or before), None)
    first = first or distinct[0]
    rest = [m for m in distinct if m is not first and m[2] != first[2]]
    return {source: first, **({target: rest[0]} if rest else {})}


def extract(
    message: str, schema: dict[str, Any], triggers: list[str], scan: Scan | None = None
) -> tuple[dict[str, Any], int]:
    """(parameters found, how many were found by their type: enum, code, date, time, e-mail)."""
    scan = scan or Scan.of(message)
    props: dict[str, Any] = schema.get("properties", {})
    found: dict[str, Any] = {}
    specific = 0
    masked: list[tuple[int, int]] = [(s, e) for s, e, _v in scan.emails + scan.dates + scan.times]
    free = [n for n, p in props.items() if p.get("type") == "string" and _is_free(n, p)]
    primary = next((n for n in free if n in schema.get("required", [])), free[0] if free else None)
    # free text first: what it holds is not read as a unit, a language or a code
    labels = [label for n in free for label, _c in LABELS.get(n.lower(), ())]
    typed = [m for n, p in props.items() if "enum" in p for m in _enum_mentions(message, p["enum"], masked)]
    patterns = [p["pattern"] for n, p in props.items() if p.get("type") == "string" and "pattern" in p]
    for name in free:
        got = _labelled(message, name, [x for x in labels if x not in dict(LABELS.get(name.lower(), ()))])
        if got is None and name == primary:
            got = _free_text(message, triggers)
        if got:
            got = _trim_head(message, _trim_tail(message, got, typed), patterns)
        if got and got[0].strip(" .!?。！？").lower() not in POINTERS:
            found[name] = got[0]
            masked.append(got[1])
    anchor: tuple[int, int] | None = None
    groups: dict[str, list[str]] = {}
    group_mentions: dict[str, list[Mention]] = {}
    size = SIZE.search(message)
    used_numbers: list[Mention] = []
    number_props: list[str] = []
    for name, prop in props.items():
        if name in found:
            continue
        kind = prop.get("type")
        if "enum" in prop:
            key = "enum:" + repr(prop["enum"])
            groups.setdefault(key, []).append(name)
            group_mentions[key] = _enum_mentions(message, prop["enum"], masked)
        elif kind == "string" and prop.get("format") == "email":
            key = "email"
            groups.setdefault(key, []).append(name)
            group_mentions[key] = scan.emails
        elif kind == "string" and prop.get("format") == "date":
            if scan.dates:
                found[name] = scan.dates[0][2]
                specific += 1
        elif kind == "string" and _is_time(name, prop):
            if scan.times:
                found[name] = scan.times[0][2]
                anchor = scan.times[0][:2]
                specific += 1
        elif kind == "string" and _code_kind(name, prop):
            key = "code:" + str(_code_kind(name, prop))
            groups.setdefault(key, []).append(name)
            mentions = values.named(message, str(_code_kind(name, prop)))
            group_mentions[key] = [m for m in mentions if not _overlaps(m, masked)]
        elif kind in ("integer", "number") and size and name.lower() in ("width", "height"):
            found[name] = int(size.group(1 if name.lower() == "width" else 2))
            specific += 1
        elif kind in ("integer", "number"):
            number_props.append(name)
        elif kind == "string" and "pattern" in prop:
            token = _pattern_token(message, prop["pattern"], masked)
            if token:
                found[name] = token[2]
                masked.append(token[:2])
                specific += 1
    # a quantity is the number next to a unit or code of this function ("5 kg", "100 USD")
    pool = [m for key in groups for m in group_mentions[key]]
    for name in number_props:
        prop = props[name]
        integer = prop.get("type") == "integer"
        number = _pick_number(scan, prop, integer, used_numbers, masked, pool, message)
        if number is not None:
            used_numbers.append(number)
            value = float(number[2])
            found[name] = int(value) if integer or value.is_integer() else value
            anchor = anchor or number[:2]
    for key, names in groups.items():
        for name, mention in _assign(message, names, group_mentions[key], anchor).items():
            found[name] = mention[2]
            masked.append(mention[:2])
            specific += 1
    entity_props = [n for n, p in props.items() if n not in found and p.get("type") == "string" and _is_entity(n, p)]
    if entity_props:
        entities = _entities(message, masked)
        if entities:
            for name, mention in _assign(message, entity_props, entities, anchor).items():
                found[name] = mention[2]
        elif len(entity_props) == 1:
            zh = _zh_entity(message, triggers)
            if zh:
                found[entity_props[0]] = zh
    return found, specific


def _trim_tail(message: str, got: tuple[str, tuple[int, int]], typed: list[Mention]) -> tuple[str, tuple[int, int]]:
    """Free text without its last short comma-separated parts that hold another
    parameter's value ("Export fails, severity major, component worker")."""
    text, _span = got
    start = message.find(text)
    if start < 0:
        return got
    end = start + len(text)
    while True:
        cut = max(message.rfind(sep, start, end) for sep in ",，;；")
        if cut > start and len(message[cut + 1 : end].split()) <= 4 and _overlaps((cut, end), typed):
            end = cut
            continue
        # "... into German", "... ins Französische", "... from English": a value of another
        # parameter after its preposition ends the text
        last = [m for m in typed if start < m[0] and m[1] <= end and not message[m[1] : end].strip(" .!?")]
        marker = TAIL_MARKER.search(message, start, last[0][0]) if last else None
        if not marker or marker.start() <= start:
            break
        end = marker.start()
    if end == start + len(text):
        return got
    return message[start:end].strip(), (start, end)


def _trim_head(message: str, got: tuple[str, tuple[int, int]], patterns: list[str]) -> tuple[str, tuple[int, int]]:
    """Free text without a leading value of a patterned parameter ("in #sales, that ...":
    the channel, then the text)."""
    text, _span = got
    head = re.match(r"(?:\w+\s+)?(\S+?)[,:：]?\s+", text)
    start = message.find(text)
    if not head or start < 0 or not any(re.fullmatch(p, head.group(1)) for p in patterns):
        return got
    rest = text[head.end() :].strip()
    return (rest, (start + head.end(), start + len(text))) if rest else got


def _is_free(name: str, prop: dict[str, Any]) -> bool:
    return not ({"enum", "pattern", "format"} & prop.keys()) and any(w in name.lower() for w in FREE_TEXT)


def _is_entity(name: str, prop: dict[str, Any]) -> bool:
    return not ({"enum", "pattern", "format"} & prop.keys()) and not _is_free(name, prop)


def _pick_number(
    scan: Scan,
    prop: dict[str, Any],
    integer: bool,
    used: list[Mention],
    masked: list[tuple[int, int]],
    pool: list[Mention],
    message: str,
) -> Mention | None:
    """The number that fits the parameter (an integer, within its bounds), not yet used:
    the first one next to a unit or code of the function, else the first one."""

    def beside(n: Mention) -> bool:
        return any(
            (m[0] >= n[1] and message[n[1] : m[0]].strip().lower() in ADJACENT_GAP)
            or (m[1] <= n[0] and message[m[1] : n[0]].strip().lower() in ADJACENT_GAP)
            for m in pool
        )

    numbers = sorted(scan.numbers, key=lambda n: not beside(n)) if pool else scan.numbers

    def fits(value: float) -> bool:
        return not (integer and not value.is_integer()) and not (
            "minimum" in prop and value < prop["minimum"] or "maximum" in prop and value > prop["maximum"]
        )

    for mention in numbers:
        if any(mention[:2] == u[:2] for u in used) or _overlaps(mention, masked):
            continue
        if fits(float(mention[2])):
            return mention
        # "48,137" is 48137 or, in German, 48.137: the bounds say which
        raw = message[mention[0] : mention[1]]
        if re.fullmatch(r"-?\d{1,3}[.,]\d{3}", raw) and fits(float(raw.replace(",", "."))):
            return (mention[0], mention[1], float(raw.replace(",", ".")))
    return None


def _pattern_token(message: str, pattern: str, masked: list[tuple[int, int]]) -> Mention | None:
    """The first token that matches the pattern; a bare number only when no token with a
    letter does (a ticker is 'AAPL' or '0700.HK', not the year)."""
    tokens = [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(message)]
    fits = [t for t in tokens if not _overlaps(t, masked) and re.fullmatch(pattern, t[2])]
    lettered = [t for t in fits if re.search(r"[^\W\d_]", t[2])]
    if lettered:
        return lettered[0]
    return fits[0] if fits and re.fullmatch(pattern, "A") is None else None


def _owned(before: str) -> bool:
    """The trigger is a field some records have ("users have an email"), not a request:
    'have' after anyone but the speaker, 'with' after a plural or a German noun."""
    m = POSSESSION.search(before)
    if not m or (m.group(1) or "").lower() in SPEAKERS:
        return False
    owner, verb = m.group(1) or "", m.group(2).lower()
    if verb in ("with", "without"):
        return owner.lower().endswith("s")
    if verb in ("mit", "ohne"):
        return owner[:1].isupper()
    return True


def _blocked(message: str, trigger_spans: list[tuple[int, int]], free_spans: list[tuple[int, int]]) -> bool:
    """A negation before the trigger ('no e-mail yet'), or a word of the loaded data
    outside the text handed to the plugin ('the stock column')."""
    first = trigger_spans[0][0] if trigger_spans else len(message)
    sentence_start = max((message.rfind(p, 0, first) for p in ".!?。！？"), default=-1) + 1
    if NEGATION.search(message[sentence_start:first]):
        return True
    if any(_owned(message[:start]) for start, _end in trigger_spans):
        return True
    return any(not _overlaps((m.start(), m.end()), free_spans) for m in DATA_WORDS.finditer(message))


def detect(message: str, candidates: list[Candidate]) -> list[dict[str, Any]]:
    if any(_has(message, word) for word in CHART_WORDS):
        return []
    scan = Scan.of(message)
    quoted = [(m.start(), m.end()) for m in QUOTED.finditer(message)]
    colon = [(m.start(), len(message)) for m in re.finditer(r"[:：]", message)][:1]
    calls = []
    for candidate in candidates:
        strong = [w for w in _strong_words(candidate) if _has(message, w, scan.times)]
        weak = {w.lower() for w in _weak_words(candidate) if _has(message, w, scan.times)}
        schema = candidate.function.get("parameters") or {"type": "object"}
        triggers = strong or list(weak) or list(candidate.keywords)
        found, specific = extract(message, schema, triggers, scan)
        if not (strong or len(weak) >= 2 or specific >= 2):
            continue
        props = schema.get("properties", {})
        # a data word inside text set apart for the plugin (quoted, after a colon) is that
        # text's ("translate 'the table'"); in the running sentence it asks about the data
        free_spans = quoted + colon
        if _blocked(message, _positions(message, strong or list(weak), scan.times), free_spans):
            continue
        parameters = {**candidate.defaults, **found}
        required = schema.get("required", [])
        if any(r not in parameters for r in required) or parameter_errors(schema, parameters):
            continue
        confidence = 0.5 + (0.25 if strong else 0.1 if weak else 0.0)
        confidence += 0.25 * (len(found) / len(props) if props else 1.0)
        calls.append(
            {
                "plugin_id": candidate.plugin_id,
                "function_name": candidate.function["name"],
                "parameters": parameters,
                "confidence": round(min(confidence, 1.0), 2),
                "_found": len(found),
            }
        )
    # of one plugin's functions, the one that uses most of the message
    best: dict[str, dict[str, Any]] = {}
    for call in calls:
        kept = best.get(call["plugin_id"])
        if kept is None or (call["_found"], call["confidence"]) > (kept["_found"], kept["confidence"]):
            best[call["plugin_id"]] = call
    out = [{k: v for k, v in c.items() if k != "_found"} for c in best.values()]
    return sorted(out, key=lambda c: -c["confidence"])
