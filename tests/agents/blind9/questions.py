"""The ninth blind bank's questions, written without seeing the product (README.md).

Each expected answer is computed here with pandas from the test's own copy of the table.
"""

from __future__ import annotations

import pandas as pd

from tests.agents.bank import C, Case, welch_p
from tests.agents.blind9.expect_more import PCT_REL, ByMonth, Label, argmax, argmin, pct, top
from tests.agents.expect import Clarify, Frame, Scalar, Table

S = "sunspots_monthly"
U = "us_unemployment"
T = "tz1970"
K = "constriction"
R = "repeated"
X = "lexers"


# --- helpers over the tables -------------------------------------------------------------


def _between(d: Frame, col: str, start: str, end: str) -> Frame:
    return d[(d[col] >= pd.Timestamp(start)) & (d[col] <= pd.Timestamp(end))]


def _monthly(d: Frame) -> pd.Series:
    """The sunspot numbers indexed by monthly Periods (ByMonth's keys)."""
    return d.set_index(d["month"].dt.to_period("M"))["sunspot_number"]


def _yearly(d: Frame) -> pd.Series:
    return d.groupby(d["month"].dt.year)["sunspot_number"].mean()


def _at(d: Frame, col: str, when: str, value: str) -> float:
    hits = d.loc[d[col] == pd.Timestamp(when), value]
    assert len(hits) == 1, when
    return float(hits.iloc[0])


def _codes(d: Frame) -> pd.Series:
    """Each zone's country codes, one a row."""
    return d["countries"].str.split(",").explode()


def _has_code(d: Frame, code: str) -> pd.Series:
    return d["countries"].str.split(",").apply(lambda codes: code in codes)


def _region(d: Frame) -> pd.Series:
    return d["tz"].str.split("/").str[0]


