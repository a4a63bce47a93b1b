"""The fifth blind bank's questions, each typed once per language it is asked in (not
every question in every language), with the expected answer computed by pandas from the
test's own copy of the table. See README.md: sealed until scored by the lead."""

from __future__ import annotations

import pandas as pd

from tests.agents.bank import C, Case
from tests.agents.blind5.expect_more import ByMonth, Label, argmax, argmin, top
from tests.agents.expect import Clarify, Column, Scalar, Table

PCT = 2e-3  # a percentage may be printed rounded to two decimals


def pct(mask: pd.Series) -> float:
    return float(100 * mask.sum() / len(mask))


def year(df: pd.DataFrame, col: str) -> pd.Series:
    return df[col].dt.year


B = "births_pa"
M = "medicare_visits"
N = "nls_wages"
G = "wg_macro"
F = "manufacturing"
E = "engel"
S = "scot_councils"
W = "us_wpi"
R = "rand_hie"

POP = "Population (thousands) Total"
AREA = "Area (sq km)"
DENS = "Persons per sq km"
SMR = "Standardised mortality ratio (UK=100) (SMR)"
TPFR = "Total period fertility rate (TPFR)"
CHG = "Total population percentage change 1981-1996"
PENS = "Percentage of population of pension age or over"
U5 = "Percentage of population aged under 5"
A515 = "Percentage of population aged 5-15"
WORK = "Percentage of population aged 16 up to pension age"
COUNCIL = "Council area"

