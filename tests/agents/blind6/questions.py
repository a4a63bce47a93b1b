"""The sixth sealed, blind bank's questions (README.md): each asked in one or two
languages, with its expected answer computed here with pandas from the test's own copy
of the table. SEALED: not to be run one by one against the product, nor tuned against."""

from __future__ import annotations

import pandas as pd

from tests.agents.bank import C, Case
from tests.agents.blind6.expect_more import ByMonth, Label, OneOf, argmax, argmin, top
from tests.agents.expect import Clarify, Column, Frame, Scalar, Table

N = "us_nowcast"
S = "mvreg_students"
CU = "currency_history"
L = "territory_languages"
SH = "ship_damage"
M = "mcycle"
T = "time_zones"


def monthly(d: Frame, column: str) -> pd.Series:
    """A us_nowcast column indexed by its month."""
    return d.set_index(d["Date"].dt.to_period("M"))[column]


def year(d: Frame) -> pd.Series:
    return d["Date"].dt.year


def at(d: Frame, column: str, day: str) -> float:
    """The value of `column` in the month that starts on `day`."""
    return float(d.loc[d["Date"] == pd.Timestamp(day), column].iloc[0])


def between(d: Frame, first: str, last: str) -> Frame:
    return d[(d["Date"] >= pd.Timestamp(first)) & (d["Date"] <= pd.Timestamp(last))]


def first_month(d: Frame, mask: pd.Series) -> pd.Period:
    return pd.Period(d.loc[mask, "Date"].min(), "M")


def pct(mask: pd.Series) -> float:
    return float(100 * mask.mean())


def only(values: pd.Series) -> object:
    """The one value of a selection (a tie, two rows, is refused)."""
    assert len(values) == 1, f"not one: {list(values)}"
    return values.iloc[0]


