"""The fourth blind bank's cases: each expected answer computed here with pandas.

Analyst's choices, where a question leaves one (marked again at the case):
ranges "between A and B", "A-B", "from A to B", "since Y" include both ends; standard
deviation is the sample one; "difference between X and Y" is X - Y, "change from A to B"
is B - A; a mean of a difference or ratio is taken over the rows where both values exist;
shares are percentages 0-100, graded with a relative tolerance of 1e-3.
"""

from __future__ import annotations

import pandas as pd

from tests.agents.bank import Case, Q
from tests.agents.blind4.expect_more import ByMonth, Label, argmax, argmin, top
from tests.agents.expect import Clarify, Scalar, Table

PCT = 1e-3  # tolerance for percentages and other rounded ratios


def _year(df: pd.DataFrame, col: str, start: int, end: int) -> pd.DataFrame:
    """The rows whose date column falls in the years start..end (both included)."""
    years = df[col].dt.year
    return df[(years >= start) & (years <= end)]


def _days(df: pd.DataFrame, col: str, start: str, end: str) -> pd.DataFrame:
    """The rows whose timestamp falls on the days start..end (both days whole)."""
    day = df[col].dt.normalize()
    return df[(day >= pd.Timestamp(start)) & (day <= pd.Timestamp(end))]


def _monthly(df: pd.DataFrame, col: str, value: str, year: int, how: str = "mean") -> pd.Series:
    rows = _year(df, col, year, year)
    return rows.groupby(rows[col].dt.to_period("M"))[value].agg(how)