BIRTHS: list[Case] = [
    C(
        "b-rows",
        B,
        Scalar(lambda d: len(d)),
        en="how many births are in this table?",
        de="Wie viele Geburten sind in der Tabelle?",
    ),
    C(
        "b-bw-by-smoke",
        B,
        Table(lambda d: d.groupby("mbsmoke")["bweight"].mean()),
        en="average bweight for smokers vs nonsmokers (mbsmoke)",
        de="Durchschnittliches Geburtsgewicht (bweight) nach mbsmoke",
        zh="按 mbsmoke 分组，平均出生体重 bweight 是多少？",
    ),
    C(
        "b-married-pct",
        B,
        Scalar(lambda d: pct(d["mmarried"] == "married"), rel=PCT),
        en="What percentage of the mothers are married?",
    ),
    C(
        "b-smokers",
        B,
        Scalar(lambda d: int((d["mbsmoke"] == "smoker").sum())),
        de="Wie viele Mütter haben geraucht (mbsmoke = smoker)?",
    ),
    C(
        "b-lbw-count",
        B,
        Scalar(lambda d: int((d["lbweight"] == 1).sum())),
        zh="低出生体重（lbweight = 1）的婴儿有多少个？",
    ),
    C(
        "b-median-lbw",
        B,
        Scalar(lambda d: float(d.loc[d["lbweight"] == 1, "bweight"].median())),
        en="median birth weight of the low birth weight babies (lbweight=1)",
    ),
    C(
        "b-bw-by-msmoke",
        B,
        Table(lambda d: d.groupby("msmoke")["bweight"].mean()),
        de="Mittleres Geburtsgewicht je Rauchmenge pro Tag (msmoke)",
    ),
    C("b-by-month", B, Table(lambda d: d.groupby("birthmonth").size()), zh="按出生月份（birthmonth）统计出生人数"),
    C(
        "b-top-month",
        B,
        Label(lambda d: argmax(d["birthmonth"].value_counts())),
        en="Which birth month has the most births?",
    ),
    C(
        "b-clar-age",
        B,
        Clarify(["mage", "fage"]),
        en="What is the average age?",
        de="Wie hoch ist das Durchschnittsalter?",
        zh="平均年龄是多少？",
    ),
    C(
        "b-clar-edu",
        B,
        Clarify(["medu", "fedu"]),
        en="average years of education?",
        de="Durchschnittliche Ausbildungsjahre?",
    ),
    C(
        "b-corr-mage-bw",
        B,
        Scalar(lambda d: float(d["mage"].corr(d["bweight"]))),
        en="correlation between mage and bweight",
    ),
    C(
        "b-bw-by-married",
        B,
        Table(lambda d: d.groupby("mmarried")["bweight"].mean()),
        de="Durchschnittliches Geburtsgewicht bei verheirateten vs. unverheirateten Müttern (mmarried)",
    ),
    C("b-mage-over-40", B, Scalar(lambda d: int((d["mage"] > 40).sum())), en="How many mothers are older than 40?"),
    C(
        "b-fu-smokers-lbw",
        B,
        Scalar(lambda d: int(((d["mbsmoke"] == "smoker") & (d["lbweight"] == 1)).sum())),
        en="and of those, how many had a baby with lbweight = 1?",
        de="und davon, wie viele Babys mit lbweight = 1?",
        zh="其中 lbweight = 1 的有多少？",
        before={
            "en": ["How many smokers are in the data (mbsmoke = smoker)?"],
            "de": ["Wie viele Raucherinnen (mbsmoke = smoker) gibt es?"],
            "zh": ["mbsmoke 为 smoker 的母亲有多少人？"],
        },
    ),
    C(
        "b-first-baby-bw",
        B,
        Scalar(lambda d: float(d.loc[d["fbaby"] == "Yes", "bweight"].mean())),
        zh="首胎（fbaby 为 'Yes'）婴儿的平均出生体重是多少？",
    ),
    C("b-clar-best", B, Clarify(), en="Which mothers did best?", zh="哪类母亲最好？"),
    C(
        "b-under-2500-pct",
        B,
        Scalar(lambda d: pct(d["bweight"] < 2500), rel=PCT),
        de="Anteil der Babys unter 2500 g Geburtsgewicht in Prozent?",
    ),
    C(
        "b-prenatal-by-married",
        B,
        Table(lambda d: d.groupby("mmarried")["nprenatal"].mean()),
        en="mean number of prenatal visits (nprenatal) by mmarried",
    ),
    C(
        "b-msmoke-distinct",
        B,
        Scalar(lambda d: int(d["msmoke"].nunique())),
        de="Wie viele verschiedene Werte hat msmoke?",
    ),
    C(
        "b-mbsmoke-share",
        B,
        Table(lambda d: 100 * d["mbsmoke"].value_counts() / len(d), rel=PCT),
        zh="mbsmoke 各类别的占比（百分比）",
    ),
    C("b-clar-older", B, Clarify(), en="How many older mothers are there?", zh="年纪大的母亲有多少？"),
    C(
        "b-alcohol-bw",
        B,
        Scalar(lambda d: float(d.loc[d["alcohol"] == 1, "bweight"].mean())),
        de="Durchschnittliches bweight, wenn alcohol = 1",
    ),
    C("b-max-fage", B, Scalar(lambda d: int(d["fage"].max())), zh="父亲年龄 fage 的最大值"),
]

