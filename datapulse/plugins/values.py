"""Typed values in a chat message, in English, German and Chinese, for function detection
(SPEC 12): numbers ("1.250,50", "twenty", "二十"), ISO dates, clock times as HH:MM, e-mail
addresses, and names of languages, currencies and countries mapped to their ISO codes
through babel's CLDR data. Each finder returns mentions `(start, end, value)` so that the
detector can tell which value belongs to which parameter by its place in the message."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from babel import Locale
from babel.numbers import get_currency_name

Mention = tuple[int, int, Any]
LOCALES = ("en", "de", "zh")
CJK = re.compile(r"[\u3400-\u9fff]")

EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
DIGITS = re.compile(r"(?<![A-Za-z0-9_.,:\-])(-?(?:\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?))(?![0-9]|[.,]\d)")
ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
DE_DATE = re.compile(r"(?<![\d.])(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})(?!\d)")
ZH_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})[日号]")
CLOCK = re.compile(r"(?<![\d:])([01]?\d|2[0-3]):([0-5]\d)(?![\d:])")
OCLOCK = re.compile(r"(?<![\d:])(\d{1,2})\s*o'clock", re.IGNORECASE)
AMPM = re.compile(r"(?<![\d:])(\d{1,2})(?::([0-5]\d))?\s*(a\.?m\.?|p\.?m\.?)(?![A-Za-z])", re.IGNORECASE)
UHR = re.compile(r"(?<![\d:])(\d{1,2})(?:[:.]([0-5]\d))?\s*Uhr\b")
ZH_CLOCK = re.compile(
    r"(上午|早上|凌晨|中午|下午|晚上)?([0-9一二两三四五六七八九十]{1,3})点(半|([0-9一二三四五六七八九十]{1,3})分)?"
)

EN_NUMBERS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
}
EN_NUMBERS |= {w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
DE_NUMBERS = {
    w: i
    for i, w in enumerate(
        "null eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf dreizehn vierzehn "
        "fünfzehn sechzehn siebzehn achtzehn neunzehn".split()
    )
}
DE_NUMBERS |= {"ein": 1, "eine": 1, "einen": 1} | {
    w: 10 * (i + 2) for i, w in enumerate("zwanzig dreißig vierzig fünfzig sechzig siebzig achtzig neunzig".split())
}
SCALES = {"hundred": 100, "hundert": 100, "thousand": 1000, "tausend": 1000}
ZH_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
ZH_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
ZH_NUMBER = re.compile(r"[零一二两三四五六七八九十百千万]+")
WORD_NUMBER = re.compile(r"[^\W\d_]+", re.UNICODE)
# Colloquial names CLDR does not carry.
ALIASES = {
    "currency": {
        "dollar": "USD",
        "dollars": "USD",
        "pound": "GBP",
        "pounds": "GBP",
        "pfund": "GBP",
        "franken": "CHF",
        "yuan": "CNY",
        "renminbi": "CNY",
        "港币": "HKD",
        "yen": "JPY",
    },
    "country": {
        "uk": "GB",
        "britain": "GB",
        "great britain": "GB",
        "großbritannien": "GB",
        "england": "GB",
        "usa": "US",
        "美国": "US",
    },
}
SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP"}


def parse_number(raw: str) -> float:
    """'1,500' → 1500, '1.250,50' → 1250.5, '1.000' → 1000, '75,5' → 75.5, '48.8584' → 48.8584."""
    if raw.startswith("-"):
        return -parse_number(raw[1:])
    dots, commas = raw.count("."), raw.count(",")
    if dots and commas:
        decimal = "." if raw.rfind(".") > raw.rfind(",") else ","
        grouping = "," if decimal == "." else "."
        return float(raw.replace(grouping, "").replace(decimal, "."))
    sep = "." if dots else "," if commas else ""
    if not sep:
        return float(raw)
    head, *groups = raw.split(sep)
    if len(groups) > 1 or (len(groups[0]) == 3 and head != "0"):
        return float(raw.replace(sep, ""))
    return float(raw.replace(",", "."))


def zh_number(text: str) -> int | None:
    """'二十' → 20, '三百五十' → 350, '十二' → 12."""
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in ZH_DIGITS:
            digit = ZH_DIGITS[ch]
        elif ch == "万":
            total += (section + (digit or 0)) * 10000
            section, digit = 0, None
        elif ch in ZH_UNITS:
            section += (1 if digit is None else digit) * ZH_UNITS[ch]
            digit = None
        else:
            return None
    return total + section + (digit or 0)


def _en_compound(words: list[str]) -> int | None:
    """'twenty five', 'two hundred and fifty', 'three thousand' → their value."""
    total, current = 0, None
    for word in words:
        if word == "and":
            continue
        if word in SCALES:
            current = (current or 1) * SCALES[word]
            if SCALES[word] >= 1000:
                total, current = total + current, None
        elif word in EN_NUMBERS or word in DE_NUMBERS:
            current = (current or 0) + EN_NUMBERS.get(word, DE_NUMBERS.get(word, 0))
        else:
            return None
    return total + (current or 0)


def _de_below_hundred(word: str) -> int | None:
    """'zwölf' → 12, 'einundzwanzig' → 21, '' → 0 (German writes numbers as one word)."""
    if word == "":
        return 0
    if word in DE_NUMBERS and word not in ("eine", "einen", "null"):
        return DE_NUMBERS[word]
    match = re.fullmatch(r"(\w+?)und(\w+zig|dreißig)", word)  # einundzwanzig
    if match and match.group(1) in DE_NUMBERS and match.group(2) in DE_NUMBERS:
        return DE_NUMBERS[match.group(1)] + DE_NUMBERS[match.group(2)]
    return None


def _de_compound(word: str) -> int | None:
    """'zweihundertfünfzig' → 250, 'dreitausend' → 3000, 'hundert' → 100."""
    total = 0
    for scale, size in (("tausend", 1000), ("hundert", 100)):
        if scale in word:
            head, word = word.split(scale, 1)
            factor = 1 if head in ("", "ein") else _de_compound(head) if size == 1000 else _de_below_hundred(head)
            if not factor:
                return None
            total += factor * size
    rest = _de_below_hundred(word)
    return None if rest is None else total + rest


def _word_value(word: str) -> int | None:
    w = word.lower()
    if w in EN_NUMBERS:
        return EN_NUMBERS[w]
    if w in ("ein", "eine", "einen", "null"):
        return None
    value = _de_compound(w)
    return value if value else None


def numbers(message: str) -> list[Mention]:
    """Numbers written with digits (EN and DE separators), as words, or in Chinese."""
    out: list[Mention] = []
    for m in DIGITS.finditer(message):
        out.append((m.start(), m.end(), parse_number(m.group(1))))
    words = "|".join([*EN_NUMBERS, *SCALES])
    for m in re.finditer(rf"(?<![^\W_])(?:{words})(?:(?:[\s\-]+|\s+and\s+)(?:{words}))+(?![^\W_])", message, re.I):
        value = _en_compound(re.split(r"[\s\-]+", m.group().lower()))
        if value is not None:
            out.append((m.start(), m.end(), float(value)))
    for m in WORD_NUMBER.finditer(message):
        value = _word_value(m.group())
        if value is None and m.group().lower() in SCALES:
            value = None
        if value is not None and not any(s <= m.start() < e for s, e, _v in out):
            out.append((m.start(), m.end(), float(value)))
    for m in ZH_NUMBER.finditer(message):
        text = m.group()
        if len(text) == 1 and text in "一两":  # 一封, 两个: an article, not an amount
            continue
        value = zh_number(text)
        if value is not None:
            out.append((m.start(), m.end(), float(value)))
    return sorted(out, key=lambda x: x[0])


@lru_cache(maxsize=1)
def _months() -> dict[str, int]:
    out: dict[str, int] = {}
    for code in ("en", "de"):
        loc = Locale.parse(code)
        for width in ("wide", "abbreviated"):
            for number, name in loc.months["format"][width].items():
                out[name.lower().rstrip(".")] = number
    return out


def _iso(year: int, month: int, day: int) -> str | None:
    if 1 <= month <= 12 and 1 <= day <= 31:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def dates(message: str) -> list[Mention]:
    """Dates with a year: ISO, German '3.10.2026', '3. Oktober 2026', 'the 3rd of October
    2026', 'October 3, 2026', '2026年10月3日' — as ISO 'YYYY-MM-DD'."""
    found: list[tuple[int, int, str | None]] = []
    for m in ISO_DATE.finditer(message):
        found.append((m.start(), m.end(), _iso(int(m[1]), int(m[2]), int(m[3]))))
    for m in DE_DATE.finditer(message):
        found.append((m.start(), m.end(), _iso(int(m[3]), int(m[2]), int(m[1]))))
    for m in ZH_DATE.finditer(message):
        found.append((m.start(), m.end(), _iso(int(m[1]), int(m[2]), int(m[3]))))
    months = "|".join(sorted(map(re.escape, _months()), key=len, reverse=True))
    day = r"(\d{1,2})(?:st|nd|rd|th|\.)?"
    for pattern, d, mo, y in (
        (rf"(?:the\s+)?{day}\s+(?:of\s+)?({months})\.?,?\s+(\d{{4}})", 1, 2, 3),
        (rf"({months})\.?\s+{day},?\s+(\d{{4}})", 2, 1, 3),
    ):
        for m in re.finditer(rf"(?<![\w]){pattern}(?!\d)", message, re.IGNORECASE):
            month = _months()[m.group(mo).lower()]
            found.append((m.start(), m.end(), _iso(int(m.group(y)), month, int(m.group(d)))))
    return _outermost([(s, e, v) for s, e, v in found if v])


