"""The tenth blind bank's questions (sealed until scored by the lead, see README.md).

Every expected value is computed here with pandas / scipy from the same rows the product
reads (the store's Parquet copy); nothing is hard-coded.
"""

from __future__ import annotations

import pandas as pd
from scipy import stats

from tests.agents.bank import C, Case, iqr_outliers, welch_p
from tests.agents.blind10.expect_more import PCT_REL, Label, argmax, pct, top
from tests.agents.expect import Clarify, Column, Scalar, Table

INV = "us_investment"
AGL = "aglfn"
SI = "si_resistivity"
AG = "silver_weight"
BMT = "bmt"
LOC = "locales"


def _year(d: pd.DataFrame) -> pd.Series:
    return d["quarter"].dt.year


def _years(d: pd.DataFrame, first: int, last: int) -> pd.DataFrame:
    return d[_year(d).between(first, last)]


def _anova_p(d: pd.DataFrame) -> float:
    groups = [g["resistance"].to_numpy() for _, g in d.groupby("instrument")]
    return float(stats.f_oneway(*groups).pvalue)


def _hex(d: pd.DataFrame) -> pd.Series:
    return d["unicode_hex"].map(lambda h: int(h, 16))


US_INVESTMENT: list[Case] = [
    C(
        "inv-neg-inventory",
        INV,
        Scalar(lambda d: int((d["inventory_change"] < 0).sum())),
        en="How many quarters had a negative change in business inventories?",
        de="In wie vielen Quartalen war inventory_change negativ?",
    ),
    C(
        "inv-mean-fixed",
        INV,
        Scalar(lambda d: float(d["fixed_investment"].mean())),
        en="What's the average fixed investment across all quarters?",
        zh="fixed_investment 的平均值是多少？",
    ),
    C(
        "inv-max-quarter",
        INV,
        Label(lambda d: argmax(d.set_index("quarter")["fixed_investment"])),
        en="Which quarter had the highest fixed investment?",
        de="In welchem Quartal war fixed_investment am höchsten?",
    ),
    C(
        "inv-min-inventory",
        INV,
        Scalar(lambda d: float(d["inventory_change"].min())),
        en="lowest inventory_change on record?",
        zh="inventory_change 的最小值是多少？",
    ),
    C(
        "inv-yearly-1960s",
        INV,
        Table(lambda d: _years(d, 1960, 1969).groupby(_year(_years(d, 1960, 1969)))["fixed_investment"].mean()),
        en="Average fixed investment per year for 1960 through 1969",
        de="Durchschnittliche fixed_investment pro Jahr von 1960 bis 1969",
    ),
    C(
        "inv-sum-1955",
        INV,
        Scalar(lambda d: float(_years(d, 1955, 1955)["fixed_investment"].sum())),
        en="Total fixed investment in 1955?",
        zh="1955年 fixed_investment 的合计是多少？",
    ),
    C(
        "inv-corr",
        INV,
        Scalar(lambda d: float(d["fixed_investment"].corr(d["inventory_change"])), rel=1e-3),
        en="Is fixed_investment correlated with inventory_change? Give me the correlation coefficient.",
        de="Wie stark korrelieren fixed_investment und inventory_change?",
        zh="fixed_investment 和 inventory_change 的相关系数是多少？",
    ),
    C(
        "inv-mean-inventory-1950s",
        INV,
        Scalar(lambda d: float(_years(d, 1950, 1959)["inventory_change"].mean())),
        en="Mean inventory change from January 1950 to December 1959",
        de="Mittlere inventory_change zwischen dem 01.01.1950 und dem 31.12.1959?",
    ),
    C(
        "inv-growth-first-last",
        INV,
        Scalar(
            lambda d: float(
                d.sort_values("quarter")["fixed_investment"].iloc[-1]
                - d.sort_values("quarter")["fixed_investment"].iloc[0]
            )
        ),
        en="By how much did fixed investment grow between Q1 1947 and Q4 1972?",
        de="Um wie viel ist fixed_investment vom ersten Quartal 1947 bis zum vierten Quartal 1972 gestiegen?",
    ),
    C(
        "inv-top5-inventory",
        INV,
        Column("inventory_change", lambda d: list(top(d.set_index("quarter")["inventory_change"], 5).values)),
        en="Top 5 quarters by inventory_change",
        zh="inventory_change 最高的5个季度",
    ),
    C(
        "inv-count-above-150",
        INV,
        Scalar(lambda d: int((d["fixed_investment"] > 150).sum())),
        en="how many quarters had fixed investment above 150",
        zh="fixed_investment 超过150的季度有几个？",
    ),
    C(
        "inv-std-inventory",
        INV,
        Scalar(lambda d: float(d["inventory_change"].std())),
        en="What is the standard deviation of inventory_change?",
        de="Wie groß ist die Standardabweichung von inventory_change?",
    ),
    C(
        "inv-median-since-1965",
        INV,
        Scalar(lambda d: float(d.loc[d["quarter"] >= "1965-01-01", "fixed_investment"].median())),
        en="Median fixed investment from 1965 onwards?",
        zh="1965年以来 fixed_investment 的中位数是多少？",
    ),
    C(
        "inv-share-negative",
        INV,
        Scalar(lambda d: pct(d["inventory_change"] < 0), rel=PCT_REL),
        en="What percentage of quarters saw inventories shrink (inventory_change below 0)?",
        de="Wie viel Prozent der Quartale hatten eine negative inventory_change?",
    ),
    C(
        "inv-yearly-total-1970s",
        INV,
        Table(lambda d: _years(d, 1970, 1972).groupby(_year(_years(d, 1970, 1972)))["fixed_investment"].sum()),
        en="Sum of fixed_investment for each year 1970-1972",
        zh="1970到1972年每年的 fixed_investment 总和",
    ),
    C(
        "inv-year-max-inventory",
        INV,
        Label(lambda d: argmax(d.groupby(_year(d))["inventory_change"].sum())),
        en="Which year had the largest total inventory change?",
        de="In welchem Jahr war die Summe von inventory_change am größten?",
    ),
    C(
        "inv-q3-1958",
        INV,
        Scalar(lambda d: float(d.loc[d["quarter"] == "1958-07-01", "fixed_investment"].iloc[0])),
        en="fixed investment in the third quarter of 1958?",
        zh="1958年第三季度的 fixed_investment 是多少？",
    ),
    # Clarifications
    C(
        "inv-clarify-no-period",
        INV,
        Clarify(),
        en="What was the fixed investment?",
        de="Wie hoch war fixed_investment?",
    ),
    C(
        "inv-clarify-which-investment",
        INV,
        Clarify(["fixed_investment", "inventory_change"]),
        en="What was the average investment in 1960?",
        zh="1960年的平均投资是多少？",
    ),
    C(
        "inv-clarify-gdp",
        INV,
        Clarify(),
        en="How fast did GDP grow in 1960?",
        zh="1960年GDP增长了多少？",
    ),
    # Follow-ups
    C(
        "inv-followup-1960s",
        INV,
        Scalar(lambda d: int(((d["fixed_investment"] > 100) & _year(d).between(1960, 1969)).sum())),
        en="And how many of those were in the 1960s?",
        de="Und wie viele davon lagen zwischen 1960 und 1969?",
        before={
            "en": ["How many quarters had fixed investment above 100?"],
            "de": ["Wie viele Quartale hatten eine fixed_investment über 100?"],
        },
    ),
    C(
        "inv-followup-fixed-above-80",
        INV,
        Scalar(lambda d: float(_years(d, 1950, 1959).query("fixed_investment > 80")["inventory_change"].mean())),
        en="only the quarters where fixed_investment was above 80",
        zh="只看 fixed_investment 大于80的季度呢？",
        before={
            "en": ["Average inventory_change in the 1950s (1950-1959)?"],
            "zh": ["1950年到1959年 inventory_change 的平均值是多少？"],
        },
    ),
]