MEDICARE: list[Case] = [
    C("m-mean-docvis", M, Scalar(lambda d: float(d["docvis"].mean())), en="average docvis"),
    C(
        "m-docvis-by-female",
        M,
        Table(lambda d: d.groupby("female")["docvis"].mean()),
        de="Durchschnittliche Arztbesuche (docvis) nach Geschlecht (female)",
    ),
    C("m-private", M, Scalar(lambda d: int((d["private"] == 1).sum())), zh="有多少人有私人保险（private = 1）？"),
    C(
        "m-na-ldocvis",
        M,
        Scalar(lambda d: int(d["ldocvis"].isna().sum())),
        en="How many missing values does 'ldocvis' have?",
    ),
    C(
        "m-na-linc",
        M,
        Scalar(lambda d: int(d["linc"].isna().sum())),
        de="Wie viele fehlende Werte hat die Spalte linc?",
        zh="linc 列有多少个缺失值？",
    ),
    C(
        "m-income-medicaid",
        M,
        Scalar(lambda d: float(d.loc[d["medicaid"] == 1, "income"].mean())),
        en="mean income of people on medicaid (medicaid = 1)",
    ),
    C(
        "m-docvis-by-totchr",
        M,
        Table(lambda d: d.groupby("totchr")["docvis"].mean()),
        zh="按慢性病数量（totchr）统计平均就诊次数 docvis",
    ),
    C(
        "m-corr-income-docvis",
        M,
        Scalar(lambda d: float(d["income"].corr(d["docvis"]))),
        en="correlation between income and docvis",
    ),
    C(
        "m-clar-visits",
        M,
        Clarify(),
        en="What's the average number of visits?",
        de="Wie viele Besuche gibt es im Durchschnitt?",
    ),
    C(
        "m-age-65-70",
        M,
        Table(lambda d: d[(d["age"] >= 65) & (d["age"] <= 70)].groupby("age").size()),
        en="number of people aged 65 to 70, by age",
    ),
    C("m-median-income", M, Scalar(lambda d: float(d["income"].median())), de="Median des Einkommens (income)"),
    C("m-max-age", M, Scalar(lambda d: int(d["age"].max())), zh="年龄最大的人是多少岁？"),
    C(
        "m-actlim-pct",
        M,
        Scalar(lambda d: pct(d["actlim"] == 1), rel=PCT),
        en="what % of people have an activity limitation (actlim = 1)?",
    ),
    C(
        "m-fu-80-medicaid",
        M,
        Scalar(lambda d: float(d.loc[(d["age"] >= 80) & (d["medicaid"] == 1), "docvis"].mean())),
        en="and for those with medicaid?",
        de="und davon nur die mit medicaid = 1?",
        before={
            "en": ["average docvis for people aged 80 or older"],
            "de": ["Durchschnittliche docvis für Personen ab 80 Jahren (age >= 80)"],
        },
    ),
    C("m-clar-rich", M, Clarify(), en="How often do rich people go to the doctor?"),
    C(
        "m-count-by-totchr",
        M,
        Table(lambda d: d.groupby("totchr").size()),
        de="Anzahl Personen nach Anzahl chronischer Krankheiten (totchr)",
    ),
    C("m-std-educyr", M, Scalar(lambda d: float(d["educyr"].std())), zh="教育年限（educyr）的标准差"),
    C(
        "m-female-pct",
        M,
        Scalar(lambda d: pct(d["female"] == 1), rel=PCT),
        de="Wie viel Prozent sind Frauen (female = 1)?",
    ),
    C(
        "m-docvis-zero",
        M,
        Scalar(lambda d: int((d["docvis"] == 0).sum())),
        en="how many people had no doctor visits at all (docvis = 0)?",
    ),
]