US_NOWCAST: list[Case] = [
    C(
        "now-unrate-peak-month",
        N,
        Label(lambda d: argmax(monthly(d, "UNRATE"))),
        en="In which month was UNRATE at its highest?",
        zh="失业率 UNRATE 最高的是哪个月？",
    ),
    C(
        "now-unrate-mean-2009",
        N,
        Scalar(lambda d: d.loc[year(d) == 2009, "UNRATE"].mean()),
        de="Durchschnittliche Arbeitslosenquote (UNRATE) im Jahr 2009?",
    ),
    C(
        "now-payems-change-0801-0912",
        N,
        Scalar(lambda d: at(d, "PAYEMS", "2009-12-01") - at(d, "PAYEMS", "2008-01-01")),
        zh="PAYEMS 从2008年1月到2009年12月变化了多少？",
    ),
    C(
        "now-unrate-first-above-9",
        N,
        Label(lambda d: first_month(d, d["UNRATE"] > 9)),
        en="first month unemployment rate went above 9",
        de="Wann lag UNRATE zum ersten Mal über 9?",
    ),
    C(
        "now-unrate-by-year",
        N,
        Table(lambda d: d.groupby(year(d))["UNRATE"].mean()),
        en="avg UNRATE per year",
    ),
    C(
        "now-corr-unrate-tcu",
        N,
        Scalar(lambda d: d["UNRATE"].corr(d["TCU"])),
        de="Korrelation zwischen UNRATE und TCU",
        zh="UNRATE 和 TCU 的相关系数是多少？",
    ),
    C(
        "now-cpi-max",
        N,
        Scalar(lambda d: d["CPIAUCSL"].max()),
        zh="CPIAUCSL 的最大值是多少？",
    ),
    C(
        "now-houst-below-600",
        N,
        Scalar(lambda d: int((d["HOUST"] < 600).sum())),
        en="How many months had housing starts (HOUST) below 600?",
    ),
    C(
        "now-jtsjol-missing",
        N,
        Scalar(lambda d: int(d["JTSJOL"].isna().sum())),
        de="Wie viele Monate fehlen bei JTSJOL?",
    ),
    C(
        "now-tcu-median-2000s",
        N,
        Scalar(lambda d: between(d, "2000-01-01", "2009-12-31")["TCU"].median()),
        en="median of TCU between 01/2000 and 12/2009",
    ),
    C(
        "now-permit-mean-2010-2015",
        N,
        Scalar(lambda d: between(d, "2010-01-01", "2015-12-31")["PERMIT"].mean()),
        de="Durchschnitt von PERMIT vom 01.01.2010 bis 31.12.2015",
    ),
    C(
        "now-houst-year-most",
        N,
        Label(lambda d: argmax(d.groupby(year(d))["HOUST"].sum())),
        en="Which year had the highest total HOUST?",
        zh="哪一年的 HOUST 总和最高？",
    ),
    C(
        "now-hsn1f-by-year-2000-2015",
        N,
        Table(lambda d: d[year(d).between(2000, 2015)].groupby(year(d))["HSN1F"].mean()),
        zh="2000年至2015年每年 HSN1F 的平均值",
    ),
    C(
        "now-indpro-top3-years",
        N,
        Table(lambda d: top(d.groupby(year(d))["INDPRO"].mean(), 3), ordered=True),
        en="top 3 years by average INDPRO",
    ),
    C(
        "now-unrate-by-year-narrowed",
        N,
        Table(lambda d: d[year(d).between(2005, 2010)].groupby(year(d))["UNRATE"].mean()),
        en="only 2005 to 2010",
        before={"en": ["avg UNRATE per year"]},
    ),
    C(
        "now-philly-negative",
        N,
        Scalar(lambda d: int((d["GACDFSA066MSFRBPHI"] < 0).sum())),
        de="Wie oft lag der Philly-Fed-Index (GACDFSA066MSFRBPHI) unter 0?",
    ),
    C(
        "now-gdp-nonnull",
        N,
        Scalar(lambda d: int(d["GDPC1"].notna().sum())),
        zh="GDPC1 有多少个非空值？",
    ),
    C(
        "now-gdp-2008q4",
        N,
        Scalar(lambda d: d.loc[between(d, "2008-10-01", "2008-12-31").index, "GDPC1"].dropna().iloc[0]),
        en="What was real GDP (GDPC1) in Q4 2008?",
    ),
    C(
        "now-cpi-pct-2000-2010",
        N,
        Scalar(
            lambda d: 100 * (at(d, "CPIAUCSL", "2010-01-01") / at(d, "CPIAUCSL", "2000-01-01") - 1),
            rel=1e-3,
        ),
        de="Um wie viel Prozent stieg CPIAUCSL von Januar 2000 bis Januar 2010?",
    ),
    C(
        "now-unrate-at-least-8",
        N,
        Scalar(lambda d: int((d["UNRATE"] >= 8).sum())),
        en="In how many months was UNRATE at least 8%?",
    ),
    C(
        "now-corr-unrate-payems",
        N,
        Scalar(lambda d: d["UNRATE"].corr(d["PAYEMS"])),
        zh="UNRATE 与 PAYEMS 的相关系数",
    ),
    C(
        "now-indpro-std-2015",
        N,
        Scalar(lambda d: d.loc[year(d) == 2015, "INDPRO"].std()),
        en="std dev of industrial production (INDPRO) in 2015",
    ),
    C(
        "now-rsafs-2015-monthly",
        N,
        ByMonth(lambda d: monthly(d[year(d) == 2015], "RSAFS")),
        zh="2015年每个月的 RSAFS 是多少？",
    ),
    C(
        "now-tcu-first-below-70",
        N,
        Label(lambda d: first_month(d, d["TCU"] < 70)),
        en="When did capacity utilization (TCU) first drop below 70?",
    ),
    C(
        "now-houst-by-year-from-2010",
        N,
        Table(lambda d: d[year(d) >= 2010].groupby(year(d))["HOUST"].mean()),
        de="und nur die Jahre ab 2010?",
        before={"de": ["Durchschnitt von HOUST pro Jahr"]},
    ),
    C(
        "now-unrate-2009-monthly",
        N,
        ByMonth(lambda d: monthly(d[year(d) == 2009], "UNRATE")),
        en="UNRATE by month for 2009",
    ),
    C(
        "now-permit-first-above-2000",
        N,
        Label(lambda d: first_month(d, d["PERMIT"] > 2000)),
        zh="PERMIT 第一次超过2000是什么时候？",
    ),
    C(
        "now-indpro-change-0806-0906",
        N,
        Scalar(lambda d: at(d, "INDPRO", "2009-06-01") - at(d, "INDPRO", "2008-06-01")),
        de="Veränderung von INDPRO zwischen Juni 2008 und Juni 2009",
    ),
    C(
        "now-jtsjol-max-month-2012",
        N,
        Label(lambda d: argmax(monthly(d[year(d) == 2012], "JTSJOL"))),
        en="Which month of 2012 had the most job openings (JTSJOL)?",
    ),
    C(
        "now-dgorder-sum-2010-2015",
        N,
        Table(lambda d: d[year(d).between(2010, 2015)].groupby(year(d))["DGORDER"].sum()),
        zh="2010年到2015年每年 DGORDER 的总和",
    ),
    C(
        "now-unrate-min-value-90s",
        N,
        Scalar(lambda d: between(d, "1990-01-01", "1999-12-31")["UNRATE"].min()),
        de="Niedrigste UNRATE in den 1990ern (1990–1999)?",
    ),
    # asked back
    C("now-clarify-inflation", N, Clarify(), zh="通货膨胀最高是哪个月？"),
    C("now-clarify-grow", N, Clarify(), en="How much did it grow since 2010?"),
    C("now-clarify-march", N, Clarify(), de="Wie hoch war die Arbeitslosenquote im März?"),
    C("now-clarify-prices", N, Clarify(), de="Wie haben sich die Preise entwickelt?"),
    C("now-clarify-best-month", N, Clarify(), en="What was the best month?"),
    C("now-clarify-sales", N, Clarify(), en="average sales in 2015"),
    C("now-clarify-housing", N, Clarify(), en="average housing per year"),
    C("now-clarify-gdp-growth", N, Clarify(), zh="GDP 增长了多少？"),
    C("now-clarify-recently", N, Clarify(), de="Wie war die Arbeitslosenquote zuletzt im Vergleich zu früher?"),
]