def _hour(text: str) -> int | None:
    return int(text) if text.isdigit() else zh_number(text)


def times(message: str) -> list[Mention]:
    """Clock times as 'HH:MM': '14:00', '3pm', '3:30 p.m.', '15 Uhr', '下午3点', '九点半'."""
    found: list[Mention] = []
    for m in CLOCK.finditer(message):
        found.append((m.start(), m.end(), f"{int(m[1]):02d}:{m[2]}"))
    for m in AMPM.finditer(message):
        hour, pm = int(m[1]) % 12, m[3].lower().startswith("p")
        if int(m[1]) <= 12:
            found.append((m.start(), m.end(), f"{hour + 12 * pm:02d}:{m[2] or '00'}"))
    for m in OCLOCK.finditer(message):
        if int(m[1]) <= 24:
            found.append((m.start(), m.end(), f"{int(m[1]) % 24:02d}:00"))
    for m in UHR.finditer(message):
        if int(m[1]) <= 24:
            found.append((m.start(), m.end(), f"{int(m[1]) % 24:02d}:{m[2] or '00'}"))
    for m in ZH_CLOCK.finditer(message):
        zh_hour = _hour(m[2])
        minute = 30 if m[3] == "半" else (_hour(m[4]) if m[4] else 0)
        if zh_hour is None or minute is None or zh_hour > 24 or minute > 59:
            continue
        if m[1] in ("下午", "晚上") and zh_hour < 12:
            zh_hour += 12
        found.append((m.start(), m.end(), f"{zh_hour % 24:02d}:{minute:02d}"))
    return _outermost(found)


