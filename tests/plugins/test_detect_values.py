"""The typed values detection reads from a message (plugins/values.py) and how the detector
gives them to parameters by their JSON Schema: written numbers, German separators, dates
and times normalised, names mapped to ISO codes, source and target told apart, and no call
on a missing required value, a data question or a negated request."""

from __future__ import annotations

from typing import Any

import pytest

from datapulse.plugins import values
from datapulse.plugins.detect import Candidate, detect


def _values(mentions: list[values.Mention]) -> list[Any]:
    return [v for _s, _e, v in mentions]


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        ("1,500", 1500),
        ("1.250,50", 1250.5),
        ("1.000", 1000),
        ("75,5", 75.5),
        ("48.8584", 48.8584),
        ("250.5", 250.5),
        ("-74.0060", -74.006),
    ],
)
def test_number_separators(raw: str, want: float) -> None:
    assert values.parse_number(raw) == want


def test_numbers_written_as_words_in_three_languages() -> None:
    assert _values(values.numbers("twenty kg, zwanzig km, 二十公斤")) == [20, 20, 20]
    assert _values(values.numbers("two hundred and fifty, einundzwanzig, 三百五十")) == [250, 21, 350]
    assert values.numbers("发一封邮件") == []  # 一封: an article, not an amount
    assert _values(values.numbers("40.7128, -74.0060; Rechnung 2026-17")) == [40.7128, -74.006, 2026]


def test_dates_to_iso() -> None:
    message = "2026-12-26, 3.10.2026, 3. Oktober 2026, the 3rd of October 2026, May 1, 2027, 2026年10月1日"
    assert _values(values.dates(message)) == [
        "2026-12-26",
        "2026-10-03",
        "2026-10-03",
        "2026-10-03",
        "2027-05-01",
        "2026-10-01",
    ]
    assert values.dates("2026-13-40") == []


def test_times_to_hh_mm() -> None:
    message = "14:00, 3pm, 9:30 a.m., 9 o'clock, 15 Uhr, 下午3点, 九点半"
    assert _values(values.times(message)) == ["14:00", "15:00", "09:30", "09:00", "15:00", "15:00", "09:30"]


def test_names_to_iso_codes() -> None:
    assert _values(values.named("into German, ins Chinesische, 翻译成英文", "language")) == ["de", "zh", "en"]
    assert _values(values.named("100 euros, Schweizer Franken, 美元, GBP", "currency")) == ["EUR", "CHF", "USD", "GBP"]
    assert _values(values.named("Germany, Frankreich, 日本, AT, the UI", "country")) == ["DE", "FR", "JP", "AT"]