SUNSPOTS: list[Case] = [
    C(
        "s-zero-months",
        S,
        Scalar(lambda d: int((d["sunspot_number"] == 0).sum())),
        en="How many months had a sunspot number of exactly 0?",
    ),
    C(
        "s-above-200",
        S,
        Scalar(lambda d: int((d["sunspot_number"] > 200).sum())),
        en="count of months with more than 200 sunspots",
        zh="太阳黑子数超过200的月份有多少个？",
    ),
    C(
        "s-mean-20th-century",
        S,
        Scalar(lambda d: float(_between(d, "month", "1900-01-01", "1999-12-01")["sunspot_number"].mean())),
        en="What was the average monthly sunspot number over 1900-1999?",
        de="Wie hoch war die durchschnittliche Sonnenfleckenzahl von 1900 bis 1999?",
    ),
    C(
        "s-max-month",
        S,
        Label(lambda d: argmax(d.set_index("month")["sunspot_number"])),
        en="In which month was the sunspot number highest?",
        zh="哪个月的太阳黑子数最高？",
    ),
    C(
        "s-yearly-1950s",
        S,
        Table(lambda d: _yearly(d).loc[1950:1959]),
        en="Show the yearly average sunspot number for 1950 through 1959.",
        de="Jahresmittel der Sonnenflecken für die Jahre 1950 bis 1959, bitte",
    ),
    C(
        "s-months-1989",
        S,
        ByMonth(lambda d: _monthly(_between(d, "month", "1989-01-01", "1989-12-01"))),
        en="List the sunspot number for each month of 1989",
        zh="列出1989年每个月的太阳黑子数。",
    ),
    C(
        "s-argmax-year",
        S,
        Label(lambda d: argmax(_yearly(d))),
        en="Which year had the highest mean sunspot number?",
        de="Welches Jahr hatte im Mittel die meisten Sonnenflecken?",
    ),
    C(
        "s-change-1950-1960",
        S,
        Scalar(
            lambda d: _at(d, "month", "1960-01-01", "sunspot_number") - _at(d, "month", "1950-01-01", "sunspot_number")
        ),
        zh="从1950年1月到1960年1月，太阳黑子数变化了多少？",
    ),
    C(
        "s-low-1800-1849",
        S,
        Scalar(lambda d: int((_between(d, "month", "1800-01-01", "1849-12-31")["sunspot_number"] < 10).sum())),
        de="Wie viele Monate zwischen dem 01.01.1800 und dem 31.12.1849 hatten weniger als 10 Sonnenflecken?",
        en="How many months between 1 Jan 1800 and 31 Dec 1849 had fewer than 10 sunspots?",
    ),
    C(
        "s-std",
        S,
        Scalar(lambda d: float(d["sunspot_number"].std())),
        en="standard deviation of sunspot_number?",
    ),
    C(
        "s-median-since-2000",
        S,
        Scalar(lambda d: float(d.loc[d["month"] >= pd.Timestamp("2000-01-01"), "sunspot_number"].median())),
        en="Median sunspot number since January 2000?",
    ),
    C(
        "s-top5-months",
        S,
        ByMonth(lambda d: _monthly(d).pipe(top, 5)),
        en="Top 5 months by sunspot number",
        zh="太阳黑子数最多的前5个月是哪些？",
    ),
    C(
        "s-share-zero",
        S,
        Scalar(lambda d: pct(d["sunspot_number"] == 0), rel=PCT_REL),
        en="What percentage of all months recorded zero sunspots?",
        de="Wie viel Prozent aller Monate hatten null Sonnenflecken?",
    ),
    C(
        "s-max-19th-century",
        S,
        Scalar(lambda d: float(_between(d, "month", "1800-01-01", "1899-12-01")["sunspot_number"].max())),
        en="What's the max monthly sunspot count in the 1800s?",
        zh="1800年至1899年间，月度太阳黑子数的最大值是多少？",
    ),
    C(
        "s-mean-per-year-2000s",
        S,
        Table(lambda d: _yearly(d).loc[2000:2008]),
        en="Trend of the average sunspot number per year since 2000",
        zh="2000年以来每年的平均太阳黑子数趋势如何？",
    ),
    C(
        "s-above-150-after-1950",
        S,
        Scalar(lambda d: int(((d["sunspot_number"] > 150) & (d["month"] >= pd.Timestamp("1950-01-01"))).sum())),
        en="And of those, how many were from 1950 on?",
        de="Und davon, wie viele ab 1950?",
        before={
            "en": ["How many months had a sunspot number above 150?"],
            "de": ["Wie viele Monate hatten eine Sonnenfleckenzahl über 150?"],
        },
    ),
    C(
        "s-clarify-when",
        S,
        Clarify(),
        en="What was the sunspot number?",
        zh="太阳黑子数是多少？",
    ),
    C(
        "s-clarify-active",
        S,
        Clarify(),
        en="How many months were unusually active?",
        de="Wie viele Monate waren besonders aktiv?",
    ),
    C(
        "s-clarify-flares",
        S,
        Clarify(),
        en="How many solar flares were recorded in 1989?",
    ),
    C(
        "s-mean-1749-1799",
        S,
        Scalar(lambda d: float(_between(d, "month", "1749-01-01", "1799-12-01")["sunspot_number"].mean())),
        de="Durchschnittliche Sonnenfleckenzahl vom 01.01.1749 bis 31.12.1799?",
    ),
]