NLS: list[Case] = [
    C("n-mean-lw", N, Scalar(lambda d: float(d["lw"].mean())), en="average `lw`"),
    C("n-iq-by-rns", N, Table(lambda d: d.groupby("rns")["iq"].mean()), de="Durchschnittlicher IQ nach rns"),
    C("n-by-year", N, Table(lambda d: d.groupby("year").size()), zh="按调查年份（year）统计人数"),
    C("n-corr-iq-lw", N, Scalar(lambda d: float(d["iq"].corr(d["lw"]))), de="Korrelation zwischen iq und lw"),
    C(
        "n-married80",
        N,
        Scalar(lambda d: int((d["mrt80"] == 1).sum())),
        de="Wie viele Männer waren 1980 verheiratet (mrt80 = 1)?",
    ),
    C("n-lw-s16", N, Scalar(lambda d: float(d.loc[d["s"] == 16, "lw"].mean())), zh="s 等于 16 的人平均 lw 是多少？"),
    C(
        "n-s80-16plus",
        N,
        Scalar(lambda d: int((d["s80"] >= 16).sum())),
        en="How many have at least 16 years of schooling in 1980 (s80)?",
    ),
    C("n-clar-wage", N, Clarify(["lw", "lw80"]), en="What's the average wage?", zh="平均工资是多少？"),
    C("n-clar-married", N, Clarify(["mrt", "mrt80"]), en="how many are married?", zh="已婚的有多少人？"),
    C("n-clar-expr", N, Clarify(["expr", "expr80"]), de="Durchschnittliche Berufserfahrung?"),
    C("n-lw-by-s", N, Table(lambda d: d.groupby("s")["lw"].mean()), en="mean lw by s"),
    C(
        "n-fu-south-smsa",
        N,
        Scalar(lambda d: int(((d["rns"] == 1) & (d["smsa"] == 1)).sum())),
        de="und davon in einer Stadt (smsa = 1)?",
        en="and of those, how many have smsa = 1?",
        before={"de": ["Wie viele Personen leben im Süden (rns = 1)?"], "en": ["How many people have rns = 1?"]},
    ),
    C("n-max-kww", N, Scalar(lambda d: int(d["kww"].max())), zh="kww 的最大值"),
    C(
        "n-smsa80-pct",
        N,
        Scalar(lambda d: pct(d["smsa80"] == 1), rel=PCT),
        en="what share of the men lived in an SMSA in 1980 (smsa80 = 1), in percent?",
    ),
    C("n-lw80-by-mrt80", N, Table(lambda d: d.groupby("mrt80")["lw80"].mean()), zh="按 mrt80 分组的 lw80 平均值"),
    C("n-iq-over-120", N, Scalar(lambda d: int((d["iq"] > 120).sum())), zh="iq 超过 120 的有多少人？"),
]

WG: list[Case] = [
    C("g-inv-1970", G, Scalar(lambda d: int(d.loc[year(d, "qtr") == 1970, "inv"].sum())), en="total inv in 1970"),
    C(
        "g-consump-1975",
        G,
        Scalar(lambda d: float(d.loc[year(d, "qtr") == 1975, "consump"].mean())),
        de="Durchschnittlicher Konsum (consump) im Jahr 1975",
    ),
    C("g-top-inv-qtr", G, Label(lambda d: d.set_index("qtr")["inv"].pipe(argmax)), zh="哪个季度的投资（inv）最高？"),
    C("g-inc-by-year", G, Table(lambda d: d.groupby(year(d, "qtr"))["inc"].sum()), de="Summe von inc pro Jahr"),
    C(
        "g-corr-inc-consump",
        G,
        Scalar(lambda d: float(d["inc"].corr(d["consump"]))),
        en="corr(inc, consump)",
        zh="收入 inc 与消费 consump 的相关系数",
    ),
    C("g-rows", G, Scalar(lambda d: len(d)), de="Wie viele Quartale enthält die Tabelle?"),
    C("g-na-dln-inv", G, Scalar(lambda d: int(d["dln_inv"].isna().sum())), zh="dln_inv 有多少缺失值？"),
    C(
        "g-inv-65-69",
        G,
        Scalar(lambda d: float(d.loc[year(d, "qtr").between(1965, 1969), "inv"].mean())),
        en="average inv between 1965 and 1969",
    ),
    C("g-clar-growth", G, Clarify(), en="how much did it grow?", de="Wie stark ist das Wachstum?"),
    C(
        "g-first-consump-1000",
        G,
        Label(lambda d: d.loc[d["consump"] > 1000, "qtr"].min()),
        en="first quarter in which consump was above 1000",
    ),
    C(
        "g-fu-60s",
        G,
        Scalar(lambda d: float(d.loc[year(d, "qtr").between(1960, 1969), "inv"].mean())),
        en="and in the 1960s?",
        zh="那 1960 年代呢？",
        before={"en": ["average inv in the 1970s"], "zh": ["1970 年代 inv 的平均值"]},
    ),
    C(
        "g-inc-1980-on",
        G,
        Scalar(lambda d: float(d.loc[year(d, "qtr") >= 1980, "inc"].mean())),
        zh="1980年及以后收入（inc）的平均值",
    ),
    C("g-top3-inv", G, Column("inv", lambda d: list(top(d["inv"], 3))), de="Top 3 Quartale nach inv"),
    C("g-clar-recent", G, Clarify(), en="What was investment in the last few quarters?"),
]