A = "autos"
AUTOS: list[Case] = [
    Q(
        "a-diesel-count",
        A,
        "How many cars run on diesel?",
        "Wie viele Autos fahren mit Diesel?",
        "有多少辆车使用柴油？",
        Scalar(lambda d: int((d["fuel"] == "diesel").sum())),
    ),
    Q(
        "a-makes-distinct",
        A,
        "How many different makes are in the table?",
        "Wie viele verschiedene Hersteller (make) gibt es?",
        "表里有多少个不同的品牌？",
        Scalar(lambda d: int(d["make"].nunique())),
    ),
    Q(
        "a-price-by-style",
        A,
        "average price by body style",
        "Durchschnittspreis je Karosserieform (style)",
        "按车身样式（style）统计平均价格",
        Table(lambda d: d.groupby("style")["price"].mean()),
    ),
    Q(
        "a-make-highest-avg-price",
        A,
        "Which make has the highest average price?",
        "Welcher Hersteller hat den höchsten Durchschnittspreis?",
        "哪个品牌的平均价格最高？",
        Label(lambda d: argmax(d.groupby("make")["price"].mean())),
    ),
    Q(
        "a-top3-makes-count",
        A,
        "top 3 makes by number of cars",
        None,
        None,
        Table(lambda d: top(d["make"].value_counts(), 3), ordered=True),
    ),
    Q(
        "a-hp-range-count",
        A,
        "How many cars have between 100 and 150 hp?",
        None,
        None,
        # "between" includes both ends
        Scalar(lambda d: int(d["hp"].between(100, 150).sum())),
    ),
    Q(
        "a-corr-engsize-price",
        A,
        "correlation between engine size (eng_cc) and price",
        "Korrelation zwischen Hubraum (eng_cc) und Preis",
        "发动机排量 eng_cc 和价格之间的相关系数是多少？",
        Scalar(lambda d: float(d["eng_cc"].corr(d["price"]))),
    ),
    Q(
        "a-turbo-share",
        A,
        "What percentage of the cars are turbo (aspir)?",
        None,
        None,
        Scalar(lambda d: float(100 * (d["aspir"] == "turbo").mean()), rel=PCT),
    ),
    Q(
        "a-citympg-by-drive",
        A,
        "avg city_mpg per drive type",
        "Mittlerer city_mpg je Antriebsart (drive)",
        "每种驱动方式（drive）的平均城市油耗 city_mpg",
        Table(lambda d: d.groupby("drive")["city_mpg"].mean()),
    ),
    Q(
        "a-hw-minus-city",
        A,
        "On average, how much higher is hw_mpg than city_mpg?",
        "Um wie viel ist hw_mpg im Schnitt höher als city_mpg?",
        None,
        Scalar(lambda d: float((d["hw_mpg"] - d["city_mpg"]).mean())),
    ),
    Q(
        "a-median-price-heavy",
        A,
        "median price of cars with a curb weight over 3000",
        None,
        "重量（weight）超过3000的车的价格中位数",
        Scalar(lambda d: float(d.loc[d["weight"] > 3000, "price"].median())),
    ),
    Q(
        "a-size-clarify",
        A,
        "What is the average size of the cars?",
        "Wie groß sind die Autos im Durchschnitt?",
        "这些车的平均尺寸是多少？",
        # size: length, width, height, wheel base or engine size
        Clarify(),
    ),
    Q(
        "a-mileage-clarify",
        A,
        "average mpg per make",
        "Durchschnittlicher Verbrauch in mpg pro Hersteller",
        "每个品牌的平均 mpg 是多少？",
        Clarify(includes=["city_mpg", "hw_mpg"]),
    ),
    Q(
        "a-country-clarify",
        A,
        "How many cars are from Japan?",
        None,
        None,
        # no country column; deriving it from the make would be a guess
        Clarify(),
    ),
    Q(
        "a-sedan-diesel-followup",
        A,
        "and of those, how many are diesel?",
        "und davon, wie viele sind Diesel?",
        "其中有多少辆是柴油车？",
        Scalar(lambda d: int(((d["style"] == "sedan") & (d["fuel"] == "diesel")).sum())),
        before={
            "en": ["How many sedans are there?"],
            "de": ["Wie viele Limousinen (sedan) gibt es?"],
            "zh": ["有多少辆 sedan？"],
        },
    ),
    Q(
        "a-maxhp-by-cyl",
        A,
        "maximum horsepower for each number of cylinders",
        None,
        None,
        Table(lambda d: d.groupby("cylinders")["hp"].max()),
    ),
    Q(
        "a-price-by-fuelsys",
        A,
        "mean price grouped by `fuel.sys`",
        None,
        None,
        Table(lambda d: d.groupby("fuel.sys")["price"].mean()),
    ),
    Q(
        "a-style-best-hwmpg",
        A,
        "Which body style gets the best average highway mpg?",
        "Welche Karosserieform hat den besten durchschnittlichen hw_mpg?",
        None,
        Label(lambda d: argmax(d.groupby("style")["hw_mpg"].mean())),
    ),
    Q(
        "a-price-per-hp",
        A,
        "average price per horsepower (price / hp)",
        None,
        "每马力的平均价格（price 除以 hp）",
        # mean of the per-car ratio, over the cars with both values
        Scalar(lambda d: float((d["price"] / d["hp"]).mean()), rel=PCT),
    ),
    Q(
        "a-loss-missing",
        A,
        "How many values are missing in loss?",
        None,
        None,
        Scalar(lambda d: int(d["loss"].isna().sum())),
    ),
    Q(
        "a-top5-makes-hp",
        A,
        "Top 5 makes by average hp",
        None,
        None,
        Table(lambda d: top(d.groupby("make")["hp"].mean(), 5), ordered=True),
    ),
    Q(
        "a-weight-by-doors",
        A,
        "compare the average weight of two-door and four-door cars",
        None,
        None,
        Table(lambda d: d.groupby("doors")["weight"].mean()),
    ),
    Q(
        "a-make-cheapest-avg",
        A,
        "which make is cheapest on average",
        None,
        "平均价格最低的是哪个品牌",
        Label(lambda d: argmin(d.groupby("make")["price"].mean())),
    ),
    Q(
        "a-rear-engine-count",
        A,
        "how many cars have the engine in the rear (eng_loc)?",
        None,
        None,
        Scalar(lambda d: int((d["eng_loc"] == "rear").sum())),
    ),
    Q(
        "a-price-range-toyota",
        A,
        "Average price of Toyotas priced between 8000 and 12000",
        None,
        None,
        Scalar(lambda d: float(d.loc[(d["make"] == "toyota") & d["price"].between(8000, 12000), "price"].mean())),
    ),
]