UNEMPLOYMENT: list[Case] = [
    C(
        "u-mean-1970s",
        U,
        Scalar(lambda d: float(d.loc[d["year"].between(1970, 1979), "rate"].mean())),
        en="Average unemployment rate in the 1970s (1970-1979)?",
        de="Durchschnittliche Arbeitslosenquote 1970 bis 1979?",
    ),
    C(
        "u-max-quarter",
        U,
        Label(lambda d: argmax(d.set_index("quarter_start")["rate"])),
        en="Which quarter had the highest unemployment rate?",
        zh="哪个季度的失业率最高？",
    ),
    C(
        "u-quarters-8",
        U,
        Scalar(lambda d: int((d["rate"] >= 8).sum())),
        en="How many quarters had unemployment of 8% or more?",
        de="In wie vielen Quartalen lag die Quote bei 8 % oder höher?",
    ),
    C(
        "u-yearly-2000s",
        U,
        Table(lambda d: d[d["year"].between(2000, 2008)].groupby("year")["rate"].mean()),
        en="Average rate per year, 2000 to 2008",
        zh="2000年至2008年每年的平均失业率。",
    ),
    C(
        "u-change-1980-1990",
        U,
        Scalar(lambda d: _at(d, "quarter_start", "1990-01-01", "rate") - _at(d, "quarter_start", "1980-01-01", "rate")),
        en="How much did the unemployment rate change between Q1 1980 and Q1 1990?",
        de="Um wie viele Prozentpunkte änderte sich die Quote vom 1. Quartal 1980 zum 1. Quartal 1990?",
    ),
    C(
        "u-by-period",
        U,
        Table(lambda d: d.groupby("period")["rate"].mean()),
        zh="按period（Q01到Q04）分组的平均失业率。",
    ),
    C(
        "u-argmin-year",
        U,
        Label(lambda d: argmin(d.groupby("year")["rate"].mean())),
        en="Which year had the lowest average unemployment?",
        zh="哪一年的平均失业率最低？",
    ),
    C(
        "u-q03-above-6",
        U,
        Scalar(lambda d: int(((d["period"] == "Q03") & (d["rate"] > 6)).sum())),
        en="How many Q03 periods had a rate above 6?",
        de="Wie viele Perioden Q03 hatten eine Quote über 6?",
    ),
    C(
        "u-corr-year",
        U,
        Scalar(lambda d: float(d["year"].corr(d["rate"])), rel=1e-3),
        en="What is the correlation between year and rate?",
        zh="年份和失业率之间的相关系数是多少？",
    ),
    C(
        "u-median-pre-1970",
        U,
        Scalar(lambda d: float(d.loc[d["quarter_start"] < pd.Timestamp("1970-01-01"), "rate"].median())),
        en="median unemployment rate before 1970",
    ),
    C(
        "u-yearly-1959-1965",
        U,
        Table(lambda d: d[d["year"].between(1959, 1965)].groupby("year")["rate"].mean()),
        de="Wie entwickelte sich die Arbeitslosenquote pro Jahr von 1959 bis 1965?",
        zh="1959年到1965年失业率每年的变化趋势（年均值）。",
    ),
    C(
        "u-max-rate-1980s",
        U,
        Scalar(lambda d: float(d.loc[d["year"].between(1980, 1989), "rate"].max())),
        en="Peak unemployment rate during the 1980s?",
        zh="20世纪80年代（1980—1989年）失业率的最高值是多少？",
    ),
    C(
        "u-share-below-5",
        U,
        Scalar(lambda d: pct(d["rate"] < 5), rel=PCT_REL),
        en="What share of quarters had unemployment below 5%?",
        de="Welcher Anteil der Quartale hatte eine Quote unter 5 %?",
    ),
    C(
        "u-above-7-5-since-1990",
        U,
        Scalar(lambda d: int(((d["rate"] > 7.5) & (d["quarter_start"] >= pd.Timestamp("1990-01-01"))).sum())),
        de="Wie viele Quartale seit dem 01.01.1990 hatten eine Quote über 7,5 %?",
        en="Number of quarters since 1 January 1990 with a rate above 7.5%",
    ),
    C(
        "u-since-2000-q04",
        U,
        Scalar(lambda d: float(d.loc[(d["year"] >= 2000) & (d["period"] == "Q04"), "rate"].mean())),
        en="Only Q04 please.",
        zh="只看Q04呢？",
        before={
            "en": ["What was the average unemployment rate since 2000?"],
            "zh": ["2000年以来的平均失业率是多少？"],
        },
    ),
    C(
        "u-mean-rate",
        U,
        Scalar(lambda d: float(d["rate"].mean())),
        en="Overall average unemployment rate?",
    ),
    C(
        "u-clarify-women",
        U,
        Clarify(),
        en="What was the unemployment rate for women in 2005?",
        de="Wie hoch war die Arbeitslosenquote der Frauen 2005?",
    ),
    C(
        "u-clarify-recession",
        U,
        Clarify(),
        en="What was the average rate during the recession?",
        zh="经济衰退期间的平均失业率是多少？",
    ),
]


