"""The eleventh blind bank's questions (sealed until scored by the lead; see README.md).

Each case is asked in one to three languages; every expected value is computed here with
pandas from the bank's own copy of the rows (tests.agents.blind11.datasets)."""

from __future__ import annotations

import pandas as pd

from tests.agents.bank import C, Case, welch_p
from tests.agents.blind11.expect_more import PCT_REL, ByMonth, Label, OneOf, argmax, argmin, pct, top
from tests.agents.expect import Clarify, Scalar, Table

IP = "ip_growth"
CD = "codata"
UB = "unicode_blocks"
AF = "affairs_pt"
FE = "food_expenditure"

P_REL = 1e-3  # a p-value printed with fewer digits is still the right p-value


def _between(df: pd.DataFrame, start: str, end: str) -> pd.DataFrame:
    """The months from `start` to `end` (both included)."""
    return df[(df["month"] >= pd.Timestamp(start)) & (df["month"] <= pd.Timestamp(end))]


def _decade(df: pd.DataFrame, first_year: int) -> pd.DataFrame:
    return _between(df, f"{first_year}-01-01", f"{first_year + 9}-12-31")


def _by_month(df: pd.DataFrame, column: str) -> pd.Series:
    """The mean of `column` per calendar month over all years, keyed by a monthly Period
    (the year is not part of the answer: ByMonth accepts a month printed without it)."""
    means = df.groupby(df["month"].dt.month)[column].mean()
    return pd.Series(means.values, index=[pd.Period(f"2000-{m:02d}", "M") for m in means.index])


def _by_month_label(df: pd.DataFrame, column: str) -> pd.Series:
    """`column` keyed by its month (for arg-max / arg-min / top-N of a monthly series)."""
    return df.set_index("month")[column]


def _code(s: pd.Series) -> pd.Series:
    """Hexadecimal code point text as the number it is."""
    return s.map(lambda text: int(text, 16))


def _size(df: pd.DataFrame) -> pd.Series:
    """The number of code points each block covers."""
    return _code(df["last_code"]) - _code(df["first_code"]) + 1


def _block_sizes(df: pd.DataFrame) -> pd.Series:
    """The number of code points of each block, keyed by the block's name."""
    return _size(df).set_axis(df["block"])


def _lookup(df: pd.DataFrame, name: str, column: str = "value") -> float:
    hit = df.loc[df["quantity"] == name, column]
    assert len(hit) == 1, name
    return float(hit.iloc[0])


def _contains(df: pd.DataFrame, text: str) -> pd.Series:
    return df["quantity"].str.contains(text, case=False, regex=False)


# ---------------------------------------------------------------- ip_growth (monthly)