MANUF: list[Case] = [
    C(
        "f-hours-2008",
        F,
        Scalar(lambda d: float(d.loc[year(d, "month") == 2008, "hours"].mean())),
        en="average hours in 2008",
        zh="2008年平均每周工时（hours）是多少？",
    ),
    C(
        "f-caputil-by-year",
        F,
        Table(lambda d: d.groupby(year(d, "month"))["caputil"].mean()),
        de="Durchschnittliche Kapazitätsauslastung (caputil) pro Jahr",
    ),
    C(
        "f-min-caputil-month",
        F,
        Label(lambda d: d.set_index("month")["caputil"].pipe(argmin)),
        zh="caputil 最低的是哪个月？",
    ),
    C(
        "f-monthly-2001",
        F,
        ByMonth(
            lambda d: d[year(d, "month") == 2001].pipe(lambda x: x.set_index(x["month"].dt.to_period("M"))["caputil"])
        ),
        en="monthly caputil in 2001",
    ),
    C(
        "f-corr-hours-caputil",
        F,
        Scalar(lambda d: float(d["hours"].corr(d["caputil"]))),
        en="correlation between hours and caputil",
    ),
    C(
        "f-hours-h1-2000",
        F,
        Scalar(lambda d: float(d.loc[(d["month"] >= "2000-01-01") & (d["month"] <= "2000-06-01"), "hours"].mean())),
        de="Durchschnittliche hours vom 01.01.2000 bis 30.06.2000",
    ),
    C("f-clar-march", F, Clarify(), en="What was caputil in March?", zh="3月份的 caputil 是多少？"),
    C("f-rows", F, Scalar(lambda d: len(d)), en="how many months does the data cover?"),
    C(
        "f-top-hours-year",
        F,
        Label(lambda d: argmax(d.groupby(year(d, "month"))["hours"].mean())),
        de="Welches Jahr hatte die höchste durchschnittliche Arbeitszeit (hours)?",
    ),
    C(
        "f-top3-caputil-years",
        F,
        Table(lambda d: top(d.groupby(year(d, "month"))["caputil"].mean(), 3), ordered=True),
        zh="年平均 caputil 最高的三年",
    ),
    C(
        "f-fu-1988",
        F,
        Scalar(lambda d: float(d.loc[year(d, "month") == 1988, "caputil"].mean())),
        en="and in 1988?",
        de="und 1988?",
        before={"en": ["average caputil in 1982"], "de": ["Durchschnittliche caputil im Jahr 1982"]},
    ),
    C("f-std-hours", F, Scalar(lambda d: float(d["hours"].std())), en="std dev of hours"),
    C("f-clar-recent", F, Clarify(), de="Wie war die Auslastung in letzter Zeit?", zh="最近的产能利用率怎么样？"),
]

ENGEL: list[Case] = [
    C("e-mean-foodexp", E, Scalar(lambda d: float(d["foodexp"].mean())), en="average foodexp"),
    C(
        "e-corr",
        E,
        Scalar(lambda d: float(d["income"].corr(d["foodexp"]))),
        de="Korrelation zwischen Einkommen und Lebensmittelausgaben (foodexp)",
    ),
    C(
        "e-food-of-richest",
        E,
        Scalar(lambda d: float(d.loc[d["income"].idxmax(), "foodexp"])),
        zh="收入最高的家庭食品支出（foodexp）是多少？",
    ),
    C(
        "e-food-over-1000",
        E,
        Scalar(lambda d: int((d["foodexp"] > 1000).sum())),
        en="how many households spend more than 1000 on food?",
    ),
    C(
        "e-income-under-500",
        E,
        Scalar(lambda d: int((d["income"] < 500).sum())),
        de="Wie viele Haushalte haben ein Einkommen unter 500?",
    ),
    C("e-clar-poor", E, Clarify(), en="How many poor households are there?", zh="穷的家庭有多少户？"),
]