TZ: list[Case] = [
    C(
        "t-america",
        T,
        Scalar(lambda d: int(d["tz"].str.startswith("America/").sum())),
        en="How many time zones start with America/?",
        de="Wie viele Zeitzonen beginnen mit „America/“?",
    ),
    C(
        "t-us",
        T,
        Scalar(lambda d: int(_has_code(d, "US").sum())),
        en="How many zones list the country code US?",
        zh="有多少个时区的国家代码包含US？",
    ),
    C(
        "t-no-comment",
        T,
        Scalar(lambda d: int(d["comment"].isna().sum())),
        en="How many rows have no comment?",
        de="Bei wie vielen Zeilen fehlt der Kommentar?",
    ),
    C(
        "t-distinct-codes",
        T,
        Scalar(lambda d: int(_codes(d).nunique())),
        en="How many distinct country codes appear in the countries column, counting each code in a list?",
        zh="countries列中（逐个拆分逗号分隔的代码）共有多少个不同的国家代码？",
    ),
    C(
        "t-argmax-code",
        T,
        Label(lambda d: argmax(_codes(d).value_counts())),
        en="Which country code occurs in the most zones?",
        de="Welcher Ländercode kommt in den meisten Zeitzonen vor?",
    ),
    C(
        "t-shared",
        T,
        Scalar(lambda d: int(d["countries"].str.contains(",", regex=False).sum())),
        en="How many zones are shared by more than one country (several codes in countries)?",
    ),
    C(
        "t-islands",
        T,
        Scalar(lambda d: int(d["comment"].str.contains("Islands", regex=False, na=False).sum())),
        en="Count zones whose comment mentions 'Islands'",
    ),
    C(
        "t-per-region",
        T,
        Table(lambda d: d.groupby(_region(d)).size()),
        en="Number of zones per continent prefix (the part of tz before the first slash)",
        zh="按时区名称第一个斜杠前的部分（如Europe、Asia）统计时区数量。",
    ),
    C(
        "t-south",
        T,
        Scalar(lambda d: int(d["coordinates"].str.startswith("-").sum())),
        en="How many zones lie in the southern hemisphere, i.e. coordinates beginning with '-'?",
        de="Wie viele Zonen liegen auf der Südhalbkugel (Koordinaten beginnen mit „-“)?",
    ),
    C(
        "t-au",
        T,
        Scalar(lambda d: int(_has_code(d, "AU").sum())),
        en="How many time zones does AU have?",
        zh="AU（澳大利亚）有多少个时区？",
    ),
    C(
        "t-crozet",
        T,
        Label(lambda d: d.loc[d["comment"] == "Crozet", "tz"].item()),
        en="Which tz has the comment Crozet?",
        de="Welche Zeitzone hat den Kommentar „Crozet“?",
    ),
    C(
        "t-share-comment",
        T,
        Scalar(lambda d: pct(d["comment"].notna()), rel=PCT_REL),
        en="What percentage of zones have a comment?",
        zh="有备注（comment）的时区占多少百分比？",
    ),
    C(
        "t-america-commented",
        T,
        Scalar(lambda d: int((d["tz"].str.startswith("America/") & d["comment"].notna()).sum())),
        en="and how many of those have a comment?",
        de="Und wie viele davon haben einen Kommentar?",
        before={
            "en": ["How many zones begin with America/?"],
            "de": ["Wie viele Zonen fangen mit America/ an?"],
        },
    ),
    C(
        "t-region-europe-share",
        T,
        Scalar(lambda d: pct(_region(d) == "Europe"), rel=PCT_REL),
        en="What share of all zones are Europe/ zones?",
        de="Welcher Anteil aller Zonen sind Europe/-Zonen?",
    ),
    C(
        "t-clarify-offset",
        T,
        Clarify(),
        en="What is the UTC offset of Europe/Berlin?",
        de="Welchen UTC-Versatz hat Europe/Berlin?",
    ),
    C(
        "t-clarify-big",
        T,
        Clarify(),
        zh="哪些是大时区？",
    ),
    C(
        "t-ru-asia",
        T,
        Scalar(lambda d: int((_has_code(d, "RU") & d["tz"].str.startswith("Asia/")).sum())),
        en="How many RU zones are in Asia/?",
        zh="国家代码含RU且以Asia/开头的时区有多少个？",
    ),
]