AGLFN: list[Case] = [
    C(
        "agl-count",
        AGL,
        Scalar(lambda d: len(d)),
        en="How many glyph names are in the list?",
        de="Wie viele Einträge hat die Glyphenliste?",
        zh="这个表一共有多少行？",
    ),
    C(
        "agl-greek",
        AGL,
        Scalar(lambda d: int(d["character_name"].str.contains("GREEK").sum())),
        en="How many entries have GREEK in the character_name?",
        zh="character_name 里包含 GREEK 的有多少条？",
    ),
    C(
        "agl-small-letter",
        AGL,
        Scalar(lambda d: int(d["character_name"].str.contains("SMALL LETTER").sum())),
        en="Count the characters whose name contains 'SMALL LETTER'",
        de="Wie viele character_name enthalten 'SMALL LETTER'?",
    ),
    C(
        "agl-box-drawings",
        AGL,
        Scalar(lambda d: int(d["character_name"].str.startswith("BOX DRAWINGS").sum())),
        en="how many character names start with BOX DRAWINGS?",
        zh="character_name 以 BOX DRAWINGS 开头的有几个？",
    ),
    C(
        "agl-distinct-hex",
        AGL,
        Scalar(lambda d: int(d["unicode_hex"].nunique())),
        en="How many distinct unicode_hex values are there?",
        de="Wie viele verschiedene Werte hat unicode_hex?",
    ),
    C(
        "agl-euro-glyph",
        AGL,
        Label(lambda d: d.loc[d["character_name"] == "EURO SIGN", "glyph_name"].item()),
        en="What's the glyph name for the EURO SIGN?",
        zh="EURO SIGN 对应的 glyph_name 是什么？",
    ),
    C(
        "agl-sterling-hex",
        AGL,
        Label(lambda d: d.loc[d["glyph_name"] == "sterling", "unicode_hex"].item()),
        en="What is the unicode_hex of the glyph sterling?",
        de="Welchen unicode_hex-Wert hat die Glyphe 'sterling'?",
    ),
    C(
        "agl-ends-acute",
        AGL,
        Scalar(lambda d: int(d["glyph_name"].str.endswith("acute").sum())),
        en="How many glyph names end in 'acute'?",
        de="Wie viele glyph_name enden auf 'acute'?",
    ),
    C(
        "agl-arrow",
        AGL,
        Scalar(lambda d: int(d["character_name"].str.contains("ARROW").sum())),
        en="How many characters have ARROW in their name?",
        zh="character_name 中带有 ARROW 的字符有多少个？",
    ),
    C(
        "agl-hex-03",
        AGL,
        Scalar(lambda d: int(d["unicode_hex"].str.startswith("03").sum())),
        en="number of rows where unicode_hex begins with 03",
        zh="unicode_hex 以“03”开头的有多少个？",
    ),
    C(
        "agl-capital-letter",
        AGL,
        Scalar(lambda d: int(d["character_name"].str.contains("CAPITAL LETTER").sum())),
        de="Wie viele Zeichen haben 'CAPITAL LETTER' im character_name?",
        zh="character_name 包含 CAPITAL LETTER 的有多少个？",
    ),
    C(
        "agl-ascii",
        AGL,
        Scalar(lambda d: int((_hex(d) <= 0x7F).sum())),
        en="How many entries are plain ASCII (unicode_hex between 0000 and 007F)?",
        de="Wie viele Einträge haben einen unicode_hex zwischen 0000 und 007F?",
    ),
    C(
        "agl-above-2000",
        AGL,
        Scalar(lambda d: int((_hex(d) > 0x2000).sum())),
        en="How many glyphs have a Unicode value above U+2000?",
        zh="unicode_hex 大于十六进制 2000 的有多少个？",
    ),
    C(
        "agl-dotaccent",
        AGL,
        Scalar(lambda d: int(d["character_name"].str.contains("WITH DOT ABOVE").sum())),
        en="How many letters are 'WITH DOT ABOVE'?",
        de="Wie viele Einträge enthalten 'WITH DOT ABOVE' im Zeichennamen (character_name)?",
    ),
    # Clarifications
    C(
        "agl-clarify-most-used",
        AGL,
        Clarify(),
        en="Which glyph is used the most?",
        de="Welche Glyphe wird am häufigsten verwendet?",
    ),
    C(
        "agl-clarify-font-size",
        AGL,
        Clarify(),
        en="Show me the average font size per glyph",
        zh="每个字形的平均字号是多少？",
    ),
    # Follow-up
    C(
        "agl-followup-capital",
        AGL,
        Scalar(
            lambda d: int(
                (d["character_name"].str.contains("LATIN") & d["character_name"].str.contains("CAPITAL")).sum()
            )
        ),
        en="only the capital ones?",
        de="Und davon nur die mit CAPITAL?",
        before={
            "en": ["How many character names contain LATIN?"],
            "de": ["Wie viele character_name enthalten LATIN?"],
        },
    ),
]