H = "housing_starts"
HOUSING: list[Case] = [
    Q(
        "h-mean-2005",
        H,
        "average HOUSTNSA in 2005",
        "Durchschnittlicher HOUSTNSA-Wert im Jahr 2005",
        "2005年 HOUSTNSA 的平均值",
        Scalar(lambda d: float(_year(d, "DATE", 2005, 2005)["HOUSTNSA"].mean())),
    ),
    Q(
        "h-yearly-total-2010-2017",
        H,
        "total housing starts per year from 2010 to 2017",
        "Summe der Baubeginne (HOUSTNSA) pro Jahr von 2010 bis 2017",
        "2010年到2017年每年的 HOUSTNSA 总和",
        Table(lambda d: (r := _year(d, "DATE", 2010, 2017)).groupby(r["DATE"].dt.year)["HOUSTNSA"].sum()),
    ),
    Q(
        "h-max-month",
        H,
        "In which month were housing starts highest?",
        "In welchem Monat war HOUSTNSA am höchsten?",
        "哪个月的 HOUSTNSA 最高？",
        Label(lambda d: argmax(d.set_index("DATE")["HOUSTNSA"])),
    ),
    Q(
        "h-min-month-since-2000",
        H,
        "lowest month for HOUSTNSA since 2000",
        "Der Monat mit dem niedrigsten HOUSTNSA seit 2000",
        None,
        # "since 2000" includes 2000
        Label(lambda d: argmin(_year(d, "DATE", 2000, 2100).set_index("DATE")["HOUSTNSA"])),
    ),
    Q(
        "h-months-2009",
        H,
        "HOUSTNSA for each month of 2009",
        "HOUSTNSA für jeden Monat 2009",
        "2009年每个月的 HOUSTNSA",
        ByMonth(lambda d: _monthly(d, "DATE", "HOUSTNSA", 2009)),
    ),
    Q(
        "h-above-200",
        H,
        "How many months had HOUSTNSA above 200?",
        None,
        None,
        Scalar(lambda d: int((d["HOUSTNSA"] > 200).sum())),
    ),
    Q(
        "h-by-calendar-month",
        H,
        "average HOUSTNSA by calendar month (Jan-Dec, all years)",
        "Mittelwert von HOUSTNSA je Kalendermonat über alle Jahre",
        None,
        # calendar months of no year: ByMonth accepts a month printed as a number or a name
        # (the year 2000 on the keys is a placeholder that a month without a year matches)
        ByMonth(
            lambda d: (
                d.groupby(d["DATE"].dt.month)["HOUSTNSA"]
                .mean()
                .set_axis(pd.period_range("2000-01", periods=12, freq="M"))
            )
        ),
    ),
    Q(
        "h-best-year",
        H,
        "Which year had the most housing starts in total?",
        "Welches Jahr hatte insgesamt die meisten Baubeginne (HOUSTNSA)?",
        "哪一年的 HOUSTNSA 总数最多？",
        Label(lambda d: argmax(d.groupby(d["DATE"].dt.year)["HOUSTNSA"].sum())),
    ),
    Q(
        "h-change-2007-2009",
        H,
        "change in yearly total HOUSTNSA from 2007 to 2009",
        "Veränderung der Jahressumme von HOUSTNSA von 2007 auf 2009",
        None,
        # "change from A to B" = B - A
        Scalar(
            lambda d: float(
                _year(d, "DATE", 2009, 2009)["HOUSTNSA"].sum() - _year(d, "DATE", 2007, 2007)["HOUSTNSA"].sum()
            )
        ),
    ),
    Q(
        "h-std-1990s",
        H,
        "std dev of HOUSTNSA in the 1990s",
        None,
        "1990年代 HOUSTNSA 的标准差",
        # the 1990s: 1990-1999; sample standard deviation
        Scalar(lambda d: float(_year(d, "DATE", 1990, 1999)["HOUSTNSA"].std())),
    ),
    Q(
        "h-below-100-1980s",
        H,
        "number of months from Jan 1980 to Dec 1989 with HOUSTNSA below 100",
        None,
        None,
        Scalar(lambda d: int((_year(d, "DATE", 1980, 1989)["HOUSTNSA"] < 100).sum())),
    ),
    Q(
        "h-price-clarify",
        H,
        "How did house prices develop over time?",
        "Wie haben sich die Hauspreise entwickelt?",
        None,
        # the table counts housing starts, it has no prices
        Clarify(),
    ),
    Q(
        "h-2008-followup",
        H,
        "and the lowest month in that year?",
        None,
        "那一年最低的是哪个月？",
        Label(lambda d: argmin(_year(d, "DATE", 2008, 2008).set_index("DATE")["HOUSTNSA"])),
        before={"en": ["average HOUSTNSA in 2008"], "zh": ["2008年 HOUSTNSA 的平均值"]},
    ),
]