CONSTRICTION: list[Case] = [
    C(
        "k-mean-rate-by-diag",
        K,
        Table(lambda d: d.groupby("diagnosis")["rate"].mean()),
        en="Average breathing rate by diagnosis",
        de="Durchschnittliche Atemrate je Diagnose",
    ),
    C(
        "k-median-volume-constrict",
        K,
        Scalar(lambda d: float(d.loc[d["diagnosis"] == "constrict", "volume"].median())),
        en="What is the median volume for the constrict cases?",
        zh="diagnosis为constrict的病例，volume的中位数是多少？",
    ),
    C(
        "k-corr",
        K,
        Scalar(lambda d: float(d["rate"].corr(d["volume"])), rel=1e-3),
        en="Is rate correlated with volume? Give the correlation coefficient.",
        de="Wie stark korrelieren Rate und Volumen?",
    ),
    C(
        "k-count-both",
        K,
        Scalar(lambda d: int(((d["volume"] > 2) & (d["rate"] > 1)).sum())),
        en="How many cases have volume > 2 and rate > 1?",
        zh="volume大于2且rate大于1的病例有多少个？",
    ),
    C(
        "k-share-constrict-vol",
        K,
        Scalar(lambda d: pct(d.loc[d["volume"] > 1.5, "diagnosis"] == "constrict"), rel=PCT_REL),
        en="Among cases with a volume above 1.5, what percentage were diagnosed constrict?",
        de="Wie viel Prozent der Fälle mit Volumen über 1,5 haben die Diagnose constrict?",
    ),
    C(
        "k-argmax-rate",
        K,
        Label(lambda d: argmax(d.set_index("case")["rate"])),
        en="Which case has the highest rate?",
        zh="哪个病例（case）的rate最高？",
    ),
    C(
        "k-std-volume",
        K,
        Table(lambda d: d.groupby("diagnosis")["volume"].std()),
        en="std dev of volume per diagnosis",
        de="Standardabweichung des Volumens pro Diagnose",
    ),
    C(
        "k-welch",
        K,
        Scalar(lambda d: welch_p(d, "diagnosis", "rate", "constrict", "no_constrict"), rel=1e-3),
        en="Is the rate significantly different between constrict and no_constrict? (p-value, Welch t-test)",
        zh="constrict和no_constrict两组的rate差异是否显著？请给出Welch t检验的p值。",
    ),
    C(
        "k-max-volume-no",
        K,
        Scalar(lambda d: float(d.loc[d["diagnosis"] == "no_constrict", "volume"].max())),
        en="Largest volume among no_constrict cases?",
    ),
    C(
        "k-top3-volume",
        K,
        Table(lambda d: top(d.set_index("case")["volume"], 3), ordered=True),
        en="The 3 cases with the largest volume",
        de="Die drei Fälle mit dem größten Volumen",
    ),
    C(
        "k-count-constrict",
        K,
        Scalar(lambda d: int((d["diagnosis"] == "constrict").sum())),
        en="How many cases were diagnosed as constrict?",
    ),
    C(
        "k-rate-above-1-no",
        K,
        Scalar(lambda d: int(((d["rate"] > 1) & (d["diagnosis"] == "no_constrict")).sum())),
        en="Only those without constriction?",
        zh="其中诊断为no_constrict的有几个？",
        before={
            "en": ["How many cases have a rate above 1?"],
            "zh": ["rate大于1的病例有多少个？"],
        },
    ),
    C(
        "k-mean-volume-low-rate",
        K,
        Scalar(lambda d: float(d.loc[d["rate"] < 0.5, "volume"].mean())),
        de="Mittleres Volumen der Fälle mit einer Rate unter 0,5?",
        en="Mean volume for cases with a rate under 0.5?",
    ),
    C(
        "k-clarify-measure",
        K,
        Clarify(["rate", "volume"]),
        en="What is the average measurement for constrict patients?",
        de="Was ist der durchschnittliche Messwert der constrict-Patienten?",
    ),
    C(
        "k-clarify-age",
        K,
        Clarify(),
        en="What is the average age of the patients?",
    ),
]


