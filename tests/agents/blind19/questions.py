"""The nineteenth blind bank's questions, written without reading the product (README.md).

Expected answers are computed with pandas from the frame the product reads."""

from __future__ import annotations

import pandas as pd

from tests.agents.bank import C, Case
from tests.agents.blind13.expect_more import (
    PCT_REL,
    ByMonth,
    Label,
    OneOf,
    argmax,
    argmin,
    share_either,
    top,
)
from tests.agents.expect import Clarify, Column, Scalar, Table

PR = "perl_releases"
SQ = "sqlstates"
TZ = "tz_abbrevs"
EX = "pg_extensions"


def _per_year(df: pd.DataFrame) -> pd.Series:
    return df.groupby("year").size()


def _hours_or_seconds(fn):  # type: ignore[no-untyped-def]
    """An offset asked for without a unit: right in seconds (the column) or in hours."""
    return OneOf([Table(fn, rel=PCT_REL), Table(lambda df: fn(df) / 3600, rel=PCT_REL)])


def _scalar_hours_or_seconds(fn):  # type: ignore[no-untyped-def]
    return OneOf([Scalar(fn, rel=PCT_REL), Scalar(lambda df: fn(df) / 3600, rel=PCT_REL)])


PERL: list[Case] = [
    C(
        "pr-count",
        PR,
        Scalar(len),
        en="How many Perl releases are in the table?",
        de="Wie viele Perl-Releases sind erfasst?",
    ),
    C(
        "pr-dev-count",
        PR,
        Scalar(lambda df: int(df["dev_release"].sum())),
        en="how many dev releases are there",
        zh="开发版(dev_release)一共有多少个?",
    ),
    C(
        "pr-2017",
        PR,
        Scalar(lambda df: int((df["year"] == 2017).sum())),
        en="Number of releases that came out in 2017?",
        zh="2017年发布了多少个版本?",
    ),
    C(
        "pr-per-year",
        PR,
        Table(_per_year),
        en="releases per year",
        de="Anzahl der Releases pro Jahr",
    ),
    C(
        "pr-top-year",
        PR,
        Label(lambda df: argmax(_per_year(df))),
        en="Which year saw the most Perl releases?",
        zh="哪一年发布的版本最多?",
    ),
    C(
        "pr-2021-months",
        PR,
        ByMonth(lambda df: df[df["year"] == 2021].groupby(df["released"].dt.to_period("M")).size()),
        en="How many releases per month in 2021?",
        de="Releases je Monat im Jahr 2021",
    ),
    C(
        "pr-first-version",
        PR,
        Label(lambda df: df.loc[df["released"].idxmin(), "version"]),
        en="Which version was released first?",
        zh="最早发布的是哪个版本?",
    ),
    C(
        "pr-last-date",
        PR,
        Label(lambda df: df["released"].max().date().isoformat()),
        en="When was the most recent release date?",
        de="Wann war das letzte Release (Datum)?",
    ),
    C(
        "pr-mean-gap",
        PR,
        Scalar(lambda df: float(df["gap_days"].mean())),
        en="What's the average gap_days between releases?",
        de="Wie viele Tage liegen im Schnitt zwischen zwei Releases (gap_days)?",
    ),
    C(
        "pr-max-gap",
        PR,
        Scalar(lambda df: int(df["gap_days"].max())),
        en="longest gap between two releases, in days?",
        zh="两次发布之间最长隔了多少天?",
    ),
    C(
        "pr-median-gap",
        PR,
        Scalar(lambda df: float(df["gap_days"].median())),
        en="median of `gap_days`",
        zh="`gap_days` 的中位数是多少?",
    ),
    C(
        "pr-gap-dev-vs-stable",
        PR,
        Table(lambda df: df.groupby("dev_release")["gap_days"].mean()),
        en="Compare the mean gap in days for dev releases vs. stable releases",
        de="Vergleiche den durchschnittlichen Abstand in Tagen zwischen Entwicklungs- und stabilen Releases",
    ),
    C(
        "pr-dev-share",
        PR,
        share_either(lambda df: df["dev_release"]),
        en="What percentage of the releases are development releases?",
        zh="开发版占所有版本的百分比是多少?",
    ),
    C(
        "pr-dev-share-2010",
        PR,
        share_either(lambda df: df.loc[df["year"] >= 2010, "dev_release"]),
        en="Of the releases from 2010 onwards, what share were dev releases?",
        de="Welcher Anteil der Releases ab 2010 waren Entwicklerversionen?",
    ),
    C(
        "pr-series-8",
        PR,
        Scalar(lambda df: int((df["series"] == 8).sum())),
        en="How many releases belong to series 8 (the 5.8.x line)?",
        zh="series 为 8 的版本(5.8.x)有几个?",
    ),
    C(
        "pr-top-series",
        PR,
        Label(lambda df: argmax(df.groupby("series").size())),
        en="which series has the most releases",
        de="Welche Serie (series) hat die meisten Releases?",
    ),
    C(
        "pr-series-distinct",
        PR,
        Scalar(lambda df: int(df["series"].nunique())),
        en="How many distinct series are there?",
        zh="一共有多少个不同的系列(series)?",
    ),
    C(
        "pr-2000s",
        PR,
        Scalar(lambda df: int(df["year"].between(2000, 2009).sum())),
        en="How many releases between 2000 and 2009 (inclusive)?",
        de="Wie viele Releases gab es von 2000 bis einschließlich 2009?",
    ),
    C(
        "pr-max-patch",
        PR,
        Scalar(lambda df: int(df["patch"].max())),
        en="What is the highest patch number?",
        zh="最大的补丁号(patch)是多少?",
    ),
    C(
        "pr-contains-5008",
        PR,
        Scalar(lambda df: int(df["version"].str.contains("5.008", regex=False).sum())),
        en='How many version strings contain "5.008"?',
        de='Wie viele Versionen enthalten "5.008"?',
    ),
    C(
        "pr-corr-year-gap",
        PR,
        Scalar(lambda df: float(df["year"].corr(df["gap_days"].astype(float))), rel=1e-3),
        en="correlation between year and gap_days?",
        zh="年份(year)和 gap_days 之间的相关系数是多少?",
    ),
    C(
        "pr-gap-per-year",
        PR,
        Table(lambda df: df.groupby("year")["gap_days"].mean()),
        en="average days between releases, by year",
        de="Durchschnittlicher Abstand in Tagen je Jahr",
    ),
    C(
        "pr-top2-years",
        PR,
        Table(lambda df: top(_per_year(df), 2), ordered=True),
        en="Top 2 years by number of releases",
        zh="发布数量最多的前两个年份是哪两个?",
    ),
    C(
        "pr-after-2015-dev",
        PR,
        Scalar(lambda df: int(((df["year"] > 2015) & df["dev_release"]).sum())),
        en="and of those, how many were dev releases?",
        zh="其中有多少是开发版?",
        before={"en": ["How many releases came out after 2015?"], "zh": ["2015年之后发布了多少个版本?"]},
    ),
    C(
        "pr-stable-2010s-gap",
        PR,
        Scalar(lambda df: float(df.loc[(df["year"] >= 2010) & ~df["dev_release"], "gap_days"].mean())),
        en="And among those, what is the average gap_days?",
        de="Und davon: wie groß ist der durchschnittliche gap_days?",
        before={
            "en": ["How many stable (non-dev) releases were there from 2010 on?"],
            "de": ["Wie viele stabile Releases (keine Entwicklerversion) gab es ab 2010?"],
        },
    ),
    C(
        "pr-downloads",
        PR,
        Clarify(),
        en="How many downloads did 5.036000 get?",
        de="Wie oft wurde 5.036000 heruntergeladen?",
    ),
    C(
        "pr-recent",
        PR,
        Clarify(),
        en="How many releases were there recently?",
        zh="最近发布了多少个版本?",
    ),
    C(
        "pr-avg-per-year",
        PR,
        Clarify(),
        en="what's the average per year?",
        de="Was ist der Durchschnitt pro Jahr?",
    ),
    C(
        "pr-missing-gap",
        PR,
        Scalar(lambda df: int(df["gap_days"].isna().sum())),
        en="How many rows have no gap_days value?",
        de="Bei wie vielen Zeilen fehlt gap_days?",
    ),
    C(
        "pr-gap-range",
        PR,
        Scalar(lambda df: int(df["gap_days"].max() - df["gap_days"].min())),
        en="What's the range of gap_days (max minus min)?",
        zh="gap_days 的极差(最大值减最小值)是多少?",
    ),
    C(
        "pr-december",
        PR,
        Scalar(lambda df: int((df["released"].dt.month == 12).sum())),
        en="How many releases happened in a December?",
        de="Wie viele Releases erschienen in einem Dezember?",
    ),
    C(
        "pr-series8-gap",
        PR,
        Scalar(lambda df: float(df.loc[df["series"] == 8, "gap_days"].mean())),
        en="avg gap_days for series 8",
        zh="series 8 的平均 gap_days 是多少?",
    ),
    C(
        "pr-per-year-dev",
        PR,
        Table(lambda df: df[df["dev_release"]].groupby("year").size()),
        en="Count of dev releases per year",
        zh="每年有多少个开发版?",
    ),
]

