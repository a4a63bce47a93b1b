"""Planner round 19 (issue 9), tuned on blind17: "no X filled in" is the rows without X; a value
held by two columns (a user and a full name) excluded with "except" keeps the rows the other
column leaves empty, and names its row by the label column; "user id" / "Benutzer-ID" / "用户 ID"
spell out `uid` (and `gid`); 有 inside a word (私有, 所有) is no "has"; "the biggest number"
asks which number; 类型 over `category` beside `media_type` asks; "have an alias" over
`alias_count` is at least one, "how many aliases in total" the sum of the counts, "the most (mean)
extensions" their count column; words for a word size in bits (位, Bitbreite, word size); "<column>
names" is the column (also before "start with"); home directories, login shells, file extensions;
a number right after a column of many numbers ("port 443", "unter Port 1024"); verbs that only
link (runs, läuft, lautet); "types" with a condition are rows, not the schema; the rows of a CPU
table are architectures; the most common value of a text column of many values; Abschnitt,
"break down", 小端/大端."""

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
            "lt": col < f["value"],
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


@pytest.fixture
def cputable() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "debian_cpu": ["amd64", "i386", "arm64", "mips64el", "mipsel", "sparc"],
            "gnu_cpu": ["x86_64", "i686", "aarch64", "mips64el", "mipsel", "sparc"],
            "bits": [64, 32, 64, 64, 32, 64],
            "endianness": ["little", "little", "little", "little", "little", "big"],
        }
    )


@pytest.fixture
def media() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "media_type": ["a/x", "a/y", "b/z", "c/w", "c/v"],
            "category": ["a", "a", "b", "c", "c"],
            "extensions": ["x xx", None, "z", "w", None],
            "extension_count": [2, 0, 1, 1, 0],
        }
    )


@pytest.mark.parametrize(
    "question",
    [
        "How many of the Debian CPU names start with mips?",
        "Wie viele Debian-CPU-Namen beginnen mit mips?",
        "有多少个 Debian CPU 名称以 mips 开头？",
    ],
)
def test_a_column_named_with_names_before_an_affix(cputable: pd.DataFrame, question: str) -> None:
    intent = parse(cputable, question, table="cpus")
    assert intent.filters == [{"column": "debian_cpu", "op": "startswith", "value": "mips"}]
    assert intent.kind in ("count", "aggregate") and not intent.measures and not intent.group_by


@pytest.mark.parametrize(
    "question", ["How many architectures are there?", "Wie viele Architekturen gibt es?", "一共有多少种架构？"]
)
def test_architectures_are_the_rows_of_a_cpu_table(cputable: pd.DataFrame, question: str) -> None:
    intent = parse(cputable, question, table="cpus")
    assert intent.kind in ("count", "aggregate") and intent.agg in (None, "count") and not intent.filters
    assert not intent.measures and not intent.group_by


@pytest.mark.parametrize(
    "question", ["What is the home directory of www?", "Was ist das Home-Verzeichnis von www?", "www 的主目录是什么？"]
)
def test_a_home_directory_is_the_home_column(accounts: pd.DataFrame, question: str) -> None:
    frame = accounts.assign(home=["/root", "/usr/sbin", "/var/www", "/nonexistent", "/nonexistent"])
    intent = parse(frame, question, table="accounts")
    assert intent.kind == "filter" and intent.measures == ["home"]
    assert intent.filters == [{"column": "user", "op": "eq", "value": "www"}]


@pytest.mark.parametrize(
    "question",
    [
        "How many accounts use each login shell?",
        "Wie viele Konten nutzen welche Login-Shell?",
        "每种登录 shell 各有多少个账户？",
    ],
)
def test_accounts_per_login_shell(accounts: pd.DataFrame, question: str) -> None:
    frame = accounts.assign(shell=["/bin/bash", "/bin/false", "/bin/false", "/bin/false", "/bin/bash"])
    intent = parse(frame, question, table="accounts")
    assert intent.kind == "aggregate" and intent.agg == "count" and intent.group_by == ["shell"]


@pytest.mark.parametrize(
    "question",
    [
        "Which media type has the most file extensions?",
        "Welcher Typ hat die meisten Dateiendungen?",
        "哪个媒体类型的扩展名最多？",
    ],
)
def test_the_most_listed_items_rank_by_their_count(media: pd.DataFrame, question: str) -> None:
    intent = parse(media, question, table="media")
    assert intent.measures == ["extension_count"] and intent.n == 1 and intent.sort == "desc"


@pytest.mark.parametrize(
    "question", ["Average number of extensions per category?", "Durchschnittliche Anzahl Endungen je Kategorie?"]
)
def test_the_mean_of_listed_items_per_group(media: pd.DataFrame, question: str) -> None:
    intent = parse(media, question, table="media")
    assert intent.kind == "aggregate" and intent.agg == "mean" and intent.group_by == ["category"]
    assert intent.measures == ["extension_count"]