IP_CASES: list[Case] = [
    C(
        "ip-negative-months",
        IP,
        Scalar(lambda df: int((df["ip_growth"] < 0).sum())),
        en="How many months had negative industrial production growth?",
        de="In wie vielen Monaten war ip_growth negativ?",
    ),
    C(
        "ip-mean-1970s",
        IP,
        Scalar(lambda df: float(_decade(df, 1970)["ip_growth"].mean())),
        en="average ip_growth during the 1970s",
        zh="1970年代（1970–1979年）工业生产增长率ip_growth的平均值是多少？",
    ),
    C(
        "ip-yearly-1980-1985",
        IP,
        Table(
            lambda df: (
                _between(df, "1980-01-01", "1985-12-31")
                .groupby(_between(df, "1980-01-01", "1985-12-31")["month"].dt.year)["ip_growth"]
                .mean()
            )
        ),
        en="Can you give me the mean IP growth for each year from 1980 through 1985?",
        de="Mittleres ip_growth pro Jahr, 1980 bis 1985",
        zh="按年份列出1980到1985年ip_growth的平均值",
    ),
    C(
        "ip-lowest-month",
        IP,
        Label(lambda df: argmin(_by_month_label(df, "ip_growth"))),
        en="Which month saw the steepest fall in industrial production growth, i.e. the lowest ip_growth?",
        zh="ip_growth最低的是哪个月？",
    ),
    C(
        "ip-highest-month",
        IP,
        Label(lambda df: argmax(_by_month_label(df, "ip_growth"))),
        en="In which month was ip_growth highest?",
        de="In welchem Monat war das Wachstum der Industrieproduktion (ip_growth) am größten?",
    ),
    C(
        "ip-corr-leading",
        IP,
        Scalar(lambda df: float(df["ip_growth"].corr(df["leading_growth"]))),
        en="What's the correlation between ip_growth and leading_growth?",
        de="Wie stark korrelieren ip_growth und leading_growth?",
        zh="工业生产增长（ip_growth）和领先指标增长（leading_growth）之间的相关系数是多少？",
    ),
    C(
        "ip-march-1975",
        IP,
        Scalar(lambda df: float(df.loc[df["month"] == pd.Timestamp("1975-03-01"), "ip_growth"].iloc[0])),
        en="What was ip_growth in March 1975?",
        de="Wie hoch war ip_growth im März 1975?",
    ),
    C(
        "ip-sum-1974",
        IP,
        Scalar(lambda df: float(_between(df, "1974-01-01", "1974-12-31")["ip_growth"].sum())),
        en="Add up the monthly ip_growth over 1974 - what's the total?",
        zh="1974年各月的ip_growth加起来总共是多少？",
    ),
    C(
        "ip-median",
        IP,
        Scalar(lambda df: float(df["ip_growth"].median())),
        en="median of ip_growth",
        de="Was ist der Median von ip_growth über den gesamten Zeitraum?",
    ),
    C(
        "ip-both-negative",
        IP,
        Scalar(lambda df: int(((df["ip_growth"] < 0) & (df["leading_growth"] < 0)).sum())),
        en="How many months had both ip_growth and leading_growth below zero?",
        zh="ip_growth和leading_growth同时为负的月份有几个？",
    ),
    C(
        "ip-std-1950s",
        IP,
        Scalar(lambda df: float(_decade(df, 1950)["ip_growth"].std())),
        en="standard deviation of ip_growth in the 1950s (1950-1959)",
        de="Standardabweichung von ip_growth in den 1950er Jahren",
    ),
    C(
        "ip-top5-leading",
        IP,
        Table(lambda df: top(_by_month_label(df, "leading_growth"), 5), ordered=True),
        en="Top 5 months by leading_growth",
        de="Die fünf Monate mit dem höchsten leading_growth, bitte absteigend sortiert.",
        zh="leading_growth最高的5个月是哪些？",
    ),
    C(
        "ip-share-positive",
        IP,
        Scalar(lambda df: pct(df["ip_growth"] > 0), rel=PCT_REL),
        en="What percentage of months had positive ip_growth?",
        zh="ip_growth为正的月份占全部月份的百分之几？",
    ),
    C(
        "ip-calendar-month",
        IP,
        ByMonth(lambda df: _by_month(df, "ip_growth")),
        en=(
            "Is there a seasonal pattern? Show the average ip_growth for each calendar month "
            "(January to December, all years pooled)."
        ),
        de="Durchschnittliches ip_growth je Kalendermonat (Januar bis Dezember, über alle Jahre zusammen)",
    ),
    C(
        "ip-mean-1960-1964",
        IP,
        Scalar(lambda df: float(_between(df, "1960-01-01", "1964-12-31")["ip_growth"].mean())),
        en="Mean ip_growth between 1960-01-01 and 1964-12-31",
        de="Durchschnittliches Wachstum der Industrieproduktion (ip_growth) vom 01.01.1960 bis 31.12.1964?",
    ),
    C(
        "ip-max-1980s",
        IP,
        Scalar(lambda df: float(_decade(df, 1980)["ip_growth"].max())),
        en="What was the largest monthly ip_growth in the 1980s?",
        zh="1980年代单月ip_growth的最大值是多少？",
    ),
    C(
        "ip-leading-below-minus2",
        IP,
        Scalar(lambda df: int((df["leading_growth"] < -2).sum())),
        en="How many months had leading_growth below -2?",
        de="Wie viele Monate hatten ein leading_growth unter -2?",
        zh="leading_growth小于-2的月份有多少个？",
    ),
    C(
        "ip-zero-months",
        IP,
        Scalar(lambda df: int((df["ip_growth"] == 0).sum())),
        en="How many months show exactly zero ip_growth?",
        de="Wie viele Monate haben ein ip_growth von genau 0?",
    ),
    C(
        "ip-first-month",
        IP,
        Label(lambda df: df["month"].min()),
        en="When does the series start? First month in the data?",
        zh="数据从哪个月开始？",
    ),
    # Clarifications.
    C(
        "ip-recessions",
        IP,
        Clarify(),
        en="What was the average IP growth during recessions?",
        de="Wie hoch war das Wachstum der Industrieproduktion in Rezessionen im Schnitt?",
    ),
    C(
        "ip-which-growth",
        IP,
        Clarify(["ip_growth", "leading_growth"]),
        en="What was the average growth in 1965?",
        zh="1965年的平均增长率是多少？",
    ),
    C(
        "ip-unemployment",
        IP,
        Clarify(),
        en="Show the unemployment rate for 1975.",
        de="Zeig mir die Arbeitslosenquote für 1975.",
    ),
    C(
        "ip-oil-crisis",
        IP,
        Clarify(),
        en="Compare ip_growth before and after the oil crisis.",
        zh="比较石油危机前后的ip_growth。",
    ),
    # Follow-ups.
    C(
        "ip-negative-then-1980s",
        IP,
        Scalar(lambda df: int((_decade(df, 1980)["ip_growth"] < 0).sum())),
        en="And only in the 1980s?",
        de="Und nur in den 1980er Jahren?",
        before={
            "en": ["How many months had negative ip_growth?"],
            "de": ["Wie viele Monate hatten ein negatives ip_growth?"],
        },
    ),
    C(
        "ip-leading-1960s-then-ip-above-1",
        IP,
        Scalar(lambda df: float(_decade(df, 1960).query("ip_growth > 1")["leading_growth"].mean())),
        en="now only the months where ip_growth was above 1",
        zh="只看其中ip_growth大于1的月份呢？",
        before={
            "en": ["mean leading_growth in the 1960s"],
            "zh": ["1960年代leading_growth的平均值是多少？"],
        },
    ),
]