SQL: list[Case] = [
    C("sq-count", SQ, Scalar(len), en="How many SQLSTATE codes are listed?", de="Wie viele Fehlercodes gibt es?"),
    C(
        "sq-warnings",
        SQ,
        Scalar(lambda df: int((df["severity"] == "W").sum())),
        en="How many codes have severity W (warnings)?",
        zh="严重级别为 W(警告)的代码有多少个?",
    ),
    C(
        "sq-classes",
        SQ,
        Scalar(lambda df: int(df["class_name"].nunique())),
        en="How many different error classes are there?",
        de="Wie viele verschiedene Fehlerklassen gibt es?",
    ),
    C(
        "sq-per-severity",
        SQ,
        Table(lambda df: df["severity"].value_counts()),
        en="number of codes by severity",
        zh="按严重级别(severity)统计代码数量",
    ),
    C(
        "sq-top-class",
        SQ,
        Label(lambda df: argmax(df.groupby("class_name").size())),
        en="Which class has the most error codes?",
        de="Welche Klasse hat die meisten Fehlercodes?",
    ),
    C(
        "sq-top3-classes",
        SQ,
        Table(lambda df: top(df.groupby("class_name").size(), 3), ordered=True),
        en="top 3 classes by number of codes",
        zh="代码数量最多的前三个类别是什么?",
    ),
    C(
        "sq-share-data-exc",
        SQ,
        share_either(lambda df: df["class_name"] == "Data Exception"),
        en="What share of all codes are in the Data Exception class?",
        de="Wie viel Prozent der Codes gehören zur Klasse Data Exception?",
    ),
    C(
        "sq-invalid",
        SQ,
        Scalar(lambda df: int(df["condition"].str.contains("invalid", na=False).sum())),
        en='How many condition names contain "invalid"?',
        zh='condition 名称中包含 "invalid" 的有多少个?',
    ),
    C(
        "sq-macro-transaction",
        SQ,
        Scalar(lambda df: int(df["macro"].str.contains("TRANSACTION").sum())),
        en="How many macros contain TRANSACTION?",
        de="Wie viele Makronamen (macro) enthalten TRANSACTION?",
    ),
    C(
        "sq-missing-condition",
        SQ,
        Scalar(lambda df: int(df["condition"].isna().sum())),
        en="How many codes have no condition name?",
        zh="有多少个代码没有 condition 名称(缺失)?",
    ),
    C(
        "sq-class-42",
        SQ,
        Scalar(lambda df: int((df["class_code"] == "42").sum())),
        en="How many codes are in class 42?",
        de="Wie viele Codes gehören zur Klasse 42 (class_code)?",
    ),
    C(
        "sq-invalid-share-data",
        SQ,
        share_either(
            lambda df: df.loc[df["class_name"] == "Data Exception", "condition"].str.contains("invalid", na=False)
        ),
        en="Within the Data Exception class, what percentage of condition names contain 'invalid'?",
        zh="在 Data Exception 类别中,condition 名称包含 'invalid' 的占百分之多少?",
    ),
    C(
        "sq-syntax-invalid",
        SQ,
        Scalar(
            lambda df: int(
                df.loc[df["class_name"] == "Syntax Error or Access Rule Violation", "condition"]
                .str.contains("invalid", na=False)
                .sum()
            )
        ),
        en="and of those, how many have 'invalid' in the condition name?",
        de="Und davon, wie viele haben 'invalid' im condition-Namen?",
        before={
            "en": ["How many codes are in the class Syntax Error or Access Rule Violation?"],
            "de": ["Wie viele Codes hat die Klasse Syntax Error or Access Rule Violation?"],
        },
    ),
    C(
        "sq-most-frequent",
        SQ,
        Clarify(),
        en="Which error occurs most often in production?",
        zh="哪个错误最常发生?",
    ),
    C(
        "sq-names",
        SQ,
        Clarify(),
        en="How many distinct names are there?",
        de="Wie viele verschiedene Namen gibt es?",
    ),
    C(
        "sq-added",
        SQ,
        Clarify(),
        en="How many codes were added in the last release?",
        zh="最近一个版本新增了多少个错误码?",
    ),
    C(
        "sq-single-classes",
        SQ,
        Scalar(lambda df: int((df.groupby("class_name").size() == 1).sum())),
        en="How many classes have exactly one code?",
        zh="只有一个代码的类别有几个?",
    ),
    C(
        "sq-per-class",
        SQ,
        Table(lambda df: df.groupby("class_name").size()),
        en="codes per class_name",
        de="Anzahl Codes je Klasse",
    ),
    C(
        "sq-plpgsql",
        SQ,
        Scalar(lambda df: int(df["sqlstate"].str.startswith("P0").sum())),
        en="How many SQLSTATEs start with P0?",
        zh="以 P0 开头的 SQLSTATE 有多少个?",
    ),
    C(
        "sq-non-numeric",
        SQ,
        Scalar(lambda df: int((~df["sqlstate"].str.isdigit()).sum())),
        en="How many sqlstate codes contain a letter (aren't purely digits)?",
        de="Wie viele SQLSTATE-Codes enthalten einen Buchstaben?",
    ),
    C(
        "sq-warning-share",
        SQ,
        share_either(lambda df: df["severity"] == "W"),
        en="What % of the codes are warnings?",
        zh="警告(severity = W)占多少百分比?",
    ),
    C(
        "sq-class-codes-distinct",
        SQ,
        Scalar(lambda df: int(df["class_code"].nunique())),
        en="number of distinct class codes",
        de="Anzahl unterschiedlicher Klassencodes (class_code)",
    ),
    C(
        "sq-fdw",
        SQ,
        Scalar(lambda df: int(df["class_name"].str.contains("Foreign Data Wrapper").sum())),
        en="How many codes belong to a class whose name mentions Foreign Data Wrapper?",
        zh="类别名称里提到 Foreign Data Wrapper 的代码有多少个?",
    ),
    C(
        "sq-not-found",
        SQ,
        Scalar(lambda df: int(df["condition"].str.contains("not_found", na=False).sum())),
        en="count the conditions containing not_found",
        de="Wie viele condition-Namen enthalten not_found?",
    ),
]