STUDENTS: list[Case] = [
    C(
        "stu-read-by-prog",
        S,
        Table(lambda d: d.groupby("prog")["read"].mean()),
        en="average read score per prog",
        de="Durchschnittlicher read-Wert je prog",
    ),
    C(
        "stu-count-vocational",
        S,
        Scalar(lambda d: int((d["prog"] == "vocational").sum())),
        de="Wie viele Schüler sind im Programm 'vocational'?",
    ),
    C(
        "stu-prog-share",
        S,
        Table(lambda d: 100 * d["prog"].value_counts() / len(d), rel=1e-3),
        zh="各项目(prog)学生人数占比是多少（百分比）？",
    ),
    C(
        "stu-science-best-prog",
        S,
        Label(lambda d: argmax(d.groupby("prog")["science"].mean())),
        en="Which program has the highest mean science?",
        zh="哪个 prog 的 science 平均分最高？",
    ),
    C(
        "stu-write-median-general",
        S,
        Scalar(lambda d: d.loc[d["prog"] == "general", "write"].median()),
        de="Median von write bei Schülern im general-Programm",
    ),
    C(
        "stu-read-above-70",
        S,
        Scalar(lambda d: int((d["read"] > 70).sum())),
        en="How many students scored above 70 in reading?",
    ),
    C(
        "stu-corr-read-write",
        S,
        Scalar(lambda d: d["read"].corr(d["write"])),
        zh="read 和 write 的相关性",
    ),
    C(
        "stu-science-top5",
        S,
        Column("science", lambda d: list(top(d["science"], 5))),
        zh="science 分数最高的5个学生",
    ),
    C(
        "stu-write-academic-vs-vocational",
        S,
        Table(lambda d: d[d["prog"].isin(["academic", "vocational"])].groupby("prog")["write"].mean()),
        en="Compare the average write score of academic vs vocational students",
    ),
    C(
        "stu-self-concept-std",
        S,
        Scalar(lambda d: d["self_concept"].std()),
        de="Standardabweichung von self_concept",
    ),
    C(
        "stu-negative-locus-share",
        S,
        Scalar(lambda d: pct(d["locus_of_control"] < 0), rel=1e-3),
        en="What percentage of students have a negative locus_of_control?",
    ),
    C(
        "stu-motivation-max-by-prog",
        S,
        Table(lambda d: d.groupby("prog")["motivation"].max()),
        zh="每个 prog 的 motivation 最大值",
    ),
    C(
        "stu-science-min",
        S,
        Scalar(lambda d: d["science"].min()),
        en="lowest science score?",
    ),
    C(
        "stu-read-40-60",
        S,
        Scalar(lambda d: int(d["read"].between(40, 60).sum())),
        de="Anzahl Schüler mit read zwischen 40 und 60",
    ),
    C(
        "stu-write-by-prog-followup",
        S,
        Table(lambda d: d.groupby("prog")["write"].mean()),
        en="and for write?",
        before={"en": ["average read score per prog"]},
    ),
    C(
        "stu-science-motivated",
        S,
        Scalar(lambda d: d.loc[d["motivation"] > 1, "science"].mean()),
        en="Average science for students whose motivation is above 1",
    ),
    C(
        "stu-locus-lowest-prog",
        S,
        Label(lambda d: argmin(d.groupby("prog")["locus_of_control"].mean())),
        de="Welches Programm hat den niedrigsten Durchschnitt bei locus_of_control?",
    ),
    C(
        "stu-read-gap-vocational-academic",
        S,
        Scalar(
            lambda d: d.loc[d["prog"] == "vocational", "read"].mean() - d.loc[d["prog"] == "academic", "read"].mean()
        ),
        zh="vocational 比 academic 的 read 平均值高多少？",
    ),
    C(
        "stu-general-science-above-60",
        S,
        Scalar(lambda d: int(((d["prog"] == "general") & (d["science"] > 60)).sum())),
        de="Wie viele general-Schüler haben science über 60?",
        zh="general 项目中 science 超过60分的学生有几个？",
    ),
    C(
        "stu-read-over-60-share-by-prog",
        S,
        Table(lambda d: 100 * (d["read"] > 60).groupby(d["prog"]).mean(), rel=1e-3),
        zh="每个 prog 中 read 超过60分的学生占该项目的百分比",
    ),
    # asked back
    C("stu-clarify-best", S, Clarify(), en="Who are the best students?"),
    C(
        "stu-clarify-score",
        S,
        Clarify(["read", "write", "science"]),
        de="Durchschnittlicher Score pro Programm",
    ),
    C("stu-clarify-good", S, Clarify(), zh="成绩好的学生有多少？"),
    C("stu-clarify-scale", S, Clarify(), de="Mittelwert der psychologischen Skala?"),
    C("stu-clarify-two-groups", S, Clarify(), en="compare the two groups on science"),
]

