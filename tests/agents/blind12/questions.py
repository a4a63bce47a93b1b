"""The twelfth blind bank's questions (sealed until scored by the lead, see README.md).

Written without reading the product's code or any other bank's questions; each expected
value is computed with pandas from the same rows the product reads.
"""

from __future__ import annotations

import pandas as pd

from tests.agents.bank import C, Case, iqr_outliers
from tests.agents.blind12.expect_more import PCT_REL, Label, OneOf, argmax, pct, top
from tests.agents.expect import Clarify, Frame, Scalar, Table

H = "hosts"
U = "unicode_scripts"
R = "dst_rules"
N = "norris"
G = "us_gdp"


def _code(s: pd.Series) -> pd.Series:
    """Hexadecimal code points stored as text, as numbers."""
    return s.map(lambda v: int(v, 16))


def _size(df: Frame) -> pd.Series:
    """Code points in each range (both ends included)."""
    return _code(df["last_code"]) - _code(df["first_code"]) + 1


def _missing_any(df: Frame) -> pd.Series:
    counts = df.isna().sum()
    return counts[counts > 0]


MISSING = OneOf([Table(lambda df: df.isna().sum()), Table(_missing_any)])

HOSTS: list[Case] = [
    C(
        "h-rows",
        H,
        Scalar(len),
        en="How many entries does the hosts table have?",
        de="Wie viele Einträge hat die Tabelle?",
        zh="这个 hosts 表一共有多少行？",
    ),
    C(
        "h-distinct-ip",
        H,
        Scalar(lambda df: df["ip"].nunique()),
        en="how many distinct IPs are there",
        zh="ip 一共有多少个不同的值？",
    ),
    C(
        "h-top-ip",
        H,
        Label(lambda df: argmax(df["ip"].value_counts())),
        en="Which IP address shows up most often?",
        de="Welche IP-Adresse kommt am häufigsten vor?",
    ),
    C(
        "h-share-zero",
        H,
        Scalar(lambda df: pct(df["ip"] == "0.0.0.0"), rel=PCT_REL),
        en="What percentage of the entries point to 0.0.0.0?",
        de="Wie viel Prozent der Einträge zeigen auf 0.0.0.0?",
    ),
    C(
        "h-doubleclick",
        H,
        Scalar(lambda df: int(df["hostname"].str.contains("doubleclick", regex=False).sum())),
        en="Count the hostnames that contain 'doubleclick'.",
        zh="hostname 里包含 doubleclick 的有多少条？",
    ),
    C(
        "h-ends-de",
        H,
        Scalar(lambda df: int(df["hostname"].str.endswith(".de").sum())),
        en="How many host names end in .de?",
        de="Wie viele Hostnamen enden auf .de?",
    ),
    C(
        "h-ends-ru",
        H,
        Scalar(lambda df: int(df["hostname"].str.endswith(".ru").sum())),
        en="number of hostnames ending with .ru",
        zh="以 .ru 结尾的主机名有几个？",
    ),
    C(
        "h-no-alias",
        H,
        Scalar(lambda df: int(df["aliases"].isna().sum())),
        en="How many rows have no aliases?",
        de="Bei wie vielen Zeilen fehlt der Alias?",
    ),
    C(
        "h-missing",
        H,
        MISSING,
        en="Missing values per column?",
        zh="每一列各有多少缺失值？",
    ),
    C(
        "h-starts-ad",
        H,
        Scalar(lambda df: int(df["hostname"].str.startswith("ad.").sum())),
        en="How many hostnames start with 'ad.'?",
        de="Wie viele Hostnamen beginnen mit „ad.“?",
    ),
    C(
        "h-localhost",
        H,
        Scalar(lambda df: int((df["hostname"] == "localhost").sum())),
        en="How many entries are there for localhost?",
        zh="hostname 等于 localhost 的有几行？",
    ),
    C(
        "h-excelsior",
        H,
        Label(lambda df: df.loc[df["hostname"] == "excelsior", "ip"].iloc[0]),
        en="What's the IP of excelsior?",
        de="Welche IP-Adresse hat der Host excelsior?",
    ),
    C(
        "h-ip-172-168",
        H,
        Scalar(lambda df: int(df["ip"].str.startswith("172.168.").sum())),
        en="How many entries have an IP starting with 172.168.?",
        zh="IP 以 172.168. 开头的条目有多少？",
    ),
    C(
        "h-distinct-host",
        H,
        Scalar(lambda df: df["hostname"].nunique()),
        en="How many unique host names are in the list?",
        de="Wie viele unterschiedliche Hostnamen gibt es?",
    ),
    C(
        "h-track-net",
        H,
        Scalar(
            lambda df: int(
                (df["hostname"].str.contains("track", regex=False) & df["hostname"].str.endswith(".net")).sum()
            )
        ),
        en="How many .net hostnames contain the word track?",
    ),
    C(
        "h-not-blocked",
        H,
        Scalar(lambda df: int((df["ip"] != "0.0.0.0").sum())),
        en="How many entries have an IP other than 0.0.0.0?",
        zh="ip 不是 0.0.0.0 的有多少行？",
    ),
    C(
        "h-clar-company",
        H,
        Clarify(),
        en="Which company is blocked most often?",
        de="Welche Firma wird am häufigsten blockiert?",
    ),
    C(
        "h-clar-added",
        H,
        Clarify(),
        en="How many entries were added in 2020?",
        zh="2020 年新增了多少条记录？",
    ),
    C(
        "h-clar-adserver",
        H,
        Clarify(),
        en="How many ad servers are on the list?",
        zh="列表里有多少个广告服务器？",
    ),
    C(
        "h-follow-ads-com",
        H,
        Scalar(
            lambda df: int(
                (df["hostname"].str.contains("ads", regex=False) & df["hostname"].str.endswith(".com")).sum()
            )
        ),
        en="and of those, how many end with .com?",
        de="Und davon, wie viele enden auf .com?",
        before={
            "en": ["How many hostnames contain 'ads'?"],
            "de": ["Wie viele Hostnamen enthalten „ads“?"],
        },
    ),
]