D = "dietox"
DIETOX: list[Case] = [
    Q(
        "d-pigs-distinct",
        D,
        "How many distinct pigs are there?",
        "Wie viele verschiedene Schweine (Pig) gibt es?",
        "一共有多少头不同的猪（Pig）？",
        Scalar(lambda d: int(d["Pig"].nunique())),
    ),
    Q(
        "d-weight-t12-by-evit",
        D,
        "mean Weight at Time 12 by vitamin E dose (Evit)",
        "Mittleres Gewicht zum Zeitpunkt Time = 12 je Evit",
        "Time 为 12 时按 Evit 分组的平均体重",
        Table(lambda d: d[d["Time"] == 12].groupby("Evit")["Weight"].mean()),
    ),
    Q(
        "d-weight-by-time",
        D,
        "average weight for each week (Time)",
        None,
        None,
        Table(lambda d: d.groupby("Time")["Weight"].mean()),
    ),
    Q(
        "d-corr-weight-feed",
        D,
        "corr of Weight and Feed",
        "Korrelation zwischen Gewicht und Futter (Feed)",
        "Weight 和 Feed 的相关性",
        Scalar(lambda d: float(d["Weight"].corr(d["Feed"]))),
    ),
    Q(
        "d-litter-heaviest-t12",
        D,
        "Which Litter has the highest mean weight at Time 12?",
        None,
        "在 Time=12 时，哪个 Litter 的平均体重最高？",
        Label(lambda d: argmax(d[d["Time"] == 12].groupby("Litter")["Weight"].mean())),
    ),
    Q(
        "d-feed-missing",
        D,
        "how many `Feed` values are missing?",
        None,
        None,
        Scalar(lambda d: int(d["Feed"].isna().sum())),
    ),
    Q(
        "d-heaviest-pig-t12",
        D,
        "Which pig was the heaviest at Time 12?",
        "Welches Schwein war bei Time 12 am schwersten?",
        "Time 12 时哪头猪最重？",
        Label(lambda d: argmax(d[d["Time"] == 12].set_index("Pig")["Weight"])),
    ),
    Q(
        "d-feed-cu3-t5-8",
        D,
        "average Feed for Cu = 3 between Time 5 and 8",
        "Mittleres Feed bei Cu = 3 zwischen Time 5 und 8",
        None,
        # "between" includes both ends
        Scalar(lambda d: float(d.loc[(d["Cu"] == 3) & d["Time"].between(5, 8), "Feed"].mean())),
    ),
    Q(
        "d-gain-1-12",
        D,
        "average weight gain per pig from Time 1 to Time 12",
        None,
        "每头猪从 Time 1 到 Time 12 的平均增重",
        # per pig: weight at 12 minus weight at 1, over the pigs with both; then the mean
        Scalar(
            lambda d: float(
                (d[d["Time"] == 12].set_index("Pig")["Weight"] - d[d["Time"] == 1].set_index("Pig")["Weight"]).mean()
            )
        ),
    ),
    Q(
        "d-dose-clarify",
        D,
        "average weight by dose",
        "Durchschnittsgewicht nach Dosis",
        "按剂量统计平均体重",
        # two dose columns: vitamin E (Evit) and copper (Cu)
        Clarify(includes=["Evit", "Cu"]),
    ),
    Q(
        "d-t12-cu1-followup",
        D,
        "and of those, how many have Cu 1?",
        "und davon mit Cu = 1?",
        "其中 Cu 为 1 的有多少？",
        Scalar(lambda d: int(((d["Time"] == 12) & (d["Cu"] == 1)).sum())),
        before={
            "en": ["How many observations are at Time 12?"],
            "de": ["Wie viele Beobachtungen gibt es bei Time 12?"],
            "zh": ["Time 为 12 的观测有多少条？"],
        },
    ),
    Q(
        "d-top3-litters-weight",
        D,
        "top 3 litters by average Weight",
        None,
        None,
        Table(lambda d: top(d.groupby("Litter")["Weight"].mean(), 3), ordered=True),
    ),
    Q(
        "d-weight-over-100",
        D,
        "How many rows have a Weight above 100?",
        None,
        None,
        Scalar(lambda d: int((d["Weight"] > 100).sum())),
    ),
    Q(
        "d-feed-per-weight",
        D,
        "average Feed divided by Weight",
        "Durchschnitt von Feed geteilt durch Weight",
        None,
        # mean of the per-row ratio over rows with both values
        Scalar(lambda d: float((d["Feed"] / d["Weight"]).mean()), rel=PCT),
    ),
]

C = "college_apply"
COLLEGE: list[Case] = [
    Q(
        "c-very-likely-share",
        C,
        "What share of students are 'very likely' to apply?",
        "Welcher Anteil der Studierenden ist 'very likely' (apply)?",
        "apply 为 'very likely' 的学生占多少百分比？",
        Scalar(lambda d: float(100 * (d["apply"] == "very likely").mean()), rel=PCT),
    ),
    Q(
        "c-gpa-by-apply",
        C,
        "mean gpa per apply category",
        "Mittlerer Notendurchschnitt (gpa) je apply-Kategorie",
        "按 apply 分组的平均 gpa",
        Table(lambda d: d.groupby("apply")["gpa"].mean()),
    ),
    Q(
        "c-gpa-35",
        C,
        "how many students have a GPA of 3.5 or more?",
        None,
        None,
        Scalar(lambda d: int((d["gpa"] >= 3.5).sum())),
    ),
    Q(
        "c-gpa-by-public",
        C,
        "average gpa for public vs non-public schools (public)",
        None,
        "公立（public=1）和非公立学校学生的平均 gpa 对比",
        Table(lambda d: d.groupby("public")["gpa"].mean()),
    ),
    Q(
        "c-pared-unlikely",
        C,
        "How many students with pared = 1 are 'unlikely' to apply?",
        "Wie viele Studierende mit pared = 1 sind 'unlikely'?",
        "pared 为 1 且 apply 为 unlikely 的学生有多少？",
        Scalar(lambda d: int(((d["pared"] == 1) & (d["apply"] == "unlikely")).sum())),
    ),
    Q(
        "c-apply-lowest-gpa",
        C,
        "Which apply group has the lowest average gpa?",
        "Welche apply-Gruppe hat den niedrigsten gpa im Schnitt?",
        None,
        Label(lambda d: argmin(d.groupby("apply")["gpa"].mean())),
    ),
    Q(
        "c-gpa-range",
        C,
        "count students with gpa between 2.5 and 3.0",
        None,
        None,
        # both ends included
        Scalar(lambda d: int(d["gpa"].between(2.5, 3.0).sum())),
    ),
    Q(
        "c-gender-clarify",
        C,
        "How many of the students are female?",
        "Wie viele der Studierenden sind weiblich?",
        "学生中有多少是女生？",
        Clarify(),
    ),
    Q(
        "c-pared-share-by-apply",
        C,
        "percentage of pared = 1 in each apply category",
        None,
        None,
        Table(lambda d: 100 * d.groupby("apply")["pared"].mean(), rel=PCT),
    ),
    Q(
        "c-public-followup",
        C,
        "and their average gpa?",
        "und deren durchschnittlicher gpa?",
        "他们的平均 gpa 是多少？",
        Scalar(lambda d: float(d.loc[d["public"] == 1, "gpa"].mean())),
        before={
            "en": ["how many students are at a public school (public = 1)?"],
            "de": ["Wie viele Studierende sind an einer öffentlichen Schule (public = 1)?"],
            "zh": ["有多少学生在公立学校（public = 1）？"],
        },
    ),
    Q(
        "c-apply-counts",
        C,
        "number of students per apply answer",
        None,
        None,
        Table(lambda d: d["apply"].value_counts()),
    ),
]