SI_RESISTIVITY: list[Case] = [
    C(
        "si-mean-by-instrument",
        SI,
        Table(lambda d: d.groupby("instrument")["resistance"].mean()),
        en="Average resistance per instrument",
        de="Mittlere resistance je instrument",
        zh="每台仪器（instrument）的平均 resistance",
    ),
    C(
        "si-highest-instrument",
        SI,
        Label(lambda d: argmax(d.groupby("instrument")["resistance"].mean())),
        en="Which instrument reads the highest resistance on average?",
        zh="哪台 instrument 的平均 resistance 最高？",
    ),
    C(
        "si-std",
        SI,
        Scalar(lambda d: float(d["resistance"].std())),
        en="standard deviation of resistance",
        de="Standardabweichung der resistance insgesamt?",
    ),
    C(
        "si-range-instr4",
        SI,
        Scalar(
            lambda d: float(
                d.loc[d["instrument"] == 4, "resistance"].max() - d.loc[d["instrument"] == 4, "resistance"].min()
            )
        ),
        en="What's the range (max minus min) of resistance for instrument 4?",
        de="Wie groß ist die Spannweite (Max minus Min) der resistance bei instrument 4?",
    ),
    C(
        "si-count-above",
        SI,
        Scalar(lambda d: int((d["resistance"] > 196.2).sum())),
        en="How many measurements exceed 196.2?",
        de="Wie viele Messwerte liegen über 196,2?",
        zh="resistance 大于196.2的测量有几次？",
    ),
    C(
        "si-std-by-instrument",
        SI,
        Table(lambda d: d.groupby("instrument")["resistance"].std()),
        en="std dev of resistance by instrument",
        zh="按 instrument 分组的 resistance 标准差",
    ),
    C(
        "si-anova",
        SI,
        Scalar(_anova_p, rel=1e-3),
        en="Do the instruments differ significantly in resistance? Give the one-way ANOVA p-value.",
        de="Unterscheiden sich die Instrumente signifikant? p-Wert der einfaktoriellen ANOVA für resistance bitte.",
    ),
    C(
        "si-welch-1-5",
        SI,
        Scalar(lambda d: welch_p(d, "instrument", "resistance", 1, 5), rel=1e-3),
        en="Is resistance different between instrument 1 and instrument 5? (t-test p-value)",
        zh="instrument 1 和 instrument 5 的 resistance 有显著差异吗？给出 t 检验的 p 值。",
    ),
    C(
        "si-min",
        SI,
        Scalar(lambda d: float(d["resistance"].min())),
        en="smallest resistance measured?",
        zh="测得的最小 resistance 是多少？",
    ),
    C(
        "si-median-instr3",
        SI,
        Scalar(lambda d: float(d.loc[d["instrument"] == 3, "resistance"].median())),
        en="Median resistance of instrument 3",
        de="Median der resistance für Instrument 3?",
    ),
    C(
        "si-clarify-accurate",
        SI,
        Clarify(),
        en="Which instrument is the most accurate?",
        de="Welches Instrument misst am genauesten?",
    ),
    C(
        "si-clarify-temperature",
        SI,
        Clarify(),
        en="What was the average temperature during the measurements?",
        zh="测量时的平均温度是多少？",
    ),
    C(
        "si-followup-instr-4-5",
        SI,
        Scalar(lambda d: int(((d["resistance"] < 196.2) & d["instrument"].isin([4, 5])).sum())),
        en="and only for instruments 4 and 5?",
        de="Und nur bei den Instrumenten 4 und 5?",
        before={
            "en": ["How many measurements are below 196.2?"],
            "de": ["Wie viele Messwerte liegen unter 196,2?"],
        },
    ),
]


