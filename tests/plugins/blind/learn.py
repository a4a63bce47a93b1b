"""The learn half of the blind detection bank (every other case of each kind): the
material a detector round may read and run verbosely (README.md)."""

from __future__ import annotations

from tests.plugins.blind.types import Case

LEARN: dict[str, list[Case]] = {
    "direct": [
        ("en", "What's the stock price of AAPL?", [("get_stock_quote", {"symbol": "AAPL"})]),
        ("en", "Convert 5 km to miles", [("convert_units", {"value": 5, "from_unit": "km", "to_unit": "mi"})]),
        (
            "en",
            "Translate 'good morning' into German",
            [("translate_text", {"text": "good morning", "target_language": "de"})],
        ),
        (
            "en",
            "Is 2026-12-26 a public holiday in GB?",
            [("is_public_holiday", {"country": "GB", "date": "2026-12-26"})],
        ),
        (
            "en",
            "Send an email to anna@example.com with the subject Quarterly numbers",
            [("send_email", {"to": "anna@example.com", "subject": "Quarterly numbers"})],
        ),
        (
            "en",
            "What address is at latitude 48.8584, longitude 2.2945?",
            [("reverse_geocode", {"latitude": 48.8584, "longitude": 2.2945})],
        ),
        (
            "en",
            "What's the exchange rate for 250 USD to EUR?",
            [("exchange", {"value": 250, "source_currency": "USD", "target_currency": "EUR"})],
        ),
        (
            "en",
            "File a critical bug: the export button crashes the UI",
            [("file_bug", {"summary": "export button crashes", "severity": "critical"})],
        ),
        (
            "de",
            "Rechne 10 Meilen in Kilometer um",
            [("convert_units", {"value": 10, "from_unit": "mi", "to_unit": "km"})],
        ),
        ("de", "Welche Feiertage gibt es 2027 in AT?", [("list_holidays", {"country": "AT", "year": 2027})]),
        (
            "de",
            "Schreib in Slack in #vertrieb: Die Zahlen für Mai sind da",
            [("post_message", {"channel": "#vertrieb", "text": "Zahlen für Mai sind da"})],
        ),
        ("de", "Koordinaten von Marienplatz 1, München", [("geocode", {"address": "Marienplatz 1"})]),
        (
            "de",
            "Wie spät ist es in New York, wenn es in Berlin 14:00 ist?",
            [("convert_time", {"time": "14:00", "from_city": "Berlin", "to_city": "New York"})],
        ),
        (
            "de",
            "Melde einen kritischen Bug: Der Login schlägt nach dem Update fehl",
            [("file_bug", {"summary": "Login schlägt nach dem Update fehl", "severity": "critical"})],
        ),
        ("zh", "查一下AAPL的股价", [("get_stock_quote", {"symbol": "AAPL"})]),
        ("zh", "把“早上好”翻译成英文", [("translate_text", {"text": "早上好", "target_language": "en"})]),
        ("zh", "2026-10-01在CN是节假日吗？", [("is_public_holiday", {"country": "CN", "date": "2026-10-01"})]),
        ("zh", "给li@example.cn发一封邮件，主题是周报", [("send_email", {"to": "li@example.cn", "subject": "周报"})]),
        (
            "zh",
            "纬度31.2304，经度121.4737是什么地址？",
            [("reverse_geocode", {"latitude": 31.2304, "longitude": 121.4737})],
        ),
        (
            "zh",
            "100美元按汇率换成人民币是多少？",
            [("exchange", {"value": 100, "source_currency": "USD", "target_currency": "CNY"})],
        ),
        (
            "zh",
            "把37摄氏度换算成华氏度",
            [("convert_units", {"value": 37, "from_unit": "celsius", "to_unit": "fahrenheit"})],
        ),
    ],
    "polite": [
        (
            "en",
            "Could you please look up the current share price of TSLA for me?",
            [("get_stock_quote", {"symbol": "TSLA"})],
        ),
        (
            "en",
            "Would you mind translating 'the meeting is postponed' to French?",
            [("translate_text", {"text": "the meeting is postponed", "target_language": "fr"})],
        ),
        (
            "en",
            "Please drop bob@example.org an email, subject: Invoice 4711, saying the payment arrived.",
            [("send_email", {"to": "bob@example.org", "subject": "Invoice 4711", "body": "payment arrived"})],
        ),
        (
            "en",
            "Would you be so kind as to tell me the coordinates of Alexanderplatz, Berlin?",
            [("geocode", {"address": "Alexanderplatz"})],
        ),
        ("en", "I need to know which days are public holidays in FR this year", [("list_holidays", {"country": "FR"})]),
        (
            "de",
            "Wären Sie so freundlich, 'Vielen Dank für Ihre Geduld' ins Chinesische zu übersetzen?",
            [("translate_text", {"text": "Vielen Dank für Ihre Geduld", "target_language": "zh"})],
        ),
        (
            "de",
            "Bitte schicken Sie eine Mail an buchhaltung@example.de, Betreff: Rechnung 2026-17, Text: Die "
            "Rechnung ist bezahlt.",
            [
                (
                    "send_email",
                    {"to": "buchhaltung@example.de", "subject": "Rechnung 2026-17", "body": "Rechnung ist bezahlt"},
                )
            ],
        ),
        (
            "de",
            "Mich würde interessieren, wie viel 1.000 CHF heute in Euro wert sind — Wechselkurs bitte.",
            [("exchange", {"value": 1000, "source_currency": "CHF", "target_currency": "EUR"})],
        ),
        (
            "de",
            "Ich bräuchte die Feiertage in CH für 2026, bitte.",
            [("list_holidays", {"country": "CH", "year": 2026})],
        ),
        (
            "zh",
            "请问能帮我把“会议推迟到明天”翻译成德语吗？",
            [("translate_text", {"text": "会议推迟到明天", "target_language": "de"})],
        ),
        (
            "zh",
            "请帮忙给wang@example.com发封邮件，主题：合同，内容：合同已签署",
            [("send_email", {"to": "wang@example.com", "subject": "合同", "body": "合同已签署"})],
        ),
        (
            "zh",
            "想请教一下，500欧元按今天的汇率能换多少日元？",
            [("exchange", {"value": 500, "source_currency": "EUR", "target_currency": "JPY"})],
        ),
        (
            "zh",
            "可以帮我提个API方面的缺陷吗？上传大文件时超时，级别major",
            [("file_bug", {"summary": "上传大文件时超时", "severity": "major", "component": "api"})],
        ),
    ],
    "forms": [
        (
            "en",
            "twenty kilograms in pounds please, convert it",
            [("convert_units", {"value": 20, "from_unit": "kg", "to_unit": "lb"})],
        ),
        (
            "en",
            "EUR to JPY, 1,500 of them — what's that at today's exchange rate?",
            [("exchange", {"value": 1500, "source_currency": "EUR", "target_currency": "JPY"})],
        ),
        (
            "en",
            "How much was 100 CHF in EUR on 2024-03-01 at the exchange rate of the day?",
            [("exchange", {"value": 100, "source_currency": "CHF", "target_currency": "EUR", "on_date": "2024-03-01"})],
        ),
        (
            "en",
            "Is the 3rd of October 2026 a public holiday in DE?",
            [("is_public_holiday", {"country": "DE", "date": "2026-10-03"})],
        ),
        (
            "en",
            "What are the public holidays in Germany in 2027?",
            [("list_holidays", {"country": "DE", "year": 2027})],
        ),
        ("en", "NVDA share price", [("get_stock_quote", {"symbol": "NVDA"})]),
        (
            "en",
            "In Sydney, what time is it when it is 18:30 in Paris?",
            [("convert_time", {"time": "18:30", "from_city": "Paris", "to_city": "Sydney"})],
        ),
        (
            "de",
            "zwanzig Kilometer in Meilen umrechnen",
            [("convert_units", {"value": 20, "from_unit": "km", "to_unit": "mi"})],
        ),
        (
            "de",
            "1.250,50 EUR in GBP umrechnen, Wechselkurs von heute",
            [("exchange", {"value": 1250.5, "source_currency": "EUR", "target_currency": "GBP"})],
        ),
        ("de", "Feiertage DE 2029", [("list_holidays", {"country": "DE", "year": 2029})]),
        ("de", "Aktienkurs ALV", [("get_stock_quote", {"symbol": "ALV"})]),
        (
            "de",
            "Was war der Wechselkurs für 50 USD in JPY am 2025-01-15?",
            [("exchange", {"value": 50, "source_currency": "USD", "target_currency": "JPY", "on_date": "2025-01-15"})],
        ),
        (
            "de",
            "Ins Spanische übersetzen: Wo ist der Bahnhof?",
            [("translate_text", {"text": "Wo ist der Bahnhof", "target_language": "es"})],
        ),
        ("zh", "二十公斤是多少磅？帮我换算", [("convert_units", {"value": 20, "from_unit": "kg", "to_unit": "lb"})]),
        (
            "zh",
            "1,500英镑兑换美元，按汇率算",
            [("exchange", {"value": 1500, "source_currency": "GBP", "target_currency": "USD"})],
        ),
        ("zh", "节假日 JP 2028", [("list_holidays", {"country": "JP", "year": 2028})]),
        ("zh", "0700.HK股价", [("get_stock_quote", {"symbol": "0700.HK"})]),
        (
            "zh",
            "2025-06-30那天200美元按汇率换成港币是多少？",
            [("exchange", {"value": 200, "source_currency": "USD", "target_currency": "HKD", "on_date": "2025-06-30"})],
        ),
        ("zh", "翻译成日语：谢谢你的帮助", [("translate_text", {"text": "谢谢你的帮助", "target_language": "ja"})]),
    ],
    "keyword_only": [
        ("en", "The stock column in this table has a lot of missing values — why?", []),
        ("en", "Our Slack usage data is in the uploaded CSV; which channel had the most messages?", []),
        ("en", "Convert the date column to a proper datetime type", []),
        ("en", "Count the bugs per component in the issues dataset", []),
        ("en", "The translation table maps product codes to names; join it to orders", []),
        ("de", "Die Spalte Aktienkurs hat viele Ausreißer — woran liegt das?", []),
        ("de", "Wie viele Kunden haben keine E-Mail-Adresse hinterlegt?", []),
        ("de", "Welche Zeitzone haben die Zeitstempel in dieser Datei?", []),
        ("de", "Zeig mir die Entwicklung des Wechselkurses aus der Tabelle als Liniendiagramm", []),
        ("de", "Bitte noch keine E-Mail an den Kunden schicken, die Zahlen sind vorläufig.", []),
        ("zh", "对比一下节假日和工作日的销售额", []),
        ("zh", "把日期列换算成星期几", []),
        ("zh", "统计一下上传的数据里每个模块的缺陷数量", []),
        ("zh", "翻译表里有重复的词条，帮我找出来", []),
    ],
    "analysis": [
        ("en", "Show me the average revenue per region as a bar chart", []),
        ("en", "Find outliers in the temperature column", []),
        ("en", "How many rows have null values?", []),
        ("de", "Was ist der Durchschnitt der Spalte Alter?", []),
        ("de", "Wie viele Zeilen hat der Datensatz?", []),
        ("zh", "按地区显示平均销售额的柱状图", []),
        ("zh", "找出温度列中的异常值", []),
        ("zh", "数据集一共有多少行？", []),
    ],
    "two_calls": [
        (
            "en",
            "Translate 'thank you' into Japanese and convert 10 miles to km",
            [
                ("translate_text", {"text": "thank you", "target_language": "ja"}),
                ("convert_units", {"value": 10, "from_unit": "mi", "to_unit": "km"}),
            ],
        ),
        (
            "en",
            "What are the holidays in JP in 2027, and what time is 08:00 in Tokyo in New York?",
            [
                ("list_holidays", {"country": "JP", "year": 2027}),
                ("convert_time", {"time": "08:00", "from_city": "Tokyo", "to_city": "New York"}),
            ],
        ),
        (
            "de",
            "Wie ist der Aktienkurs von SAP und wie viel sind 100 USD in EUR zum Wechselkurs von heute?",
            [
                ("get_stock_quote", {"symbol": "SAP"}),
                ("exchange", {"value": 100, "source_currency": "USD", "target_currency": "EUR"}),
            ],
        ),
        (
            "zh",
            "把“你好”翻译成法语，再把5公斤换算成磅",
            [
                ("translate_text", {"text": "你好", "target_language": "fr"}),
                ("convert_units", {"value": 5, "from_unit": "kg", "to_unit": "lb"}),
            ],
        ),
        (
            "zh",
            "给zhao@example.com发邮件，主题是上线通知，同时在Slack的#release频道发：版本已上线",
            [
                ("send_email", {"to": "zhao@example.com", "subject": "上线通知"}),
                ("post_message", {"channel": "#release", "text": "版本已上线"}),
            ],
        ),
    ],
    "ambiguous": [
        ("en", "Convert 100", []),
        ("en", "Translate this", []),
        ("en", "File it", []),
        ("de", "Schick das an Petra", []),
        ("de", "Wie spät ist es?", []),
        ("zh", "发给小李", []),
        ("zh", "现在几点？", []),
    ],
}