# ---------------------------------------------------------------- codata (text, missing values)

CD_CASES: list[Case] = [
    C(
        "cd-count",
        CD,
        Scalar(lambda df: len(df)),
        en="How many constants are in the table?",
        de="Wie viele Konstanten enthält die Tabelle?",
        zh="表里一共有多少个物理常数？",
    ),
    C(
        "cd-no-uncertainty",
        CD,
        Scalar(lambda df: int(df["uncertainty"].isna().sum())),
        en="How many constants have no uncertainty (the uncertainty field is empty)?",
        de="Bei wie vielen Konstanten fehlt die Unsicherheit (uncertainty)?",
        zh="uncertainty为空的常数有几个？",
    ),
    C(
        "cd-no-unit",
        CD,
        Scalar(lambda df: int(df["unit"].isna().sum())),
        en="How many quantities have no unit?",
        zh="没有单位（unit为空）的量有多少个？",
    ),
    C(
        "cd-missing-per-column",
        CD,
        # every column (those with none missing as 0), or only the columns with missing values
        OneOf([Table(lambda df: df.isna().sum()), Table(lambda df: df.isna().sum().loc[lambda s: s > 0])]),
        en="missing values per column",
        de="Fehlende Werte je Spalte?",
    ),
    C(
        "cd-proton",
        CD,
        Scalar(lambda df: int(_contains(df, "proton").sum())),
        en="How many quantities mention the proton?",
        de="Wie viele Größen enthalten 'proton' im Namen?",
        zh="名称中包含“proton”的常数有多少个？",
    ),
    C(
        "cd-joules",
        CD,
        Scalar(lambda df: int((df["unit"] == "J").sum())),
        en="How many constants are given in joules (unit J)?",
        zh="单位是J的常数有几个？",
    ),
    C(
        "cd-distinct-units",
        CD,
        Scalar(lambda df: int(df["unit"].nunique())),
        en="How many different units appear?",
        de="Wie viele verschiedene Einheiten gibt es?",
    ),
    C(
        "cd-common-units",
        CD,
        Table(lambda df: df["unit"].value_counts().loc[lambda s: s >= 10]),
        en="Which units are used by at least 10 constants, and how many constants each?",
        de="Welche Einheiten kommen bei mindestens 10 Konstanten vor? Mit Anzahl bitte.",
    ),
    C(
        "cd-speed-of-light",
        CD,
        Scalar(lambda df: _lookup(df, "speed of light in vacuum")),
        en="What's the value of the speed of light in vacuum?",
        de="Welchen Wert hat 'speed of light in vacuum'?",
        zh="speed of light in vacuum 的数值是多少？",
    ),
    C(
        "cd-avogadro",
        CD,
        Scalar(lambda df: _lookup(df, "Avogadro constant")),
        en="Avogadro constant value?",
        zh="阿伏伽德罗常数（Avogadro constant）的值是多少？",
    ),
    C(
        "cd-gravitation-uncertainty",
        CD,
        Scalar(lambda df: _lookup(df, "Newtonian constant of gravitation", "uncertainty")),
        en="What's the uncertainty on the Newtonian constant of gravitation?",
        de="Wie groß ist die Unsicherheit der Gravitationskonstante (Newtonian constant of gravitation)?",
    ),
    C(
        "cd-largest-in-metres",
        CD,
        Label(lambda df: argmax(df[df["unit"] == "m"].set_index("quantity")["value"])),
        en="Among the constants measured in metres (unit m), which one has the largest value?",
        zh="单位为m的常数中，哪个数值最大？",
    ),
    C(
        "cd-largest-relative-uncertainty",
        CD,
        Label(lambda df: argmax((df["uncertainty"] / df["value"].abs()).set_axis(df["quantity"]))),
        en="Which constant has the largest relative uncertainty (uncertainty divided by the absolute value)?",
        de="Welche Konstante hat die größte relative Unsicherheit (uncertainty geteilt durch den Betrag von value)?",
    ),
    C(
        "cd-starts-neutron",
        CD,
        Scalar(lambda df: int(df["quantity"].str.startswith("neutron").sum())),
        en="How many quantity names start with 'neutron'?",
        zh="名称以neutron开头的有多少个？",
    ),
    C(
        "cd-ends-relationship",
        CD,
        Scalar(lambda df: int(df["quantity"].str.endswith("relationship").sum())),
        en="Count the quantities whose name ends in 'relationship'.",
        de="Wie viele Einträge enden auf 'relationship'?",
    ),
    C(
        "cd-negative",
        CD,
        Scalar(lambda df: int((df["value"] < 0).sum())),
        en="How many constants have a negative value?",
        de="Wie viele Konstanten haben einen negativen Wert?",
        zh="数值为负的常数有多少个？",
    ),
    C(
        "cd-electron-mass",
        CD,
        Scalar(lambda df: _lookup(df, "electron mass")),
        en="look up electron mass",
        de="Wert von 'electron mass'?",
    ),
    C(
        "cd-magnetic-moments",
        CD,
        Scalar(lambda df: int(_contains(df, "mag. mom.").sum())),
        en="How many rows are magnetic moments, i.e. have 'mag. mom.' in the quantity?",
        zh="quantity中包含“mag. mom.”的有几行？",
    ),
    # Clarifications.
    C(
        "cd-most-precise",
        CD,
        Clarify(),
        en="Which constants are the most precise?",
        zh="哪些常数最精确？",
    ),
    C(
        "cd-year-measured",
        CD,
        Clarify(),
        en="In which year was each constant first measured?",
        de="In welchem Jahr wurde jede Konstante zuerst gemessen?",
    ),
    C(
        "cd-edition-change",
        CD,
        Clarify(),
        en="How much did the fine-structure constant change between CODATA 2018 and 2022?",
        zh="精细结构常数（fine-structure constant）在CODATA 2018和2022之间变化了多少？",
    ),
    # Follow-up.
    C(
        "cd-mass-then-kg",
        CD,
        Scalar(lambda df: int((_contains(df, "mass") & (df["unit"] == "kg")).sum())),
        en="Of those, how many are in kg?",
        de="Und davon, wie viele haben die Einheit kg?",
        before={
            "en": ["How many quantities contain 'mass'?"],
            "de": ["Wie viele Größen enthalten 'mass'?"],
        },
    ),
]