CURRENCIES: list[Case] = [
    C(
        "cur-eur-territories",
        CU,
        Scalar(lambda d: int(d.loc[d["currency"] == "EUR", "territory"].nunique())),
        en="In how many territories has EUR been a currency?",
        de="In wie vielen Gebieten war EUR jemals Währung?",
    ),
    C(
        "cur-distinct",
        CU,
        Scalar(lambda d: int(d["currency"].nunique())),
        de="Wie viele verschiedene Währungen gibt es in der Tabelle?",
    ),
    C(
        "cur-most-records",
        CU,
        OneOf(
            [
                Label(lambda d: argmax(d.groupby("territory").size())),
                Label(lambda d: argmax(d.groupby("territory_name").size())),
            ]
        ),
        zh="哪个地区(territory)的货币记录最多？",
    ),
    C(
        "cur-yu-count",
        CU,
        Scalar(lambda d: int((d["territory"] == "YU").sum())),
        en="how many currencies are listed for territory YU",
    ),
    C(
        "cur-gr-eur-from",
        CU,
        Label(lambda d: only(d.loc[(d["territory"] == "GR") & (d["currency"] == "EUR"), "from"])),
        de="Seit wann gilt der EUR in Griechenland (GR)?",
    ),
    C(
        "cur-new-from-1991",
        CU,
        Scalar(lambda d: int(d.loc[d["from"].dt.year >= 1991, "currency"].nunique())),
        en="How many distinct currencies came into use in 1991 or later?",
    ),
    C(
        "cur-not-tender-share",
        CU,
        Scalar(lambda d: pct(~d["legal_tender"]), rel=1e-3),
        zh="legal_tender 为 False 的记录占百分之几？",
    ),
    C(
        "cur-no-end-date",
        CU,
        Scalar(lambda d: int(d["to"].isna().sum())),
        en="how many entries have no 'to' date",
    ),
    C(
        "cur-earliest",
        CU,
        Label(lambda d: only(d.loc[d["from"] == d["from"].min(), "currency"])),
        de="Welche Währung wurde am frühesten eingeführt (from)?",
    ),
    C(
        "cur-1999-starts",
        CU,
        Scalar(lambda d: int((d["from"].dt.year == 1999).sum())),
        zh="1999年开始使用的货币记录有多少条？",
    ),
    C(
        "cur-andorra-frf-end",
        CU,
        Label(lambda d: only(d.loc[(d["territory"] == "AD") & (d["currency"] == "FRF"), "to"])),
        en="When did Andorra stop using the French franc (FRF)?",
    ),
    C(
        "cur-angola-ended",
        CU,
        Scalar(lambda d: int(((d["territory"] == "AO") & d["to"].notna()).sum())),
        de="und wie viele davon sind nicht mehr in Gebrauch (to gesetzt)?",
        before={"de": ["Wie viele Währungen hatte Angola (AO)?"]},
    ),
    C(
        "cur-most-distinct",
        CU,
        OneOf(
            [
                Label(lambda d: argmax(d[d["legal_tender"]].groupby("territory")["currency"].nunique())),
                Label(lambda d: argmax(d[d["legal_tender"]].groupby("territory_name")["currency"].nunique())),
            ]
        ),
        en="Which territory has had the most different legal-tender currencies?",
    ),
    C(
        "cur-missing-name",
        CU,
        Scalar(lambda d: int(d["territory_name"].isna().sum())),
        zh="territory_name 为空的记录有几条？",
    ),
    C(
        "cur-1960s-territories",
        CU,
        Scalar(lambda d: int(d.loc[d["from"].dt.year.between(1960, 1969), "territory"].nunique())),
        en="How many territories started using a currency in the 1960s?",
    ),
    C(
        "cur-ended-2000-2005",
        CU,
        Table(lambda d: d[d["to"].dt.year.between(2000, 2005)].groupby(d["to"].dt.year.astype("Int64")).size()),
        en="how many currency records have their 'to' date in each year from 2000 to 2005",
        zh="2000到2005年，每年有多少条记录的 to 日期在该年？",
    ),
    C(
        "cur-legal-before-1950",
        CU,
        Scalar(lambda d: int(((d["from"] < pd.Timestamp("1950-01-01")) & d["legal_tender"]).sum())),
        de="Anzahl Einträge mit legal_tender = True und from vor dem 01.01.1950",
    ),
    C(
        "cur-usd-territories",
        CU,
        Scalar(lambda d: int(d.loc[d["currency"] == "USD", "territory"].nunique())),
        zh="有多少个地区使用过 USD？",
    ),
    # asked back
    C("cur-clarify-how-long", CU, Clarify(), en="How long did the currency last?"),
    C("cur-clarify-back-then", CU, Clarify(), de="Wie viele Währungen gab es damals?"),
    C("cur-clarify-stable", CU, Clarify(), de="Welche Länder haben die stabilste Währung?"),
    C("cur-clarify-date", CU, Clarify(["from", "to"]), en="How many currencies have a date in 2002?"),
    C("cur-clarify-dollar", CU, Clarify(), de="Wann wurde der Dollar eingeführt?"),
    C("cur-clarify-recent", CU, Clarify(), en="How many currencies changed recently?"),
]