REPEATED: list[Case] = [
    C(
        "r-mean-by-b",
        R,
        Table(lambda d: d.groupby("B")["DV"].mean()),
        en="Mean DV for each level of B",
        de="Mittelwert von DV je Stufe von B",
    ),
    C(
        "r-mean-by-a-d",
        R,
        Table(lambda d: d.groupby(["A", "D"])["DV"].mean()),
        en="average DV by A and D",
        zh="按A和D分组的DV平均值。",
    ),
    C(
        "r-subjects",
        R,
        Scalar(lambda d: int(d["id"].nunique())),
        en="How many distinct subjects (id) are there?",
        de="Wie viele verschiedene Probanden (id) gibt es?",
    ),
    C(
        "r-argmax-b",
        R,
        Label(lambda d: argmax(d.groupby("B")["DV"].mean())),
        en="Which B level has the highest average DV?",
        zh="B的哪个水平DV平均值最高？",
    ),
    C(
        "r-sum-a-b",
        R,
        Scalar(lambda d: int(d.loc[d["A"] == "b", "DV"].sum())),
        en="Total DV where A = b",
    ),
    C(
        "r-dv-ge-5",
        R,
        Scalar(lambda d: int((d["DV"] >= 5).sum())),
        en="How many observations have DV of at least 5?",
        zh="DV不小于5的观测有多少条？",
    ),
    C(
        "r-std",
        R,
        Scalar(lambda d: float(d["DV"].std())),
        de="Standardabweichung von DV?",
        zh="DV的标准差？",
    ),
    C(
        "r-mean-per-id",
        R,
        Table(lambda d: d.groupby("id")["DV"].mean()),
        en="Average DV per subject id",
        de="Durchschnittliches DV pro Proband (id)",
    ),
    C(
        "r-diff-d",
        R,
        Scalar(lambda d: float(d.loc[d["D"] == "a", "DV"].mean() - d.loc[d["D"] == "b", "DV"].mean())),
        en="Difference in mean DV between D=a and D=b (a minus b)?",
        zh="D=a与D=b的DV均值之差（a减b）是多少？",
    ),
    C(
        "r-a-a-d-b",
        R,
        Scalar(lambda d: float(d.loc[(d["A"] == "a") & (d["D"] == "b"), "DV"].mean())),
        en="now only D = b",
        de="Jetzt nur D = b.",
        before={
            "en": ["What is the mean DV when A is a?"],
            "de": ["Wie hoch ist der Mittelwert von DV für A = a?"],
        },
    ),
    C(
        "r-clarify-group",
        R,
        Clarify(["A", "B", "D"]),
        en="Which group scores best?",
        de="Welche Gruppe schneidet am besten ab?",
    ),
]