M = "medpar"
MEDPAR: list[Case] = [
    Q(
        "m-los-by-admitype",
        M,
        "average length of stay (los) by admission type",
        "Durchschnittliche Verweildauer (los) je Aufnahmeart (admitype)",
        "按入院类型（admitype）统计平均住院天数 los",
        Table(lambda d: d.groupby("admitype")["los"].mean()),
    ),
    Q(
        "m-max-los",
        M,
        "longest stay in days",
        None,
        "最长住院天数是多少？",
        Scalar(lambda d: int(d["los"].max())),
    ),
    Q(
        "m-los-over-20",
        M,
        "How many stays were longer than 20 days?",
        None,
        None,
        Scalar(lambda d: int((d["los"] > 20).sum())),
    ),
    Q(
        "m-codes-distinct",
        M,
        "how many distinct `codes` are there",
        None,
        None,
        Scalar(lambda d: int(d["codes"].nunique())),
    ),
    Q(
        "m-code-longest-avg",
        M,
        "Which code has the longest average los?",
        "Welcher Code (codes) hat die längste durchschnittliche los?",
        "哪个 codes 的平均 los 最长？",
        Label(lambda d: argmax(d.groupby("codes")["los"].mean())),
    ),
    Q(
        "m-type3-share",
        M,
        "share of admissions that are type3, in percent",
        "Anteil der Aufnahmen vom Typ type3 in Prozent",
        None,
        Scalar(lambda d: float(100 * (d["admitype"] == "type3").mean()), rel=PCT),
    ),
    Q(
        "m-median-los-code9",
        M,
        "median los for codes = 9",
        None,
        None,
        Scalar(lambda d: float(d.loc[d["codes"] == 9, "los"].median())),
    ),
    Q(
        "m-age-clarify",
        M,
        "average patient age",
        None,
        "病人的平均年龄",
        Clarify(),
    ),
    Q(
        "m-los-5-10",
        M,
        "number of stays lasting 5 to 10 days",
        None,
        None,
        # both ends included
        Scalar(lambda d: int(d["los"].between(5, 10).sum())),
    ),
    Q(
        "m-los-std-type3",
        M,
        "standard deviation of los for type3 admissions",
        None,
        None,
        Scalar(lambda d: float(d.loc[d["admitype"] == "type3", "los"].std())),
    ),
]