def emails(message: str) -> list[Mention]:
    return [(m.start(), m.end(), m.group()) for m in EMAIL.finditer(message)]


def _outermost(found: list[Mention]) -> list[Mention]:
    """The longest mentions first; a mention inside a longer one is dropped."""
    out: list[Mention] = []
    for item in sorted(found, key=lambda x: (x[0] - x[1], x[0])):
        if not any(s < item[1] and item[0] < e for s, e, _v in out):
            out.append(item)
    return sorted(out, key=lambda x: x[0])


@lru_cache(maxsize=8)
def names(kind: str) -> dict[str, str]:
    """Lower-cased names → ISO code, from CLDR in EN/DE/ZH: kind 'language' (babel's
    language names, and '英文' beside '英语'), 'currency' (names, EN plurals) or 'country'."""
    out: dict[str, str] = {}
    for code in LOCALES:
        loc = Locale.parse(code)
        if kind == "language":
            table = {str(k): str(v) for k, v in loc.languages.items() if "_" not in str(k)}
        elif kind == "currency":
            table = {str(k): str(v) for k, v in loc.currencies.items()}
            if code == "en":
                for cur in table:
                    out.setdefault(get_currency_name(cur, count=2, locale="en").lower(), cur)
        else:
            table = {str(k): str(v) for k, v in loc.territories.items() if str(k).isalpha() and len(str(k)) == 2}
        for iso, name in table.items():
            out.setdefault(name.lower(), iso)
            if kind == "language" and code == "zh" and name.endswith("语"):
                out.setdefault(name[:-1] + "文", iso)
    out |= ALIASES.get(kind, {})
    return out


@lru_cache(maxsize=8)
def codes(kind: str) -> frozenset[str]:
    """The ISO codes CLDR knows for 'currency' (ISO 4217) or 'country' (ISO 3166 alpha-2)."""
    loc = Locale.parse("en")
    table = [str(c) for c in (loc.currencies if kind == "currency" else loc.territories)]
    size = 3 if kind == "currency" else 2
    return frozenset(c for c in table if len(c) == size and c.isalpha())