LANGUAGES: list[Case] = [
    C(
        "lang-most-languages",
        L,
        OneOf(
            [
                Label(lambda d: argmax(d.groupby("territory").size())),
                Label(lambda d: argmax(d.groupby("territory_name").size())),
            ]
        ),
        en="Which territory has the most languages listed?",
        zh="哪个地区列出的语言最多？",
    ),
    C(
        "lang-ch-official",
        L,
        Scalar(lambda d: int(((d["territory"] == "CH") & (d["official_status"] == "official")).sum())),
        de="Wie viele Sprachen haben in der Schweiz (CH) den official_status 'official'?",
    ),
    C(
        "lang-status-counts",
        L,
        Table(lambda d: d["official_status"].value_counts()),
        zh="official_status 各类别的数量（不算空值）",
    ),
    C(
        "lang-official-mean-pct",
        L,
        Scalar(lambda d: d.loc[d["official_status"] == "official", "population_percent"].mean()),
        en="average population_percent of languages with official_status = official",
    ),
    C(
        "lang-english-territories",
        L,
        Scalar(lambda d: int(d.loc[d["language"] == "en", "territory"].nunique())),
        de="In wie vielen Gebieten wird Englisch (en) gesprochen?",
    ),
    C(
        "lang-zh-top-territory",
        L,
        OneOf(
            [
                Label(lambda d: argmax(d[d["language"] == "zh"].set_index("territory")["population_percent"])),
                Label(lambda d: argmax(d[d["language"] == "zh"].set_index("territory_name")["population_percent"])),
            ]
        ),
        zh="中文（zh）在哪个地区的人口占比最高？",
    ),
    C(
        "lang-top5-codes",
        L,
        Table(lambda d: top(d["language"].value_counts(), 5), ordered=True),
        en="top 5 language codes by number of territories",
    ),
    C(
        "lang-median-unofficial",
        L,
        Scalar(lambda d: d.loc[d["official_status"].isna(), "population_percent"].median()),
        de="Median von population_percent für Sprachen ohne official_status",
    ),
    C(
        "lang-missing-name",
        L,
        Scalar(lambda d: int(d["language_name"].isna().sum())),
        en="How many rows have no language_name?",
    ),
    C(
        "lang-regional-share",
        L,
        Scalar(lambda d: pct(d["official_status"] == "official_regional"), rel=1e-3),
        de="Anteil der Zeilen mit official_status 'official_regional' in Prozent",
    ),
    C(
        "lang-india-above-1",
        L,
        Scalar(lambda d: int(((d["territory"] == "IN") & (d["population_percent"] > 1)).sum())),
        en="For India (IN), how many languages have population_percent above 1?",
    ),
    C(
        "lang-mean-by-status",
        L,
        Table(lambda d: d.groupby("official_status")["population_percent"].mean()),
        zh="每种 official_status 的 population_percent 平均值（不含空值）",
    ),
    C(
        "lang-canada-status",
        L,
        Scalar(lambda d: int(((d["territory"] == "CA") & d["official_status"].notna()).sum())),
        en="and how many of those have an official status?",
        before={"en": ["How many languages are listed for Canada (CA)?"]},
    ),
    C(
        "lang-france-top",
        L,
        OneOf(
            [
                Label(lambda d: argmax(d[d["territory"] == "FR"].set_index("language")["population_percent"])),
                Label(lambda d: argmax(d[d["territory"] == "FR"].set_index("language_name")["population_percent"])),
            ]
        ),
        de="Welche Sprache hat in Frankreich (FR) den höchsten population_percent?",
    ),
    C(
        "lang-distinct",
        L,
        Scalar(lambda d: int(d["language"].nunique())),
        en="How many distinct language codes are there?",
        de="Wie viele verschiedene Sprachen (language) gibt es?",
    ),
    C(
        "lang-es-official",
        L,
        Scalar(lambda d: int(((d["language"] == "es") & (d["official_status"] == "official")).sum())),
        zh="西班牙语 (es) 的 official_status 为 official 的地区有几个？",
    ),
    C(
        "lang-ch-sum",
        L,
        Scalar(lambda d: d.loc[d["territory"] == "CH", "population_percent"].sum()),
        en="sum of population_percent for Switzerland (CH)",
    ),
    C(
        "lang-fr-speaking-over-50",
        L,
        Scalar(lambda d: int(((d["language"] == "fr") & (d["population_percent"] >= 50)).sum())),
        zh="法语 (fr) 人口占比至少50%的地区有多少个？",
    ),
    # asked back
    C("lang-clarify-biggest", L, Clarify(), en="Which language is the biggest?"),
    C("lang-clarify-speakers", L, Clarify(), zh="这种语言的使用人数是多少？"),
    C("lang-clarify-important", L, Clarify(), de="Zeig mir die wichtigsten Sprachen"),
    C("lang-clarify-official", L, Clarify(), zh="官方语言有多少种？"),
]