# ---------------------------------------------------------------- unicode_blocks (codes as text)

UB_CASES: list[Case] = [
    C(
        "ub-count",
        UB,
        Scalar(lambda df: len(df)),
        en="How many Unicode blocks are listed?",
        de="Wie viele Blöcke sind es?",
        zh="一共列出了多少个Unicode区块？",
    ),
    C(
        "ub-cjk",
        UB,
        Scalar(lambda df: int(df["block"].str.contains("CJK", regex=False).sum())),
        en="How many blocks have CJK in their name?",
        zh="名称里带CJK的区块有几个？",
    ),
    C(
        "ub-latin",
        UB,
        Scalar(lambda df: int(df["block"].str.contains("Latin", regex=False).sum())),
        en="number of blocks whose name contains Latin",
        de="Wie viele Blöcke haben 'Latin' im Namen?",
    ),
    C(
        "ub-block-of-e9",
        UB,
        Label(lambda df: df.loc[(_code(df["first_code"]) <= 0xE9) & (_code(df["last_code"]) >= 0xE9), "block"].item()),
        en="Which block does code point 00E9 fall into?",
        de="In welchen Block fällt der Codepunkt U+00E9?",
        zh="码位00E9属于哪个区块？",
    ),
    C(
        "ub-outside-bmp",
        UB,
        Scalar(lambda df: int((_code(df["first_code"]) >= 0x10000).sum())),
        en="How many blocks start at code point 10000 (hex) or higher, i.e. outside the BMP?",
        zh="起始码位（first_code）大于等于十六进制10000的区块有多少个？",
    ),
    C(
        "ub-largest-in-bmp",
        UB,
        Label(lambda df: argmax(_block_sizes(df[_code(df["first_code"]) < 0x10000]))),
        en="Which block in the Basic Multilingual Plane (first_code below hex 10000) covers the most code points?",
        de="Welcher Block unterhalb von U+10000 umfasst die meisten Codepunkte?",
    ),
    C(
        "ub-total-code-points",
        UB,
        Scalar(lambda df: int(_size(df).sum())),
        en="How many code points do all the blocks cover together (last_code - first_code + 1, summed)?",
        de="Wie viele Codepunkte umfassen alle Blöcke zusammen? (last_code minus first_code plus 1, aufsummiert)",
    ),
    C(
        "ub-starts-0370",
        UB,
        Label(lambda df: df.loc[df["first_code"] == "0370", "block"].item()),
        en="Which block starts at 0370?",
        zh="first_code为0370的是哪个区块？",
    ),
    C(
        "ub-cyrillic-end",
        UB,
        Label(lambda df: df.loc[df["block"] == "Cyrillic", "last_code"].item()),
        en="What's the last code point of the Cyrillic block?",
        de="Letzter Codepunkt (last_code) des Blocks 'Cyrillic'?",
    ),
    C(
        "ub-supplements",
        UB,
        Scalar(lambda df: int(df["block"].str.endswith("Supplement").sum())),
        en="How many block names end with 'Supplement'?",
        zh="名称以Supplement结尾的区块有几个？",
    ),
    C(
        "ub-extended-a",
        UB,
        Scalar(lambda df: int(df["block"].str.contains("Extended-A", regex=False).sum())),
        en="count blocks with 'Extended-A' in the name",
        de="Wie viele Blocknamen enthalten 'Extended-A'?",
    ),
    C(
        "ub-per-plane",
        UB,
        Table(lambda df: df.groupby(_code(df["first_code"]) // 0x10000).size()),
        en="How many blocks are there in each plane? (plane = first code point divided by hex 10000, rounded down)",
        zh="每个平面有多少个区块？（平面号 = first_code 整除十六进制10000）",
    ),
    C(
        "ub-size-128",
        UB,
        Scalar(lambda df: int((_size(df) == 128).sum())),
        en="How many blocks cover exactly 128 code points?",
        de="Wie viele Blöcke umfassen genau 128 Codepunkte?",
    ),
    C(
        "ub-symbols",
        UB,
        Scalar(lambda df: int(df["block"].str.contains("Symbols", regex=False).sum())),
        en="How many blocks have 'Symbols' somewhere in the name?",
        de="Wie viele Blöcke haben 'Symbols' im Namen?",
        zh="区块名称中含有“Symbols”的有多少个？",
    ),
    C(
        "ub-median-size",
        UB,
        Scalar(lambda df: float(_size(df).median())),
        en="What's the median block size in code points?",
        zh="区块大小（码位个数）的中位数是多少？",
    ),
    # Clarifications.
    C(
        "ub-most-used",
        UB,
        Clarify(),
        en="Which blocks are used the most?",
        de="Welche Blöcke werden am häufigsten verwendet?",
    ),
    C(
        "ub-version-added",
        UB,
        Clarify(),
        en="Which Unicode version introduced each block?",
        zh="每个区块是在哪个Unicode版本中加入的？",
    ),
    # Follow-up.
    C(
        "ub-arabic-then-beyond-bmp",
        UB,
        Scalar(
            lambda df: int((df["block"].str.contains("Arabic", regex=False) & (_code(df["first_code"]) > 0xFFFF)).sum())
        ),
        en="And how many of those start above FFFF?",
        de="Und wie viele davon beginnen oberhalb von FFFF?",
        zh="其中起始码位大于FFFF的有几个？",
        before={
            "en": ["How many blocks have Arabic in the name?"],
            "de": ["Wie viele Blöcke haben 'Arabic' im Namen?"],
            "zh": ["名称中包含Arabic的区块有多少个？"],
        },
    ),
]

# ---------------------------------------------------------------- affairs_pt (category + measures)

AF_CASES: list[Case] = [
    C(
        "af-count",
        AF,
        Scalar(lambda df: len(df)),
        en="How many respondents are there?",
        zh="共有多少名受访者？",
    ),
    C(
        "af-share-any-affair",
        AF,
        Scalar(lambda df: pct(df["naffairs"] > 0), rel=PCT_REL),
        en="What share of respondents reported at least one affair (naffairs > 0)? In percent.",
        de="Wie viel Prozent hatten mindestens eine Affäre (naffairs > 0)?",
        zh="naffairs大于0的受访者占百分之多少？",
    ),
    C(
        "af-mean-by-sex",
        AF,
        Table(lambda df: df.groupby("sex")["naffairs"].mean()),
        en="Average naffairs by sex",
        de="Durchschnittliche Anzahl Affären (naffairs) nach sex",
    ),
    C(
        "af-mean-by-rating",
        AF,
        Table(lambda df: df.groupby("rate_marriage")["naffairs"].mean()),
        en="How does the number of affairs vary with rate_marriage? Mean naffairs per rating please.",
        zh="按rate_marriage分组，naffairs的平均值分别是多少？",
    ),
    C(
        "af-per-occupation",
        AF,
        Table(lambda df: df["occupation"].value_counts()),
        en="number of respondents per occupation",
        de="Anzahl Befragte je occupation",
    ),
    C(
        "af-mean-age",
        AF,
        Scalar(lambda df: float(df["age"].mean())),
        en="mean age",
        zh="受访者的平均年龄是多少？",
    ),
    C(
        "af-corr-age-married",
        AF,
        Scalar(lambda df: float(df["age"].corr(df["nmarried"]))),
        en="Correlation between age and years married (nmarried)?",
        de="Korrelation zwischen age und nmarried?",
    ),
    C(
        "af-median-education",
        AF,
        Scalar(lambda df: float(df["education"].median())),
        en="median education",
        de="Median der education?",
        zh="受教育年限（education）的中位数是多少？",
    ),
    C(
        "af-children-many-affairs",
        AF,
        Scalar(lambda df: int(((df["nchildren"] == 1) & (df["naffairs"] >= 7)).sum())),
        en="How many people with children (nchildren = 1) reported 7 or more affairs?",
    ),
    C(
        "af-max-affairs",
        AF,
        Scalar(lambda df: float(df["naffairs"].max())),
        en="Highest number of affairs anyone reported?",
        de="Was ist der höchste Wert von naffairs?",
    ),
    C(
        "af-religious-no-affair",
        AF,
        Scalar(lambda df: float(df.loc[df["naffairs"] == 0, "religious"].mean())),
        en="Average religiousness (religious) of the people who reported no affairs?",
        zh="没有婚外情（naffairs为0）的人，religious的平均值是多少？",
    ),
    C(
        "af-top-occupation-by-affairs",
        AF,
        Label(lambda df: argmax(df.groupby("occupation")["naffairs"].mean())),
        en="Which occupation has the highest average naffairs?",
        de="Welche occupation hat im Schnitt die meisten Affären?",
        zh="哪个occupation的naffairs平均值最高？",
    ),
    C(
        "af-welch-sex",
        AF,
        Scalar(lambda df: welch_p(df, "sex", "naffairs", 0, 1), rel=P_REL),
        en="Is the difference in naffairs between sex 0 and sex 1 significant? Give me the Welch t-test p-value.",
        de="Unterscheidet sich naffairs signifikant zwischen sex 0 und 1? p-Wert des Welch-t-Tests bitte.",
    ),
    C(
        "af-sex-children",
        AF,
        Table(lambda df: df.groupby(["sex", "nchildren"]).size()),
        en="Counts by sex and nchildren",
        zh="按sex和nchildren交叉统计人数",
    ),
    C(
        "af-distinct-affairs",
        AF,
        Scalar(lambda df: int(df["naffairs"].nunique())),
        en="How many distinct values does naffairs take?",
        zh="naffairs有多少个不同的取值？",
    ),
    C(
        "af-std-education",
        AF,
        Scalar(lambda df: float(df["education"].std())),
        en="What's the standard deviation of education?",
    ),
    C(
        "af-top3-occupations",
        AF,
        Table(lambda df: top(df["occupation"].value_counts(), 3), ordered=True),
        en="Top 3 occupations by number of respondents",
        de="Die drei häufigsten Werte von occupation, mit Anzahl",
    ),
    C(
        "af-very-religious",
        AF,
        Scalar(lambda df: float(df.loc[df["religious"] == 5, "naffairs"].mean())),
        de="Mittelwert von naffairs bei religious = 5?",
        zh="religious等于5的人，naffairs平均是多少？",
    ),
    # Clarifications.
    C(
        "af-unhappy",
        AF,
        Clarify(),
        en="What share of respondents are unhappily married?",
        de="Wie viele Befragte sind unglücklich verheiratet?",
    ),
    C(
        "af-income",
        AF,
        Clarify(),
        en="Does income affect the number of affairs?",
        zh="收入对婚外情次数有影响吗？",
    ),
    C(
        "af-women-age",
        AF,
        Clarify(),
        en="What is the average age of the women?",
        de="Wie alt sind die Frauen im Schnitt?",
        zh="女性的平均年龄是多少？",
    ),
    # Follow-ups.
    C(
        "af-long-married-then-affair",
        AF,
        Scalar(lambda df: int(((df["nmarried"] >= 15) & (df["naffairs"] > 0)).sum())),
        en="and how many of them had at least one affair?",
        zh="其中至少有一次婚外情（naffairs大于0）的有多少人？",
        before={
            "en": ["How many respondents have been married 15 years or more (nmarried >= 15)?"],
            "zh": ["nmarried大于等于15的受访者有多少人？"],
        },
    ),
    C(
        "af-rating-then-sex1",
        AF,
        Table(lambda df: df[df["sex"] == 1].groupby("rate_marriage")["naffairs"].mean()),
        en="Same, but only for sex = 1.",
        de="Dasselbe nur für sex = 1.",
        before={
            "en": ["average naffairs per rate_marriage"],
            "de": ["Durchschnittliches naffairs je rate_marriage"],
        },
    ),
]

# ---------------------------------------------------------------- food_expenditure (small sample)

FE_CASES: list[Case] = [
    C(
        "fe-mean-food",
        FE,
        Scalar(lambda df: float(df["food"].mean())),
        en="average food expenditure",
        de="Durchschnittliche Ausgaben für Lebensmittel (food)?",
        zh="平均食品支出（food）是多少？",
    ),
    C(
        "fe-corr",
        FE,
        Scalar(lambda df: float(df["food"].corr(df["income"]))),
        en="How strongly is food spending correlated with income?",
        zh="food和income的相关系数是多少？",
    ),
    C(
        "fe-by-persons",
        FE,
        Table(lambda df: df.groupby("persons")["food"].mean()),
        en="Average food spending by household size (persons)",
        de="Mittlere food-Ausgaben je Haushaltsgröße (persons)",
    ),
    C(
        "fe-income-above-70",
        FE,
        Scalar(lambda df: int((df["income"] > 70).sum())),
        en="How many households have an income above 70?",
        de="Wie viele Haushalte haben ein Einkommen über 70?",
    ),
    C(
        "fe-richest-food",
        FE,
        Scalar(lambda df: float(df.loc[df["income"].idxmax(), "food"])),
        en="How much does the household with the highest income spend on food?",
        zh="收入最高的家庭食品支出是多少？",
    ),
    C(
        "fe-five-plus",
        FE,
        Scalar(lambda df: int((df["persons"] >= 5).sum())),
        en="households with 5 or more persons - how many?",
        zh="人口数（persons）不少于5的家庭有多少户？",
    ),
    C(
        "fe-median-income",
        FE,
        Scalar(lambda df: float(df["income"].median())),
        en="What's the median income?",
        de="Median des Einkommens?",
        zh="收入（income）的中位数是多少？",
    ),
    C(
        "fe-two-person-total",
        FE,
        Scalar(lambda df: float(df.loc[df["persons"] == 2, "food"].sum())),
        en="Total food spending of two-person households?",
        de="Summe von food über alle Zwei-Personen-Haushalte?",
    ),
    C(
        "fe-top-size",
        FE,
        Label(lambda df: argmax(df.groupby("persons")["food"].mean())),
        en="Which household size spends the most on food on average?",
        zh="哪种家庭人口数（persons）的平均食品支出最高？",
    ),
    # Clarifications.
    C(
        "fe-large-households",
        FE,
        Clarify(),
        en="What's the average food spending of large households?",
        de="Was geben große Haushalte im Schnitt für Lebensmittel aus?",
    ),
    C(
        "fe-region",
        FE,
        Clarify(),
        en="Break down food spending by region.",
        zh="各地区的平均食品支出是多少？",
    ),
    # Follow-up.
    C(
        "fe-low-income-then-big",
        FE,
        Scalar(lambda df: float(df.loc[(df["income"] < 50) & (df["persons"] >= 4), "food"].mean())),
        en="only those with 4 or more persons",
        de="Nur die mit mindestens 4 Personen?",
        before={
            "en": ["mean food for households with income under 50"],
            "de": ["Durchschnittliches food bei Haushalten mit Einkommen unter 50"],
        },
    ),
]

BLIND: list[Case] = IP_CASES + CD_CASES + UB_CASES + AF_CASES + FE_CASES