SILVER_WEIGHT: list[Case] = [
    C(
        "ag-mean-by-instrument",
        AG,
        Table(lambda d: d.groupby("instrument")["atomic_weight"].mean()),
        en="mean atomic_weight for each instrument",
        de="Durchschnittliches atomic_weight pro instrument",
    ),
    C(
        "ag-diff-means",
        AG,
        Scalar(
            lambda d: float(
                d.loc[d["instrument"] == 1, "atomic_weight"].mean()
                - d.loc[d["instrument"] == 2, "atomic_weight"].mean()
            )
        ),
        en="Difference in mean atomic_weight, instrument 1 minus instrument 2?",
        de="Wie groß ist die Differenz der mittleren atomic_weight zwischen Instrument 1 und Instrument 2 (1 minus 2)?",
    ),
    C(
        "ag-welch",
        AG,
        Scalar(lambda d: welch_p(d, "instrument", "atomic_weight", 1, 2), rel=1e-3),
        en="Do the two instruments give significantly different atomic weights? Welch t-test p-value please",
        zh="两台仪器测得的 atomic_weight 是否有显著差异？请给出 Welch t 检验的 p 值",
    ),
    C(
        "ag-count-by-instrument",
        AG,
        Table(lambda d: d.groupby("instrument").size()),
        de="Wie viele Messungen gibt es je Instrument?",
        zh="每台 instrument 各有多少次测量？",
    ),
    C(
        "ag-mean",
        AG,
        Scalar(lambda d: float(d["atomic_weight"].mean())),
        en="What's the overall average atomic weight?",
        zh="atomic_weight 的总体平均值是多少？",
    ),
    C(
        "ag-std-instr2",
        AG,
        Scalar(lambda d: float(d.loc[d["instrument"] == 2, "atomic_weight"].std())),
        en="std of atomic_weight for instrument 2",
        de="Standardabweichung von atomic_weight für Instrument 2",
    ),
    C(
        "ag-max",
        AG,
        Scalar(lambda d: float(d["atomic_weight"].max())),
        en="What is the largest atomic_weight measured?",
        zh="atomic_weight 的最大值？",
    ),
    C(
        "ag-count-above",
        AG,
        Scalar(lambda d: int((d["atomic_weight"] > 107.86815).sum())),
        en="How many measurements are above 107.86815?",
        de="Wie viele Messungen liegen über 107,86815?",
    ),
    C(
        "ag-outliers",
        AG,
        Scalar(lambda d: iqr_outliers(d["atomic_weight"])),
        en="How many outliers does atomic_weight have (1.5 x IQR rule)?",
        de="Wie viele Ausreißer gibt es bei atomic_weight nach der 1,5-IQR-Regel?",
    ),
    C(
        "ag-median-by-instrument",
        AG,
        Table(lambda d: d.groupby("instrument")["atomic_weight"].median()),
        en="median atomic weight by instrument",
        zh="按 instrument 统计 atomic_weight 的中位数",
    ),
    C(
        "ag-clarify-tolerance",
        AG,
        Clarify(),
        en="How many measurements are within tolerance?",
        zh="有多少次测量在允许误差范围内？",
    ),
]