SHIPS: list[Case] = [
    C(
        "ship-accidents-by-type",
        SH,
        Table(lambda d: d.groupby("ship")["accident"].sum()),
        en="Total accidents per ship type",
        zh="每种船型 (ship) 的事故总数",
    ),
    C(
        "ship-most-accidents",
        SH,
        Label(lambda d: argmax(d.groupby("ship")["accident"].sum())),
        de="Welcher Schiffstyp hat die meisten Unfälle insgesamt?",
    ),
    C(
        "ship-service-missing",
        SH,
        Scalar(lambda d: int(d["service"].isna().sum())),
        zh="service 的缺失值有几个？",
    ),
    C(
        "ship-service-mean-op2",
        SH,
        Scalar(lambda d: d.loc[d["yr_op"] == 2, "service"].mean()),
        de="Durchschnittliche service-Monate für yr_op = 2",
    ),
    C(
        "ship-zero-accidents",
        SH,
        Scalar(lambda d: int((d["accident"] == 0).sum())),
        en="How many rows have zero accidents?",
    ),
    C(
        "ship-max-single",
        SH,
        Label(lambda d: argmax(d.groupby("ship")["accident"].max())),
        zh="哪一种船 (ship) 的单条记录最大事故数最高？",
    ),
    C(
        "ship-corr-service-accident",
        SH,
        Scalar(lambda d: d["service"].corr(d["accident"])),
        de="Korrelation zwischen service und accident",
    ),
    C(
        "ship-accidents-by-yr-con",
        SH,
        Table(lambda d: d.groupby("yr_con")["accident"].sum()),
        en="accidents by yr_con",
    ),
    C(
        "ship-service-type3",
        SH,
        Scalar(lambda d: d.loc[d["ship"] == 3, "service"].sum()),
        zh="ship 为 3 的总服务月数 (service)",
    ),
    C(
        "ship-accidents-op2-followup",
        SH,
        Table(lambda d: d[d["yr_op"] == 2].groupby("ship")["accident"].sum()),
        en="only for yr_op 2",
        before={"en": ["Total accidents per ship type"]},
    ),
    C(
        "ship-share-type2",
        SH,
        Scalar(lambda d: 100 * d.loc[d["ship"] == 2, "accident"].sum() / d["accident"].sum(), rel=1e-3),
        de="Wie viel Prozent aller Unfälle entfallen auf Schiffstyp 2?",
    ),
    C(
        "ship-mean-by-op",
        SH,
        Table(lambda d: d.groupby("yr_op")["accident"].mean()),
        zh="按 yr_op 比较平均事故数",
    ),
    C(
        "ship-service-over-1000",
        SH,
        Scalar(lambda d: int((d["service"] > 1000).sum())),
        en="how many rows with service > 1000 months",
    ),
    C(
        "ship-op2-share-within-type",
        SH,
        Table(
            lambda d: 100 * d[d["yr_op"] == 2].groupby("ship")["accident"].sum() / d.groupby("ship")["accident"].sum(),
            rel=1e-3,
        ),
        de="Für jeden Schiffstyp: wie viel Prozent seiner Unfälle fallen auf yr_op = 2?",
    ),
    # asked back
    C("ship-clarify-period", SH, Clarify(["yr_con", "yr_op"]), en="Which period had the most accidents?"),
    C("ship-clarify-bad", SH, Clarify(), en="Show me the damage for the bad ships"),
    C("ship-clarify-old", SH, Clarify(), de="Vergleiche die alten mit den neuen Schiffen"),
]