E = "epil"
EPIL: list[Case] = [
    Q(
        "e-subjects",
        E,
        "How many subjects are in the trial?",
        "Wie viele Patienten (subject) sind in der Studie?",
        "试验中有多少个受试者（subject）？",
        Scalar(lambda d: int(d["subject"].nunique())),
    ),
    Q(
        "e-y-by-trt",
        E,
        "average y by trt",
        None,
        "按治疗组 trt 统计 y 的平均值",
        Table(lambda d: d.groupby("trt")["y"].mean()),
    ),
    Q(
        "e-y-sum-by-period",
        E,
        "total seizures (y) in each period",
        "Summe der Anfälle (y) pro period",
        None,
        Table(lambda d: d.groupby("period")["y"].sum()),
    ),
    Q(
        "e-corr-base-y",
        E,
        "correlation between base and y",
        None,
        None,
        Scalar(lambda d: float(d["base"].corr(d["y"]))),
    ),
    Q(
        "e-subject-most",
        E,
        "Which subject had the most seizures in total (sum of y)?",
        "Welcher subject hatte insgesamt die meisten Anfälle (Summe y)?",
        "哪个 subject 的 y 总和最大？",
        Label(lambda d: argmax(d.groupby("subject")["y"].sum())),
    ),
    Q(
        "e-age-progabide",
        E,
        "average age in the progabide group",
        "Durchschnittsalter in der Gruppe progabide",
        None,
        # over the rows; every subject has four rows, so it is also the mean over subjects
        Scalar(lambda d: float(d.loc[d["trt"] == "progabide", "age"].mean())),
    ),
    Q(
        "e-period4-by-trt",
        E,
        "mean y in period 4 for each trt",
        None,
        "period 为 4 时各 trt 的平均 y",
        Table(lambda d: d[d["period"] == 4].groupby("trt")["y"].mean()),
    ),
    Q(
        "e-seizures-clarify",
        E,
        "average seizure count per treatment",
        "Durchschnittliche Anzahl der Anfälle je `trt`",
        "每种治疗的平均发作次数",
        # two seizure counts: y (per two-week period) and base (the 8-week baseline)
        Clarify(includes=["y", "base"]),
    ),
    Q(
        "e-top3-base",
        E,
        "top 3 subjects by base",
        "Die 3 subjects mit dem höchsten base",
        None,
        Table(lambda d: top(d.groupby("subject")["base"].first(), 3), ordered=True),
    ),
    Q(
        "e-placebo-followup",
        E,
        "and of those, how many are older than 30?",
        None,
        "其中年龄大于30的有多少？",
        # the earlier question counts rows; the follow-up keeps that unit
        Scalar(lambda d: int(((d["trt"] == "placebo") & (d["age"] > 30)).sum())),
        before={"en": ["How many rows have trt placebo?"], "zh": ["trt 为 placebo 的行有多少？"]},
    ),
    Q(
        "e-age-range",
        E,
        "how many rows are for patients aged 25-35?",
        None,
        None,
        Scalar(lambda d: int(d["age"].between(25, 35).sum())),
    ),
]