BMT_CASES: list[Case] = [
    C(
        "bmt-count-by-group",
        BMT,
        Table(lambda d: d["Group"].value_counts()),
        en="How many patients are in each Group?",
        de="Anzahl der Patienten pro Group",
        zh="每个 Group 有多少病人？",
    ),
    C(
        "bmt-share-status1",
        BMT,
        Scalar(lambda d: pct(d["Status"] == 1), rel=PCT_REL),
        en="What percentage of patients have Status 1?",
        de="Wie hoch ist der Anteil der Patienten mit Status = 1 in Prozent?",
    ),
    C(
        "bmt-mean-status-by-group",
        BMT,
        Table(lambda d: d.groupby("Group")["Status"].mean()),
        en="average Status by Group",
        zh="按 Group 计算 Status 的平均值",
    ),
    C(
        "bmt-median-t-by-group",
        BMT,
        Table(lambda d: d.groupby("Group")["T"].median()),
        en="Median T for each group",
        de="Median von T je Gruppe (Group)",
    ),
    C(
        "bmt-max-t",
        BMT,
        Scalar(lambda d: int(d["T"].max())),
        en="What's the longest follow-up time T?",
        zh="T 的最大值是多少？",
    ),
    C(
        "bmt-mean-t-aml-low",
        BMT,
        Scalar(lambda d: float(d.loc[d["Group"] == "AML-Low Risk", "T"].mean())),
        en="Average T in the AML-Low Risk group?",
        de="Durchschnittliches T in der Gruppe AML-Low Risk?",
    ),
    C(
        "bmt-short-t-status1",
        BMT,
        Scalar(lambda d: int(((d["T"] < 100) & (d["Status"] == 1)).sum())),
        en="How many patients had T under 100 days and Status 1?",
        zh="T 小于100且 Status 为1的病人有多少？",
    ),
    C(
        "bmt-group-longest-t",
        BMT,
        Label(lambda d: argmax(d.groupby("Group")["T"].mean())),
        en="Which group has the highest mean T?",
        de="Welche Gruppe hat das höchste durchschnittliche T?",
    ),
    C(
        "bmt-welch-t",
        BMT,
        Scalar(lambda d: welch_p(d, "Group", "T", "ALL", "AML-High Risk"), rel=1e-3),
        en="Is T significantly different between ALL and AML-High Risk? Welch test p value",
    ),
    C(
        "bmt-share-high-risk",
        BMT,
        Scalar(lambda d: pct(d["Group"] == "AML-High Risk"), rel=PCT_REL),
        de="Wie viel Prozent der Patienten sind in der Gruppe AML-High Risk?",
        zh="AML-High Risk 组的病人占总数的百分比是多少？",
    ),
    C(
        "bmt-distinct-groups",
        BMT,
        Scalar(lambda d: int(d["Group"].nunique())),
        en="how many different groups are there",
        zh="Group 有几个不同的取值？",
    ),
    C(
        "bmt-group-status",
        BMT,
        Table(lambda d: d.groupby(["Group", "Status"]).size()),
        en="Number of patients by Group and Status",
        de="Anzahl Patienten nach Group und Status",
    ),
    C(
        "bmt-share-t-over-1000",
        BMT,
        Scalar(lambda d: pct(d["T"] > 1000), rel=PCT_REL),
        en="What share of patients have T greater than 1000 (in %)?",
    ),
    C(
        "bmt-clarify-survival",
        BMT,
        Clarify(),
        en="What's the survival rate?",
        zh="生存率是多少？",
    ),
    C(
        "bmt-clarify-age",
        BMT,
        Clarify(),
        en="Average patient age per group?",
        de="Wie alt sind die Patienten im Schnitt pro Gruppe?",
    ),
    C(
        "bmt-followup-all",
        BMT,
        Scalar(lambda d: int(((d["Status"] == 1) & (d["Group"] == "ALL")).sum())),
        en="only in the ALL group",
        zh="只看 ALL 组呢？",
        before={
            "en": ["How many patients have Status 1?"],
            "zh": ["Status 为1的病人有多少？"],
        },
    ),
]