MCYCLE: list[Case] = [
    C(
        "mc-first-below-100",
        M,
        Label(lambda d: d.loc[d["accel"] < -100, "times"].min()),
        en="When does accel first drop below -100?",
        de="Ab welchem Zeitpunkt (times) fällt accel zum ersten Mal unter -100?",
    ),
    C(
        "mc-argmin-accel",
        M,
        Label(lambda d: argmin(d.set_index("times")["accel"])),
        de="Zu welchem Zeitpunkt (times) ist accel am niedrigsten?",
    ),
    C(
        "mc-mean-20-30",
        M,
        Scalar(lambda d: d.loc[d["times"].between(20, 30), "accel"].mean()),
        zh="times 在 20 到 30 之间的 accel 平均值",
    ),
    C(
        "mc-after-40",
        M,
        Scalar(lambda d: int((d["times"] > 40).sum())),
        en="How many measurements are there after 40 ms?",
    ),
    C(
        "mc-max-accel",
        M,
        Scalar(lambda d: d["accel"].max()),
        de="Maximale Beschleunigung (accel)?",
    ),
    C(
        "mc-mean-12-15",
        M,
        Scalar(lambda d: d.loc[d["times"].between(12, 15), "accel"].mean()),
        en="average accel between 12 and 15 ms",
    ),
    C(
        "mc-positive-share",
        M,
        Scalar(lambda d: pct(d["accel"] > 0), rel=1e-3),
        zh="accel 大于 0 的记录占百分之几？",
    ),
    C(
        "mc-std-from-30",
        M,
        Scalar(lambda d: d.loc[d["times"] >= 30, "accel"].std()),
        de="Standardabweichung von accel für times ab 30",
    ),
    C(
        "mc-corr",
        M,
        Scalar(lambda d: d["times"].corr(d["accel"])),
        en="corr(times, accel)?",
    ),
    C(
        "mc-median",
        M,
        Scalar(lambda d: d["accel"].median()),
        zh="accel 的中位数",
    ),
    C(
        "mc-distinct-times",
        M,
        Scalar(lambda d: int(d["times"].nunique())),
        en="How many distinct time points are there?",
    ),
    C(
        "mc-mean-15-23-followup",
        M,
        Scalar(lambda d: d.loc[d["times"].between(15, 23), "accel"].mean()),
        de="und zwischen 15 und 23?",
        before={"de": ["Durchschnitt von accel für times unter 15"]},
    ),
    C(
        "mc-first-positive-after-20",
        M,
        Label(lambda d: d.loc[(d["times"] > 20) & (d["accel"] > 0), "times"].min()),
        zh="times 超过20之后，accel 第一次变成正数是在什么时候？",
    ),
    C(
        "mc-count-below-minus-50",
        M,
        Scalar(lambda d: int((d["accel"] < -50).sum())),
        en="number of readings with accel below -50",
        zh="accel 低于 -50 的读数有多少个？",
    ),
    # asked back
    C("mc-clarify-impact", M, Clarify(), en="What was the acceleration at the moment of impact?"),
    C("mc-clarify-peak", M, Clarify(), en="When did the crash peak?"),
    C("mc-clarify-strong", M, Clarify(), de="Wie stark war der Aufprall?"),
]

