"""The detection bank: messages that call, or do not call, the plugins assigned below.

Written before the detector and not changed afterwards (issue 14). Each case is
`(language, message, expected calls)`; an expected call is `(function_name, parameters)`
where a parameter named in CONTAINS must appear (case-insensitive) inside the detected
value, and every other one must equal it (strings case-insensitive).
"""

from __future__ import annotations

from typing import Any

CONTAINS = ("prompt", "title")

PLUGINS: list[dict[str, Any]] = [
    {
        "name": "weather",
        "description": "Current weather and temperature for a city",
        "kind": "http",
        "endpoint": "http://127.0.0.1:9/weather",
        "keywords": ["weather", "temperature", "forecast", "Wetter", "Temperatur", "天气", "气温"],
        "functions": [
            {
                "name": "get_weather",
                "description": "The current weather in a city",
                "parameters": {
                    "type": "object",
                    "properties": {
                        "city": {"type": "string", "description": "city name"},
                        "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
                    },
                    "required": ["city"],
                },
            }
        ],
    },
    {
        "name": "currency",
        "description": "Convert an amount of money between currencies",
        "kind": "http",
        "endpoint": "http://127.0.0.1:9/fx",
        "keywords": ["convert", "exchange", "umrechnen", "wechseln", "换算", "兑换"],
        "functions": [
            {
                "name": "convert_currency",
                "description": "Convert an amount from one currency to another",
                "parameters": {
                    "type": "object",
                    "properties": {
                        "amount": {"type": "number"},
                        "from": {"type": "string", "pattern": "^[A-Z]{3}$"},
                        "to": {"type": "string", "pattern": "^[A-Z]{3}$"},
                    },
                    "required": ["amount", "from", "to"],
                },
            }
        ],
    },
    {
        "name": "tickets",
        "description": "Create a ticket in the team's issue tracker",
        "kind": "http",
        "endpoint": "http://127.0.0.1:9/tickets",
        "keywords": ["ticket", "issue", "Ticket", "工单"],
        "functions": [
            {
                "name": "create_ticket",
                "description": "Open a new ticket with a title and a priority",
                "parameters": {
                    "type": "object",
                    "properties": {
                        "title": {"type": "string"},
                        "priority": {"type": "string", "enum": ["low", "medium", "high"]},
                    },
                    "required": ["title"],
                },
            }
        ],
    },
    # image_generation is the built-in plugin: assigned by name in the bank test.
]

