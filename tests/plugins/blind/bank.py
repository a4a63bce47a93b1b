"""A blind bank for function-call detection (issue 14), sealed: written without reading
the detector or the first bank, and not to be tuned against.

Each case is `(language, message, expected calls)`; an expected call is
`(function_name, parameters)`. Only the parameters named are checked: one named in
CONTAINS must appear (case-insensitive) inside the detected value, any other string must
equal it case-insensitively, and numbers must be equal. A message that asks for no call,
or cannot be answered by one call without guessing (a missing required value, two
plugins fitting equally), expects `[]`.
"""

from __future__ import annotations

from typing import Any

from tests.plugins.blind.frozen import FROZEN
from tests.plugins.blind.learn import LEARN
from tests.plugins.blind.types import Case

CONTAINS = ("text", "subject", "body", "summary", "address")


__all__ = ["BANK", "CASES", "CONTAINS", "PLUGINS", "Case"]


def _schema(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": required}


_CODE = {"type": "string", "pattern": "^[A-Z]{3}$", "description": "ISO 4217 currency code"}
_COUNTRY = {"type": "string", "pattern": "^[A-Z]{2}$", "description": "ISO 3166 country code"}
_UNITS = ["km", "mi", "m", "ft", "cm", "in", "kg", "lb", "celsius", "fahrenheit", "l", "gal"]
_LANGS = ["en", "de", "zh", "fr", "es", "ja"]

PLUGINS: list[dict[str, Any]] = [
    {
        "name": "stocks",
        "description": "Latest share price for a ticker symbol",
        "kind": "http",
        "endpoint": "http://127.0.0.1:9/stocks",
        "keywords": ["stock", "share price", "stock price", "ticker", "Aktie", "Aktienkurs", "Börse", "股价", "股票"],
        "functions": [
            {
                "name": "get_stock_quote",
                "description": "The latest price of one listed share",
                "parameters": _schema(
                    {
                        "symbol": {"type": "string", "pattern": "^[A-Z0-9][A-Z0-9.]{0,9}$", "description": "ticker"},
                        "exchange": {"type": "string", "enum": ["NASDAQ", "NYSE", "XETRA", "HKEX", "SSE"]},
                    },
                    ["symbol"],
                ),
            }
        ],
    },
    {
        "name": "units",
        "description": "Convert a measurement between units of length, mass, temperature and volume",
        "kind": "http",
        "endpoint": "http://127.0.0.1:9/units",
        "keywords": ["convert", "unit", "miles", "kilometers", "umrechnen", "Einheit", "换算", "单位"],
        "functions": [
            {
                "name": "convert_units",
                "description": "Convert a value from one unit to another",
                "parameters": _schema(
                    {
                        "value": {"type": "number"},
                        "from_unit": {"type": "string", "enum": _UNITS},
                        "to_unit": {"type": "string", "enum": _UNITS},
                    },
                    ["value", "from_unit", "to_unit"],
                ),
            }
        ],
    },
    {
        "name": "translator",
        "description": "Translate a text into another language",
        "kind": "http",
        "endpoint": "http://127.0.0.1:9/translate",
        "keywords": ["translate", "translation", "übersetzen", "übersetze", "Übersetzung", "翻译", "译成"],
        "functions": [
            {
                "name": "translate_text",
                "description": "Translate the given text into the target language",
                "parameters": _schema(
                    {
                        "text": {"type": "string"},
                        "target_language": {"type": "string", "enum": _LANGS},
                        "source_language": {"type": "string", "enum": _LANGS},
                    },
                    ["text", "target_language"],
                ),
            }
        ],
    },
    {
        "name": "holidays",
        "description": "Public holidays of a country",
        "kind": "http",
        "endpoint": "http://127.0.0.1:9/holidays",
        "keywords": ["holiday", "holidays", "public holiday", "Feiertag", "Feiertage", "节假日", "假日", "法定假日"],
        "functions": [
            {
                "name": "list_holidays",
                "description": "All public holidays of a country in one year",
                "parameters": _schema(
                    {"country": _COUNTRY, "year": {"type": "integer", "minimum": 1900, "maximum": 2100}},
                    ["country"],
                ),
            },
            {
                "name": "is_public_holiday",
                "description": "Whether a given date is a public holiday in a country",
                "parameters": _schema(
                    {"country": _COUNTRY, "date": {"type": "string", "format": "date"}},
                    ["country", "date"],
                ),
            },
        ],
    },
    {
        "name": "slack",
        "description": "Post a message to a Slack channel",
        "kind": "http",
        "endpoint": "http://127.0.0.1:9/slack",
        "keywords": ["slack", "channel", "Slack", "Kanal", "频道"],
        "functions": [
            {
                "name": "post_message",
                "description": "Post a text to a channel",
                "parameters": _schema(
                    {
                        "channel": {"type": "string", "pattern": "^#[a-z0-9_-]+$"},
                        "text": {"type": "string"},
                    },
                    ["channel", "text"],
                ),
            }
        ],
    },
    {
        "name": "mail",
        "description": "Send an e-mail",
        "kind": "http",
        "endpoint": "http://127.0.0.1:9/mail",
        "keywords": ["email", "e-mail", "mail", "E-Mail", "Mail", "邮件", "电子邮件"],
        "functions": [
            {
                "name": "send_email",
                "description": "Send an e-mail to one recipient",
                "parameters": _schema(
                    {
                        "to": {"type": "string", "format": "email"},
                        "subject": {"type": "string"},
                        "body": {"type": "string"},
                        "cc": {"type": "string", "format": "email"},
                    },
                    ["to", "subject"],
                ),
            }
        ],
    },
    {
        "name": "geo",
        "description": "Coordinates of an address and the address at coordinates",
        "kind": "http",
        "endpoint": "http://127.0.0.1:9/geo",
        "keywords": [
            "coordinates",
            "geocode",
            "latitude",
            "longitude",
            "Koordinaten",
            "Adresse",
            "坐标",
            "经纬度",
            "地址",
        ],
        "functions": [
            {
                "name": "geocode",
                "description": "Latitude and longitude of an address",
                "parameters": _schema({"address": {"type": "string"}, "country_code": _COUNTRY}, ["address"]),
            },
            {
                "name": "reverse_geocode",
                "description": "The address at a latitude and longitude",
                "parameters": _schema(
                    {
                        "latitude": {"type": "number", "minimum": -90, "maximum": 90},
                        "longitude": {"type": "number", "minimum": -180, "maximum": 180},
                    },
                    ["latitude", "longitude"],
                ),
            },
        ],
    },
    {
        "name": "timezones",
        "description": "Convert a clock time from one city's time zone to another's",
        "kind": "http",
        "endpoint": "http://127.0.0.1:9/tz",
        "keywords": ["time zone", "timezone", "what time", "Zeitzone", "Uhrzeit", "wie spät", "时区", "几点"],
        "functions": [
            {
                "name": "convert_time",
                "description": "The local time in one city at a given time in another",
                "parameters": _schema(
                    {
                        "time": {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"},
                        "from_city": {"type": "string"},
                        "to_city": {"type": "string"},
                    },
                    ["time", "from_city", "to_city"],
                ),
            }
        ],
    },
    {
        "name": "fx",
        "description": "Convert money at the exchange rate of a day",
        "kind": "http",
        "endpoint": "http://127.0.0.1:9/fx",
        "keywords": ["exchange rate", "currency", "Wechselkurs", "Währung", "汇率", "货币", "兑换"],
        "functions": [
            {
                "name": "exchange",
                "description": "The value of an amount in another currency",
                "parameters": _schema(
                    {
                        "value": {"type": "number", "minimum": 0},
                        "source_currency": _CODE,
                        "target_currency": _CODE,
                        "on_date": {"type": "string", "format": "date"},
                    },
                    ["value", "source_currency", "target_currency"],
                ),
            }
        ],
    },
    {
        "name": "bugs",
        "description": "File a bug in the product's tracker",
        "kind": "http",
        "endpoint": "http://127.0.0.1:9/bugs",
        "keywords": ["bug", "report a bug", "issue", "Fehler", "Bug", "缺陷", "故障"],
        "functions": [
            {
                "name": "file_bug",
                "description": "Open a bug with a summary, a severity and a component",
                "parameters": _schema(
                    {
                        "summary": {"type": "string"},
                        "severity": {"type": "string", "enum": ["minor", "major", "critical"]},
                        "component": {"type": "string", "enum": ["ui", "api", "database", "worker"]},
                    },
                    ["summary"],
                ),
            }
        ],
    },
]


# kind -> cases, the two halves together (learn.py may be read; frozen.py may not).
BANK: dict[str, list[Case]] = {kind: LEARN[kind] + FROZEN[kind] for kind in LEARN}

CASES: list[Case] = [case for cases in BANK.values() for case in cases]