def _schema(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": required}


UNITS = ["km", "mi", "kg", "lb", "celsius", "fahrenheit", "in", "m"]
CANDIDATES = [
    Candidate(
        "len",
        "len",
        ("convert", "umrechnen", "换算"),
        {
            "name": "convert",
            "description": "Convert a measure",
            "parameters": _schema(
                {
                    "amount": {"type": "number"},
                    "from_unit": {"type": "string", "enum": UNITS},
                    "to_unit": {"type": "string", "enum": UNITS},
                },
                ["amount", "from_unit", "to_unit"],
            ),
        },
        {},
    ),
    Candidate(
        "money",
        "money",
        ("exchange rate", "Wechselkurs", "汇率"),
        {
            "name": "fx",
            "description": "Money in another currency",
            "parameters": _schema(
                {
                    "amount": {"type": "number", "minimum": 0},
                    "source": {"type": "string", "pattern": "^[A-Z]{3}$", "description": "currency"},
                    "target": {"type": "string", "pattern": "^[A-Z]{3}$", "description": "currency"},
                    "day": {"type": "string", "format": "date"},
                },
                ["amount", "source", "target"],
            ),
        },
        {},
    ),
    Candidate(
        "clock",
        "clock",
        ("what time", "wie spät", "几点"),
        {
            "name": "zone_time",
            "description": "A time in another city",
            "parameters": _schema(
                {
                    "at": {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"},
                    "from_city": {"type": "string"},
                    "to_city": {"type": "string"},
                },
                ["at", "from_city", "to_city"],
            ),
        },
        {},
    ),
    Candidate(
        "mailer",
        "mailer",
        ("email", "E-Mail", "邮件"),
        {
            "name": "send_mail",
            "description": "Send a mail",
            "parameters": _schema(
                {
                    "to": {"type": "string", "format": "email"},
                    "subject": {"type": "string"},
                    "body": {"type": "string"},
                },
                ["to", "subject"],
            ),
        },
        {},
    ),
]


def _calls(message: str) -> list[tuple[str, dict[str, Any]]]:
    return [(c["function_name"], c["parameters"]) for c in detect(message, CANDIDATES)]


def test_source_is_the_unit_next_to_the_quantity() -> None:
    assert _calls("convert twenty miles to km") == [("convert", {"amount": 20, "from_unit": "mi", "to_unit": "km"})]
    assert _calls("zwanzig Kilometer in Meilen umrechnen") == [
        ("convert", {"amount": 20, "from_unit": "km", "to_unit": "mi"})
    ]
    assert _calls("二十公斤是多少磅？帮我换算") == [("convert", {"amount": 20, "from_unit": "kg", "to_unit": "lb"})]


def test_short_unit_symbols_need_a_number_or_to() -> None:
    """'in' is an inch only as '10 in' or 'to in', never as the preposition."""
    assert _calls("convert 10 km in Berlin") == []


def test_currency_names_german_numbers_and_a_date() -> None:
    assert _calls("1.250,50 Schweizer Franken in Euro am 3. Oktober 2026, Wechselkurs bitte") == [
        ("fx", {"amount": 1250.5, "source": "CHF", "target": "EUR", "day": "2026-10-03"})
    ]
    # the year of the date is not the amount
    assert _calls("exchange rate of USD to EUR on 2026-10-03") == []


def test_time_and_cities() -> None:
    assert _calls("What time is it in Sydney when it is 3pm in Paris?") == [
        ("zone_time", {"at": "15:00", "from_city": "Paris", "to_city": "Sydney"})
    ]
    assert _calls("东京下午3点是纽约几点？") == [("zone_time", {"at": "15:00", "from_city": "东京", "to_city": "纽约"})]
    assert _calls("Wie spät ist es?") == []


def test_labelled_free_text() -> None:
    assert _calls("Send an email to a@example.com, subject: Q3, saying the numbers are in") == [
        ("send_mail", {"to": "a@example.com", "subject": "Q3", "body": "the numbers are in"})
    ]
    assert _calls("给li@example.cn发一封邮件，主题是周报") == [
        ("send_mail", {"to": "li@example.cn", "subject": "周报"})
    ]


def test_no_call_on_data_questions_negations_and_pointers() -> None:
    assert _calls("Which email column has the most missing values?") == []
    assert _calls("Bitte noch keine E-Mail an a@example.com schicken, Betreff: Zahlen") == []
    assert _calls("Convert the date column to a datetime type") == []
    assert _calls("Email it") == []


def test_two_plugins_in_one_message() -> None:
    calls = _calls("convert 5 kg to lb and what's 100 USD in EUR at the exchange rate")
    assert sorted(calls, key=lambda c: c[0]) == [
        ("convert", {"amount": 5, "from_unit": "kg", "to_unit": "lb"}),
        ("fx", {"amount": 100, "source": "USD", "target": "EUR"}),
    ]


def test_german_compound_numbers() -> None:
    assert _values(values.numbers("zweihundert, zweihundertfünfzig, dreitausend, hundert")) == [200, 250, 3000, 100]
    assert values.numbers("Tausende, ein Mal") == []  # not a written amount


def test_a_german_city_adjective_names_the_city() -> None:
    assert _values(values.cities("15 Uhr Berliner Zeit in New York")) == ["Berlin", "New York"]
    assert _values(values.cities("Die Berliner Mauer")) == []


def test_country_aliases_cldr_lacks() -> None:
    assert _values(values.named("a public holiday in the UK or the USA", "country")) == ["GB", "US"]
    assert _values(values.named("50 Pfund in Franken", "currency")) == ["GBP", "CHF"]
    # a country inside a currency's name is the currency's
    assert _values(values.named("3000 Schweizer Franken in Euro, in der Schweiz", "country")) == ["CH"]


def test_german_verb_forms_and_word_order() -> None:
    # a separable verb split over the clause: "umrechnen" as "Rechne ... um"
    scale = Candidate(
        "s",
        "s",
        ("umrechnen",),
        {"name": "scale", "parameters": _schema({"amount": {"type": "number"}}, ["amount"])},
        {},
    )
    assert [c["parameters"] for c in detect("Rechne bitte zweihundert um.", [scale])] == [{"amount": 200}]
    # "um 9" is a preposition, not the particle: the particle ends the clause
    assert detect("Rechne um 9 nach", [scale]) == []
    # a short name word inflected ("mail" in "Mails"), and a name word in German ("send" → "schicken")
    fn = Candidate("m", "m", (), CANDIDATES[3].function, {})
    found = detect("Schicke bitte an a@example.com eine Nachricht, Betreff: Q3", [fn])
    assert [(c["function_name"], c["parameters"]) for c in found] == [
        ("send_mail", {"to": "a@example.com", "subject": "Q3"})
    ]


def test_clock_words_and_degrees() -> None:
    # "Wie viel Uhr" asks the time; the "Uhr" of "9 Uhr" is not a trigger of its own
    clock = Candidate("c", "c", (), {**CANDIDATES[2].function, "name": "convert_time"}, {})
    calls = detect("Wie viel Uhr ist es in Tokio, wenn es in London 9 Uhr ist?", [clock])
    assert [c["parameters"] for c in calls] == [{"at": "09:00", "from_city": "London", "to_city": "Tokio"}]
    assert detect("Um 9 Uhr in London und Tokio", [clock]) == []
    assert _calls("Wie viel Grad Fahrenheit sind 30 Grad Celsius? umrechnen") == [
        ("convert", {"amount": 30, "from_unit": "celsius", "to_unit": "fahrenheit"})
    ]


GEO = Candidate(
    "geo",
    "geo",
    ("Koordinaten", "Adresse"),
    {
        "name": "reverse_geocode",
        "description": "The address at a point",
        "parameters": _schema(
            {
                "latitude": {"type": "number", "minimum": -90, "maximum": 90},
                "longitude": {"type": "number", "minimum": -180, "maximum": 180},
            },
            ["latitude", "longitude"],
        ),
    },
    {},
)


def test_a_german_decimal_comma_read_by_the_bounds() -> None:
    calls = detect("Welche Adresse liegt bei Breitengrad 48,137 und Längengrad 11,575?", [GEO])
    assert [c["parameters"] for c in calls] == [{"latitude": 48.137, "longitude": 11.575}]


BUG = Candidate(
    "bugs",
    "bugs",
    ("bug", "Fehler"),
    {
        "name": "file_bug",
        "description": "Open a bug",
        "parameters": _schema(
            {
                "summary": {"type": "string"},
                "severity": {"type": "string", "enum": ["minor", "major", "critical"]},
                "component": {"type": "string", "enum": ["ui", "api", "database", "worker"]},
            },
            ["summary"],
        ),
    },
    {},
)
SLACK = Candidate(
    "slack",
    "slack",
    ("Kanal",),
    {
        "name": "post_message",
        "description": "Post a text to a channel",
        "parameters": _schema(
            {"channel": {"type": "string", "pattern": "^#[a-z0-9_-]+$"}, "text": {"type": "string"}},
            ["channel", "text"],
        ),
    },
    {},
)


def test_free_text_leaves_other_parameters_their_values() -> None:
    calls = detect("Leg einen Bug an: Export bricht ab, Schweregrad schwer, Komponente Worker", [BUG])
    want = {"summary": "Export bricht ab", "severity": "major", "component": "worker"}
    assert [c["parameters"] for c in calls] == [want]
    # a short enum value after "im" ("im UI") is the value
    calls = detect("Melde einen Fehler im UI: der Knopf fehlt", [BUG])
    assert [c["parameters"] for c in calls] == [{"summary": "der Knopf fehlt", "component": "ui"}]
    calls = detect("Poste in #allgemein, dass das Meeting ausfällt", [SLACK])
    assert [c["parameters"] for c in calls] == [{"channel": "#allgemein", "text": "dass das Meeting ausfällt"}]
    # a label followed by a quote needs no colon
    assert _calls("E-Mail an a@example.com mit Betreff 'Release' und dem Text 'Version 2 ist live'") == [
        ("send_mail", {"to": "a@example.com", "subject": "Release", "body": "Version 2 ist live"})
    ]
    # a colon before every trigger heads the message
    calls = detect("Dringend: einen kritischen Bug melden, der Export bricht ab", [BUG])
    assert calls and calls[0]["parameters"]["severity"] == "critical"


def test_no_call_on_a_field_of_the_records() -> None:
    assert detect("Zähle die Fehler pro Komponente in der Tabelle", [BUG]) == []
    # a plural of a short keyword counts records
    assert detect("How many bugs per severity?", [BUG]) == []
    assert detect("Welche Bugs sind noch offen?", [BUG]) == []
    assert detect("Wir haben einen Fehler in den Zahlen gefunden, bitte prüfe die Spalte Umsatz", [BUG]) == []
    assert _calls("Which users have an email address on a@example.com?") == []
    assert _calls("Kunden mit E-Mail a@example.com, Betreff: Liste") == []
    # "I have" / "wir haben" is the speaker's: the request stands
    assert detect("We have a bug: the export fails", [BUG]) != []
    assert detect("Help me with a bug report: the export fails", [BUG]) != []


def test_a_ticker_is_a_whole_token() -> None:
    stock = Candidate(
        "s",
        "s",
        ("Aktie",),
        {
            "name": "quote",
            "description": "A share price",
            "parameters": _schema({"symbol": {"type": "string", "pattern": "^[A-Z][A-Z.]{0,9}$"}}, ["symbol"]),
        },
        {},
    )
    calls = detect("Könntest du mir den Kurs der Aktie BMW nennen?", [stock])
    assert [c["parameters"] for c in calls] == [{"symbol": "BMW"}]


def test_chinese_text_before_the_trigger_when_a_question_ends_it() -> None:
    geo = Candidate(
        "geo",
        "geo",
        ("经纬度", "地址"),
        {"name": "geocode", "parameters": _schema({"address": {"type": "string"}}, ["address"])},
        {},
    )
    assert [c["parameters"] for c in detect("天安门广场的经纬度是多少？", [geo])] == [{"address": "天安门广场"}]
    assert detect("哪些客户没有填写地址？", [geo]) == []


def test_german_names_inflected_word_by_word() -> None:
    message = "120 kanadische Dollar, im Vereinigten Königreich, in den Niederlanden, 80 chinesische Yuan"
    assert _values(values.named(message, "currency")) == ["CAD", "CNY"]
    assert _values(values.named(message, "country")) == ["GB", "NL"]
    # ordinary words are no names
    assert values.named("Wie viele Zeilen hat der Datensatz mit den Spalten Umsatz und Kosten?", "country") == []


TRANSLATE = Candidate(
    "tr",
    "tr",
    ("translate", "übersetzen"),
    {
        "name": "translate_text",
        "parameters": _schema(
            {
                "text": {"type": "string"},
                "target_language": {"type": "string", "enum": ["en", "de", "fr", "es"]},
                "source_language": {"type": "string", "enum": ["en", "de", "fr", "es"]},
            },
            ["text", "target_language"],
        ),
    },
    {},
)


def test_unquoted_text_ends_before_its_language() -> None:
    calls = detect("Translate good morning into German", [TRANSLATE])
    assert [c["parameters"] for c in calls] == [{"text": "good morning", "target_language": "de"}]
    calls = detect("Übersetze Guten Morgen vom Deutschen ins Englische", [TRANSLATE])
    want = {"text": "Guten Morgen", "source_language": "de", "target_language": "en"}
    assert [c["parameters"] for c in calls] == [want]
    # a German compound of a data word is the data's
    assert detect("Übersetze die Spaltennamen ins Englische", [TRANSLATE]) == []