Call = tuple[str, dict[str, Any]]
CASES: list[tuple[str, str, list[Call]]] = [
    # --- English: calls ---
    ("en", "What's the weather in Berlin?", [("get_weather", {"city": "Berlin"})]),
    (
        "en",
        "How is the weather in Paris today, in fahrenheit?",
        [("get_weather", {"city": "Paris", "unit": "fahrenheit"})],
    ),
    ("en", "Tell me the current temperature in Tokyo", [("get_weather", {"city": "Tokyo"})]),
    ("en", "weather forecast for London please", [("get_weather", {"city": "London"})]),
    ("en", "Convert 100 USD to EUR", [("convert_currency", {"amount": 100, "from": "USD", "to": "EUR"})]),
    ("en", "How much is 250.5 GBP in JPY?", [("convert_currency", {"amount": 250.5, "from": "GBP", "to": "JPY"})]),
    ("en", "exchange 40 EUR into CHF", [("convert_currency", {"amount": 40, "from": "EUR", "to": "CHF"})]),
    ("en", "Generate an image of a red fox in the snow", [("generate_image", {"prompt": "red fox in the snow"})]),
    ("en", "Draw a picture of a lighthouse at sunset", [("generate_image", {"prompt": "lighthouse at sunset"})]),
    ("en", "Create an image: a cat reading a newspaper", [("generate_image", {"prompt": "cat reading a newspaper"})]),
    (
        "en",
        "Please make a 512x512 image of a mountain lake",
        [("generate_image", {"prompt": "mountain lake", "width": 512, "height": 512})],
    ),
    (
        "en",
        'Create a ticket titled "Dashboard is slow" with high priority',
        [("create_ticket", {"title": "Dashboard is slow", "priority": "high"})],
    ),
    ("en", "Open a ticket: export button does nothing", [("create_ticket", {"title": "export button does nothing"})]),
    (
        "en",
        'file a low priority ticket "typo on the login page"',
        [("create_ticket", {"title": "typo on the login page", "priority": "low"})],
    ),
    # --- English: no call ---
    ("en", "What is the average price by region?", []),
    ("en", "How many rows does the sales table have?", []),
    ("en", "Show the correlation between carat and price", []),
    ("en", "Which columns have missing values?", []),
    ("en", "Top 5 customers by revenue", []),
    ("en", "What is the mean of the temperature column?", []),
    ("en", "Count the rows where currency is EUR", []),
    ("en", "Show the monthly trend of orders", []),
    ("en", "Are there duplicate rows?", []),
    ("en", "Hello, what can you do?", []),
    ("en", "Plot the distribution of ages", []),
    # --- German: calls ---
    ("de", "Wie ist das Wetter in München?", [("get_weather", {"city": "München"})]),
    ("de", "Wetter in Hamburg bitte", [("get_weather", {"city": "Hamburg"})]),
    ("de", "Welche Temperatur hat es gerade in Wien?", [("get_weather", {"city": "Wien"})]),
    ("de", "Wie wird das Wetter in Zürich in Celsius?", [("get_weather", {"city": "Zürich", "unit": "celsius"})]),
    ("de", "Rechne 50 EUR in USD um", [("convert_currency", {"amount": 50, "from": "EUR", "to": "USD"})]),
    ("de", "Wie viel sind 1200 CHF in EUR?", [("convert_currency", {"amount": 1200, "from": "CHF", "to": "EUR"})]),
    ("de", "Bitte 75,5 USD in GBP umrechnen", [("convert_currency", {"amount": 75.5, "from": "USD", "to": "GBP"})]),
    ("de", "Erzeuge ein Bild von einem Leuchtturm im Sturm", [("generate_image", {"prompt": "Leuchtturm im Sturm"})]),
    ("de", "Zeichne ein Bild einer Katze auf dem Dach", [("generate_image", {"prompt": "Katze auf dem Dach"})]),
    (
        "de",
        "Generiere ein Bild: ein Roboter, der Kaffee kocht",
        [("generate_image", {"prompt": "Roboter, der Kaffee kocht"})],
    ),
    (
        "de",
        'Erstelle ein Ticket "Export schlägt fehl" mit hoher Priorität',
        [("create_ticket", {"title": "Export schlägt fehl", "priority": "high"})],
    ),
    ("de", "Lege ein Ticket an: Login dauert zu lange", [("create_ticket", {"title": "Login dauert zu lange"})]),
    # --- German: no call ---
    ("de", "Wie hoch ist der Durchschnittspreis pro Region?", []),
    ("de", "Wie viele Zeilen hat die Tabelle?", []),
    ("de", "Zeige die Korrelation zwischen Gewicht und Preis", []),
    ("de", "Welche Spalten haben fehlende Werte?", []),
    ("de", "Die 10 größten Kunden nach Umsatz", []),
    ("de", "Was ist der Mittelwert der Spalte Temperatur?", []),
    ("de", "Gibt es Ausreißer beim Umsatz?", []),
    ("de", "Zeige den Verlauf der Bestellungen pro Monat", []),
    ("de", "Hallo, was kannst du?", []),
    # --- Chinese: calls ---
    ("zh", "北京的天气怎么样？", [("get_weather", {"city": "北京"})]),
    ("zh", "上海今天天气如何", [("get_weather", {"city": "上海"})]),
    ("zh", "查询一下广州的气温", [("get_weather", {"city": "广州"})]),
    ("zh", "把100 USD换算成CNY", [("convert_currency", {"amount": 100, "from": "USD", "to": "CNY"})]),
    ("zh", "300 EUR 兑换成 JPY 是多少？", [("convert_currency", {"amount": 300, "from": "EUR", "to": "JPY"})]),
    ("zh", "生成一张图片：雪地里的红狐狸", [("generate_image", {"prompt": "雪地里的红狐狸"})]),
    ("zh", "画一张日落时的灯塔的图片", [("generate_image", {"prompt": "日落时的灯塔"})]),
    ("zh", "帮我生成图片，一只在读报纸的猫", [("generate_image", {"prompt": "一只在读报纸的猫"})]),
    ("zh", "创建一个工单：导出按钮没有反应", [("create_ticket", {"title": "导出按钮没有反应"})]),
    ("zh", "新建工单“登录页面很慢”，优先级高", [("create_ticket", {"title": "登录页面很慢", "priority": "high"})]),
    # --- Chinese: no call ---
    ("zh", "各地区的平均价格是多少？", []),
    ("zh", "这张表有多少行？", []),
    ("zh", "价格和重量的相关性", []),
    ("zh", "哪些列有缺失值？", []),
    ("zh", "按收入排名前5的客户", []),
    ("zh", "温度这一列的平均值是多少？", []),
    ("zh", "订单每月的趋势", []),
    ("zh", "有没有重复的行？", []),
    ("zh", "你好，你能做什么？", []),
]
