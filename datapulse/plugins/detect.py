"""Rule-based function detection (SPEC 12) in English, German and Chinese, for when no
language model plans: which of an assistant's enabled plugins a message asks for, with
parameters taken from the message and validated against the function's schema.

A function is called only on evidence: one of its plugin's keywords or a specific word of
its name, or several words of its description, or two parameters recognised by their
pattern; and only when every required parameter was found and the schema accepts them.
So a data question that merely mentions "temperature" calls nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from datapulse.plugins.manifest import parameter_errors

CJK = re.compile(r"[\u3400-\u9fff]")
WORD = re.compile(r"[^\W_]+", re.UNICODE)
LATIN_OR_CJK = re.compile(r"[A-Za-z0-9_\-]+|[\u3400-\u9fff]+|[^\W_]+")
NUMBER = re.compile(r"(?<![\w.])(\d+(?:[.,]\d+)?)(?![\w])|(?<=[\u3400-\u9fff])(\d+(?:[.,]\d+)?)")
SIZE = re.compile(r"\b(\d{2,4})\s*[x×]\s*(\d{2,4})\b")
QUOTED = re.compile(r"[\"“„«]([^\"“”„«»]{1,500})[\"”“»]")
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
}
FREE_TEXT = ("prompt", "text", "query", "title", "message", "content", "description", "subject", "question")
LEADING = re.compile(r"^\s*(?:of|von|about|über|showing|with|mit|:|：|,|，)\s+", re.IGNORECASE)
ZH_FILLER_HEAD = ("帮我", "请", "给我", "查询一下", "查询", "查一下", "告诉我", "生成", "画", "一张", "一幅", "一个")
ZH_FILLER_TAIL = ("的", "今天", "现在", "明天", "一下")
PREPOSITIONS = re.compile(r"\b(?:in|for|at|für|aus|nach)\s+([A-ZÄÖÜ][\w\-äöüßéè]+(?:\s+[A-Z][\w\-]+)?)")
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
ENUM_SYNONYMS = {
    "high": ("high", "hoch", "hohe", "hoher", "hoher", "hohen", "高"),
    "low": ("low", "niedrig", "niedrige", "niedriger", "niedrigen", "低"),
    "medium": ("medium", "mittel", "mittlere", "mittlerer", "中"),
    "celsius": ("celsius", "摄氏"),
    "fahrenheit": ("fahrenheit", "华氏"),
}


@dataclass(frozen=True)
class Candidate:
    plugin_id: str
    plugin_name: str
    keywords: tuple[str, ...]
    function: dict[str, Any]
    defaults: dict[str, Any]


def _has(message: str, word: str) -> bool:
    if CJK.search(word):
        return word in message
    return re.search(rf"(?<![^\W_]){re.escape(word.lower())}(?![^\W_])", message.lower()) is not None


def _positions(message: str, words: list[str]) -> list[tuple[int, int]]:
    spans = []
    for word in words:
        if CJK.search(word):
            spans += [(m.start(), m.end()) for m in re.finditer(re.escape(word), message)]
        else:
            pattern = rf"(?<![^\W_]){re.escape(word)}(?![^\W_])"
            spans += [(m.start(), m.end()) for m in re.finditer(pattern, message, re.IGNORECASE)]
    return sorted(spans)


def _strong_words(candidate: Candidate) -> list[str]:
    name_words = [w for w in re.split(r"[_.\-]", candidate.function["name"]) if len(w) > 2]
    return [*candidate.keywords, *(w for w in name_words if w.lower() not in GENERIC)]


def _weak_words(candidate: Candidate) -> list[str]:
    words = WORD.findall(candidate.function.get("description", ""))
    return [w for w in words if len(w) > 3 and w.lower() not in GENERIC]


def _free_text(message: str, triggers: list[str]) -> str | None:
    """The free text a function acts on: quoted, after a colon, or after the trigger word."""
    quoted = QUOTED.search(message)
    if quoted:
        return quoted.group(1).strip()
    for sep in (":", "："):
        if sep in message:
            rest = message.split(sep, 1)[1].strip(" 。.!?！？")
            if rest:
                return rest
    spans = _positions(message, triggers)
    if not spans:
        return None
    if CJK.search(message):
        if "，" in message[spans[0][1] :]:
            rest = message[spans[0][1] :].split("，", 1)[1].strip(" 。！？")
            if rest:
                return rest
        middle = message[spans[0][1] : spans[-1][0]] if len(spans) > 1 else message[spans[-1][1] :]
        return _trim_zh(middle) or None
    rest = SIZE.sub("", message[spans[-1][1] :])
    rest = LEADING.sub("", " " + rest.strip()).strip(" .!?")
    return rest if len(rest) > 1 else None


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


def _entity(message: str, triggers: list[str], excluded: set[str]) -> str | None:
    """A short name (a city, a product ...): after a preposition, or in Chinese the words
    right before the trigger word."""
    for match in PREPOSITIONS.finditer(message):
        if match.group(1).lower() not in excluded:
            return match.group(1)
    spans = _positions(message, [t for t in triggers if CJK.search(t)])
    if spans:
        before = _trim_zh(re.split(r"[，。？！,.?!]", message[: spans[0][0]])[-1])
        if 1 < len(before) <= 6 and CJK.search(before):
            return before
    return None


def _number(message: str, integer: bool, used: set[str]) -> float | int | None:
    text = SIZE.sub("", message)
    for match in NUMBER.finditer(text):
        raw = match.group(1) or match.group(2)
        if raw in used:
            continue
        value = float(raw.replace(",", "."))
        if integer and not value.is_integer():
            continue
        used.add(raw)
        return int(value) if integer or value.is_integer() else value
    return None


def _enum(message: str, choices: list[Any]) -> Any:
    for choice in choices:
        for word in ENUM_SYNONYMS.get(str(choice).lower(), (str(choice),)):
            if _has(message, word):
                return choice
    return None


def extract(message: str, schema: dict[str, Any], triggers: list[str]) -> tuple[dict[str, Any], int]:
    """(parameters found, how many were found by their pattern or enum)."""
    props: dict[str, Any] = schema.get("properties", {})
    found: dict[str, Any] = {}
    specific, used = 0, set[str]()
    size = SIZE.search(message)
    excluded = {str(c).lower() for p in props.values() for c in p.get("enum", [])}
    pattern_tokens = LATIN_OR_CJK.findall(message)
    taken: set[int] = set()
    for name, prop in props.items():
        kind = prop.get("type")
        if "enum" in prop:
            value = _enum(message, prop["enum"])
            specific += value is not None
        elif kind in ("integer", "number") and size and name.lower() in ("width", "height"):
            value = int(size.group(1 if name.lower() == "width" else 2))
            specific += 1
        elif kind in ("integer", "number"):
            value = _number(message, kind == "integer", used)
        elif kind == "string" and "pattern" in prop:
            value = None
            for i, token in enumerate(pattern_tokens):
                if i not in taken and re.fullmatch(prop["pattern"], token):
                    value = token
                    taken.add(i)
                    specific += 1
                    break
        elif kind == "string" and any(word in name.lower() for word in FREE_TEXT):
            value = _free_text(message, triggers)
        elif kind == "string":
            value = _entity(message, triggers, excluded)
        else:
            value = None
        if value is not None:
            found[name] = value
    return found, specific


def detect(message: str, candidates: list[Candidate]) -> list[dict[str, Any]]:
    if any(_has(message, word) for word in CHART_WORDS):
        return []
    calls = []
    for candidate in candidates:
        strong = [w for w in _strong_words(candidate) if _has(message, w)]
        weak = {w.lower() for w in _weak_words(candidate) if _has(message, w)}
        schema = candidate.function.get("parameters") or {"type": "object"}
        triggers = strong or list(weak) or list(candidate.keywords)
        found, specific = extract(message, schema, triggers)
        if not (strong or len(weak) >= 2 or specific >= 2):
            continue
        parameters = {**candidate.defaults, **found}
        required = schema.get("required", [])
        if any(r not in parameters for r in required) or parameter_errors(schema, parameters):
            continue
        props = schema.get("properties", {})
        confidence = 0.5 + (0.25 if strong else 0.1 if weak else 0.0)
        confidence += 0.25 * (len(found) / len(props) if props else 1.0)
        calls.append(
            {
                "plugin_id": candidate.plugin_id,
                "function_name": candidate.function["name"],
                "parameters": parameters,
                "confidence": round(min(confidence, 1.0), 2),
            }
        )
    return sorted(calls, key=lambda c: -c["confidence"])