LEXERS: list[Case] = [
    C(
        "x-sql-name",
        X,
        Scalar(lambda d: int(d["name"].str.contains("SQL", regex=False).sum())),
        en="How many lexers have SQL in their name?",
        de="Wie viele Lexer haben „SQL“ im Namen?",
    ),
    C(
        "x-no-mime",
        X,
        Scalar(lambda d: int(d["mimetypes"].isna().sum())),
        en="How many lexers have no mimetype?",
        zh="有多少个lexer没有MIME类型？",
    ),
    C(
        "x-argmax-module",
        X,
        Label(lambda d: argmax(d["module"].value_counts())),
        en="Which module contains the most lexers?",
        de="Welches Modul enthält die meisten Lexer?",
    ),
    C(
        "x-distinct-modules",
        X,
        Scalar(lambda d: int(d["module"].nunique())),
        en="Number of distinct modules?",
        zh="共有多少个不同的module？",
    ),
    C(
        "x-templates",
        X,
        Scalar(lambda d: int((d["module"] == "templates").sum())),
        en="How many lexers are in the templates module?",
        zh="templates模块里有多少个lexer？",
    ),
    C(
        "x-xml-files",
        X,
        Scalar(lambda d: int(d["filenames"].str.contains("*.xml", regex=False, na=False).sum())),
        en="How many lexers handle *.xml files (filenames contains *.xml)?",
        de="Wie viele Lexer haben *.xml in den Dateimustern?",
    ),
    C(
        "x-py-prefix",
        X,
        Scalar(lambda d: int(d["name"].str.startswith("Py").sum())),
        zh="名称以Py开头的lexer有几个？",
    ),
    C(
        "x-top4-modules",
        X,
        Table(lambda d: top(d["module"].value_counts(), 4), ordered=True),
        en="Top 4 modules by number of lexers",
        de="Die vier Module mit den meisten Lexern",
    ),
    C(
        "x-share-text-mime",
        X,
        Scalar(lambda d: pct(d["mimetypes"].str.startswith("text/").fillna(False)), rel=PCT_REL),
        en="What % of lexers have a mimetype starting with text/? (all lexers as base)",
        de="Wie viel Prozent aller Lexer haben einen MIME-Typ, der mit text/ beginnt?",
    ),
    C(
        "x-templates-django",
        X,
        Scalar(lambda d: int(((d["module"] == "templates") & d["name"].str.contains("Django", regex=False)).sum())),
        en="of those, how many have Django in the name?",
        zh="其中名称包含Django的有几个？",
        before={
            "en": ["How many lexers are in module templates?"],
            "zh": ["templates模块中有多少个lexer？"],
        },
    ),
    C(
        "x-no-filenames",
        X,
        Scalar(lambda d: int(d["filenames"].isna().sum())),
        de="Wie viele Lexer haben keine Dateinamenmuster?",
    ),
    C(
        "x-class-ends",
        X,
        Scalar(lambda d: int(d["lexer_class"].str.endswith("TemplateLexer").sum())),
        en="How many lexer classes end in TemplateLexer?",
        de="Wie viele Lexer-Klassen enden auf „TemplateLexer“?",
    ),
    C(
        "x-json-mime",
        X,
        Scalar(lambda d: int(d["mimetypes"].str.contains("json", regex=False, na=False).sum())),
        en="lexers with json in their mimetypes — how many?",
        zh="mimetypes中含有json的lexer有多少个？",
    ),
    C(
        "x-clarify-popular",
        X,
        Clarify(),
        en="Which lexer is the most popular?",
        de="Welcher Lexer ist am beliebtesten?",
    ),
    C(
        "x-clarify-added",
        X,
        Clarify(),
        zh="2.0版本新增了多少个lexer？",
    ),
]


BLIND: list[Case] = SUNSPOTS + UNEMPLOYMENT + TZ + CONSTRICTION + REPEATED + LEXERS