SCRIPTS: list[Case] = [
    C(
        "u-rows",
        U,
        Scalar(len),
        en="How many ranges are in the table?",
        zh="一共有多少个区间？",
    ),
    C(
        "u-distinct",
        U,
        Scalar(lambda df: df["script"].nunique()),
        en="How many different scripts are listed?",
        de="Wie viele verschiedene Schriften (script) gibt es?",
        zh="一共有多少种不同的文字（script）？",
    ),
    C(
        "u-most-ranges",
        U,
        Label(lambda df: argmax(df["script"].value_counts())),
        en="Which script has the most ranges?",
        zh="哪个 script 的区间数最多？",
    ),
    C(
        "u-top5",
        U,
        Table(lambda df: top(df["script"].value_counts(), 5), ordered=True),
        en="top 5 scripts by number of ranges",
        de="Die fünf Schriften mit den meisten Bereichen, bitte.",
    ),
    C(
        "u-latin",
        U,
        Scalar(lambda df: int((df["script"] == "Latin").sum())),
        en="How many rows are there for Latin?",
        de="Wie viele Bereiche gehören zur Schrift Latin?",
    ),
    C(
        "u-han-size",
        U,
        Scalar(lambda df: int(_size(df)[df["script"] == "Han"].sum())),
        en="How many code points does Han cover in total (last_code minus first_code plus one, summed)?",
        zh="Han 一共覆盖多少个码位？（每个区间 last_code - first_code + 1 相加）",
    ),
    C(
        "u-largest-range",
        U,
        Label(lambda df: df.loc[argmax(_size(df)), "script"]),
        en="Which script has the single largest range of code points?",
        de="Zu welcher Schrift gehört der größte einzelne Codepunkt-Bereich?",
    ),
    C(
        "u-above-ffff",
        U,
        Scalar(lambda df: int((_code(df["first_code"]) > 0xFFFF).sum())),
        en="How many ranges start above FFFF?",
        zh="起始码位 first_code 大于 FFFF 的区间有多少个？",
    ),
    C(
        "u-which-0410",
        U,
        Label(
            lambda df: df.loc[(_code(df["first_code"]) <= 0x0410) & (_code(df["last_code"]) >= 0x0410), "script"].iloc[
                0
            ]
        ),
        en="Which script does the code point 0410 belong to?",
        zh="码位 0410 属于哪个文字？",
    ),
    C(
        "u-old",
        U,
        Scalar(lambda df: df.loc[df["script"].str.contains("Old", regex=False), "script"].nunique()),
        en="How many different scripts have 'Old' in their name?",
        de="Wie viele verschiedene Schriften haben „Old“ im Namen?",
    ),
    C(
        "u-single",
        U,
        Scalar(lambda df: int((df["first_code"] == df["last_code"]).sum())),
        en="How many ranges consist of a single code point (first_code equals last_code)?",
        zh="first_code 和 last_code 相同的区间有几个？",
    ),
    C(
        "u-share-common",
        U,
        Scalar(lambda df: pct(df["script"] == "Common"), rel=PCT_REL),
        en="What share of the ranges is Common, in percent?",
        de="Welcher Anteil der Bereiche entfällt auf Common (in Prozent)?",
    ),
    C(
        "u-greek-start",
        U,
        Label(lambda df: df.loc[argmax(-_code(df["first_code"]).where(df["script"] == "Greek")), "first_code"]),
        en="What is the lowest first_code of Greek?",
        zh="Greek 最小的 first_code 是多少？",
    ),
    C(
        "u-top3-size",
        U,
        Table(lambda df: top(_size(df).groupby(df["script"]).sum(), 3), ordered=True),
        en="Top 3 scripts by total number of code points covered",
        zh="按覆盖码位总数排名前三的文字是哪些？",
    ),
    C(
        "u-mean-size",
        U,
        Scalar(lambda df: float(_size(df).mean())),
        en="On average, how many code points does a range span (last - first + 1)?",
        de="Wie viele Codepunkte umfasst ein Bereich im Durchschnitt (last_code - first_code + 1)?",
    ),
    C(
        "u-emoji-start",
        U,
        Label(
            lambda df: df.loc[
                (_code(df["first_code"]) <= 0x1F600) & (_code(df["last_code"]) >= 0x1F600), "script"
            ].iloc[0]
        ),
        zh="码位 1F600 属于哪个 script？",
    ),
    C(
        "u-clar-popular",
        U,
        Clarify(),
        en="Which script is the most popular?",
        zh="哪种文字最流行？",
    ),
    C(
        "u-clar-rtl",
        U,
        Clarify(),
        en="How many scripts are written right to left?",
        de="Wie viele Schriften werden von rechts nach links geschrieben?",
    ),
    C(
        "u-clar-highest-code",
        U,
        Clarify(),
        en="Which script has the highest code?",
        de="Welche Schrift hat den höchsten Code?",
    ),
    C(
        "u-follow-arabic",
        U,
        Scalar(lambda df: int(((df["script"] == "Arabic") & (_code(df["first_code"]) > 0xFFFF)).sum())),
        en="only those that start above FFFF?",
        zh="其中起始码位大于 FFFF 的有几个？",
        before={
            "en": ["How many ranges does Arabic have?"],
            "zh": ["Arabic 有多少个区间？"],
        },
    ),
    C(
        "u-follow-old",
        U,
        Table(lambda df: df.loc[df["script"].str.contains("Old", regex=False), "script"].value_counts()),
        en="now just for the scripts with Old in the name",
        before={"en": ["number of ranges per script"]},
    ),
]