TZS: list[Case] = [
    C("tz-count", TZ, Scalar(len), en="How many rows does the abbreviation table have?", zh="这个缩写表有多少行?"),
    C(
        "tz-distinct",
        TZ,
        Scalar(lambda df: int(df["abbrev"].nunique())),
        en="How many unique time zone abbreviations are there?",
        de="Wie viele verschiedene Zeitzonen-Abkürzungen gibt es?",
    ),
    C(
        "tz-dst-count",
        TZ,
        Scalar(lambda df: int(df["dst"].sum())),
        en="How many entries are daylight-saving (dst) abbreviations?",
        zh="有多少条是夏令时(dst)缩写?",
    ),
    C(
        "tz-dst-share",
        TZ,
        share_either(lambda df: df["dst"]),
        en="What share of the entries are DST?",
        de="Welcher Anteil der Einträge ist Sommerzeit (dst)?",
    ),
    C(
        "tz-per-region",
        TZ,
        Table(lambda df: df.groupby("region").size()),
        en="count of abbreviations per region",
        zh="每个地区(region)有多少个缩写?",
    ),
    C(
        "tz-top-region",
        TZ,
        Label(lambda df: argmax(df.groupby("region").size())),
        en="Which region has the most abbreviations?",
        de="Welche Region hat die meisten Abkürzungen?",
    ),
    C(
        "tz-mean-offset-region",
        TZ,
        _hours_or_seconds(lambda df: df.groupby("region")["utc_offset_s"].mean().astype(float)),
        en="average UTC offset by region",
        zh="各地区的平均 UTC 偏移量是多少?",
    ),
    C(
        "tz-min-offset",
        TZ,
        Label(lambda df: argmin(df.set_index("abbrev")["utc_offset_s"].astype(float))),
        en="Which abbreviation has the most negative UTC offset?",
        de="Welche Abkürzung hat den kleinsten UTC-Offset (utc_offset_s)?",
    ),
    C(
        "tz-missing-offset",
        TZ,
        Scalar(lambda df: int(df["utc_offset_s"].isna().sum())),
        en="How many entries have no numeric offset (utc_offset_s missing)?",
        zh="有多少条记录的 utc_offset_s 是空的?",
    ),
    C(
        "tz-zone-share-america",
        TZ,
        share_either(lambda df: df.loc[df["region"] == "America", "zone"].notna()),
        en="In the America region, what percentage of entries point to a zone instead of a fixed offset?",
        de="Wie viel Prozent der Einträge in der Region America verweisen auf eine Zone statt auf einen festen Offset?",
    ),
    C(
        "tz-summer",
        TZ,
        Scalar(lambda df: int(df["description"].str.contains("Summer", na=False).sum())),
        en='How many descriptions contain "Summer"?',
        zh='描述(description)中包含 "Summer" 的有多少条?',
    ),
    C(
        "tz-obsolete",
        TZ,
        Scalar(lambda df: int(df["description"].str.contains("obsolete", na=False).sum())),
        en="How many entries are marked obsolete in the description?",
        de="Wie viele Einträge sind in der Beschreibung als obsolete markiert?",
    ),
    C(
        "tz-europe-vs-america",
        TZ,
        _hours_or_seconds(
            lambda df: (
                df[df["region"].isin(["Europe", "America"])].groupby("region")["utc_offset_s"].mean().astype(float)
            )
        ),
        en="Compare the mean UTC offset of Europe and America",
        zh="比较 Europe 和 America 的平均 UTC 偏移量",
    ),
    C(
        "tz-pacific-dst",
        TZ,
        Scalar(lambda df: int(((df["region"] == "Pacific") & df["dst"]).sum())),
        en="and of those, how many are DST?",
        de="Und davon, wie viele sind Sommerzeit?",
        before={
            "en": ["How many abbreviations are in the Pacific region?"],
            "de": ["Wie viele Abkürzungen gibt es in der Region Pacific?"],
        },
    ),
    C(
        "tz-negative",
        TZ,
        Scalar(lambda df: int((df["utc_offset_s"] < 0).sum())),
        en="How many abbreviations have a negative offset (west of UTC)?",
        zh="偏移量为负(UTC 以西)的缩写有多少个?",
    ),
    C(
        "tz-population",
        TZ,
        Clarify(),
        en="Which time zone has the largest population?",
        de="Welche Zeitzone hat die meisten Einwohner?",
    ),
    C(
        "tz-biggest",
        TZ,
        Clarify(),
        en="What's the total for Asia?",
        zh="Asia 的总和是多少?",
    ),
    C(
        "tz-most-regions",
        TZ,
        Label(lambda df: argmax(df["abbrev"].value_counts())),
        en="Which abbreviation appears in the most region files?",
        de="Welche Abkürzung kommt in den meisten Regionen vor?",
    ),
    C(
        "tz-offset-range",
        TZ,
        _scalar_hours_or_seconds(lambda df: float(df["utc_offset_s"].max() - df["utc_offset_s"].min())),
        en="What is the spread between the highest and lowest UTC offset?",
        zh="最大和最小 UTC 偏移量之间相差多少?",
    ),
    C(
        "tz-median-offset",
        TZ,
        Scalar(lambda df: float(df["utc_offset_s"].median())),
        en="median utc_offset_s",
        de="Median von utc_offset_s",
    ),
    C(
        "tz-zero",
        TZ,
        Scalar(lambda df: int((df["utc_offset_s"] == 0).sum())),
        en="How many entries have an offset of exactly 0?",
        zh="偏移量正好为 0 的有多少条?",
    ),
    C(
        "tz-zones-distinct",
        TZ,
        Scalar(lambda df: int(df["zone"].nunique())),
        en="How many distinct zone names are referenced?",
        de="Auf wie viele verschiedene Zonen (zone) wird verwiesen?",
    ),
    C(
        "tz-dst-by-region",
        TZ,
        Table(lambda df: df[df["dst"]].groupby("region").size()),
        en="number of DST abbreviations per region",
        zh="每个地区有多少个夏令时缩写?",
    ),
    C(
        "tz-asia-mean",
        TZ,
        _scalar_hours_or_seconds(lambda df: float(df.loc[df["region"] == "Asia", "utc_offset_s"].mean())),
        en="mean offset for Asia",
        de="Durchschnittlicher Offset in Asien (region Asia)",
    ),
]