@pytest.mark.parametrize(
    "question",
    [
        "How many media types come without any file extension?",
        "Wie viele Typen haben keine Dateiendung?",
        "Per category, how many types actually have an extension?",
    ],
)
def test_types_with_a_condition_are_rows_not_the_schema(media: pd.DataFrame, question: str) -> None:
    intent = parse(media, question, table="media")
    assert intent.kind in ("count", "aggregate", "distinct") and intent.filters
    rows = _rows(media, intent)
    if intent.group_by:
        want = media[media["extensions"].notna()].groupby("category").size()
        assert rows.groupby("category").size().equals(want)
    else:
        assert len(rows) == media["extensions"].isna().sum()


@pytest.mark.parametrize(
    "question",
    [
        "How many different service names are there?",
        "Wie viele verschiedene Service-Namen gibt es?",
        "一共有多少个不同的服务名称？",
    ],
)
def test_a_column_word_with_names_is_the_column(services: pd.DataFrame, question: str) -> None:
    intent = parse(services, question, table="services")
    assert intent.kind == "distinct" and intent.measures == ["service"]


@pytest.fixture
def ports() -> pd.DataFrame:
    numbers = [7 + 3 * i for i in range(118)] + [443, 443]
    return pd.DataFrame(
        {
            "service": [f"s{i}" for i in range(len(numbers))],
            "port": numbers,
            "protocol": ["tcp", "udp"] * (len(numbers) // 2),
        }
    )


@pytest.mark.parametrize(
    ("question", "op", "value"),
    [
        ("How many rows are there for port 443?", "eq", 443),
        ("Wie viele Zeilen gibt es für Port 443?", "eq", 443),
        ("端口 443 有几行？", "eq", 443),
        ("How many rows are below port 100?", "lt", 100),
        ("Wie viele Zeilen liegen unter Port 100?", "lt", 100),
    ],
)
def test_a_number_after_a_column_of_many_numbers(ports: pd.DataFrame, question: str, op: str, value: int) -> None:
    intent = parse(ports, question, table="services")
    assert intent.filters == [{"column": "port", "op": op, "value": value}]
    col = ports["port"]
    assert len(_rows(ports, intent)) == int(((col == value) if op == "eq" else (col < value)).sum())


@pytest.mark.parametrize(
    ("question", "measure", "column", "value"),
    [
        ("Which service runs on port 443?", "service", "port", 443),
        ("Auf welchem Port läuft s7?", "port", "service", "s7"),
        ("Wie lautet der Median der Ports?", "port", None, None),
    ],
)
def test_verbs_that_only_link(
    ports: pd.DataFrame, question: str, measure: str, column: str | None, value: object
) -> None:
    intent = parse(ports, question, table="services")
    assert intent.measures == [measure]
    assert intent.filters == ([{"column": column, "op": "eq", "value": value}] if column else [])


@pytest.fixture
def suffixes() -> pd.DataFrame:
    tlds = ["jp"] * 5 + ["com"] * 3 + ["de"] * 2 + [f"t{i}" for i in range(600)]
    return pd.DataFrame(
        {
            "suffix": [f"x{i}.{t}" for i, t in enumerate(tlds)],
            "section": (["ICANN", "PRIVATE"] * len(tlds))[: len(tlds)],
            "tld": tlds,
            "labels": [1 + i % 3 for i in range(len(tlds))],
        }
    )


@pytest.mark.parametrize(
    "question", ["Which TLD is the most common?", "Welche TLD kommt am häufigsten vor?", "最常见的顶级域名是哪个？"]
)
def test_the_most_common_value_of_a_text_column_of_many_values(suffixes: pd.DataFrame, question: str) -> None:
    intent = parse(suffixes, question, table="suffixes")
    assert intent.kind == "distinct" and intent.measures == ["tld"] and intent.n == 1
    assert suffixes["tld"].value_counts().index[0] == "jp"


@pytest.mark.parametrize(
    ("question", "group"),
    [
        ("Durchschnittliche Anzahl Labels je Abschnitt?", "section"),
        ("Break down the architectures by endianness.", "endianness"),
    ],
)
def test_words_for_a_section_and_a_breakdown(
    suffixes: pd.DataFrame, cputable: pd.DataFrame, question: str, group: str
) -> None:
    frame, table = (suffixes, "suffixes") if group == "section" else (cputable, "cpus")
    intent = parse(frame, question, table=table)
    assert intent.kind == "aggregate" and intent.group_by == [group]


@pytest.mark.parametrize(("question", "value"), [("64 位小端的架构有几个？", "little"), ("大端的架构有几个？", "big")])
def test_chinese_words_for_byte_order_values(cputable: pd.DataFrame, question: str, value: str) -> None:
    intent = parse(cputable, question, table="cpus")
    assert {"column": "endianness", "op": "eq", "value": value} in intent.filters