U = "us_macro"
MACRO: list[Case] = [
    Q(
        "u-unrate-2009",
        U,
        "average UNRATE in 2009",
        "Durchschnittliche Arbeitslosenquote (UNRATE) 2009",
        "2009年的平均失业率（UNRATE）",
        Scalar(lambda d: float(_year(d, "Date", 2009, 2009)["UNRATE"].mean())),
    ),
    Q(
        "u-unrate-peak",
        U,
        "When was the unemployment rate (UNRATE) highest?",
        "Wann war UNRATE am höchsten?",
        "UNRATE 最高是在什么时候？",
        Label(lambda d: argmax(d.set_index("Date")["UNRATE"])),
    ),
    Q(
        "u-unrate-yearly",
        U,
        "yearly average of UNRATE from 2005 to 2015",
        "Jährlicher Mittelwert von UNRATE 2005 bis 2015",
        "2005年至2015年每年 UNRATE 的平均值",
        Table(lambda d: (r := _year(d, "Date", 2005, 2015)).groupby(r["Date"].dt.year)["UNRATE"].mean()),
    ),
    Q(
        "u-corr-unrate-tcu",
        U,
        "correlation between UNRATE and TCU",
        None,
        None,
        Scalar(lambda d: float(d["UNRATE"].corr(d["TCU"]))),
    ),
    Q(
        "u-payems-change",
        U,
        "change in PAYEMS from January 2010 to January 2016",
        None,
        "PAYEMS 从2010年1月到2016年1月的变化",
        # B - A, the two months' values
        Scalar(
            lambda d: float(
                d.loc[d["Date"] == pd.Timestamp("2016-01-01"), "PAYEMS"].iloc[0]
                - d.loc[d["Date"] == pd.Timestamp("2010-01-01"), "PAYEMS"].iloc[0]
            )
        ),
    ),
    Q(
        "u-unrate-above-9",
        U,
        "In how many months was UNRATE above 9?",
        None,
        None,
        Scalar(lambda d: int((d["UNRATE"] > 9).sum())),
    ),
    Q(
        "u-jtsjol-missing",
        U,
        "how many missing values does JTSJOL have?",
        None,
        None,
        Scalar(lambda d: int(d["JTSJOL"].isna().sum())),
    ),
    Q(
        "u-cpi-2015",
        U,
        "CPIAUCSL for each month in 2015",
        "CPIAUCSL für jeden Monat 2015",
        None,
        ByMonth(lambda d: _monthly(d, "Date", "CPIAUCSL", 2015)),
    ),
    Q(
        "u-houst-2006-2010",
        U,
        "avg housing starts (HOUST) per year, 2006-2010",
        None,
        "2006-2010年每年 HOUST 的平均值",
        Table(lambda d: (r := _year(d, "Date", 2006, 2010)).groupby(r["Date"].dt.year)["HOUST"].mean()),
    ),
    Q(
        "u-inflation-clarify",
        U,
        "average inflation rate",
        "durchschnittliche Inflationsrate",
        None,
        # several price indices (CPIAUCSL, CPILFESL, PCEPI, PCEPILFE ...), no rate column
        Clarify(),
    ),
    Q(
        "u-interest-clarify",
        U,
        "What was the average interest rate in 2010?",
        None,
        "2010年的平均利率是多少？",
        # IR is the import price index, not an interest rate
        Clarify(),
    ),
    Q(
        "u-unrate-below5-1990s",
        U,
        "number of months between 1990-01 and 1999-12 with UNRATE below 5",
        "Anzahl Monate zwischen 01.1990 und 12.1999 mit UNRATE unter 5",
        None,
        Scalar(lambda d: int((_year(d, "Date", 1990, 1999)["UNRATE"] < 5).sum())),
    ),
    Q(
        "u-since2010-followup",
        U,
        "and the average CPIAUCSL over the same period?",
        "und der durchschnittliche CPIAUCSL im selben Zeitraum?",
        "同一时期 CPIAUCSL 的平均值呢？",
        # "since 2010" includes 2010, up to the end of the data
        Scalar(lambda d: float(_year(d, "Date", 2010, 2100)["CPIAUCSL"].mean())),
        before={
            "en": ["average UNRATE since 2010"],
            "de": ["durchschnittliche UNRATE seit 2010"],
            "zh": ["2010年以来的平均 UNRATE"],
        },
    ),
    Q(
        "u-lowest-year",
        U,
        "which year had the lowest average UNRATE?",
        "Welches Jahr hatte die niedrigste durchschnittliche UNRATE?",
        None,
        Label(lambda d: argmin(d.groupby(d["Date"].dt.year)["UNRATE"].mean())),
    ),
    Q(
        "u-cpi-core-diff",
        U,
        "average difference between CPIAUCSL and CPILFESL",
        None,
        None,
        # X - Y, over the months with both
        Scalar(lambda d: float((d["CPIAUCSL"] - d["CPILFESL"]).mean())),
    ),
    Q(
        "u-permit-houst-corr",
        U,
        "corr(PERMIT, HOUST)",
        None,
        None,
        Scalar(lambda d: float(d["PERMIT"].corr(d["HOUST"]))),
    ),
    Q(
        "u-top3-unrate-years",
        U,
        "the 3 years with the highest average UNRATE",
        None,
        None,
        Table(lambda d: top(d.groupby(d["Date"].dt.year)["UNRATE"].mean(), 3), ordered=True),
    ),
]

V = "elec_vic"
ELEC: list[Case] = [
    Q(
        "v-mean-march",
        V,
        "average demand (y) in March 2012",
        "Durchschnittlicher Verbrauch (y) im März 2012",
        "2012年3月 y 的平均值",
        Scalar(lambda d: float(d.loc[(d["ds"].dt.year == 2012) & (d["ds"].dt.month == 3), "y"].mean())),
    ),
    Q(
        "v-peak-hour",
        V,
        "When was the demand (y) highest?",
        "Wann war der Verbrauch (y) am höchsten?",
        "用电需求（y）最高是在什么时候？",
        Label(lambda d: argmax(d.set_index("ds")["y"])),
    ),
    Q(
        "v-monthly-total",
        V,
        "total y per month in 2012",
        "Summe von y je Monat 2012",
        "2012年每月 y 的总和",
        ByMonth(lambda d: _monthly(d, "ds", "y", 2012, "sum")),
    ),
    Q(
        "v-by-hour",
        V,
        "average y by hour of the day",
        None,
        None,
        Table(lambda d: d.groupby(d["ds"].dt.hour)["y"].mean()),
    ),
    Q(
        "v-above-10000",
        V,
        "how many hours had y above 10000?",
        None,
        None,
        Scalar(lambda d: int((d["y"] > 10000).sum())),
    ),
    Q(
        "v-feb-first-half",
        V,
        "mean y from 1 Feb 2012 to 14 Feb 2012",
        "Mittelwert von y vom 01.02.2012 bis 14.02.2012",
        None,
        # both days whole
        Scalar(lambda d: float(_days(d, "ds", "2012-02-01", "2012-02-14")["y"].mean())),
    ),
    Q(
        "v-max-day",
        V,
        "Which day had the highest total demand (sum of y)?",
        None,
        "哪一天的 y 总和最高？",
        Label(lambda d: argmax(d.groupby(d["ds"].dt.normalize())["y"].sum())),
    ),
    Q(
        "v-temp-clarify",
        V,
        "What was the average temperature?",
        None,
        "平均气温是多少？",
        Clarify(),
    ),
    Q(
        "v-january-followup",
        V,
        "and its maximum?",
        "und das Maximum?",
        "最大值呢？",
        Scalar(lambda d: float(d.loc[(d["ds"].dt.year == 2012) & (d["ds"].dt.month == 1), "y"].max())),
        before={
            "en": ["average y in January 2012"],
            "de": ["Mittelwert von y im Januar 2012"],
            "zh": ["2012年1月 y 的平均值"],
        },
    ),
    Q(
        "v-april-lowest-day",
        V,
        "lowest-demand day in April 2012 (daily total of y)",
        None,
        None,
        Label(
            lambda d: argmin(
                (r := d[(d["ds"].dt.year == 2012) & (d["ds"].dt.month == 4)]).groupby(r["ds"].dt.normalize())["y"].sum()
            )
        ),
    ),
]

