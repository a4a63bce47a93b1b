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

CONTAINS = ("text", "subject", "body", "summary", "address")

Call = tuple[str, dict[str, Any]]
Case = tuple[str, str, list[Call]]


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


def _q(**p: Any) -> Call:
    return ("get_stock_quote", p)


def _u(value: float, from_unit: str, to_unit: str) -> Call:
    return ("convert_units", {"value": value, "from_unit": from_unit, "to_unit": to_unit})


def _t(text: str, target: str) -> Call:
    return ("translate_text", {"text": text, "target_language": target})


def _fx(value: float, source: str, target: str, **p: Any) -> Call:
    return ("exchange", {"value": value, "source_currency": source, "target_currency": target, **p})


def _tz(time: str, from_city: str, to_city: str) -> Call:
    return ("convert_time", {"time": time, "from_city": from_city, "to_city": to_city})


def _c(fn: str, **p: Any) -> Call:
    return (fn, p)


# kind -> cases; CASES below is all of them.
BANK: dict[str, list[Case]] = {
    "direct": [
        ("en", "What's the stock price of AAPL?", [_q(symbol="AAPL")]),
        ("en", "Get me a quote for MSFT on NASDAQ", [_q(symbol="MSFT", exchange="NASDAQ")]),
        ("en", "Convert 5 km to miles", [_u(5, "km", "mi")]),
        ("en", "How many pounds is 20 kg?", [_u(20, "kg", "lb")]),
        ("en", "Translate 'good morning' into German", [_t("good morning", "de")]),
        ("en", "List the public holidays in DE for 2027", [_c("list_holidays", country="DE", year=2027)]),
        ("en", "Is 2026-12-26 a public holiday in GB?", [_c("is_public_holiday", country="GB", date="2026-12-26")]),
        (
            "en",
            "Post 'deploy finished' to #releases on Slack",
            [_c("post_message", channel="#releases", text="deploy finished")],
        ),
        (
            "en",
            "Send an email to anna@example.com with the subject Quarterly numbers",
            [_c("send_email", to="anna@example.com", subject="Quarterly numbers")],
        ),
        (
            "en",
            "Geocode 1600 Amphitheatre Parkway, Mountain View",
            [_c("geocode", address="1600 Amphitheatre Parkway")],
        ),
        (
            "en",
            "What address is at latitude 48.8584, longitude 2.2945?",
            [_c("reverse_geocode", latitude=48.8584, longitude=2.2945)],
        ),
        ("en", "What time is it in Tokyo when it's 09:00 in Berlin?", [_tz("09:00", "Berlin", "Tokyo")]),
        ("en", "What's the exchange rate for 250 USD to EUR?", [_fx(250, "USD", "EUR")]),
        ("en", "Convert 80 GBP into EUR", [_fx(80, "GBP", "EUR")]),
        (
            "en",
            "File a critical bug: the export button crashes the UI",
            [_c("file_bug", summary="export button crashes", severity="critical")],
        ),
        ("de", "Wie ist der Aktienkurs von SAP an der XETRA?", [_q(symbol="SAP", exchange="XETRA")]),
        ("de", "Rechne 10 Meilen in Kilometer um", [_u(10, "mi", "km")]),
        ("de", "Übersetze 'Guten Appetit' ins Englische", [_t("Guten Appetit", "en")]),
        ("de", "Welche Feiertage gibt es 2027 in AT?", [_c("list_holidays", country="AT", year=2027)]),
        ("de", "Ist der 2026-05-01 in DE ein Feiertag?", [_c("is_public_holiday", country="DE", date="2026-05-01")]),
        (
            "de",
            "Schreib in Slack in #vertrieb: Die Zahlen für Mai sind da",
            [_c("post_message", channel="#vertrieb", text="Zahlen für Mai sind da")],
        ),
        (
            "de",
            "Schick eine E-Mail an jens@example.de mit dem Betreff Monatsbericht",
            [_c("send_email", to="jens@example.de", subject="Monatsbericht")],
        ),
        ("de", "Koordinaten von Marienplatz 1, München", [_c("geocode", address="Marienplatz 1")]),
        (
            "de",
            "Welche Adresse liegt bei Breitengrad 52.5163 und Längengrad 13.3777?",
            [_c("reverse_geocode", latitude=52.5163, longitude=13.3777)],
        ),
        ("de", "Wie spät ist es in New York, wenn es in Berlin 14:00 ist?", [_tz("14:00", "Berlin", "New York")]),
        ("de", "Wie viel sind 200 EUR in USD zum aktuellen Wechselkurs?", [_fx(200, "EUR", "USD")]),
        (
            "de",
            "Melde einen kritischen Bug: Der Login schlägt nach dem Update fehl",
            [_c("file_bug", summary="Login schlägt nach dem Update fehl", severity="critical")],
        ),
        ("de", "Rechne 30 Grad Celsius in Fahrenheit um", [_u(30, "celsius", "fahrenheit")]),
        ("zh", "查一下AAPL的股价", [_q(symbol="AAPL")]),
        ("zh", "把5公里换算成英里", [_u(5, "km", "mi")]),
        ("zh", "把“早上好”翻译成英文", [_t("早上好", "en")]),
        ("zh", "列出CN 2027年的法定假日", [_c("list_holidays", country="CN", year=2027)]),
        ("zh", "2026-10-01在CN是节假日吗？", [_c("is_public_holiday", country="CN", date="2026-10-01")]),
        ("zh", "在Slack的#dev频道发消息：构建已完成", [_c("post_message", channel="#dev", text="构建已完成")]),
        ("zh", "给li@example.cn发一封邮件，主题是周报", [_c("send_email", to="li@example.cn", subject="周报")]),
        ("zh", "北京市海淀区中关村大街1号的坐标是多少？", [_c("geocode", address="中关村大街1号")]),
        ("zh", "纬度31.2304，经度121.4737是什么地址？", [_c("reverse_geocode", latitude=31.2304, longitude=121.4737)]),
        ("zh", "北京时间15:00是纽约几点？", [_tz("15:00", "北京", "纽约")]),
        ("zh", "100美元按汇率换成人民币是多少？", [_fx(100, "USD", "CNY")]),
        (
            "zh",
            "提交一个缺陷，严重级别为critical：导出按钮点击后页面崩溃",
            [_c("file_bug", summary="导出按钮点击后页面崩溃", severity="critical")],
        ),
        ("zh", "把37摄氏度换算成华氏度", [_u(37, "celsius", "fahrenheit")]),
    ],
    "polite": [
        ("en", "Could you please look up the current share price of TSLA for me?", [_q(symbol="TSLA")]),
        ("en", "I'd love to know how far 26.2 miles is in kilometers.", [_u(26.2, "mi", "km")]),
        (
            "en",
            "Would you mind translating 'the meeting is postponed' to French?",
            [_t("the meeting is postponed", "fr")],
        ),
        (
            "en",
            "Can you let the team know in #data-eng on Slack that the nightly load is late?",
            [_c("post_message", channel="#data-eng", text="nightly load is late")],
        ),
        (
            "en",
            "Please drop bob@example.org an email, subject: Invoice 4711, saying the payment arrived.",
            [_c("send_email", to="bob@example.org", subject="Invoice 4711", body="payment arrived")],
        ),
        ("en", "I wonder what time 3pm in New York would be in London.", [_tz("15:00", "New York", "London")]),
        (
            "en",
            "Would you be so kind as to tell me the coordinates of Alexanderplatz, Berlin?",
            [_c("geocode", address="Alexanderplatz")],
        ),
        (
            "en",
            "When you get a chance, please open a minor bug about the typo in the settings page.",
            [_c("file_bug", summary="typo in the settings page", severity="minor")],
        ),
        ("en", "I need to know which days are public holidays in FR this year", [_c("list_holidays", country="FR")]),
        ("de", "Könnten Sie mir bitte den aktuellen Kurs der Aktie BMW.DE nennen?", [_q(symbol="BMW.DE")]),
        (
            "de",
            "Wären Sie so freundlich, 'Vielen Dank für Ihre Geduld' ins Chinesische zu übersetzen?",
            [_t("Vielen Dank für Ihre Geduld", "zh")],
        ),
        ("de", "Ich hätte gern gewusst, wie viele Pfund 5 Kilogramm sind.", [_u(5, "kg", "lb")]),
        (
            "de",
            "Bitte schicken Sie eine Mail an buchhaltung@example.de, Betreff: Rechnung 2026-17, "
            "Text: Die Rechnung ist bezahlt.",
            [
                _c(
                    "send_email",
                    to="buchhaltung@example.de",
                    subject="Rechnung 2026-17",
                    body="Rechnung ist bezahlt",
                )
            ],
        ),
        (
            "de",
            "Kannst du bitte im Slack-Kanal #ops Bescheid geben, dass der Server neu gestartet wird?",
            [_c("post_message", channel="#ops", text="Server neu gestartet")],
        ),
        (
            "de",
            "Mich würde interessieren, wie viel 1.000 CHF heute in Euro wert sind — Wechselkurs bitte.",
            [_fx(1000, "CHF", "EUR")],
        ),
        (
            "de",
            "Würdest du bitte einen Bug für die API anlegen: Timeout beim Hochladen großer Dateien, Schweregrad major",
            [_c("file_bug", summary="Timeout beim Hochladen", severity="major", component="api")],
        ),
        ("de", "Ich bräuchte die Feiertage in CH für 2026, bitte.", [_c("list_holidays", country="CH", year=2026)]),
        ("zh", "麻烦帮我查一下TSLA现在的股价，谢谢", [_q(symbol="TSLA")]),
        ("zh", "请问能帮我把“会议推迟到明天”翻译成德语吗？", [_t("会议推迟到明天", "de")]),
        ("zh", "能不能麻烦你告诉我10英里大概是多少公里？", [_u(10, "mi", "km")]),
        (
            "zh",
            "请帮忙给wang@example.com发封邮件，主题：合同，内容：合同已签署",
            [_c("send_email", to="wang@example.com", subject="合同", body="合同已签署")],
        ),
        (
            "zh",
            "劳驾在Slack的#ops频道通知大家服务器今晚维护",
            [_c("post_message", channel="#ops", text="服务器今晚维护")],
        ),
        ("zh", "想请教一下，500欧元按今天的汇率能换多少日元？", [_fx(500, "EUR", "JPY")]),
        ("zh", "请帮我看看伦敦上午10:30是东京几点，谢谢", [_tz("10:30", "伦敦", "东京")]),
        (
            "zh",
            "可以帮我提个API方面的缺陷吗？上传大文件时超时，级别major",
            [_c("file_bug", summary="上传大文件时超时", severity="major", component="api")],
        ),
    ],
    "forms": [
        ("en", "twenty kilograms in pounds please, convert it", [_u(20, "kg", "lb")]),
        ("en", "Convert to Fahrenheit: 37 degrees Celsius", [_u(37, "celsius", "fahrenheit")]),
        ("en", "EUR to JPY, 1,500 of them — what's that at today's exchange rate?", [_fx(1500, "EUR", "JPY")]),
        ("en", "exchange rate GBP→USD for 99.5", [_fx(99.5, "GBP", "USD")]),
        (
            "en",
            "How much was 100 CHF in EUR on 2024-03-01 at the exchange rate of the day?",
            [_fx(100, "CHF", "EUR", on_date="2024-03-01")],
        ),
        ("en", "How much is 50 euros in US dollars at the current exchange rate?", [_fx(50, "EUR", "USD")]),
        (
            "en",
            "Is the 3rd of October 2026 a public holiday in DE?",
            [_c("is_public_holiday", country="DE", date="2026-10-03")],
        ),
        ("en", "Holidays 2028 US", [_c("list_holidays", country="US", year=2028)]),
        ("en", "What are the public holidays in Germany in 2027?", [_c("list_holidays", country="DE", year=2027)]),
        (
            "en",
            "-33.8568, 151.2153 — what's the address there? reverse geocode it",
            [_c("reverse_geocode", latitude=-33.8568, longitude=151.2153)],
        ),
        ("en", "NVDA share price", [_q(symbol="NVDA")]),
        ("en", "to #general on slack: lunch is here", [_c("post_message", channel="#general", text="lunch is here")]),
        ("en", "In Sydney, what time is it when it is 18:30 in Paris?", [_tz("18:30", "Paris", "Sydney")]),
        ("en", "Translate into Spanish: where is the train station?", [_t("where is the train station", "es")]),
        ("de", "zwanzig Kilometer in Meilen umrechnen", [_u(20, "km", "mi")]),
        ("de", "In Fahrenheit umrechnen, bitte: minus 40 Grad Celsius", [_u(-40, "celsius", "fahrenheit")]),
        ("de", "1.250,50 EUR in GBP umrechnen, Wechselkurs von heute", [_fx(1250.5, "EUR", "GBP")]),
        (
            "de",
            "Ist der 24. Dezember 2026 ein Feiertag in DE?",
            [_c("is_public_holiday", country="DE", date="2026-12-24")],
        ),
        ("de", "Feiertage DE 2029", [_c("list_holidays", country="DE", year=2029)]),
        ("de", "Feiertage in Österreich 2027", [_c("list_holidays", country="AT", year=2027)]),
        ("de", "Aktienkurs ALV", [_q(symbol="ALV")]),
        ("de", "Wie spät ist es in Peking, wenn es in München 9 Uhr ist?", [_tz("09:00", "München", "Peking")]),
        (
            "de",
            "Was war der Wechselkurs für 50 USD in JPY am 2025-01-15?",
            [_fx(50, "USD", "JPY", on_date="2025-01-15")],
        ),
        (
            "de",
            "Breitengrad 40.6892, Längengrad -74.0445: welche Adresse ist das?",
            [_c("reverse_geocode", latitude=40.6892, longitude=-74.0445)],
        ),
        ("de", "Ins Spanische übersetzen: Wo ist der Bahnhof?", [_t("Wo ist der Bahnhof", "es")]),
        (
            "de",
            "An #allgemein in Slack: Mittagessen ist da",
            [_c("post_message", channel="#allgemein", text="Mittagessen ist da")],
        ),
        ("zh", "二十公斤是多少磅？帮我换算", [_u(20, "kg", "lb")]),
        ("zh", "换算成公里：三英里", [_u(3, "mi", "km")]),
        ("zh", "1,500英镑兑换美元，按汇率算", [_fx(1500, "GBP", "USD")]),
        ("zh", "2026年5月1日在CN是不是法定假日？", [_c("is_public_holiday", country="CN", date="2026-05-01")]),
        ("zh", "节假日 JP 2028", [_c("list_holidays", country="JP", year=2028)]),
        ("zh", "日本2027年有哪些节假日？", [_c("list_holidays", country="JP", year=2027)]),
        ("zh", "0700.HK股价", [_q(symbol="0700.HK")]),
        ("zh", "纽约下午3点是上海几点？", [_tz("15:00", "纽约", "上海")]),
        ("zh", "2025-06-30那天200美元按汇率换成港币是多少？", [_fx(200, "USD", "HKD", on_date="2025-06-30")]),
        (
            "zh",
            "经纬度 22.3193, 114.1694 对应的地址是？",
            [_c("reverse_geocode", latitude=22.3193, longitude=114.1694)],
        ),
        ("zh", "翻译成日语：谢谢你的帮助", [_t("谢谢你的帮助", "ja")]),
        ("zh", "#general 频道 Slack 发：下午三点开会", [_c("post_message", channel="#general", text="下午三点开会")]),
    ],
    # A plugin's keyword appears, but the message asks about the data or says not to act.
    "keyword_only": [
        ("en", "The stock column in this table has a lot of missing values — why?", []),
        ("en", "Plot sales around the holiday season against the rest of the year", []),
        ("en", "Our Slack usage data is in the uploaded CSV; which channel had the most messages?", []),
        ("en", "Which customers have no email address in the dataset?", []),
        ("en", "Convert the date column to a proper datetime type", []),
        ("en", "How did the exchange rate column correlate with export volume last quarter?", []),
        ("en", "Count the bugs per component in the issues dataset", []),
        ("en", "Why does the time zone of the timestamps look wrong after import?", []),
        ("en", "The translation table maps product codes to names; join it to orders", []),
        ("en", "Don't post anything to Slack yet, I'll check the numbers first.", []),
        ("de", "Die Spalte Aktienkurs hat viele Ausreißer — woran liegt das?", []),
        ("de", "Vergleiche den Umsatz an Feiertagen mit normalen Werktagen", []),
        ("de", "Wie viele Kunden haben keine E-Mail-Adresse hinterlegt?", []),
        ("de", "Rechne die Spalte Preis in eine Zahl um, sie ist als Text gespeichert", []),
        ("de", "Welche Zeitzone haben die Zeitstempel in dieser Datei?", []),
        ("de", "Wie viele Bugs pro Komponente gibt es im hochgeladenen Datensatz?", []),
        ("de", "Zeig mir die Entwicklung des Wechselkurses aus der Tabelle als Liniendiagramm", []),
        ("de", "Die Übersetzungstabelle hat doppelte Einträge, bitte finde sie", []),
        ("de", "Bitte noch keine E-Mail an den Kunden schicken, die Zahlen sind vorläufig.", []),
        ("zh", "这张表里的股票代码列有很多缺失值，怎么处理？", []),
        ("zh", "对比一下节假日和工作日的销售额", []),
        ("zh", "数据集中有多少客户没有填写邮件地址？", []),
        ("zh", "把日期列换算成星期几", []),
        ("zh", "时间戳的时区看起来不对，是什么原因？", []),
        ("zh", "统计一下上传的数据里每个模块的缺陷数量", []),
        ("zh", "用折线图展示表格里的汇率变化趋势", []),
        ("zh", "翻译表里有重复的词条，帮我找出来", []),
        ("zh", "先别发邮件，数据还没核对完。", []),
    ],
    # Ordinary analysis questions: no plugin is meant.
    "analysis": [
        ("en", "Show me the average revenue per region as a bar chart", []),
        ("en", "What's the median order value in March?", []),
        ("en", "Find outliers in the temperature column", []),
        ("en", "Run a linear regression of price on square meters", []),
        ("en", "How many rows have null values?", []),
        ("de", "Zeig mir den Umsatz pro Monat als Balkendiagramm", []),
        ("de", "Was ist der Durchschnitt der Spalte Alter?", []),
        ("de", "Gibt es eine Korrelation zwischen Werbung und Umsatz?", []),
        ("de", "Wie viele Zeilen hat der Datensatz?", []),
        ("de", "Gruppiere die Bestellungen nach Region und zähle sie", []),
        ("zh", "按地区显示平均销售额的柱状图", []),
        ("zh", "三月份的订单中位数是多少？", []),
        ("zh", "找出温度列中的异常值", []),
        ("zh", "价格和面积之间有相关性吗？", []),
        ("zh", "数据集一共有多少行？", []),
    ],
    "two_calls": [
        (
            "en",
            "Translate 'thank you' into Japanese and convert 10 miles to km",
            [_t("thank you", "ja"), _u(10, "mi", "km")],
        ),
        (
            "en",
            "Post 'standup moved to 10:00' to #team on Slack and email carol@example.com "
            "with the subject Standup moved",
            [
                _c("post_message", channel="#team", text="standup moved"),
                _c("send_email", to="carol@example.com", subject="Standup moved"),
            ],
        ),
        (
            "en",
            "What are the holidays in JP in 2027, and what time is 08:00 in Tokyo in New York?",
            [_c("list_holidays", country="JP", year=2027), _tz("08:00", "Tokyo", "New York")],
        ),
        (
            "de",
            "Übersetze 'Hallo' ins Französische und rechne 3 Meilen in Kilometer um",
            [_t("Hallo", "fr"), _u(3, "mi", "km")],
        ),
        (
            "de",
            "Wie ist der Aktienkurs von SAP und wie viel sind 100 USD in EUR zum Wechselkurs von heute?",
            [_q(symbol="SAP"), _fx(100, "USD", "EUR")],
        ),
        (
            "de",
            "Melde einen Bug 'Diagramm lädt nicht' und schreib in #support auf Slack, dass wir daran arbeiten",
            [
                _c("file_bug", summary="Diagramm lädt nicht"),
                _c("post_message", channel="#support", text="daran arbeiten"),
            ],
        ),
        ("zh", "把“你好”翻译成法语，再把5公斤换算成磅", [_t("你好", "fr"), _u(5, "kg", "lb")]),
        (
            "zh",
            "查一下MSFT的股价，然后列出US 2027年的节假日",
            [_q(symbol="MSFT"), _c("list_holidays", country="US", year=2027)],
        ),
        (
            "zh",
            "给zhao@example.com发邮件，主题是上线通知，同时在Slack的#release频道发：版本已上线",
            [
                _c("send_email", to="zhao@example.com", subject="上线通知"),
                _c("post_message", channel="#release", text="版本已上线"),
            ],
        ),
    ],
    # A call is asked for but cannot be made without guessing: no call is right.
    "ambiguous": [
        ("en", "Convert 100", []),
        ("en", "Send a message to Anna", []),
        ("en", "Translate this", []),
        ("en", "What about the price?", []),
        ("en", "File it", []),
        ("de", "Rechne das mal um", []),
        ("de", "Schick das an Petra", []),
        ("de", "Übersetz mal", []),
        ("de", "Wie spät ist es?", []),
        ("zh", "帮我换算一下", []),
        ("zh", "发给小李", []),
        ("zh", "翻译一下", []),
        ("zh", "现在几点？", []),
    ],
}

CASES: list[Case] = [case for cases in BANK.values() for case in cases]