TIME_ZONES: list[Case] = [
    C(
        "tz-most-zones",
        T,
        OneOf(
            [
                Label(lambda d: argmax(d.groupby("country_code").size())),
                Label(lambda d: argmax(d.groupby("country").size())),
            ]
        ),
        en="Which country has the most time zones?",
        de="Welches Land hat die meisten Zeitzonen?",
    ),
    C(
        "tz-russia",
        T,
        Scalar(lambda d: int((d["country"] == "Russia").sum())),
        de="Wie viele Zeitzonen hat Russland (Russia)?",
    ),
    C(
        "tz-europe-prefix",
        T,
        Scalar(lambda d: int(d["TZ"].str.startswith("Europe/").sum())),
        zh="有多少个时区名 (TZ) 以 'Europe/' 开头？",
    ),
    C(
        "tz-southern",
        T,
        Scalar(lambda d: int((d["latitude"] < 0).sum())),
        en="How many zones lie in the southern hemisphere (latitude below 0)?",
    ),
    C(
        "tz-distinct-countries",
        T,
        Scalar(lambda d: int(d["country_code"].nunique())),
        de="Wie viele verschiedene Länder gibt es?",
    ),
    C(
        "tz-northernmost",
        T,
        Label(lambda d: argmax(d.set_index("TZ")["latitude"])),
        zh="纬度最北的时区是哪个？",
    ),
    C(
        "tz-top4-countries",
        T,
        OneOf(
            [
                Table(lambda d: top(d["country"].value_counts(), 4), ordered=True),
                Table(lambda d: top(d["country_code"].value_counts(), 4), ordered=True),
            ]
        ),
        en="top 4 countries by number of zones",
    ),
    C(
        "tz-australia-lat",
        T,
        Scalar(lambda d: d.loc[d["country"] == "Australia", "latitude"].mean()),
        de="Durchschnittlicher Breitengrad der Zonen in Australien (Australia)",
    ),
    C(
        "tz-no-comments",
        T,
        Scalar(lambda d: int(d["comments"].isna().sum())),
        en="How many rows have no comments?",
    ),
    C(
        "tz-us-westernmost",
        T,
        Label(lambda d: argmin(d[d["country_code"] == "US"].set_index("TZ")["longitude"])),
        zh="美国 (US) 的时区中最西边的是哪个？",
    ),
    C(
        "tz-by-region",
        T,
        Table(lambda d: d.groupby(d["TZ"].str.split("/").str[0]).size()),
        en="count zones per TZ region (the part before the first slash)",
    ),
    C(
        "tz-brazil",
        T,
        Scalar(lambda d: int((d["country"] == "Brazil").sum())),
        zh="巴西 (Brazil) 有几个时区？",
    ),
    C(
        "tz-canada-west",
        T,
        Scalar(lambda d: int(((d["country_code"] == "CA") & (d["longitude"] < -100)).sum())),
        en="and how many of them are west of -100 longitude?",
        before={"en": ["How many time zones does Canada have?"]},
    ),
    C(
        "tz-asia-longitude",
        T,
        Scalar(lambda d: d.loc[d["TZ"].str.startswith("Asia/"), "longitude"].mean()),
        de="Mittlerer Längengrad der Zonen, deren TZ mit 'Asia/' beginnt",
    ),
    C(
        "tz-most-south-of-30",
        T,
        OneOf(
            [
                Label(lambda d: argmax(d[d["latitude"] < -30].groupby("country_code").size())),
                Label(lambda d: argmax(d[d["latitude"] < -30].groupby("country").size())),
            ]
        ),
        en="Which country has the most zones south of latitude -30?",
    ),
    C(
        "tz-lat-40-50",
        T,
        Scalar(lambda d: int(d["latitude"].between(40, 50).sum())),
        en="How many zones have a latitude between 40 and 50?",
        zh="纬度在40到50之间的时区有多少个？",
    ),
    C(
        "tz-alaska-comments",
        T,
        Scalar(lambda d: int(d["comments"].str.contains("Alaska", na=False).sum())),
        de="Wie viele Zonen haben einen Kommentar (comments), der 'Alaska' enthält?",
    ),
    C(
        "tz-pacific-share",
        T,
        Scalar(lambda d: pct(d["TZ"].str.startswith("Pacific/")), rel=1e-3),
        zh="TZ 以 'Pacific/' 开头的时区占全部的百分比",
    ),
    # asked back
    C("tz-clarify-biggest", T, Clarify(), en="Which zone is the biggest?"),
    C("tz-clarify-important", T, Clarify(), de="Welche Zeitzone ist am wichtigsten?"),
    C("tz-clarify-this-country", T, Clarify(), zh="这个国家有几个时区？"),
    C("tz-clarify-congo", T, Clarify(), en="How many time zones does Congo have?"),
]

BLIND: list[Case] = US_NOWCAST + STUDENTS + CURRENCIES + LANGUAGES + SHIPS + MCYCLE + TIME_ZONES
