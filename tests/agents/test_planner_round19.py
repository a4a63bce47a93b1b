"""Planner round 19 (issue 9), tuned on blind17: "no X filled in" is the rows without X; a value
held by two columns (a user and a full name) excluded with "except" keeps the rows the other
column leaves empty, and names its row by the label column; "user id" / "Benutzer-ID" / "用户 ID"
spell out `uid` (and `gid`); 有 inside a word (私有, 所有) is no "has"; "the biggest number"
asks which number; 类型 over `category` beside `media_type` asks; "have an alias" over
`alias_count` is at least one, "how many aliases in total" the sum of the counts; words for a
word size in bits (位, Bitbreite, word size)."""

from __future__ import annotations

import pandas as pd
import pytest

from datapulse.agents.planner.intent import Clarify
from tests.agents.planning import parse


@pytest.fixture
def accounts() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "user": ["root", "daemon", "www", "nobody", "apt"],
            "uid": [0, 1, 33, 65534, 42],
            "gid": [0, 1, 33, 65534, 65534],
            "full_name": ["root", "daemon", "www", "nobody", None],
        }
    )


@pytest.fixture
def services() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "service": ["ssh", "ssh", "http", "http", "dns", "ntp"],
            "port": [22, 22, 80, 80, 53, 123],
            "protocol": ["tcp", "udp", "tcp", "udp", "udp", "udp"],
            "aliases": [None, None, "www web", "www web", "domain", None],
            "alias_count": [0, 0, 2, 2, 1, 0],
        }
    )


@pytest.fixture
def cpus() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "cpu": ["amd64", "i386", "arm64", "mips", "sparc"],
            "bits": [64, 32, 64, 32, 64],
            "endianness": ["little", "little", "little", "big", "big"],
        }
    )


def _rows(frame: pd.DataFrame, intent) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    keep = pd.Series(True, index=frame.index)
    for f in intent.filters:
        col = frame[f["column"]]
        keep &= {
            "eq": col == f["value"],
            "ne": (col != f["value"]) & col.notna(),  # the tools' "not": a row with no value is no match
            "gt": col > f["value"],
            "isnull": col.isna(),
            "notnull": col.notna(),
        }[f["op"]]
    return frame[keep]


def _value(frame: pd.DataFrame, intent) -> float:  # type: ignore[no-untyped-def]
    if intent.kind == "count":
        return float(len(_rows(frame, intent)))
    if intent.kind == "filter":
        (value,) = _rows(frame, intent)[intent.measures[0]].tolist()
        return float(value)
    assert intent.kind == "aggregate" and not intent.group_by
    if intent.agg == "count" and not intent.measures:
        return float(len(_rows(frame, intent)))
    assert len(intent.measures) == 1
    return float(_rows(frame, intent)[intent.measures[0]].agg(intent.agg))


@pytest.mark.parametrize(
    "question",
    [
        "How many rows have no full name filled in?",
        "Wie viele Zeilen haben keinen full_name ausgefüllt?",
        "没有填写全名的行有几个？",
    ],
)
def test_no_value_filled_in_is_the_rows_without_one(accounts: pd.DataFrame, question: str) -> None:
    assert _value(accounts, parse(accounts, question)) == accounts["full_name"].isna().sum()


@pytest.mark.parametrize(
    "question",
    [
        "What's the highest uid except nobody?",
        "Was ist die höchste UID außer nobody?",
        "除了 nobody 以外，最大的 uid 是多少？",
    ],
)
def test_except_a_value_of_two_columns_keeps_the_rows_one_leaves_empty(accounts: pd.DataFrame, question: str) -> None:
    assert _value(accounts, parse(accounts, question)) == accounts.loc[accounts["user"] != "nobody", "uid"].max()


@pytest.mark.parametrize(
    "question",
    ["What's the user id of www?", "Welche Benutzer-ID hat www?", "www 的用户 ID 是多少？"],
)
def test_the_id_of_a_named_row(accounts: pd.DataFrame, question: str) -> None:
    intent = parse(accounts, question)
    assert intent.kind == "filter" and intent.measures == ["uid"]
    assert _value(accounts, intent) == accounts.loc[accounts["user"] == "www", "uid"].item()


@pytest.mark.parametrize(
    "question", ["What is the group id of www?", "Welche Gruppen-ID hat www?", "www 的组 ID 是多少？"]
)
def test_group_id_spells_out_gid(accounts: pd.DataFrame, question: str) -> None:
    assert _value(accounts, parse(accounts, question)) == accounts.loc[accounts["user"] == "www", "gid"].item()


@pytest.mark.parametrize("question", ["私有部分的行占百分之几？", "私有部分的规则占百分之几？"])
def test_you_inside_a_word_is_no_has(question: str) -> None:
    rules = pd.DataFrame({"suffix": ["com", "co.uk", "blog.com", "jp", "a.jp"], "section": list("IIPIP")})
    rules["section"] = rules["section"].map({"I": "ICANN", "P": "PRIVATE"})
    intent = parse(rules, question, table="rules")
    assert not intent.filters and intent.extra.get("value") == "PRIVATE" and intent.group_by == ["section"]


@pytest.mark.parametrize(
    "question",
    ["Which service has the biggest number?", "哪个服务的数字最大？"],  # German asked already ("Zahl")
)
def test_the_biggest_number_asks_which(services: pd.DataFrame, question: str) -> None:
    with pytest.raises(Clarify) as asked:
        parse(services, question)
    assert {"port", "alias_count"} <= set(asked.value.candidates)


def test_a_word_for_type_beside_a_type_column_asks() -> None:
    media = pd.DataFrame({"media_type": ["a/x", "a/y", "b/z"], "category": ["a", "a", "b"], "subtype": list("xyz")})
    with pytest.raises(Clarify) as asked:
        parse(media, "一共有多少种类型？")
    assert {"media_type", "category"} <= set(asked.value.candidates)


@pytest.mark.parametrize(
    "question",
    ["How many rows have an alias?", "Wie viele Zeilen haben einen Alias?", "有 alias 的行有多少？"],
)
def test_having_an_item_is_a_count_above_zero(services: pd.DataFrame, question: str) -> None:
    assert _value(services, parse(services, question)) == (services["alias_count"] > 0).sum()


@pytest.mark.parametrize(
    "question",
    ["How many aliases are there in total?", "Wie viele Aliase gibt es?", "一共有多少个别名（aliases）？"],
)
def test_items_in_total_sum_the_item_counts(services: pd.DataFrame, question: str) -> None:
    assert _value(services, parse(services, question)) == services["alias_count"].sum()


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("arm64 是多少位的？", "arm64"),
        ("Welche Bitbreite hat arm64?", "arm64"),
        ("What's the average word size?", None),
        ("Wie groß ist die durchschnittliche Bitbreite?", None),
        ("平均字长是多少？", None),
    ],
)
def test_words_for_a_word_size_in_bits(cpus: pd.DataFrame, question: str, expected: str | None) -> None:
    want = cpus["bits"].mean() if expected is None else cpus.loc[cpus["cpu"] == expected, "bits"].item()
    assert _value(cpus, parse(cpus, question)) == want