EXT: list[Case] = [
    C("ex-count", EX, Scalar(len), en="How many extensions are bundled?", zh="一共有多少个扩展?"),
    C(
        "ex-trusted",
        EX,
        Scalar(lambda df: int(df["trusted"].sum())),
        en="How many extensions are trusted?",
        de="Wie viele Erweiterungen sind trusted?",
    ),
    C(
        "ex-trusted-share",
        EX,
        share_either(lambda df: df["trusted"]),
        en="What percentage of extensions are trusted?",
        zh="可信(trusted)的扩展占百分之多少?",
    ),
    C(
        "ex-not-relocatable",
        EX,
        Column("extension", lambda df: sorted(df.loc[~df["relocatable"], "extension"])),
        en="List the extensions that are not relocatable, alphabetically",
        de="Welche Erweiterungen sind nicht relocatable? Alphabetisch sortiert bitte",
    ),
    C(
        "ex-data-type",
        EX,
        Scalar(lambda df: int(df["comment"].str.contains("data type", na=False).sum())),
        en='How many extension comments mention "data type"?',
        zh='注释(comment)里提到 "data type" 的扩展有多少个?',
    ),
    C(
        "ex-common-version",
        EX,
        Label(lambda df: argmax(df["default_version"].value_counts())),
        en="What's the most common default_version?",
        de="Welche Standardversion kommt am häufigsten vor?",
    ),
    C(
        "ex-versions-distinct",
        EX,
        Scalar(lambda df: int(df["default_version"].nunique())),
        en="How many different default versions are there?",
        zh="有多少种不同的默认版本(default_version)?",
    ),
    C(
        "ex-requires",
        EX,
        Label(lambda df: df.loc[df["requires"].notna(), "extension"].item()),
        en="Which extension requires another extension?",
        de="Welche Erweiterung setzt eine andere voraus (requires)?",
    ),
    C(
        "ex-trusted-among-reloc",
        EX,
        share_either(lambda df: df.loc[df["relocatable"], "trusted"]),
        en="Among relocatable extensions, what share are trusted?",
        zh="在可重定位(relocatable)的扩展中,可信的占多少比例?",
    ),
    C(
        "ex-popular",
        EX,
        Clarify(),
        en="Which extension is the most popular?",
        de="Welche Erweiterung wird am meisten genutzt?",
    ),
    C(
        "ex-pg-prefix",
        EX,
        Scalar(lambda df: int(df["extension"].str.startswith("pg_").sum())),
        en="How many extension names start with pg_?",
        zh="名称以 pg_ 开头的扩展有几个?",
    ),
    C(
        "ex-crosstab",
        EX,
        Table(lambda df: df.groupby(["trusted", "relocatable"]).size()),
        en="count extensions by trusted and relocatable",
        de="Anzahl der Erweiterungen nach trusted und relocatable",
    ),
    C(
        "ex-trusted-v10",
        EX,
        Scalar(lambda df: int((df["trusted"] & (df["default_version"] == "1.0")).sum())),
        en="and of those, how many have default version 1.0?",
        zh="其中默认版本为 1.0 的有几个?",
        before={"en": ["How many extensions are trusted?"], "zh": ["有多少个扩展是可信的(trusted)?"]},
    ),
    C(
        "ex-missing-requires",
        EX,
        Scalar(lambda df: int(df["requires"].isna().sum())),
        en="How many extensions have no requires value?",
        de="Bei wie vielen Erweiterungen ist requires leer?",
    ),
    C(
        "ex-size",
        EX,
        Clarify(),
        en="How large is the hstore extension?",
        zh="hstore 扩展有多大?",
    ),
    C(
        "ex-v1-share",
        EX,
        share_either(lambda df: df["default_version"].str.startswith("1.")),
        en="What share of extensions have a 1.x default version?",
        de="Wie viel Prozent der Erweiterungen haben eine Standardversion 1.x?",
    ),
]

BLIND: list[Case] = PERL + SQL + TZS + EXT