N = "nile"
NILE: list[Case] = [
    Q(
        "n-mean-before-1900",
        N,
        "average volume before 1900",
        "durchschnittliches Volumen vor 1900",
        None,
        # "before 1900" excludes 1900
        Scalar(lambda d: float(d.loc[d["year"] < 1900, "volume"].mean())),
    ),
    Q(
        "n-min-year",
        N,
        "In which year was the Nile's volume lowest?",
        "In welchem Jahr war das Volumen am niedrigsten?",
        "哪一年尼罗河流量最低？",
        Label(lambda d: argmin(d.set_index("year")["volume"])),
    ),
    Q(
        "n-by-decade",
        N,
        "mean volume per decade",
        "Mittleres Volumen je Jahrzehnt",
        None,
        # a decade keyed by its first year (1870 = 1870-1879)
        Table(lambda d: d.groupby(d["year"] // 10 * 10)["volume"].mean()),
    ),
    Q(
        "n-above-1000",
        N,
        "how many years had a volume above 1000?",
        None,
        None,
        Scalar(lambda d: int((d["volume"] > 1000).sum())),
    ),
    Q(
        "n-corr-year",
        N,
        "correlation between year and volume",
        None,
        None,
        Scalar(lambda d: float(d["year"].corr(d["volume"]))),
    ),
    Q(
        "n-before-after-1898",
        N,
        "difference between the mean volume 1871-1898 and the mean volume 1899-1970",
        "Differenz zwischen dem mittleren Volumen 1871-1898 und 1899-1970",
        None,
        # X - Y, both ranges inclusive
        Scalar(
            lambda d: float(
                d.loc[d["year"].between(1871, 1898), "volume"].mean()
                - d.loc[d["year"].between(1899, 1970), "volume"].mean()
            )
        ),
    ),
    Q(
        "n-top3-years",
        N,
        "top 3 years by volume",
        None,
        "流量最大的3个年份",
        Table(lambda d: top(d.set_index("year")["volume"], 3), ordered=True),
    ),
    Q(
        "n-rain-clarify",
        N,
        "How much rain fell in 1913?",
        None,
        "1913年降雨量是多少？",
        Clarify(),
    ),
]

P = "pastes"
PASTES: list[Case] = [
    Q(
        "p-strength-by-batch",
        P,
        "average strength per batch",
        None,
        "每个批次（batch）的平均强度",
        Table(lambda d: d.groupby("batch")["strength"].mean()),
    ),
    Q(
        "p-strongest-batch",
        P,
        "Which batch has the highest mean strength?",
        "Welche batch hat die höchste mittlere strength?",
        None,
        Label(lambda d: argmax(d.groupby("batch")["strength"].mean())),
    ),
    Q(
        "p-samples",
        P,
        "distinct count of 'sample'",
        None,
        None,
        Scalar(lambda d: int(d["sample"].nunique())),
    ),
    Q(
        "p-by-cask",
        P,
        "mean strength by cask",
        None,
        None,
        Table(lambda d: d.groupby("cask")["strength"].mean()),
    ),
    Q(
        "p-strongest-clarify",
        P,
        "Which paste is the strongest?",
        "Welche Paste ist am stärksten?",
        "哪种糊料最结实？",
        # a paste could be a batch, a cask or a sample, and "strongest" a mean or a maximum
        Clarify(),
    ),
    Q(
        "p-above-60",
        P,
        "how many measurements have strength above 60?",
        None,
        None,
        Scalar(lambda d: int((d["strength"] > 60).sum())),
    ),
    Q(
        "p-batch-range",
        P,
        "difference between the highest and the lowest batch mean strength",
        None,
        "各 batch 平均强度的最大值与最小值之差",
        Scalar(
            lambda d: float(d.groupby("batch")["strength"].mean().max() - d.groupby("batch")["strength"].mean().min())
        ),
    ),
]

BLIND: list[Case] = AUTOS + HOUSING + DIETOX + COLLEGE + MEDPAR + EPIL + MACRO + ELEC + NILE + PASTES