# German inflects names of several words word by word: "Kanadischer Dollar" → "kanadische
# Dollar", "Vereinigtes Königreich" → "im Vereinigten Königreich", "Niederlande" → "den
# Niederlanden". A word is matched by its stem and any of these endings.
ENDING = r"(?:e|em|en|er|es|n|s)?"


def _stem(word: str) -> str:
    return re.sub(r"(?:em|en|er|es|e|n|s)$", "", word) if len(word) > 5 else word


def _loose(name: str) -> str:
    """A name with each word reduced to its stem: the key inflected forms share."""
    return " ".join(_stem(w) for w in re.split(r"[\s\-]+", name.lower()) if w)


@lru_cache(maxsize=8)
def _loose_names(kind: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, code in names(kind).items():
        if not CJK.search(name):
            out.setdefault(_loose(name), code)
    return out


@lru_cache(maxsize=8)
def _name_pattern(kind: str) -> re.Pattern[str]:
    latin = sorted((n for n in names(kind) if not CJK.search(n)), key=len, reverse=True)
    cjk = sorted((n for n in names(kind) if CJK.search(n)), key=len, reverse=True)
    forms = sorted(
        {r"[\s\-]+".join(re.escape(_stem(w)) + ENDING for w in re.split(r"[\s\-]+", n) if w) for n in latin},
        key=len,
        reverse=True,
    )
    # a German inflection may follow a name: "ins Chinesische", "in Euros"
    alternatives = [rf"(?<![A-Za-z\u00c0-\u024f])(?:{'|'.join(forms)})(?![A-Za-z\u00c0-\u024f])"]
    if cjk:
        alternatives.append("|".join(map(re.escape, cjk)))
    return re.compile("|".join(alternatives), re.IGNORECASE)


def named(message: str, kind: str) -> list[Mention]:
    """Codes of a kind ('language', 'currency', 'country') named in the message, by name or
    (currencies and countries) as an upper-case ISO code or a currency symbol."""
    table = names(kind)
    found: list[Mention] = []
    for m in _name_pattern(kind).finditer(message):
        text = m.group().lower()
        code = table.get(text) or table.get(re.sub(r"(?:e|en|er|es|n|s)$", "", text))
        code = code or _loose_names(kind).get(_loose(text))
        if code:
            found.append((m.start(), m.end(), code))
    if kind in ("currency", "country"):
        size = 3 if kind == "currency" else 2
        for m in re.finditer(rf"(?<![A-Za-z]){'[A-Z]' * size}(?![A-Za-z])", message):
            if m.group() in codes(kind):
                found.append((m.start(), m.end(), m.group()))
    if kind == "currency":
        for symbol, code in SYMBOLS.items():
            found += [(m.start(), m.end(), code) for m in re.finditer(re.escape(symbol), message)]
    if kind == "country":
        # "Schweizer Franken", "US-Dollar": a country inside a currency's name is the currency's
        money = named(message, "currency")
        found = [f for f in found if not any(s < f[1] and f[0] < e for s, e, _v in money)]
    return _outermost(found)


@lru_cache(maxsize=1)
def _cities() -> dict[str, str]:
    """City names of the CLDR time zones in EN/DE/ZH ('New York', 'Tokio', '纽约')."""
    out: dict[str, str] = {}
    zh = Locale.parse("zh").time_zones
    de = Locale.parse("de").time_zones
    for zone, info in zh.items():
        english = zone.rsplit("/", 1)[-1].replace("_", " ")
        if "/" not in zone or not english[:1].isupper():
            continue
        out[english] = english
        if de.get(zone, {}).get("city"):
            out[str(de[zone]["city"])] = english
        if info.get("city"):
            out[str(info["city"])] = str(info["city"])
    return out


@lru_cache(maxsize=1)
def _city_pattern() -> re.Pattern[str]:
    ordered = sorted(_cities(), key=len, reverse=True)
    latin = "|".join(re.escape(n) for n in ordered if not CJK.search(n))
    cjk = "|".join(re.escape(n) for n in ordered if CJK.search(n))
    # "Berliner Zeit", "New Yorker Ortszeit": a city's time named by its German adjective
    return re.compile(rf"(?<![A-Za-z])(?P<city>{latin})(?:er(?=\s+(?:Zeit|Ortszeit)))?(?![A-Za-z])|{cjk}")


def cities(message: str) -> list[Mention]:
    """City names (CLDR time-zone cities) in the message, as written."""
    return [(m.start(), m.end(), m.group("city") or m.group()) for m in _city_pattern().finditer(message)]
