"""The eighteenth blind bank's cases (sealed: see README.md).

Written without reading the product's code, its tests or any other bank's questions;
expected values computed with pandas from the Parquet copy the product reads.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from tests.agents.bank import C, Case
from tests.agents.blind13.expect_more import ByMonth, Label, argmax, share_either, top
from tests.agents.expect import Clarify, Frame, Scalar, Table

LOC, CM, GPU, ENT, ALI = "glibc_locales", "charmaps", "amdgpu", "entities", "codec_aliases"


def n(fn: Callable[[Frame], Any]) -> Scalar:
    """A count: the first scalar equals int(fn(df))."""
    return Scalar(lambda df: int(fn(df)))


def num(fn: Callable[[Frame], Any]) -> Scalar:
    """A number: the first scalar equals float(fn(df))."""
    return Scalar(lambda df: float(fn(df)))


def year(df: Frame) -> pd.Series:
    return df["date"].dt.year


def between_years(df: Frame, a: int, b: int) -> pd.Series:
    return year(df).between(a, b)


def years_spelled(y: int) -> list[object]:
    """A year as a number, as text or as its first day."""
    return [y, str(y), f"{y}-01-01", f"{y}-01-01T00:00:00"]


def day(value: pd.Timestamp) -> list[str]:
    """A date printed as a day or as a timestamp."""
    return [str(value.date()), value.isoformat(), str(value)]


LOCALES = [
    C("loc-count", LOC, n(len), en="How many locales are in this table?", de="Wie viele Locales enthält die Tabelle?"),
    C(
        "loc-eur",
        LOC,
        n(lambda df: df["currency"].eq("EUR").sum()),
        en="how many locales use EUR as their currency",
        zh="货币(currency)是EUR的locale有几个？",
    ),
    C(
        "loc-distinct-lang",
        LOC,
        n(lambda df: df["language"].nunique()),
        en="Number of distinct languages?",
        de="Wie viele verschiedene Sprachen (`language`) kommen vor?",
    ),
    C(
        "loc-distinct-curr",
        LOC,
        n(lambda df: df["currency"].nunique()),
        en="How many different currency codes appear?",
        zh="一共有多少种不同的货币代码？",
    ),
    C(
        "loc-top-lang",
        LOC,
        Table(lambda df: top(df["language"].value_counts(), 4), ordered=True),
        en="Top 4 languages by number of locales",
        de="Die 4 Sprachen mit den meisten Locales?",
    ),
    C(
        "loc-argmax-terr",
        LOC,
        Label(lambda df: argmax(df["territory"].value_counts())),
        en="Which territory has the most locales?",
        zh="哪个地区(territory)的locale最多？",
    ),
    C(
        "loc-argmax-curr",
        LOC,
        Label(lambda df: argmax(df["currency"].value_counts())),
        en="what's the most common currency",
        de="Welche Währung kommt am häufigsten vor?",
    ),
    C(
        "loc-share-eur",
        LOC,
        share_either(lambda df: df["currency"].eq("EUR")),
        en="What percentage of all locales have currency EUR?",
        zh="所有locale中货币为EUR的占百分之多少？",
    ),
    C(
        "loc-share-de-eur",
        LOC,
        share_either(lambda df: df.loc[df["language"] == "German", "currency"].eq("EUR")),
        en="Among the German-language locales, what share uses EUR?",
        de="Welcher Anteil der deutschsprachigen Locales (language = German) hat die Währung EUR?",
    ),
    C(
        "loc-missing-curr",
        LOC,
        n(lambda df: df["currency"].isna().sum()),
        en="How many locales have no currency value?",
        zh="有多少个locale的currency是空的？",
    ),
    C(
        "loc-missing-date",
        LOC,
        n(lambda df: df["date"].isna().sum()),
        en="How many missing values are there in the date column?",
        de="Wie viele fehlende Werte hat die Spalte date?",
    ),
    C(
        "loc-missing-date-share",
        LOC,
        share_either(lambda df: df["date"].isna()),
        en="What percent of locales lack a date?",
        zh="缺少日期的locale占多少百分比？",
    ),
    C(
        "loc-per-year",
        LOC,
        Table(lambda df: df.groupby(year(df)).size()),
        en="Number of locales per year (by date)",
        de="Anzahl der Locales pro Jahr nach Datum",
    ),
    C(
        "loc-per-month",
        LOC,
        ByMonth(lambda df: df.groupby(df["date"].dt.to_period("M")).size()),
        en="Show the count of locales for each month (year and month) of their date",
        zh="按年月统计locale的数量（date列）",
    ),
    C(
        "loc-2017",
        LOC,
        n(lambda df: (year(df) == 2017).sum()),
        en="How many locales are dated 2017?",
        de="Wie viele Locales haben ein Datum im Jahr 2017?",
    ),
    C(
        "loc-2010-2015",
        LOC,
        n(lambda df: between_years(df, 2010, 2015).sum()),
        en="How many locales have a date between 2010 and 2015?",
        zh="日期在2010年到2015年之间的locale有多少个？",
    ),
    C(
        "loc-latest",
        LOC,
        Label(lambda df: argmax(df.set_index("locale")["date"])),
        en="Which locale has the most recent date?",
        de="Welches Locale hat das neueste Datum?",
    ),
    C(
        "loc-earliest-date",
        LOC,
        Label(lambda df: day(df["date"].min())),
        en="What is the earliest date in the table?",
        zh="最早的日期是哪天？",
    ),
    C(
        "loc-mean-country-eur-usd",
        LOC,
        Table(lambda df: df[df["currency"].isin(["EUR", "USD"])].groupby("currency")["country_num"].mean()),
        en="Compare the average country_num of EUR and USD locales",
        de="Vergleiche den durchschnittlichen Ländercode (country_num) zwischen EUR und USD",
    ),
    C(
        "loc-corr",
        LOC,
        num(lambda df: df["frac_digits"].astype(float).corr(df["first_weekday"].astype(float))),
        en="Correlation between frac_digits and first_weekday?",
        zh="frac_digits和first_weekday的相关系数是多少？",
    ),
    C(
        "loc-title-india",
        LOC,
        n(lambda df: df["title"].str.contains("India", na=False).sum()),
        en='How many locales have a title containing "India"?',
        de="Wie viele Titel enthalten das Wort India?",
    ),
    C(
        "loc-at",
        LOC,
        n(lambda df: df["locale"].str.contains("@", regex=False).sum()),
        en="how many locale names contain an @",
        zh="名称里带@的locale有几个？",
    ),
    C(
        "loc-country-range",
        LOC,
        n(lambda df: df["country_num"].between(100, 300).sum()),
        en="How many locales have a country_num between 100 and 300?",
        de="Wie viele Locales haben einen Ländercode (country_num) zwischen 100 und 300?",
    ),
    C(
        "loc-weekday-counts",
        LOC,
        Table(lambda df: df["first_weekday"].value_counts()),
        en="Count of locales by first weekday",
        zh="按first_weekday统计locale数量",
    ),
    C(
        "loc-rev-1",
        LOC,
        n(lambda df: df["revision"].eq("1.0").sum()),
        en="How many locales are at revision 1.0?",
        de="Wie viele Locales haben die Revision 1.0?",
    ),
    C(
        "loc-avg-per-year-frac",
        LOC,
        Table(lambda df: df[year(df) >= 2016].groupby(year(df))["frac_digits"].mean()),
        en="Average frac_digits per year, for dates from 2016 on",
        zh="2016年及以后，每年的frac_digits平均值是多少？",
    ),
    C(
        "loc-fu-eur-weekday",
        LOC,
        n(lambda df: (df["currency"].eq("EUR") & df["first_weekday"].eq(2)).sum()),
        en="and of those, how many have first_weekday 2?",
        de="und davon, wie viele haben first_weekday 2?",
        before={"en": ["How many locales use the currency EUR?"], "de": ["Wie viele Locales haben die Währung EUR?"]},
    ),
    C(
        "loc-fu-spanish-2000",
        LOC,
        n(lambda df: (df["language"].eq("Spanish") & (year(df) == 2000)).sum()),
        en="Of those, how many are dated 2000?",
        zh="其中日期在2000年的有多少个？",
        before={"en": ["How many Spanish locales are there?"], "zh": ["语言是Spanish的locale有多少个？"]},
    ),
    C(
        "loc-trend-2010",
        LOC,
        Table(lambda df: df[year(df) >= 2010].groupby(year(df)).size()),
        en="How did the yearly number of locales develop from 2010 onwards?",
        de="Wie hat sich die Zahl der Locales pro Jahr seit 2010 entwickelt?",
    ),
    C(
        "loc-argmax-year",
        LOC,
        Label(lambda df: years_spelled(int(argmax(year(df).value_counts())))),
        en="In which year were the most locales dated?",
        zh="哪一年的locale数量最多？",
    ),
    C(
        "loc-clar-quarter",
        LOC,
        Clarify(),
        en="How many locales were added last quarter?",
        de="Wie viele Locales kamen im letzten Quartal dazu?",
    ),
    C(
        "loc-clar-population",
        LOC,
        Clarify(),
        en="What's the average population per locale?",
        de="Wie hoch ist die durchschnittliche Bevölkerung pro Locale?",
    ),
    C(
        "loc-clar-number",
        LOC,
        Clarify(),
        en="Which locale has the highest number?",
        zh="哪个locale的数字最大？",
    ),
    C(
        "loc-clar-recent",
        LOC,
        Clarify(),
        en="How many locales were updated recently?",
        de="Wie viele Locales wurden kürzlich aktualisiert?",
    ),
]

CHARMAPS = [
    C("cm-count", CM, n(len), en="How many character maps are there?", zh="一共有多少个字符映射表(charmap)？"),
    C(
        "cm-multibyte",
        CM,
        n(lambda df: (df["mb_cur_max"] > 1).sum()),
        en="How many charmaps have mb_cur_max greater than 1?",
        de="Wie viele Zeichentabellen haben mb_cur_max größer als 1?",
    ),
    C(
        "cm-multibyte-share",
        CM,
        share_either(lambda df: df["mb_cur_max"] > 1),
        en="What share of charmaps allow more than one byte per character (mb_cur_max > 1)?",
        zh="mb_cur_max大于1的charmap占多少比例？",
    ),
    C(
        "cm-argmax-chars",
        CM,
        Label(lambda df: argmax(df.set_index("charmap")["characters"])),
        en="Which charmap has the most characters?",
        de="Welche Zeichentabelle hat die meisten Zeichen (characters)?",
    ),
    C(
        "cm-top5",
        CM,
        Table(lambda df: top(df.set_index("charmap")["characters"], 5), ordered=True),
        en="top 5 charmaps by characters",
        zh="字符数(characters)最多的前5个charmap",
    ),
    C(
        "cm-mean-chars",
        CM,
        num(lambda df: df["characters"].mean()),
        en="What's the average number of characters per charmap?",
        de="Wie viele Zeichen hat eine Zeichentabelle im Durchschnitt?",
    ),
    C(
        "cm-median-chars",
        CM,
        num(lambda df: df["characters"].median()),
        en="median of characters",
        zh="characters的中位数是多少？",
    ),
    C(
        "cm-sum-aliases",
        CM,
        n(lambda df: df["aliases"].sum()),
        en="What is the total number of aliases across all charmaps?",
        de="Wie viele Aliase gibt es insgesamt (Summe von aliases)?",
    ),
    C(
        "cm-no-alias",
        CM,
        n(lambda df: (df["aliases"] == 0).sum()),
        en="How many charmaps have zero aliases?",
        zh="aliases为0的charmap有多少个？",
    ),
    C(
        "cm-ibm",
        CM,
        n(lambda df: df["charmap"].str.contains("IBM").sum()),
        en="How many charmaps have IBM in their name?",
        de="Wie viele Zeichentabellen enthalten IBM im Namen?",
    ),
    C(
        "cm-iso8859",
        CM,
        n(lambda df: df["charmap"].str.contains("ISO-8859", regex=False).sum()),
        en='Count the charmaps whose name contains "ISO-8859"',
        zh="名称包含ISO-8859的charmap有几个？",
    ),
    C(
        "cm-range",
        CM,
        n(lambda df: df["characters"].between(200, 256).sum()),
        en="How many charmaps have between 200 and 256 characters?",
        de="Wie viele Zeichentabellen haben zwischen 200 und 256 Zeichen?",
    ),
    C(
        "cm-mean-by-mb",
        CM,
        Table(lambda df: df.groupby("mb_cur_max")["characters"].mean()),
        en="Average characters by mb_cur_max",
        zh="按mb_cur_max分组的平均字符数",
    ),
    C(
        "cm-count-by-mb",
        CM,
        Table(lambda df: df["mb_cur_max"].value_counts()),
        en="How many charmaps are there for each mb_cur_max value?",
        de="Anzahl der Zeichentabellen je mb_cur_max",
    ),
    C(
        "cm-corr",
        CM,
        num(lambda df: df["aliases"].corr(df["characters"])),
        en="Is there a correlation between aliases and characters?",
        zh="aliases和characters之间的相关系数？",
    ),
    C(
        "cm-missing-csn",
        CM,
        n(lambda df: df["code_set_name"].isna().sum()),
        en="How many charmaps are missing a code_set_name?",
        de="Bei wie vielen Zeichentabellen fehlt der code_set_name?",
    ),
    C(
        "cm-argmax-aliases",
        CM,
        Label(lambda df: argmax(df.set_index("charmap")["aliases"])),
        en="Which charmap has the most aliases?",
        zh="别名(aliases)最多的是哪个charmap？",
    ),
    C(
        "cm-compare-mb",
        CM,
        Table(lambda df: df[df["mb_cur_max"].isin([1, 2])].groupby("mb_cur_max")["characters"].mean()),
        en="Compare average characters for mb_cur_max 1 vs 2",
        de="Vergleich: durchschnittliche Zeichenzahl bei mb_cur_max 1 und 2",
    ),
    C(
        "cm-argmax-mb",
        CM,
        Label(lambda df: argmax(df.set_index("charmap")["mb_cur_max"])),
        en="which charmap has the highest mb_cur_max",
        zh="mb_cur_max最大的charmap是哪个？",
    ),
    C(
        "cm-std",
        CM,
        num(lambda df: df["characters"].std()),
        en="Standard deviation of characters?",
        de="Standardabweichung der Zeichenanzahl (characters)?",
    ),
    C(
        "cm-max-chars",
        CM,
        n(lambda df: df["characters"].max()),
        en="What is the largest value of characters?",
        zh="characters的最大值是多少？",
    ),
    C(
        "cm-fu-big-single",
        CM,
        n(lambda df: ((df["characters"] > 256) & (df["mb_cur_max"] == 1)).sum()),
        en="and of those, how many have mb_cur_max 1?",
        de="und davon mit mb_cur_max 1?",
        before={
            "en": ["How many charmaps have more than 256 characters?"],
            "de": ["Wie viele Zeichentabellen haben mehr als 256 Zeichen?"],
        },
    ),
    C(
        "cm-fu-ibm-alias",
        CM,
        n(lambda df: (df["charmap"].str.contains("IBM") & (df["aliases"] >= 2)).sum()),
        en="Of those, how many have at least 2 aliases?",
        zh="其中aliases至少为2的有几个？",
        before={"en": ["How many charmaps contain IBM in the name?"], "zh": ["名称中含有IBM的charmap有几个？"]},
    ),
    C(
        "cm-clar-largest",
        CM,
        Clarify(),
        en="Which charmap is the largest?",
        de="Welche Zeichentabelle ist die größte?",
    ),
    C(
        "cm-clar-release",
        CM,
        Clarify(),
        en="How many charmaps were released per year?",
        zh="每年发布了多少个charmap？",
    ),
]

AMDGPU = [
    C(
        "gpu-count",
        GPU,
        n(len),
        en="How many rows are in the amdgpu table?",
        de="Wie viele Zeilen hat die GPU-Tabelle?",
    ),
    C(
        "gpu-distinct-dev",
        GPU,
        n(lambda df: df["device_id"].nunique()),
        en="How many unique device IDs are there?",
        zh="有多少个不同的设备ID(device_id)？",
    ),
    C(
        "gpu-distinct-prod",
        GPU,
        n(lambda df: df["product_name"].nunique()),
        en="number of distinct product names",
        de="Wie viele verschiedene Produktnamen gibt es?",
    ),
    C(
        "gpu-argmax-prod",
        GPU,
        Label(lambda df: argmax(df["product_name"].value_counts())),
        en="Which product name appears most often?",
        zh="出现次数最多的产品名称是哪个？",
    ),
    C(
        "gpu-top5-dev",
        GPU,
        Table(lambda df: top(df["device_id"].value_counts(), 5), ordered=True),
        en="Top 5 device_ids by number of entries",
        de="Die 5 Geräte-IDs mit den meisten Einträgen",
    ),
    C(
        "gpu-argmax-dev",
        GPU,
        Label(lambda df: argmax(df["device_id"].value_counts())),
        en="which device id has the most revisions listed",
        zh="哪个device_id的条目最多？",
    ),
    C(
        "gpu-rx",
        GPU,
        n(lambda df: df["product_name"].str.contains("RX", regex=False).sum()),
        en='How many product names contain "RX"?',
        de="Wie viele Produktnamen enthalten RX?",
    ),
    C(
        "gpu-vega",
        GPU,
        n(lambda df: df["product_name"].str.contains("Vega", regex=False).sum()),
        en="count of entries with Vega in the product name",
        zh="产品名称(product_name)中含有Vega的条目有多少？",
    ),
    C(
        "gpu-pro-share",
        GPU,
        share_either(lambda df: df["product_name"].str.contains("Pro", regex=False)),
        en="What percentage of entries have Pro in the product name?",
        de="Wie viel Prozent der Einträge haben Pro im Produktnamen?",
    ),
    C(
        "gpu-rev00",
        GPU,
        n(lambda df: df["revision_id"].eq("00").sum()),
        en="How many entries have revision_id 00?",
        zh="revision_id为00的条目有几个？",
    ),
    C(
        "gpu-rev00-share",
        GPU,
        share_either(lambda df: df["revision_id"].eq("00")),
        en="Share of rows with revision_id = 00?",
        de="Anteil der Zeilen mit revision_id 00?",
    ),
    C(
        "gpu-67df",
        GPU,
        n(lambda df: df["device_id"].eq("67DF").sum()),
        en="How many entries does device 67DF have?",
        zh="设备67DF有多少条记录？",
    ),
    C(
        "gpu-15d8-products",
        GPU,
        n(lambda df: df.loc[df["device_id"] == "15D8", "product_name"].nunique()),
        en="How many different product names does device_id 15D8 have?",
        de="Wie viele verschiedene Produktnamen hat die device_id 15D8?",
    ),
    C(
        "gpu-rev-range",
        GPU,
        n(lambda df: df["revision"].between(192, 207).sum()),
        en="How many entries have a revision between 192 and 207?",
        zh="revision在192到207之间的条目有多少？",
    ),
    C(
        "gpu-compare-r5-r7",
        GPU,
        Table(
            lambda df: (
                df[df["product_name"].isin(["AMD Radeon R5 Graphics", "AMD Radeon R7 Graphics"])]
                .groupby("product_name")["revision"]
                .mean()
            )
        ),
        en="Compare the mean revision of AMD Radeon R5 Graphics and AMD Radeon R7 Graphics",
        de="Vergleiche die durchschnittliche Revision von AMD Radeon R5 Graphics und AMD Radeon R7 Graphics",
    ),
    C(
        "gpu-top3-rev",
        GPU,
        Table(lambda df: top(df["revision_id"].value_counts(), 3), ordered=True),
        en="What are the 3 most common revision ids?",
        zh="最常见的3个revision_id是什么？",
    ),
    C(
        "gpu-missing",
        GPU,
        n(lambda df: df["product_name"].isna().sum()),
        en="How many entries are missing a product name?",
        de="Bei wie vielen Einträgen fehlt der Produktname?",
    ),
    C(
        "gpu-max-rev",
        GPU,
        n(lambda df: df["revision"].max()),
        en="What's the highest revision?",
        zh="revision的最大值是多少？",
    ),
    C(
        "gpu-instinct",
        GPU,
        n(lambda df: df["product_name"].str.contains("Instinct", regex=False).sum()),
        en="How many Instinct entries are there (product name contains Instinct)?",
        de="Wie viele Einträge mit Instinct im Produktnamen?",
    ),
    C(
        "gpu-fu-vega-00",
        GPU,
        n(lambda df: (df["product_name"].str.contains("Vega", regex=False) & df["revision_id"].eq("00")).sum()),
        en="and of those, how many have revision_id 00?",
        de="und davon mit revision_id 00?",
        before={
            "en": ["How many entries have Vega in the product name?"],
            "de": ["Wie viele Einträge haben Vega im Produktnamen?"],
        },
    ),
    C(
        "gpu-fu-15d8-vega3",
        GPU,
        n(lambda df: (df["device_id"].eq("15D8") & df["product_name"].str.contains("Vega 3", regex=False)).sum()),
        en="Of those, how many have Vega 3 in the name?",
        zh="其中产品名称包含Vega 3的有多少？",
        before={"en": ["How many entries are there for device_id 15D8?"], "zh": ["device_id为15D8的条目有多少？"]},
    ),
    C(
        "gpu-clar-fastest",
        GPU,
        Clarify(),
        en="Which GPU is the fastest?",
        de="Welche GPU ist am schnellsten?",
    ),
    C(
        "gpu-clar-year",
        GPU,
        Clarify(),
        en="How many GPUs were released per year?",
        zh="每年发布了多少款GPU？",
    ),
]

ENTITIES = [
    C("ent-count", ENT, n(len), en="How many named entities are in the table?", zh="表中一共有多少个实体(entity)？"),
    C(
        "ent-distinct",
        ENT,
        n(lambda df: df["entity"].nunique()),
        en="How many distinct entity names are there?",
        de="Wie viele verschiedene Entity-Namen gibt es?",
    ),
    C(
        "ent-no-semicolon",
        ENT,
        n(lambda df: (~df["semicolon"]).sum()),
        en="How many entities are written without a semicolon (semicolon = false)?",
        zh="semicolon为false的实体有几个？",
    ),
    C(
        "ent-html4-share",
        ENT,
        share_either(lambda df: df["html4"]),
        en="What share of the entities are also in HTML 4 (html4 true)?",
        de="Welcher Anteil der Entities ist auch in HTML 4 (html4 = true)?",
    ),
    C(
        "ent-two-chars",
        ENT,
        n(lambda df: (df["characters"] == 2).sum()),
        en="How many entities stand for 2 characters?",
        zh="characters等于2的实体有多少个？",
    ),
    C(
        "ent-mean-cp",
        ENT,
        num(lambda df: df["codepoint"].mean()),
        en="average codepoint",
        de="Durchschnittlicher Codepoint?",
    ),
    C(
        "ent-median-cp",
        ENT,
        num(lambda df: df["codepoint"].median()),
        en="What is the median codepoint?",
        zh="codepoint的中位数是多少？",
    ),
    C(
        "ent-greek-range",
        ENT,
        n(lambda df: df["codepoint"].between(913, 969).sum()),
        en="How many entities have a codepoint between 913 and 969?",
        de="Wie viele Entities haben einen Codepoint zwischen 913 und 969?",
    ),
    C(
        "ent-uml",
        ENT,
        n(lambda df: df["entity"].str.contains("uml", regex=False).sum()),
        en='How many entity names contain "uml"?',
        zh="实体名中包含uml的有多少个？",
    ),
    C(
        "ent-opf",
        ENT,
        n(lambda df: df["entity"].str.contains("opf", regex=False).sum()),
        en="Count entities whose name contains opf",
        de="Wie viele Entity-Namen enthalten opf?",
    ),
    C(
        "ent-mean-by-html4",
        ENT,
        Table(lambda df: df.groupby("html4")["codepoint"].mean()),
        en="Average codepoint by html4",
        zh="按html4分组的平均codepoint",
    ),
    C(
        "ent-count-by-chars",
        ENT,
        Table(lambda df: df["characters"].value_counts()),
        en="How many entities per number of characters?",
        de="Anzahl der Entities je Zeichenzahl (characters)",
    ),
    C(
        "ent-share-nosemi-html4",
        ENT,
        share_either(lambda df: df.loc[~df["semicolon"], "html4"]),
        en="Among entities without a semicolon, what percentage are html4?",
        zh="没有分号的实体中，html4为true的占百分之几？",
    ),
    C(
        "ent-max-cp",
        ENT,
        n(lambda df: df["codepoint"].max()),
        en="What's the highest codepoint?",
        de="Was ist der größte Codepoint?",
    ),
    C(
        "ent-min-cp",
        ENT,
        n(lambda df: df["codepoint"].min()),
        en="smallest codepoint value?",
        zh="最小的codepoint是多少？",
    ),
    C(
        "ent-over-65535",
        ENT,
        n(lambda df: (df["codepoint"] > 65535).sum()),
        en="How many entities have a codepoint above 65535?",
        de="Wie viele Entities haben einen Codepoint über 65535?",
    ),
    C(
        "ent-corr",
        ENT,
        num(lambda df: df["characters"].corr(df["codepoint"])),
        en="correlation of characters and codepoint",
        zh="characters与codepoint的相关性",
    ),
    C(
        "ent-sum-chars",
        ENT,
        n(lambda df: df["characters"].sum()),
        en="What is the sum of characters over all entities?",
        de="Summe der Spalte characters?",
    ),
    C(
        "ent-compare-semi",
        ENT,
        Table(lambda df: df.groupby("semicolon")["codepoint"].mean()),
        en="Compare the mean codepoint of entities with and without semicolon",
        zh="比较有分号和没有分号的实体的平均codepoint",
    ),
    C(
        "ent-fu-high-two",
        ENT,
        n(lambda df: ((df["codepoint"] > 8000) & (df["characters"] == 2)).sum()),
        en="and of those, how many have 2 characters?",
        de="und davon, wie viele haben 2 Zeichen?",
        before={
            "en": ["How many entities have a codepoint above 8000?"],
            "de": ["Wie viele Entities haben einen Codepoint größer als 8000?"],
        },
    ),
    C(
        "ent-fu-html4-semi",
        ENT,
        n(lambda df: (df["html4"] & df["semicolon"]).sum()),
        en="Of those, how many have a semicolon?",
        zh="其中semicolon为true的有几个？",
        before={"en": ["How many entities are html4?"], "zh": ["html4为true的实体有多少个？"]},
    ),
    C(
        "ent-missing",
        ENT,
        n(lambda df: df["entity"].isna().sum()),
        en="How many entities have a missing name?",
        de="Bei wie vielen Entities fehlt der Name?",
    ),
    C(
        "ent-clar-added",
        ENT,
        Clarify(),
        en="How many entities were added each year?",
        zh="每年新增了多少个实体？",
    ),
    C(
        "ent-clar-longest",
        ENT,
        Clarify(),
        en="What's the average width of the entities?",
        de="Wie breit sind die Entities im Durchschnitt?",
    ),
]

ALIASES = [
    C("ali-count", ALI, n(len), en="How many codec aliases are there?", de="Wie viele Codec-Aliase gibt es?"),
    C(
        "ali-distinct-codec",
        ALI,
        n(lambda df: df["codec"].nunique()),
        en="How many distinct codecs do the aliases point to?",
        zh="别名对应多少个不同的codec？",
    ),
    C(
        "ali-utf8",
        ALI,
        n(lambda df: df["codec"].eq("utf_8").sum()),
        en="How many aliases does utf_8 have?",
        de="Wie viele Aliase hat der Codec utf_8?",
    ),
    C(
        "ali-latin1",
        ALI,
        n(lambda df: df["codec"].eq("latin_1").sum()),
        en="number of aliases where codec = latin_1",
        zh="codec为latin_1的别名有多少个？",
    ),
    C(
        "ali-mean-len",
        ALI,
        num(lambda df: df["alias_length"].mean()),
        en="What is the average alias length?",
        de="Wie lang ist ein Alias im Durchschnitt (alias_length)?",
    ),
    C(
        "ali-cp",
        ALI,
        n(lambda df: df["alias"].str.contains("cp", regex=False).sum()),
        en='How many aliases contain "cp"?',
        zh="包含cp的别名有多少个？",
    ),
    C(
        "ali-iso",
        ALI,
        n(lambda df: df["alias"].str.contains("iso", regex=False).sum()),
        en="count aliases containing iso",
        de="Wie viele Aliase enthalten iso?",
    ),
    C(
        "ali-len-range",
        ALI,
        n(lambda df: df["alias_length"].between(5, 10).sum()),
        en="How many aliases have an alias_length between 5 and 10?",
        zh="alias_length在5到10之间的别名有多少个？",
    ),
    C(
        "ali-codecs-over5",
        ALI,
        n(lambda df: (df["codec"].value_counts() > 5).sum()),
        en="How many codecs have more than 5 aliases?",
        de="Wie viele Codecs haben mehr als 5 Aliase?",
    ),
    C(
        "ali-compare",
        ALI,
        Table(lambda df: df[df["codec"].isin(["ascii", "utf_8"])].groupby("codec")["alias_length"].mean()),
        en="Compare the average alias_length of ascii and utf_8",
        zh="比较ascii和utf_8的平均alias_length",
    ),
    C(
        "ali-share-iso8859",
        ALI,
        share_either(lambda df: df["codec"].str.contains("iso8859", regex=False)),
        en="What share of aliases belong to a codec containing iso8859?",
        de="Welcher Anteil der Aliase gehört zu einem Codec, der iso8859 enthält?",
    ),
    C(
        "ali-max-len",
        ALI,
        n(lambda df: df["alias_length"].max()),
        en="What is the maximum alias_length?",
        zh="alias_length的最大值？",
    ),
    C(
        "ali-missing",
        ALI,
        n(lambda df: df["codec"].isna().sum()),
        en="How many aliases have no codec?",
        de="Wie viele Aliase haben keinen Codec?",
    ),
    C(
        "ali-len-counts",
        ALI,
        Table(lambda df: df["alias_length"].value_counts()),
        en="How many aliases are there per alias_length?",
        zh="每个alias_length有多少个别名？",
    ),
    C(
        "ali-mean-len-gb",
        ALI,
        num(lambda df: df.loc[df["codec"] == "gb2312", "alias_length"].mean()),
        en="average alias_length for codec gb2312",
        de="Durchschnittliche Aliaslänge für den Codec gb2312?",
    ),
    C(
        "ali-fu-cp-short",
        ALI,
        n(lambda df: (df["codec"].str.contains("cp", regex=False) & (df["alias_length"] < 6)).sum()),
        en="and of those, how many have an alias_length under 6?",
        de="und davon mit alias_length unter 6?",
        before={
            "en": ["How many aliases have a codec containing cp?"],
            "de": ["Wie viele Aliase haben einen Codec, der cp enthält?"],
        },
    ),
    C(
        "ali-clar-usage",
        ALI,
        Clarify(),
        en="Which encoding is used most often on the web?",
        zh="网络上最常用的是哪种编码？",
    ),
    C(
        "ali-clar-lang",
        ALI,
        Clarify(),
        en="How many aliases are there per language?",
        de="Wie viele Aliase gibt es pro Sprache?",
    ),
]

ALIASES.append(
    C(
        "ali-clar-avg",
        ALI,
        Clarify(),
        en="What is the average for each codec?",
        zh="每个codec的平均值是多少？",
    )
)

BLIND: list[Case] = LOCALES + CHARMAPS + AMDGPU + ENTITIES + ALIASES
