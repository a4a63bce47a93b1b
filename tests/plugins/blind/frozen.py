"""The frozen half of the blind detection bank: never read, never run with details while
working on the detector; scored with `report --half frozen` only (README.md)."""

from __future__ import annotations

from tests.plugins.blind.types import Case

FROZEN: dict[str, list[Case]] = {
    "direct": [
        ("en", "Get me a quote for MSFT on NASDAQ", [("get_stock_quote", {"symbol": "MSFT", "exchange": "NASDAQ"})]),
        ("en", "How many pounds is 20 kg?", [("convert_units", {"value": 20, "from_unit": "kg", "to_unit": "lb"})]),
        ("en", "List the public holidays in DE for 2027", [("list_holidays", {"country": "DE", "year": 2027})]),
        (
            "en",
            "Post 'deploy finished' to #releases on Slack",
            [("post_message", {"channel": "#releases", "text": "deploy finished"})],
        ),
        (
            "en",
            "Geocode 1600 Amphitheatre Parkway, Mountain View",
            [("geocode", {"address": "1600 Amphitheatre Parkway"})],
        ),
        (
            "en",
            "What time is it in Tokyo when it's 09:00 in Berlin?",
            [("convert_time", {"time": "09:00", "from_city": "Berlin", "to_city": "Tokyo"})],
        ),
        (
            "en",
            "Convert 80 GBP into EUR",
            [("exchange", {"value": 80, "source_currency": "GBP", "target_currency": "EUR"})],
        ),
        (
            "de",
            "Wie ist der Aktienkurs von SAP an der XETRA?",
            [("get_stock_quote", {"symbol": "SAP", "exchange": "XETRA"})],
        ),
        (
            "de",
            "Übersetze 'Guten Appetit' ins Englische",
            [("translate_text", {"text": "Guten Appetit", "target_language": "en"})],
        ),
        (
            "de",
            "Ist der 2026-05-01 in DE ein Feiertag?",
            [("is_public_holiday", {"country": "DE", "date": "2026-05-01"})],
        ),
        (
            "de",
            "Schick eine E-Mail an jens@example.de mit dem Betreff Monatsbericht",
            [("send_email", {"to": "jens@example.de", "subject": "Monatsbericht"})],
        ),
        (
            "de",
            "Welche Adresse liegt bei Breitengrad 52.5163 und Längengrad 13.3777?",
            [("reverse_geocode", {"latitude": 52.5163, "longitude": 13.3777})],
        ),
        (
            "de",
            "Wie viel sind 200 EUR in USD zum aktuellen Wechselkurs?",
            [("exchange", {"value": 200, "source_currency": "EUR", "target_currency": "USD"})],
        ),
        (
            "de",
            "Rechne 30 Grad Celsius in Fahrenheit um",
            [("convert_units", {"value": 30, "from_unit": "celsius", "to_unit": "fahrenheit"})],
        ),
        ("zh", "把5公里换算成英里", [("convert_units", {"value": 5, "from_unit": "km", "to_unit": "mi"})]),
        ("zh", "列出CN 2027年的法定假日", [("list_holidays", {"country": "CN", "year": 2027})]),
        ("zh", "在Slack的#dev频道发消息：构建已完成", [("post_message", {"channel": "#dev", "text": "构建已完成"})]),
        ("zh", "北京市海淀区中关村大街1号的坐标是多少？", [("geocode", {"address": "中关村大街1号"})]),
        (
            "zh",
            "北京时间15:00是纽约几点？",
            [("convert_time", {"time": "15:00", "from_city": "北京", "to_city": "纽约"})],
        ),
        (
            "zh",
            "提交一个缺陷，严重级别为critical：导出按钮点击后页面崩溃",
            [("file_bug", {"summary": "导出按钮点击后页面崩溃", "severity": "critical"})],
        ),
    ],
    "polite": [
        (
            "en",
            "I'd love to know how far 26.2 miles is in kilometers.",
            [("convert_units", {"value": 26.2, "from_unit": "mi", "to_unit": "km"})],
        ),
        (
            "en",
            "Can you let the team know in #data-eng on Slack that the nightly load is late?",
            [("post_message", {"channel": "#data-eng", "text": "nightly load is late"})],
        ),
        (
            "en",
            "I wonder what time 3pm in New York would be in London.",
            [("convert_time", {"time": "15:00", "from_city": "New York", "to_city": "London"})],
        ),
        (
            "en",
            "When you get a chance, please open a minor bug about the typo in the settings page.",
            [("file_bug", {"summary": "typo in the settings page", "severity": "minor"})],
        ),
        (
            "de",
            "Könnten Sie mir bitte den aktuellen Kurs der Aktie BMW.DE nennen?",
            [("get_stock_quote", {"symbol": "BMW.DE"})],
        ),
        (
            "de",
            "Ich hätte gern gewusst, wie viele Pfund 5 Kilogramm sind.",
            [("convert_units", {"value": 5, "from_unit": "kg", "to_unit": "lb"})],
        ),
        (
            "de",
            "Kannst du bitte im Slack-Kanal #ops Bescheid geben, dass der Server neu gestartet wird?",
            [("post_message", {"channel": "#ops", "text": "Server neu gestartet"})],
        ),
        (
            "de",
            "Würdest du bitte einen Bug für die API anlegen: Timeout beim Hochladen großer Dateien, Schweregrad major",
            [("file_bug", {"summary": "Timeout beim Hochladen", "severity": "major", "component": "api"})],
        ),
        ("zh", "麻烦帮我查一下TSLA现在的股价，谢谢", [("get_stock_quote", {"symbol": "TSLA"})]),
        (
            "zh",
            "能不能麻烦你告诉我10英里大概是多少公里？",
            [("convert_units", {"value": 10, "from_unit": "mi", "to_unit": "km"})],
        ),
        (
            "zh",
            "劳驾在Slack的#ops频道通知大家服务器今晚维护",
            [("post_message", {"channel": "#ops", "text": "服务器今晚维护"})],
        ),
        (
            "zh",
            "请帮我看看伦敦上午10:30是东京几点，谢谢",
            [("convert_time", {"time": "10:30", "from_city": "伦敦", "to_city": "东京"})],
        ),
    ],
    "forms": [
        (
            "en",
            "Convert to Fahrenheit: 37 degrees Celsius",
            [("convert_units", {"value": 37, "from_unit": "celsius", "to_unit": "fahrenheit"})],
        ),
        (
            "en",
            "exchange rate GBP→USD for 99.5",
            [("exchange", {"value": 99.5, "source_currency": "GBP", "target_currency": "USD"})],
        ),
        (
            "en",
            "How much is 50 euros in US dollars at the current exchange rate?",
            [("exchange", {"value": 50, "source_currency": "EUR", "target_currency": "USD"})],
        ),
        ("en", "Holidays 2028 US", [("list_holidays", {"country": "US", "year": 2028})]),
        (
            "en",
            "-33.8568, 151.2153 — what's the address there? reverse geocode it",
            [("reverse_geocode", {"latitude": -33.8568, "longitude": 151.2153})],
        ),
        (
            "en",
            "to #general on slack: lunch is here",
            [("post_message", {"channel": "#general", "text": "lunch is here"})],
        ),
        (
            "en",
            "Translate into Spanish: where is the train station?",
            [("translate_text", {"text": "where is the train station", "target_language": "es"})],
        ),
        (
            "de",
            "In Fahrenheit umrechnen, bitte: minus 40 Grad Celsius",
            [("convert_units", {"value": -40, "from_unit": "celsius", "to_unit": "fahrenheit"})],
        ),
        (
            "de",
            "Ist der 24. Dezember 2026 ein Feiertag in DE?",
            [("is_public_holiday", {"country": "DE", "date": "2026-12-24"})],
        ),
        ("de", "Feiertage in Österreich 2027", [("list_holidays", {"country": "AT", "year": 2027})]),
        (
            "de",
            "Wie spät ist es in Peking, wenn es in München 9 Uhr ist?",
            [("convert_time", {"time": "09:00", "from_city": "München", "to_city": "Peking"})],
        ),
        (
            "de",
            "Breitengrad 40.6892, Längengrad -74.0445: welche Adresse ist das?",
            [("reverse_geocode", {"latitude": 40.6892, "longitude": -74.0445})],
        ),
        (
            "de",
            "An #allgemein in Slack: Mittagessen ist da",
            [("post_message", {"channel": "#allgemein", "text": "Mittagessen ist da"})],
        ),
        ("zh", "换算成公里：三英里", [("convert_units", {"value": 3, "from_unit": "mi", "to_unit": "km"})]),
        ("zh", "2026年5月1日在CN是不是法定假日？", [("is_public_holiday", {"country": "CN", "date": "2026-05-01"})]),
        ("zh", "日本2027年有哪些节假日？", [("list_holidays", {"country": "JP", "year": 2027})]),
        (
            "zh",
            "纽约下午3点是上海几点？",
            [("convert_time", {"time": "15:00", "from_city": "纽约", "to_city": "上海"})],
        ),
        (
            "zh",
            "经纬度 22.3193, 114.1694 对应的地址是？",
            [("reverse_geocode", {"latitude": 22.3193, "longitude": 114.1694})],
        ),
        (
            "zh",
            "#general 频道 Slack 发：下午三点开会",
            [("post_message", {"channel": "#general", "text": "下午三点开会"})],
        ),
    ],
    "keyword_only": [
        ("en", "Plot sales around the holiday season against the rest of the year", []),
        ("en", "Which customers have no email address in the dataset?", []),
        ("en", "How did the exchange rate column correlate with export volume last quarter?", []),
        ("en", "Why does the time zone of the timestamps look wrong after import?", []),
        ("en", "Don't post anything to Slack yet, I'll check the numbers first.", []),
        ("de", "Vergleiche den Umsatz an Feiertagen mit normalen Werktagen", []),
        ("de", "Rechne die Spalte Preis in eine Zahl um, sie ist als Text gespeichert", []),
        ("de", "Wie viele Bugs pro Komponente gibt es im hochgeladenen Datensatz?", []),
        ("de", "Die Übersetzungstabelle hat doppelte Einträge, bitte finde sie", []),
        ("zh", "这张表里的股票代码列有很多缺失值，怎么处理？", []),
        ("zh", "数据集中有多少客户没有填写邮件地址？", []),
        ("zh", "时间戳的时区看起来不对，是什么原因？", []),
        ("zh", "用折线图展示表格里的汇率变化趋势", []),
        ("zh", "先别发邮件，数据还没核对完。", []),
    ],
    "analysis": [
        ("en", "What's the median order value in March?", []),
        ("en", "Run a linear regression of price on square meters", []),
        ("de", "Zeig mir den Umsatz pro Monat als Balkendiagramm", []),
        ("de", "Gibt es eine Korrelation zwischen Werbung und Umsatz?", []),
        ("de", "Gruppiere die Bestellungen nach Region und zähle sie", []),
        ("zh", "三月份的订单中位数是多少？", []),
        ("zh", "价格和面积之间有相关性吗？", []),
    ],
    "two_calls": [
        (
            "en",
            "Post 'standup moved to 10:00' to #team on Slack and email carol@example.com with the "
            "subject Standup moved",
            [
                ("post_message", {"channel": "#team", "text": "standup moved"}),
                ("send_email", {"to": "carol@example.com", "subject": "Standup moved"}),
            ],
        ),
        (
            "de",
            "Übersetze 'Hallo' ins Französische und rechne 3 Meilen in Kilometer um",
            [
                ("translate_text", {"text": "Hallo", "target_language": "fr"}),
                ("convert_units", {"value": 3, "from_unit": "mi", "to_unit": "km"}),
            ],
        ),
        (
            "de",
            "Melde einen Bug 'Diagramm lädt nicht' und schreib in #support auf Slack, dass wir daran arbeiten",
            [
                ("file_bug", {"summary": "Diagramm lädt nicht"}),
                ("post_message", {"channel": "#support", "text": "daran arbeiten"}),
            ],
        ),
        (
            "zh",
            "查一下MSFT的股价，然后列出US 2027年的节假日",
            [("get_stock_quote", {"symbol": "MSFT"}), ("list_holidays", {"country": "US", "year": 2027})],
        ),
    ],
    "ambiguous": [
        ("en", "Send a message to Anna", []),
        ("en", "What about the price?", []),
        ("de", "Rechne das mal um", []),
        ("de", "Übersetz mal", []),
        ("zh", "帮我换算一下", []),
        ("zh", "翻译一下", []),
    ],
}