SCOT: list[Case] = [
    C(
        "s-top-pop",
        S,
        Label(lambda d: d.set_index(COUNCIL)[POP].pipe(argmax)),
        en="Which council area has the largest total population?",
    ),
    C(
        "s-top-density",
        S,
        Label(lambda d: d.set_index(COUNCIL)[DENS].pipe(argmax)),
        de="Welche Council Area hat die höchste Bevölkerungsdichte (Persons per sq km)?",
    ),
    C(
        "s-top-area",
        S,
        Label(lambda d: d.set_index(COUNCIL)[AREA].pipe(argmax)),
        zh="面积（Area (sq km)）最大的地区是哪个？",
    ),
    C(
        "s-top5-area",
        S,
        Table(lambda d: top(d.set_index(COUNCIL)[AREA], 5), ordered=True),
        en="top 5 council areas by Area (sq km)",
    ),
    C("s-top3-smr", S, Table(lambda d: top(d.set_index(COUNCIL)[SMR], 3), ordered=True), zh="SMR 最高的前三个地区"),
    C("s-total-pop", S, Scalar(lambda d: float(d[POP].sum())), zh="所有地区的总人口（千人）加起来是多少？"),
    C(
        "s-lost-pop",
        S,
        Scalar(lambda d: int((d[CHG] < 0).sum())),
        en="How many council areas lost population between 1981 and 1996?",
        de="Wie viele Council Areas haben zwischen 1981 und 1996 Einwohner verloren?",
    ),
    C("s-clar-pct", S, Clarify(), en="Which council has the highest percentage of population?"),
    C(
        "s-fife-pop",
        S,
        Scalar(lambda d: float(d.loc[d[COUNCIL] == "Fife", POP].iloc[0])),
        de="Wie viele Einwohner (in Tausend) hat Fife?",
    ),
    C(
        "s-highland-density",
        S,
        Scalar(lambda d: float(d.loc[d[COUNCIL] == "Highland", DENS].iloc[0])),
        zh="Highland 的人口密度是多少？",
    ),
    C(
        "s-over-300k",
        S,
        Scalar(lambda d: int((d[POP] > 300).sum())),
        en="how many council areas have more than 300 thousand inhabitants?",
    ),
    C(
        "s-mean-pension",
        S,
        Scalar(lambda d: float(d[PENS].mean())),
        de="Durchschnittlicher Anteil der Bevölkerung im Rentenalter über alle Council Areas",
    ),
    C(
        "s-more-women",
        S,
        Scalar(lambda d: int((d["Population (thousands) Females"] > d["Population (thousands) Males"]).sum())),
        zh="女性人口多于男性人口的地区有几个？",
    ),
    C(
        "s-corr-smr-density",
        S,
        Scalar(lambda d: float(d[SMR].corr(d[DENS]))),
        en="correlation between SMR and persons per sq km",
    ),
    C(
        "s-fu-growth-area",
        S,
        Label(lambda d: d[d[CHG] > 5].set_index(COUNCIL)[AREA].pipe(argmax)),
        en="of those, which has the largest area?",
        zh="其中面积最大的是哪个？",
        before={
            "en": ["council areas whose population grew by more than 5% between 1981 and 1996"],
            "zh": ["1981到1996年人口增长超过5%的地区"],
        },
    ),
    C("s-clar-best", S, Clarify(), zh="哪个地区最好？", en="what's the best council area?"),
    C("s-smallest-area", S, Label(lambda d: d.set_index(COUNCIL)[AREA].pipe(argmin)), en="smallest council by area"),
    C(
        "s-tpfr-over-1-7",
        S,
        Scalar(lambda d: int((d[TPFR] > 1.7).sum())),
        de="In wie vielen Council Areas liegt die Fruchtbarkeitsrate (TPFR) über 1,7?",
    ),
    C("s-clar-largest", S, Clarify(), de="Welche Council Area ist am größten?", zh="哪个地区最大？"),
]