LOCALES: list[Case] = [
    C(
        "loc-count",
        LOC,
        Scalar(lambda d: len(d)),
        en="How many locales are in the table?",
        de="Wie viele Locales enthält die Tabelle?",
        zh="表里一共有多少个 locale？",
    ),
    C(
        "loc-rtl",
        LOC,
        Scalar(lambda d: int((d["text_direction"] == "rtl").sum())),
        en="How many locales are written right-to-left (text_direction rtl)?",
        zh="有多少个 locale 是从右往左书写的（text_direction 为 rtl）？",
    ),
    C(
        "loc-first-day",
        LOC,
        Table(lambda d: d["first_day_of_week"].value_counts()),
        en="number of locales per first_day_of_week",
        de="Wie verteilen sich die Locales auf first_day_of_week?",
    ),
    C(
        "loc-no-territory",
        LOC,
        Scalar(lambda d: int(d["territory"].isna().sum())),
        en="How many locales have no territory?",
        de="Bei wie vielen Locales fehlt territory?",
    ),
    C(
        "loc-missing-per-column",
        LOC,
        Table(lambda d: d.isna().sum()),
        en="How many missing values does each column have?",
        zh="每一列各有多少个缺失值？",
    ),
    C(
        "loc-top2-languages",
        LOC,
        Table(lambda d: top(d["language"].value_counts(), 2), ordered=True),
        en="Which two languages have the most locales?",
        de="Welche zwei Sprachen (language) haben die meisten Locales?",
    ),
    C(
        "loc-comma-share",
        LOC,
        Scalar(lambda d: pct(d["decimal_separator"] == ","), rel=PCT_REL),
        en="What % of locales use a comma as decimal_separator?",
        de="Wie viel Prozent der Locales verwenden das Komma als decimal_separator?",
    ),
    C(
        "loc-german",
        LOC,
        Scalar(lambda d: int((d["language"] == "de").sum())),
        en="How many locales are there for language de?",
        zh="language 为 de 的 locale 有多少个？",
    ),
    C(
        "loc-distinct-languages",
        LOC,
        Scalar(lambda d: int(d["language"].nunique())),
        en="how many distinct languages",
        de="Wie viele verschiedene Werte hat die Spalte language?",
    ),
    C(
        "loc-distinct-territories",
        LOC,
        Scalar(lambda d: int(d["territory"].nunique())),
        en="How many different territories appear?",
        zh="territory 有多少个不同的值？",
    ),
    C(
        "loc-top-script",
        LOC,
        Label(lambda d: argmax(d["script"].value_counts())),
        en="Which script occurs most often?",
        zh="哪个 script 出现次数最多？",
    ),
    C(
        "loc-min-days-4",
        LOC,
        Scalar(lambda d: pct(d["min_days_in_first_week"] == 4), rel=PCT_REL),
        en="Share of locales with min_days_in_first_week = 4, in percent",
        de="Anteil der Locales mit min_days_in_first_week gleich 4 (in %)?",
    ),
    C(
        "loc-switzerland",
        LOC,
        Scalar(lambda d: int(d["english_name"].str.contains("Switzerland", na=False).sum())),
        en="How many locales have Switzerland in their english_name?",
        de="Wie viele Locales enthalten 'Switzerland' im english_name?",
    ),
    C(
        "loc-native-fr-ch",
        LOC,
        Label(lambda d: d.loc[d["locale"] == "fr_CH", "native_name"].item()),
        en="What's the native_name of locale fr_CH?",
        zh="fr_CH 的 native_name 是什么？",
    ),
    C(
        "loc-top-territory",
        LOC,
        Label(lambda d: argmax(d["territory"].value_counts())),
        en="Which territory has the most locales?",
        de="Welches territory hat die meisten Locales?",
    ),
    C(
        "loc-rtl-first-day",
        LOC,
        Table(lambda d: d.loc[d["text_direction"] == "rtl", "first_day_of_week"].value_counts()),
        en="For rtl locales, how many start the week on each day? (first_day_of_week)",
        zh="text_direction 为 rtl 的 locale 按 first_day_of_week 分别有多少个？",
    ),
    C(
        "loc-clarify-popular",
        LOC,
        Clarify(),
        en="Which locale is the most popular?",
        zh="哪个 locale 最受欢迎？",
    ),
    C(
        "loc-clarify-24h",
        LOC,
        Clarify(),
        en="How many locales use the 24-hour clock?",
        de="Wie viele Locales verwenden das 24-Stunden-Format?",
    ),
    C(
        "loc-clarify-name",
        LOC,
        Clarify(["english_name", "native_name"]),
        en="How many locales have no name?",
        de="Bei wie vielen Locales fehlt der Name?",
    ),
    C(
        "loc-followup-sunday-rtl",
        LOC,
        Scalar(lambda d: int(((d["first_day_of_week"] == "Sunday") & (d["text_direction"] == "rtl")).sum())),
        en="and of those, how many are rtl?",
        zh="其中 text_direction 为 rtl 的有几个？",
        before={
            "en": ["How many locales start the week on Sunday?"],
            "zh": ["first_day_of_week 为 Sunday 的 locale 有多少个？"],
        },
    ),
    C(
        "loc-followup-es-comma",
        LOC,
        Scalar(lambda d: int(((d["language"] == "es") & (d["decimal_separator"] == ",")).sum())),
        en="Only the ones with a comma as decimal separator?",
        de="Nur die mit Komma als decimal_separator?",
        before={
            "en": ["How many locales have language es?"],
            "de": ["Wie viele Locales gibt es für die language es?"],
        },
    ),
]


BLIND: list[Case] = US_INVESTMENT + AGLFN + SI_RESISTIVITY + SILVER_WEIGHT + BMT_CASES + LOCALES