def _decade(df: Frame) -> pd.Series:
    return (df["from_year"] // 10) * 10


RULES: list[Case] = [
    C(
        "r-rows",
        R,
        Scalar(len),
        en="How many rules are in the table?",
        de="Wie viele Regeln enthält die Tabelle?",
        zh="表里一共有多少条规则？",
    ),
    C(
        "r-sets",
        R,
        Scalar(lambda df: df["rule_set"].nunique()),
        en="How many distinct rule sets are there?",
        de="Wie viele unterschiedliche Regelsätze (rule_set) gibt es?",
    ),
    C(
        "r-top-set",
        R,
        Label(lambda df: argmax(df["rule_set"].value_counts())),
        en="Which rule set has the most rules?",
        zh="哪个 rule_set 的规则最多？",
    ),
    C(
        "r-top5-sets",
        R,
        Table(lambda df: top(df["rule_set"].value_counts(), 5), ordered=True),
        en="Show the 5 rule sets with the most lines.",
        de="Top 5 der Regelsätze nach Anzahl Regeln",
    ),
    C(
        "r-per-month",
        R,
        Table(lambda df: df["month"].value_counts()),
        en="How many rules take effect in each month?",
        zh="每个月份（month）各有多少条规则？",
    ),
    C(
        "r-top-month",
        R,
        Label(lambda df: argmax(df["month"].value_counts())),
        en="In which month do most clock changes happen?",
        de="In welchem Monat gibt es die meisten Umstellungen?",
    ),
    C(
        "r-no-end",
        R,
        Scalar(lambda df: int(df["to_year"].isna().sum())),
        en="How many rules have no end year?",
        de="Wie viele Regeln haben kein Endjahr (to_year leer)?",
        zh="没有结束年份（to_year 为空）的规则有几条？",
    ),
    C(
        "r-missing",
        R,
        MISSING,
        de="Fehlende Werte je Spalte?",
        en="Show me the missing values for every column",
    ),
    C(
        "r-1916",
        R,
        Scalar(lambda df: int((df["from_year"] == 1916).sum())),
        en="How many rules begin in 1916?",
        zh="from_year 为 1916 的规则有多少条？",
    ),
    C(
        "r-war",
        R,
        Scalar(lambda df: int(df["from_year"].between(1940, 1945).sum())),
        en="How many rules have a from_year between 1940 and 1945 (inclusive)?",
        de="Wie viele Regeln beginnen zwischen 1940 und 1945 (einschließlich)?",
    ),
    C(
        "r-since-2000",
        R,
        Scalar(lambda df: int((df["from_year"] >= 2000).sum())),
        en="rules starting in 2000 or later?",
        zh="2000 年及以后开始的规则有几条？",
    ),
    C(
        "r-mean-save",
        R,
        Scalar(lambda df: float(df["save_hours"].mean())),
        en="What is the average save_hours?",
        de="Wie hoch ist save_hours im Mittel?",
    ),
    C(
        "r-save-dist",
        R,
        Table(lambda df: df["save_hours"].value_counts()),
        en="How often does each value of save_hours occur?",
        zh="save_hours 各个取值分别有多少条？",
    ),
    C(
        "r-negative-save",
        R,
        Scalar(lambda df: int((df["save_hours"] < 0).sum())),
        en="How many rules have a negative save?",
        de="Wie viele Regeln haben einen negativen save_hours-Wert?",
    ),
    C(
        "r-one-year",
        R,
        Scalar(lambda df: int((df["from_year"] == df["to_year"]).sum())),
        en="How many rules apply for a single year only, i.e. from_year equals to_year?",
        de="Bei wie vielen Regeln ist from_year gleich to_year?",
    ),
    C(
        "r-longest-span",
        R,
        Scalar(lambda df: int((df["to_year"] - df["from_year"]).max())),
        en="What is the largest difference between to_year and from_year?",
        zh="to_year 减 from_year 的最大值是多少？",
    ),
    C(
        "r-decades",
        R,
        Table(lambda df: df.groupby(_decade(df)).size()),
        en="Count the rules by decade of from_year.",
        de="Anzahl der Regeln je Jahrzehnt (nach from_year)",
    ),
    C(
        "r-latest-to",
        R,
        Scalar(lambda df: int(df["to_year"].max())),
        zh="to_year 的最大值是多少？",
    ),
    C(
        "r-set-p",
        R,
        Scalar(lambda df: int((df["rule_set"] == "P").sum())),
        en="How many rules does rule set P have?",
        de="Wie viele Zeilen hat der Regelsatz P?",
    ),
    C(
        "r-set-us",
        R,
        Scalar(lambda df: int((df["rule_set"] == "US").sum())),
        zh="US 这个规则集有多少条规则？",
        en="rules in the US rule set?",
    ),
    C(
        "r-share-zero",
        R,
        Scalar(lambda df: pct(df["save_hours"] == 0), rel=PCT_REL),
        en="What percentage of rules have save_hours of 0?",
        de="Wie viel Prozent der Regeln haben save_hours = 0?",
    ),
    C(
        "r-lastsu",
        R,
        Scalar(lambda df: int((df["day"] == "lastSu").sum())),
        en="How many rules fall on the last Sunday of the month (day = lastSu)?",
        zh="day 为 lastSu 的规则有几条？",
    ),
    C(
        "r-oct-lastsu",
        R,
        Scalar(lambda df: int(((df["month"] == "Oct") & (df["day"] == "lastSu")).sum())),
        de="Wie viele Regeln gelten im Oktober am letzten Sonntag (month = Oct, day = lastSu)?",
    ),
    C(
        "r-save-by-month",
        R,
        Table(lambda df: df.groupby("month")["save_hours"].mean()),
        en="average save_hours by month",
        zh="按月份统计 save_hours 的平均值",
    ),
    C(
        "r-corr-years",
        R,
        Scalar(lambda df: float(df["from_year"].astype(float).corr(df["to_year"].astype(float)))),
        en="What's the correlation between from_year and to_year?",
    ),
    C(
        "r-clar-year",
        R,
        Clarify(),
        en="Which year has the most rules?",
        de="Welches Jahr hat die meisten Regeln?",
        zh="哪一年的规则最多？",
    ),
    C(
        "r-clar-country",
        R,
        Clarify(),
        en="Which country has the most DST rules?",
        zh="哪个国家的夏令时规则最多？",
    ),
    C(
        "r-clar-recent",
        R,
        Clarify(),
        en="How many rules were added recently?",
        de="Wie viele Regeln sind in letzter Zeit dazugekommen?",
    ),
    C(
        "r-clar-summer",
        R,
        Clarify(),
        en="How many summer-time rules are there?",
        de="Wie viele Sommerzeitregeln gibt es?",
    ),
    C(
        "r-follow-70s-apr",
        R,
        Scalar(lambda df: int((df["from_year"].between(1970, 1979) & (df["month"] == "Apr")).sum())),
        en="and of those, how many are in April?",
        de="Und davon im April?",
        zh="其中四月份的有几条？",
        before={
            "en": ["How many rules start in the 1970s?"],
            "de": ["Wie viele Regeln beginnen in den 1970er-Jahren?"],
            "zh": ["from_year 在 1970 到 1979 年之间的规则有多少条？"],
        },
    ),
    C(
        "r-follow-us-month",
        R,
        Table(lambda df: df.loc[df["rule_set"] == "US", "month"].value_counts()),
        en="only for rule set US",
        zh="只看 US 这个规则集",
        before={
            "en": ["How many rules are there per month?"],
            "zh": ["每个月各有多少条规则？"],
        },
    ),
]

NORRIS: list[Case] = [
    C(
        "n-rows",
        N,
        Scalar(len),
        en="How many observations are there?",
        de="Wie viele Messungen enthält der Datensatz?",
    ),
    C(
        "n-mean-y",
        N,
        Scalar(lambda df: float(df["y"].mean())),
        en="mean of y",
        zh="y 的平均值是多少？",
    ),
    C(
        "n-mean-x",
        N,
        Scalar(lambda df: float(df["x"].mean())),
        de="Was ist der Mittelwert von x?",
        en="What's the average x?",
    ),
    C(
        "n-corr",
        N,
        Scalar(lambda df: float(df["x"].corr(df["y"]))),
        en="How strongly are x and y correlated?",
        de="Wie stark korrelieren x und y?",
        zh="x 和 y 的相关系数是多少？",
    ),
    C(
        "n-max-x",
        N,
        Scalar(lambda df: float(df["x"].max())),
        de="Größter Wert von x?",
    ),
    C(
        "n-std-x",
        N,
        Scalar(lambda df: float(df["x"].std())),
        en="standard deviation of x",
        zh="x 的标准差是多少？",
    ),
    C(
        "n-median-y",
        N,
        Scalar(lambda df: float(df["y"].median())),
        en="What's the median of y?",
        de="Wie lautet der Median von y?",
    ),
    C(
        "n-x-500",
        N,
        Scalar(lambda df: int((df["x"] > 500).sum())),
        en="How many rows have x above 500?",
        zh="x 大于 500 的行有几行？",
    ),
    C(
        "n-y-gt-x",
        N,
        Scalar(lambda df: int((df["y"] > df["x"]).sum())),
        en="In how many rows is y greater than x?",
        de="In wie vielen Zeilen ist y größer als x?",
    ),
    C(
        "n-mean-diff",
        N,
        Scalar(lambda df: float((df["y"] - df["x"]).mean())),
        en="What is the average of y minus x?",
    ),
    C(
        "n-y-at-max-x",
        N,
        Label(lambda df: float(df.loc[argmax(df["x"]), "y"])),
        en="What is y in the row where x is largest?",
        de="Welchen Wert hat y in der Zeile mit dem größten x?",
    ),
    C(
        "n-x-range",
        N,
        Scalar(lambda df: int(df["x"].between(100, 300).sum())),
        de="Wie viele Zeilen haben x zwischen 100 und 300?",
        en="count rows with x between 100 and 300",
    ),
    C(
        "n-outliers",
        N,
        Scalar(lambda df: iqr_outliers(df["y"])),
        en="How many outliers does y have by the 1.5 IQR rule?",
        zh="按 1.5 倍四分位距规则，y 有几个异常值？",
    ),
    C(
        "n-close",
        N,
        Scalar(lambda df: int(((df["y"] - df["x"]).abs() > 2).sum())),
        en="In how many rows do x and y differ by more than 2?",
        zh="x 和 y 相差超过 2 的有几行？",
    ),
    C(
        "n-clar-average",
        N,
        Clarify(),
        en="What's the average value?",
        de="Wie hoch ist der Durchschnittswert?",
        zh="平均值是多少？",
    ),
    C(
        "n-clar-ozone",
        N,
        Clarify(),
        en="What is the average ozone concentration?",
    ),
    C(
        "n-clar-time",
        N,
        Clarify(),
        en="Show the trend of y over time.",
        zh="y 随时间的变化趋势如何？",
    ),
    C(
        "n-follow-500",
        N,
        Scalar(lambda df: float(df.loc[df["x"] > 500, "y"].mean())),
        en="and their mean y?",
        de="Und wie hoch ist dort der Mittelwert von y?",
        before={
            "en": ["How many rows have x above 500?"],
            "de": ["Wie viele Zeilen haben x über 500?"],
        },
    ),
]


def _year(df: Frame) -> pd.Series:
    return df["quarter"].dt.year


def _years(df: Frame, first: int, last: int) -> pd.Series:
    return _year(df).between(first, last)


GDP: list[Case] = [
    C(
        "g-1990q1",
        G,
        Scalar(lambda df: float(df.loc[df["quarter"] == pd.Timestamp("1990-01-01"), "real_gdp"].iloc[0])),
        en="What was real GDP in the first quarter of 1990?",
        de="Wie hoch war das reale BIP im ersten Quartal 1990?",
    ),
    C(
        "g-unemp-80s",
        G,
        Scalar(lambda df: float(df.loc[_years(df, 1980, 1989), "unemployment_rate"].mean())),
        en="average unemployment rate in the 1980s",
        zh="1980 年代的平均失业率是多少？",
    ),
    C(
        "g-worst-year",
        G,
        Label(lambda df: argmax(df.groupby(_year(df))["unemployment_rate"].mean())),
        en="Which year had the highest average unemployment rate?",
        de="In welchem Jahr war die Arbeitslosenquote im Jahresmittel am höchsten?",
        zh="哪一年的年平均失业率最高？",
    ),
    C(
        "g-gdp-yearly",
        G,
        Table(lambda df: df[_years(df, 1990, 1994)].groupby(_year(df))["real_gdp"].mean()),
        en="Yearly average of real_gdp for 1990 through 1994, please.",
        zh="1990 到 1994 年每年 real_gdp 的平均值",
    ),
    C(
        "g-above-8",
        G,
        Scalar(lambda df: int((df["unemployment_rate"] > 8).sum())),
        en="In how many quarters was unemployment above 8 percent?",
        de="In wie vielen Quartalen lag die Arbeitslosenquote über 8 %?",
    ),
    C(
        "g-missing",
        G,
        Scalar(lambda df: int(df["unemployment_rate"].isna().sum())),
        en="How many quarters have no unemployment figure?",
        zh="unemployment_rate 有几个缺失值？",
    ),
    C(
        "g-corr",
        G,
        Scalar(lambda df: float(df["real_gdp"].corr(df["unemployment_rate"]))),
        en="correlation between real GDP and the unemployment rate?",
        de="Wie hängen reales BIP und Arbeitslosenquote zusammen (Korrelation)?",
    ),
    C(
        "g-growth-total",
        G,
        Scalar(lambda df: float(100 * (df["real_gdp"].iloc[-1] / df["real_gdp"].iloc[0] - 1)), rel=PCT_REL),
        en="By what percentage did real GDP grow from the first quarter in the data to the last?",
        zh="从第一个季度到最后一个季度，实际 GDP 一共增长了百分之多少？",
    ),
    C(
        "g-70s-yearly",
        G,
        Table(lambda df: df[_years(df, 1970, 1979)].groupby(_year(df))["unemployment_rate"].mean()),
        de="Arbeitslosenquote pro Jahr (Durchschnitt) von 1970 bis 1979",
        en="Show the average unemployment rate per year for 1970-1979.",
    ),
    C(
        "g-clar-growth",
        G,
        Clarify(),
        en="What was growth in 1982?",
        de="Wie hoch war das Wachstum 1982?",
    ),
    C(
        "g-follow-85",
        G,
        Scalar(lambda df: float(df.loc[_years(df, 1985, 1989), "unemployment_rate"].mean())),
        en="and only from 1985 on?",
        zh="只看 1985 年以后的呢？",
        before={
            "en": ["average unemployment rate in the 1980s"],
            "zh": ["1980 年代的平均失业率是多少？"],
        },
    ),
]

BLIND: list[Case] = HOSTS + SCRIPTS + RULES + NORRIS + GDP