WPI: list[Case] = [
    C("w-1975q2", W, Scalar(lambda d: float(d.loc[d["quarter"] == "1975q2", "wpi"].iloc[0])), en="wpi in 1975q2"),
    C(
        "w-mean-1980",
        W,
        Scalar(lambda d: float(d.loc[d["quarter"].str.startswith("1980"), "wpi"].mean())),
        de="Durchschnittlicher wpi im Jahr 1980",
    ),
    C("w-top-quarter", W, Label(lambda d: d.set_index("quarter")["wpi"].pipe(argmax)), zh="wpi 最高的是哪个季度？"),
    C(
        "w-rise",
        W,
        Scalar(
            lambda d: float(
                d.loc[d["quarter"] == "1990q4", "wpi"].iloc[0] - d.loc[d["quarter"] == "1960q1", "wpi"].iloc[0]
            )
        ),
        en="By how much did wpi rise from 1960q1 to 1990q4?",
        de="Um wie viel ist der wpi von 1960q1 bis 1990q4 gestiegen?",
    ),
    C("w-clar-inflation", W, Clarify(), en="what was the inflation rate?", zh="通胀率是多少？"),
    C(
        "w-over-100",
        W,
        Scalar(lambda d: int((d["wpi"] > 100).sum())),
        de="Wie viele Quartale hatten einen wpi über 100?",
    ),
    C(
        "w-70s",
        W,
        Scalar(lambda d: float(d.loc[d["quarter"].between("1970q1", "1979q4"), "wpi"].mean())),
        zh="1970q1 到 1979q4 之间 wpi 的平均值",
    ),
    C(
        "w-first-over-50",
        W,
        Label(lambda d: d.loc[d["wpi"] > 50, "quarter"].iloc[0]),
        en="first quarter the wpi exceeded 50",
    ),
]

RAND: list[Case] = [
    C("r-mean-mdvis", R, Scalar(lambda d: float(d["mdvis"].mean())), en="mean mdvis"),
    C("r-mdvis-by-idp", R, Table(lambda d: d.groupby("idp")["mdvis"].mean()), zh="按 idp 分组的 mdvis 平均值"),
    C("r-hlthp", R, Scalar(lambda d: int((d["hlthp"] == 1).sum())), zh="自评健康为差（hlthp = 1）的人有多少？"),
    C(
        "r-physlm",
        R,
        Scalar(lambda d: int((d["physlm"] == 1).sum())),
        en="how many people have a physical limitation (physlm = 1)?",
    ),
    C(
        "r-mdvis-poor",
        R,
        Scalar(lambda d: float(d.loc[d["hlthp"] == 1, "mdvis"].mean())),
        de="Mittelwert von mdvis bei hlthp = 1",
    ),
    C(
        "r-corr-disea",
        R,
        Scalar(lambda d: float(d["disea"].corr(d["mdvis"]))),
        de="Korrelation zwischen disea und mdvis",
    ),
    C("r-clar-who", R, Clarify(), en="Who visits the doctor more?", de="Wer geht öfter zum Arzt?"),
    C("r-zero-pct", R, Scalar(lambda d: pct(d["mdvis"] == 0), rel=PCT), en="What % of people have zero mdvis?"),
    C(
        "r-fu-idp-mdvis5",
        R,
        Scalar(lambda d: int(((d["idp"] == 1) & (d["mdvis"] > 5)).sum())),
        zh="其中 mdvis 大于 5 的有多少？",
        de="und davon mit mdvis über 5?",
        before={"zh": ["idp = 1 的人有多少？"], "de": ["Wie viele Personen haben idp = 1?"]},
    ),
]

BLIND: list[Case] = BIRTHS + MEDICARE + NLS + WG + MANUF + ENGEL + SCOT + WPI + RAND
