"""The blind bank: questions typed the way analysts type them, in English, German and
Chinese, over nine tables shipped inside installed packages (see datasets.py).

Written without reading the product's planner. Each expected answer is computed here
with pandas from the test's own copy of the data; where a question could be read two
ways, the comment says which reading the expectation takes (the one a careful analyst
would take). Ranges written as 'between A and B' / 'from A to B' include both ends;
'since Y' includes Y. Means, medians, percentages and correlations skip missing values
(pandas' default).
"""

from __future__ import annotations

import pandas as pd

from tests.agents.bank import Case, Q
from tests.agents.blind.expect_more import Label, Pct, YearTable
from tests.agents.expect import Clarify, Column, Scalar, Table

R = 1e-3  # relative tolerance for means, medians and correlations (a value shown rounded still counts)


# ---------------------------------------------------------------- helpers


def top(s: pd.Series, n: int, largest: bool = True) -> pd.Series:
    """The n largest (smallest) values, in order; refuses a tie inside the top n or at its edge,
    so the expected ranking is the only correct one."""
    s = s.dropna().sort_values(ascending=not largest)
    head = s.iloc[: n + 1]
    if head.duplicated().any():
        raise ValueError(f"tie in the top {n}: {head.to_dict()}")
    return s.head(n)


def argmax(s: pd.Series) -> object:
    s = s.dropna()
    if (s == s.max()).sum() != 1:
        raise ValueError("the maximum is shared")
    return s.idxmax()


def argmin(s: pd.Series) -> object:
    s = s.dropna()
    if (s == s.min()).sum() != 1:
        raise ValueError("the minimum is shared")
    return s.idxmin()


def count(mask: pd.Series) -> int:
    return int(mask.sum())


def pct(mask: pd.Series) -> float:
    """Share of rows (all rows of the frame given) where mask holds, in percent."""
    return float(100 * mask.sum() / len(mask))


def year_alts(ts: pd.Timestamp) -> list[object]:
    """A year stored as a date (January 1st): the year, or the date written out."""
    return [ts.year, ts.strftime("%Y-%m-%d"), ts.strftime("%Y-%m-%d %H:%M:%S"), ts.isoformat()]


def date_alts(ts: pd.Timestamp) -> list[object]:
    return [ts.strftime("%Y-%m-%d"), ts.strftime("%Y-%m-%d %H:%M:%S"), ts.isoformat()]


def between(s: pd.Series, lo: float, hi: float) -> pd.Series:
    return (s >= lo) & (s <= hi)


# ---------------------------------------------------------------- airports (vega_datasets)

A = "airports"
AIRPORTS: list[Case] = [
    Q(
        "a-count-tx",
        A,
        "How many airports are there in TX?",
        "Wie viele Flughäfen liegen im Bundesstaat TX?",
        "TX州有多少个机场？",
        Scalar(lambda d: count(d.state == "TX")),
    ),
    Q(
        "a-name-international",
        A,
        "how many airports have International in the name",
        'Wie viele Flughäfen haben "International" im Namen?',
        None,
        Scalar(lambda d: count(d["name"].str.contains("International", na=False))),
    ),
    Q(
        "a-lat-between",
        A,
        "Count the airports between latitude 30 and 35.",
        None,
        "纬度在30到35之间的机场有几个？",
        Scalar(lambda d: count(between(d.latitude, 30, 35))),
    ),
    Q(
        "a-distinct-states",
        A,
        "How many different states appear in the airports data?",
        "Wie viele verschiedene Bundesstaaten gibt es in der Tabelle?",
        "数据里一共有多少个不同的州？",
        Scalar(lambda d: d.state.nunique()),
    ),
    Q(
        "a-cities-per-state",
        A,
        "How many distinct cities are there per state?",
        "Anzahl unterschiedlicher Städte je Bundesstaat",
        None,
        Table(lambda d: d.groupby("state").city.nunique()),
    ),
    Q(
        "a-top4-states",
        A,
        "Which 4 states have the most airports?",
        "Welche 4 Bundesstaaten haben die meisten Flughäfen?",
        "机场数量最多的4个州是哪些？",
        Table(lambda d: top(d.state.value_counts(), 4), ordered=True),
    ),
    Q(
        "a-missing-city",
        A,
        "How many values are missing in the city column?",
        "Wie viele Werte fehlen in der Spalte `city`?",
        "city 列有多少个缺失值？",
        Scalar(lambda d: int(d.city.isna().sum())),
    ),
    Q("a-no-state", A, "how many airports have no state?", None, None, Scalar(lambda d: int(d.state.isna().sum()))),
    Q(
        "a-outside-usa",
        A,
        "How many airports are not in the USA?",
        "Wie viele Flughäfen liegen außerhalb der USA?",
        None,
        Scalar(lambda d: count(d.country != "USA")),
    ),
    Q(
        "a-pct-ak",
        A,
        "What percentage of all airports are in Alaska (state = AK)?",
        "Wie viel Prozent aller Flughäfen liegen in AK?",
        "阿拉斯加（AK）的机场占全部机场的百分之多少？",
        Pct(lambda d: pct(d.state == "AK")),  # "of all airports": all 3376 rows, the 12 without a state too
    ),
    Q(
        "a-northernmost",
        A,
        "Which airport is the furthest north?",
        "Welcher Flughafen liegt am nördlichsten?",
        "最北边的机场是哪个？",
        Label(lambda d: list(d.loc[argmax(d.latitude), ["iata", "name"]])),
    ),
    Q(
        "a-mean-lon-ca",
        A,
        "What's the mean longitude of airports in CA?",
        None,
        "CA 州机场的平均经度是多少？",
        Scalar(lambda d: d.loc[d.state == "CA", "longitude"].mean(), rel=R),
    ),
    Q(
        "a-max-lat-ak",
        A,
        "highest latitude among the Alaska airports (state AK)?",
        "Was ist der höchste Breitengrad unter den Flughäfen in AK?",
        None,
        Scalar(lambda d: d.loc[d.state == "AK", "latitude"].max()),
    ),
    Q(
        "a-followup-ak-north",
        A,
        "And of those, how many are north of latitude 65?",
        "Und davon, wie viele liegen nördlich von Breitengrad 65?",
        "其中纬度大于65的有多少个？",
        Scalar(lambda d: count((d.state == "AK") & (d.latitude > 65))),
        before={
            "en": ["How many airports are in AK?"],
            "de": ["Wie viele Flughäfen gibt es in AK?"],
            "zh": ["AK 州有多少个机场？"],
        },
    ),
    Q(
        "a-clarify-elevation",
        A,
        "What is the average elevation of the airports in CO?",
        "Wie hoch liegen die Flughäfen in CO im Schnitt über dem Meeresspiegel?",
        "CO州机场的平均海拔是多少？",
        Clarify(),  # the table has no elevation
    ),
    Q(
        "a-clarify-runways",
        A,
        "How many runways do the airports in TX have on average?",
        None,
        None,
        Clarify(),  # no runway column
    ),
    Q(
        "a-compare-tx-ca",
        A,
        "Compare the number of airports in TX and CA",
        "Vergleiche die Anzahl der Flughäfen in TX und CA",
        None,
        Table(lambda d: d.loc[d.state.isin(["TX", "CA"]), "state"].value_counts()),
    ),
    Q(
        "a-median-lat-country",
        A,
        "Median latitude per country",
        None,
        "每个国家机场纬度的中位数",
        Table(lambda d: d.groupby("country").latitude.median(), rel=R),
    ),
    Q(
        "a-fl-south-26",
        A,
        "How many airports in FL are south of latitude 26?",
        "Wie viele Flughäfen in FL liegen südlich des 26. Breitengrads?",
        None,
        Scalar(lambda d: count((d.state == "FL") & (d.latitude < 26))),
    ),
    Q(
        "a-southernmost3-usa",
        A,
        "List the three southernmost airports in the USA with their iata codes",
        None,
        "列出美国最南端的3个机场（iata代码）",
        Column(
            "iata", lambda d: list(d.loc[top(d.loc[d.country == "USA", "latitude"], 3, largest=False).index, "iata"])
        ),
    ),
    Q(
        "a-clarify-coordinate",
        A,
        "What is the average coordinate of the airports in NY?",
        None,
        None,
        Clarify(includes=["latitude", "longitude"]),  # one number: latitude or longitude?
    ),
    Q(
        "a-per-country",
        A,
        "How many airports per country?",
        None,
        "每个国家各有多少个机场？",
        Table(lambda d: d.country.value_counts()),
    ),
    Q(
        "a-city-most",
        A,
        "Which city has the most airports?",
        "Welche Stadt hat die meisten Flughäfen?",
        None,
        Label(lambda d: argmax(d.city.value_counts())),
    ),
    Q(
        "a-city-spring",
        A,
        "How many airports are in cities whose name contains 'Spring'?",
        "Wie viele Flughäfen liegen in Städten, deren Name 'Spring' enthält?",
        None,
        Scalar(lambda d: count(d.city.str.contains("Spring", na=False))),
    ),
]

# ---------------------------------------------------------------- la_riots (vega_datasets)

L = "la_riots"
LA_RIOTS: list[Case] = [
    Q(
        "l-total",
        L,
        "How many deaths are recorded in this dataset?",
        "Wie viele Todesfälle sind insgesamt erfasst?",
        "数据中一共记录了多少起死亡？",
        Scalar(lambda d: len(d)),
    ),
    Q(
        "l-female",
        L,
        "How many of the victims were female?",
        "Wie viele Opfer waren weiblich?",
        "女性遇难者有多少人？",
        Scalar(lambda d: count(d.gender == "Female")),
    ),
    Q(
        "l-homicides",
        L,
        "number of homicides",
        "Anzahl der Tötungsdelikte (type = Homicide)",
        None,
        Scalar(lambda d: count(d["type"] == "Homicide")),
    ),
    Q(
        "l-age-20-30",
        L,
        "How many victims were between 20 and 30 years old?",
        "Wie viele Opfer waren zwischen 20 und 30 Jahre alt?",
        "年龄在20到30岁之间的遇难者有多少？",
        Scalar(lambda d: count(between(d.age, 20, 30))),
    ),
    Q(
        "l-age-by-race",
        L,
        "Average age of the victims by race",
        "Durchschnittsalter der Opfer nach race",
        "按种族（race）统计遇难者的平均年龄",
        Table(lambda d: d.groupby("race").age.mean(), rel=R),
    ),
    Q(
        "l-distinct-neighborhoods",
        L,
        "How many different neighborhoods are in the data?",
        None,
        "一共涉及多少个不同的街区（neighborhood）？",
        Scalar(lambda d: d.neighborhood.nunique()),
    ),
    Q(
        "l-neighborhoods-per-race",
        L,
        "how many distinct neighborhoods per race?",
        None,
        None,
        Table(lambda d: d.groupby("race").neighborhood.nunique()),
    ),
    Q(
        "l-missing-age",
        L,
        "How many ages are missing?",
        "Bei wie vielen Opfern fehlt das Alter?",
        "age 字段缺失了几条？",
        Scalar(lambda d: int(d.age.isna().sum())),
    ),
    Q(
        "l-apr30",
        L,
        "How many people died on April 30, 1992?",
        "Wie viele Menschen starben am 30. April 1992?",
        "1992年4月30日有多少人死亡？",
        Scalar(lambda d: count(d.death_date == pd.Timestamp("1992-04-30"))),
    ),
    Q(
        "l-apr29-may3",
        L,
        "How many deaths occurred between April 29 and May 3, 1992?",
        "Wie viele Todesfälle gab es vom 29. April bis 3. Mai 1992?",
        None,
        Scalar(lambda d: count(between(d.death_date, pd.Timestamp("1992-04-29"), pd.Timestamp("1992-05-03")))),
    ),
    Q(
        "l-after-may",
        L,
        "How many deaths were recorded after May 1992?",
        None,
        "1992年5月之后记录了多少起死亡？",
        Scalar(lambda d: count(d.death_date >= pd.Timestamp("1992-06-01"))),  # after the whole month of May
    ),
    Q(
        "l-may",
        L,
        "How many deaths in May 1992?",
        "Wie viele Todesfälle im Mai 1992?",
        "1992年5月共有多少人死亡？",
        Scalar(lambda d: count((d.death_date.dt.year == 1992) & (d.death_date.dt.month == 5))),
    ),
    Q(
        "l-median-age",
        L,
        "What's the median age of the victims?",
        "Median des Alters der Opfer?",
        None,
        Scalar(lambda d: d.age.median(), rel=R),
    ),
    Q(
        "l-pct-black",
        L,
        "What percentage of victims were Black?",
        "Wie viel Prozent der Opfer waren Schwarze (race = Black)?",
        "黑人（Black）遇难者占多大比例（百分比）？",
        Pct(lambda d: pct(d.race == "Black")),
    ),
    Q(
        "l-oldest-lastname",
        L,
        "What was the last name of the oldest victim?",
        None,
        "年龄最大的遇难者姓什么（last_name）？",
        Label(lambda d: d.loc[argmax(d.age), "last_name"]),
    ),
    Q(
        "l-youngest",
        L,
        "How old was the youngest victim?",
        "Wie alt war das jüngste Opfer?",
        None,
        Scalar(lambda d: d.age.min()),
    ),
    Q(
        "l-per-type",
        L,
        "Number of deaths per type",
        "Anzahl der Todesfälle je Typ",
        "按类型（type）统计死亡人数",
        Table(lambda d: d["type"].value_counts()),
    ),
    Q(
        "l-followup-latino-ois",
        L,
        "and of those, how many died in an officer-involved shooting?",
        "Und davon, wie viele starben durch Polizeischüsse (Officer-involved shooting)?",
        "其中有多少是警察开枪致死（Officer-involved shooting）的？",
        Scalar(lambda d: count((d.race == "Latino") & (d["type"] == "Officer-involved shooting"))),
        before={
            "en": ["How many victims were Latino?"],
            "de": ["Wie viele Opfer waren Latino?"],
            "zh": ["拉丁裔（Latino）遇难者有多少？"],
        },
    ),
    Q(
        "l-compare-gender-age",
        L,
        "Compare the average age of male and female victims",
        "Vergleiche das Durchschnittsalter männlicher und weiblicher Opfer",
        None,
        Table(lambda d: d.groupby("gender").age.mean(), rel=R),
    ),
    Q(
        "l-clarify-names",
        L,
        "How many distinct names are there?",
        "Wie viele verschiedene Namen gibt es?",
        "有多少个不同的名字？",
        Clarify(includes=["first_name", "last_name"]),
    ),
    Q(
        "l-clarify-income",
        L,
        "What was the average income of the victims?",
        None,
        None,
        Clarify(),  # no income column
    ),
    Q(
        "l-race-oldest-avg",
        L,
        "Which race has the highest average age?",
        "Welche Gruppe (race) hat das höchste Durchschnittsalter?",
        None,
        Label(lambda d: argmax(d.groupby("race").age.mean())),
    ),
    Q(
        "l-male-over-40",
        L,
        "How many male victims were older than 40?",
        None,
        "年龄超过40岁的男性遇难者有多少？",
        Scalar(lambda d: count((d.gender == "Male") & (d.age > 40))),
    ),
    Q(
        "l-neighborhood-park",
        L,
        "How many deaths happened in neighborhoods with 'Park' in the name?",
        None,
        None,
        Scalar(lambda d: count(d.neighborhood.str.contains("Park", na=False))),
    ),
]

# ---------------------------------------------------------------- iowa_electricity (vega_datasets)

I = "iowa_electricity"  # noqa: E741
REN, FOS, NUC = "Renewables", "Fossil Fuels", "Nuclear Energy"


def _yr(d: pd.DataFrame) -> pd.Series:
    return d.year.dt.year


IOWA: list[Case] = [
    Q(
        "i-total-renewables",
        I,
        "Total net generation of Renewables over all years?",
        "Wie hoch ist die gesamte Nettoerzeugung aus erneuerbaren Energien (Renewables) über alle Jahre?",
        "可再生能源（Renewables）历年净发电量总和是多少？",
        Scalar(lambda d: d.loc[d.source == REN, "net_generation"].sum()),
    ),
    Q(
        "i-source-most",
        I,
        "Which source generated the most electricity overall?",
        "Welche Quelle hat insgesamt am meisten Strom erzeugt?",
        "哪种能源的总发电量最高？",
        Label(lambda d: argmax(d.groupby("source").net_generation.sum())),
    ),
    Q(
        "i-nuclear-2010",
        I,
        "What was the net generation of Nuclear Energy in 2010?",
        None,
        "2010年核能（Nuclear Energy）的净发电量是多少？",
        Scalar(lambda d: d.loc[(d.source == NUC) & (_yr(d) == 2010), "net_generation"].sum()),
    ),
    Q(
        "i-total-per-year",
        I,
        "Total net_generation per year",
        "Summe von net_generation pro Jahr",
        None,
        YearTable(lambda d: d.groupby(_yr(d)).net_generation.sum()),
    ),
    Q(
        "i-avg-source-since-2010",
        I,
        "Average net generation by source since 2010",
        "Durchschnittliche Nettoerzeugung je Quelle seit 2010",
        "2010年以来各能源的平均净发电量",
        Table(lambda d: d[_yr(d) >= 2010].groupby("source").net_generation.mean(), rel=R),
    ),
    Q(
        "i-year-renewables-max",
        I,
        "In which year did Renewables produce the most?",
        "In welchem Jahr war die Erzeugung aus Renewables am höchsten?",
        "可再生能源哪一年发电最多？",
        Label(lambda d: year_alts(d.loc[argmax(d.loc[d.source == REN, "net_generation"]), "year"])),
    ),
    Q(
        "i-share-renewables-2017",
        I,
        "What was the share of Renewables in total net generation in 2017, in percent?",
        "Welchen Anteil in Prozent hatten die Erneuerbaren (Renewables) 2017 an der gesamten Nettoerzeugung?",
        "2017年可再生能源占总净发电量的百分比是多少？",
        Pct(
            lambda d: (
                100
                * d.loc[(_yr(d) == 2017) & (d.source == REN), "net_generation"].sum()
                / d.loc[_yr(d) == 2017, "net_generation"].sum()
            )
        ),
    ),
    Q(
        "i-rows-above-10000",
        I,
        "How many rows have net generation above 10000?",
        None,
        "净发电量超过10000的记录有几条？",
        Scalar(lambda d: count(d.net_generation > 10000)),
    ),
    Q(
        "i-compare-2005",
        I,
        "Compare Fossil Fuels and Nuclear Energy net generation in 2005",
        "Vergleich Fossil Fuels vs. Nuclear Energy im Jahr 2005",
        None,
        Table(lambda d: d[(_yr(d) == 2005) & d.source.isin([FOS, NUC])].groupby("source").net_generation.sum()),
    ),
    Q(
        "i-max-nuclear",
        I,
        "max net_generation for Nuclear Energy",
        None,
        "核能净发电量的最大值",
        Scalar(lambda d: d.loc[d.source == NUC, "net_generation"].max()),
    ),
    Q(
        "i-distinct-sources",
        I,
        "How many different energy sources are there?",
        "Wie viele verschiedene Energiequellen gibt es?",
        None,
        Scalar(lambda d: d.source.nunique()),
    ),
    Q(
        "i-followup-renewables-2012",
        I,
        "And only counting from 2012 on?",
        "Und nur ab 2012?",
        None,
        Scalar(lambda d: d.loc[(d.source == REN) & (_yr(d) >= 2012), "net_generation"].sum()),
        before={
            "en": ["What's the total net generation of Renewables?"],
            "de": ["Gesamte Nettoerzeugung von Renewables?"],
        },
    ),
    Q(
        "i-clarify-price",
        I,
        "What was the average electricity price in Iowa?",
        "Wie hoch war der durchschnittliche Strompreis?",
        "平均电价是多少？",
        Clarify(),  # no price column
    ),
    Q("i-clarify-co2", I, "How much CO2 did each source emit per year?", None, None, Clarify()),
    Q(
        "i-missing",
        I,
        "Are there missing values in net_generation? How many?",
        None,
        "net_generation 有多少缺失值？",
        Scalar(lambda d: int(d.net_generation.isna().sum())),
    ),
    Q(
        "i-min-fossil",
        I,
        "Lowest yearly net generation of Fossil Fuels?",
        "Niedrigster Jahreswert der fossilen Erzeugung (Fossil Fuels)?",
        None,
        Scalar(lambda d: d.loc[d.source == FOS, "net_generation"].min()),
    ),
    Q(
        "i-top3-years-fossil",
        I,
        "Top 3 years for Fossil Fuels generation",
        None,
        "化石燃料（Fossil Fuels）发电量最高的3个年份",
        YearTable(lambda d: top(d[d.source == FOS].set_index(_yr(d[d.source == FOS])).net_generation, 3), ordered=True),
    ),
    Q(
        "i-avg-renewables-2001-2005",
        I,
        "Average net generation of Renewables between 2001 and 2005",
        None,
        None,
        Scalar(lambda d: d.loc[(d.source == REN) & between(_yr(d), 2001, 2005), "net_generation"].mean(), rel=R),
    ),
    Q(
        "i-total-per-source",
        I,
        "Total net generation per source",
        "Gesamterzeugung je Quelle",
        None,
        Table(lambda d: d.groupby("source").net_generation.sum()),
    ),
]

# ---------------------------------------------------------------- ohlc (vega_datasets)

O = "ohlc"  # noqa: E741


def _month(d: pd.DataFrame, m: int) -> pd.Series:
    return d.date.dt.month == m


OHLC: list[Case] = [
    Q(
        "o-long",
        O,
        "How many days have a long signal?",
        "An wie vielen Tagen war das Signal 'long'?",
        "信号为 long 的有多少天？",
        Scalar(lambda d: count(d.signal == "long")),
    ),
    Q(
        "o-avg-close-july",
        O,
        "Average closing price in July?",
        "Durchschnittlicher Schlusskurs im Juli?",
        "7月份的平均收盘价是多少？",
        Scalar(lambda d: d.loc[_month(d, 7), "close"].mean(), rel=R),
    ),
    Q(
        "o-max-high-june",
        O,
        "What was the highest high in June 2009?",
        None,
        "2009年6月的最高价（high）最高是多少？",
        Scalar(lambda d: d.loc[_month(d, 6), "high"].max()),
    ),
    Q(
        "o-day-close-max",
        O,
        "On which day was the close highest?",
        "An welchem Tag war der Schlusskurs am höchsten?",
        "哪一天收盘价最高？",
        Label(lambda d: date_alts(d.loc[argmax(d.close), "date"])),
    ),
    Q(
        "o-close-above-30",
        O,
        "How many days closed above 30?",
        "An wie vielen Tagen lag close über 30?",
        None,
        Scalar(lambda d: count(d.close > 30)),
    ),
    Q(
        "o-negative-ret",
        O,
        "How many days had a negative return (ret below 0)?",
        None,
        "收益率（ret）为负的天数有多少？",
        Scalar(lambda d: count(d.ret < 0)),
    ),
    Q(
        "o-pct-positive",
        O,
        "What percentage of days had a positive ret?",
        "Wie viel Prozent der Tage hatten eine positive Rendite (ret > 0)?",
        "ret 大于0的天数占百分之多少？",
        Pct(lambda d: pct(d.ret > 0)),
    ),
    Q(
        "o-ret-per-signal",
        O,
        "Average ret per signal",
        "Mittlere Rendite je Signal",
        None,
        Table(lambda d: d.groupby("signal").ret.mean(), rel=R),
    ),
    Q(
        "o-corr-open-close",
        O,
        "What is the correlation between open and close?",
        "Korrelation zwischen open und close?",
        "开盘价和收盘价的相关系数是多少？",
        Scalar(lambda d: d.open.corr(d.close), rel=R),
    ),
    Q(
        "o-close-25-28",
        O,
        "How many days had a close between 25 and 28?",
        None,
        "收盘价在25到28之间的有几天？",
        Scalar(lambda d: count(between(d.close, 25, 28))),
    ),
    Q(
        "o-avg-range",
        O,
        "What is the average of high minus low?",
        None,
        None,
        Scalar(lambda d: (d.high - d.low).mean(), rel=R),
    ),
    Q(
        "o-clarify-volume",
        O,
        "What was the average trading volume?",
        None,
        "平均成交量是多少？",
        Clarify(),  # no volume column
    ),
    Q(
        "o-clarify-price",
        O,
        "What was the average price in June?",
        None,
        None,
        Clarify(includes=["open", "close"]),  # open, high, low and close are all prices
    ),
    Q(
        "o-followup-june-short-positive",
        O,
        "and of those, how many had a positive return?",
        None,
        "其中 ret 为正的有几天？",
        Scalar(lambda d: count(_month(d, 6) & (d.signal == "short") & (d.ret > 0))),
        before={"en": ["How many days in June had a short signal?"], "zh": ["6月份信号为 short 的有几天？"]},
    ),
    Q(
        "o-lowest-low",
        O,
        "Lowest low overall?",
        "Tiefster Tiefstkurs (low) im ganzen Zeitraum?",
        None,
        Scalar(lambda d: d.low.min()),
    ),
    Q(
        "o-compare-long-short",
        O,
        "Compare the average close for long and short signals",
        None,
        "比较 long 和 short 信号的平均收盘价",
        Table(lambda d: d[d.signal.isin(["long", "short"])].groupby("signal").close.mean(), rel=R),
    ),
    Q("o-distinct-signals", O, "how many distinct signals are there", None, None, Scalar(lambda d: d.signal.nunique())),
    Q(
        "o-top3-returns",
        O,
        "What were the 3 biggest daily returns?",
        "Die 3 höchsten Tagesrenditen (ret)?",
        None,
        Column("ret", lambda d: list(top(d.ret, 3))),
    ),
    Q(
        "o-days-jul1-15",
        O,
        "How many trading days are there from July 1 to July 15?",
        None,
        "7月1日到7月15日之间有多少个交易日？",
        Scalar(lambda d: count(between(d.date, pd.Timestamp("2009-07-01"), pd.Timestamp("2009-07-15")))),
    ),
    Q("o-sum-ret-june", O, "Sum of ret in June", None, None, Scalar(lambda d: d.loc[_month(d, 6), "ret"].sum(), rel=R)),
]

# ---------------------------------------------------------------- driving (vega_datasets)

D = "driving"
DRIVING: list[Case] = [
    Q(
        "d-year-gas-max",
        D,
        "In which year were gas prices highest?",
        "In welchem Jahr war der Benzinpreis am höchsten?",
        "哪一年油价（gas）最高？",
        Label(lambda d: d.loc[argmax(d.gas), "year"]),
    ),
    Q(
        "d-avg-miles-since-2000",
        D,
        "Mean of miles for the years since 2000?",
        None,
        "2000年以来 miles 的平均值是多少？",
        Scalar(lambda d: d.loc[d.year >= 2000, "miles"].mean(), rel=R),
    ),
    Q(
        "d-corr-miles-gas",
        D,
        "Is there a correlation between miles and gas? Give me the coefficient.",
        "Wie stark korrelieren miles und gas?",
        None,
        Scalar(lambda d: d.miles.corr(d.gas), rel=R),
    ),
    Q(
        "d-gas-above-2-5",
        D,
        "In how many years was gas above 2.5?",
        "In wie vielen Jahren lag gas über 2,5?",
        "有多少年 gas 超过 2.5？",
        Scalar(lambda d: count(d.gas > 2.5)),
    ),
    Q("d-max-miles", D, "max miles", None, "miles 最大值", Scalar(lambda d: d.miles.max())),
    Q(
        "d-miles-1980",
        D,
        "How many miles were driven in 1980?",
        "Wie viele Meilen wurden 1980 gefahren?",
        None,
        Scalar(lambda d: d.loc[d.year == 1980, "miles"].sum()),
    ),
    Q(
        "d-avg-gas-1970s",
        D,
        "Average gas price between 1970 and 1979",
        None,
        "1970年到1979年的平均油价",
        Scalar(lambda d: d.loc[between(d.year, 1970, 1979), "gas"].mean(), rel=R),
    ),
    Q(
        "d-clarify-accidents",
        D,
        "How many traffic accidents were there per year?",
        "Wie viele Verkehrsunfälle gab es pro Jahr?",
        None,
        Clarify(),  # no accident column
    ),
    Q(
        "d-year-fewest-miles",
        D,
        "Which year had the fewest miles?",
        "Welches Jahr hatte die wenigsten Meilen?",
        None,
        Label(lambda d: d.loc[argmin(d.miles), "year"]),
    ),
    Q(
        "d-rows-per-side",
        D,
        "how many rows per side?",
        None,
        "每个 side 各有多少行？",
        Table(lambda d: d.side.value_counts()),
    ),
    Q(
        "d-cheapest3-gas",
        D,
        "The 3 years with the cheapest gas",
        "Die drei Jahre mit dem niedrigsten gas-Wert",
        None,
        Table(lambda d: top(d.set_index("year").gas, 3, largest=False), ordered=True),
    ),
    Q(
        "d-followup-1990-gas",
        D,
        "And in how many of those was gas above 2?",
        "Und davon, in wie vielen lag gas über 2?",
        None,
        Scalar(lambda d: count((d.year >= 1990) & (d.gas > 2))),
        before={
            "en": ["How many years since 1990 are in the data?"],
            "de": ["Wie viele Jahre ab 1990 sind enthalten?"],
        },
    ),
]

# ---------------------------------------------------------------- grunfeld (statsmodels)

G = "grunfeld"
GRUNFELD: list[Case] = [
    Q(
        "g-invest-per-firm",
        G,
        "Total investment per firm",
        "Gesamtinvestitionen je Firma",
        "每家公司的总投资额",
        Table(lambda d: d.groupby("firm").invest.sum(), rel=R),
    ),
    Q(
        "g-top3-invest",
        G,
        "Which 3 firms had the highest total invest?",
        "Welche 3 Firmen hatten die höchsten Gesamtinvestitionen?",
        "总投资最高的3家公司是哪些？",
        Table(lambda d: top(d.groupby("firm").invest.sum(), 3), ordered=True, rel=R),
    ),
    Q(
        "g-lowest-avg-capital",
        G,
        "Which firm has the lowest average capital?",
        None,
        "平均资本存量（capital）最低的是哪家公司？",
        Label(lambda d: argmin(d.groupby("firm").capital.mean())),
    ),
    Q(
        "g-avg-value-gm",
        G,
        "What's the average value of General Motors?",
        "Durchschnittlicher Firmenwert (value) von General Motors?",
        None,
        Scalar(lambda d: d.loc[d.firm == "General Motors", "value"].mean(), rel=R),
    ),
    Q(
        "g-invest-1954",
        G,
        "Total investment of all firms in 1954?",
        None,
        "1954年所有公司的投资总额是多少？",
        Scalar(lambda d: d.loc[d.year == 1954, "invest"].sum(), rel=R),
    ),
    Q(
        "g-ibm-per-year",
        G,
        "IBM's invest per year",
        "Investitionen von IBM pro Jahr",
        None,
        Table(lambda d: d[d.firm == "IBM"].groupby("year").invest.sum(), rel=R),
    ),
    Q(
        "g-n-firms",
        G,
        "How many firms are in the data?",
        "Wie viele verschiedene Unternehmen sind im Datensatz?",
        "数据中有多少家不同的公司？",
        Scalar(lambda d: d.firm.nunique()),
    ),
    Q(
        "g-invest-above-100",
        G,
        "How many observations have invest above 100?",
        None,
        "invest 大于100的观测有多少条？",
        Scalar(lambda d: count(d.invest > 100)),
    ),
    Q(
        "g-corr-invest-value",
        G,
        "Correlation between invest and value?",
        "Korrelation zwischen invest und value",
        "投资额（invest）与市值（value）的相关系数",
        Scalar(lambda d: d.invest.corr(d.value), rel=R),
    ),
    Q(
        "g-corr-us-steel",
        G,
        "For US Steel only, what's the correlation between invest and capital?",
        None,
        None,
        Scalar(lambda d: d.loc[d.firm == "US Steel", "invest"].corr(d.loc[d.firm == "US Steel", "capital"]), rel=R),
    ),
    Q(
        "g-median-capital",
        G,
        "Median capital by firm",
        "Median von capital je Firma",
        None,
        Table(lambda d: d.groupby("firm").capital.median(), rel=R),
    ),
    Q(
        "g-share-gm",
        G,
        "What share of total investment did General Motors account for (in %)?",
        "Welchen Anteil (in %) hat General Motors an den gesamten Investitionen?",
        "通用汽车（General Motors）的投资占总投资的百分比是多少？",
        Pct(lambda d: 100 * d.loc[d.firm == "General Motors", "invest"].sum() / d.invest.sum()),
    ),
    Q(
        "g-followup-chrysler-value",
        G,
        "And its average value over the same years?",
        None,
        "同一时期它的平均 value 是多少？",
        Scalar(lambda d: d.loc[(d.firm == "Chrysler") & (d.year >= 1945), "value"].mean(), rel=R),
        before={
            "en": ["What's Chrysler's total investment since 1945?"],
            "zh": ["Chrysler 1945年以来的总投资是多少？"],
        },
    ),
    Q(
        "g-compare-ge-westinghouse",
        G,
        "Compare the average invest of General Electric and Westinghouse",
        "Vergleiche die durchschnittlichen Investitionen von General Electric und Westinghouse",
        None,
        Table(lambda d: d[d.firm.isin(["General Electric", "Westinghouse"])].groupby("firm").invest.mean(), rel=R),
    ),
    Q(
        "g-bottom3-value",
        G,
        "Bottom 3 firms by average value",
        None,
        "平均 value 最低的3家公司",
        Table(lambda d: top(d.groupby("firm").value.mean(), 3, largest=False), ordered=True, rel=R),
    ),
    Q(
        "g-clarify-profit",
        G,
        "What was the profit of each firm?",
        "Wie hoch war der Gewinn jeder Firma?",
        None,
        Clarify(),  # no profit column
    ),
    Q("g-clarify-employees", G, "How many employees did IBM have in 1950?", None, None, Clarify()),
    Q(
        "g-invest-1940-1945",
        G,
        "Total investment between 1940 and 1945 across all firms",
        "Summe der Investitionen aller Firmen von 1940 bis 1945",
        None,
        Scalar(lambda d: d.loc[between(d.year, 1940, 1945), "invest"].sum(), rel=R),
    ),
    Q(
        "g-largest-single-invest",
        G,
        "Which firm made the single largest investment in one year?",
        None,
        "哪家公司单年投资额最高？",
        Label(lambda d: d.loc[argmax(d.invest), "firm"]),
    ),
    Q(
        "g-avg-invest-per-year-1950",
        G,
        "Average invest per year since 1950",
        "Durchschnittliche Investition pro Jahr ab 1950",
        None,
        Table(lambda d: d[d.year >= 1950].groupby("year").invest.mean(), rel=R),
    ),
]

# ---------------------------------------------------------------- statecrime (statsmodels)

S = "statecrime"
STATECRIME: list[Case] = [
    Q(
        "s-highest-murder",
        S,
        "Which state has the highest murder rate?",
        "Welcher Bundesstaat hat die höchste Mordrate?",
        "哪个州的谋杀率最高？",
        Label(lambda d: d.loc[argmax(d.murder), "state"]),
    ),
    Q(
        "s-top5-violent",
        S,
        "Top 5 states by violent crime rate",
        "Die 5 Bundesstaaten mit der höchsten Gewaltkriminalität (violent)",
        "暴力犯罪率最高的5个州",
        Table(lambda d: top(d.set_index("state").violent, 5), ordered=True),
    ),
    Q(
        "s-avg-poverty",
        S,
        "What is the average poverty rate across the states?",
        None,
        "各州贫困率的平均值是多少？",
        Scalar(lambda d: d.poverty.mean(), rel=R),  # unweighted mean over the 51 rows
    ),
    Q(
        "s-poverty-above-15",
        S,
        "How many states have a poverty rate above 15%?",
        "Wie viele Staaten haben eine Armutsquote über 15 %?",
        "贫困率超过15%的州有几个？",
        Scalar(lambda d: count(d.poverty > 15)),
    ),
    Q(
        "s-hsgrad-85-90",
        S,
        "How many states have hs_grad between 85 and 90?",
        "Wie viele Staaten haben eine Abschlussquote (hs_grad) zwischen 85 und 90?",
        None,
        Scalar(lambda d: count(between(d.hs_grad, 85, 90))),
    ),
    Q(
        "s-corr-poverty-murder",
        S,
        "Correlation between poverty and murder?",
        "Korrelation zwischen Armut und Mordrate",
        "贫困率和谋杀率之间的相关系数是多少？",
        Scalar(lambda d: d.poverty.corr(d.murder), rel=R),
    ),
    Q(
        "s-corr-single-violent",
        S,
        "How strongly is `single` correlated with `violent`?",
        None,
        None,
        Scalar(lambda d: d.single.corr(d.violent), rel=R),
    ),
    Q(
        "s-lowest-hsgrad",
        S,
        "Which state has the lowest high school graduation rate?",
        None,
        "高中毕业率最低的是哪个州？",
        Label(lambda d: d.loc[argmin(d.hs_grad), "state"]),
    ),
    Q("s-median-urban", S, "median of urban", "Median von urban?", None, Scalar(lambda d: d.urban.median(), rel=R)),
    Q(
        "s-new-in-name",
        S,
        "How many states have 'New' in their name?",
        None,
        "州名中包含 New 的有几个？",
        Scalar(lambda d: count(d.state.str.contains("New", na=False))),
    ),
    Q(
        "s-murder-texas",
        S,
        "What is the murder rate in Texas?",
        "Wie hoch ist die Mordrate in Texas?",
        "德克萨斯州（Texas）的谋杀率是多少？",
        Scalar(lambda d: d.loc[d.state == "Texas", "murder"].sum()),
    ),
    Q(
        "s-compare-ca-tx",
        S,
        "Compare the violent crime rate of California and Texas",
        "Vergleiche violent zwischen California und Texas",
        None,
        Table(lambda d: d[d.state.isin(["California", "Texas"])].set_index("state").violent),
    ),
    Q(
        "s-clarify-crime-rate",
        S,
        "What's the average crime rate?",
        "Wie hoch ist die durchschnittliche Kriminalitätsrate?",
        "平均犯罪率是多少？",
        Clarify(includes=["violent", "murder"]),  # both are crime rates per 100,000
    ),
    Q("s-clarify-population", S, "Which state has the largest population?", None, None, Clarify()),
    Q("s-clarify-unemployment", S, "Show the unemployment rate by state", None, None, Clarify()),
    Q(
        "s-followup-poverty-murder",
        S,
        "and how many of those have a murder rate above 7?",
        "Und wie viele davon haben eine Mordrate über 7?",
        "其中谋杀率高于7的有几个？",
        Scalar(lambda d: count((d.poverty > 17) & (d.murder > 7))),
        before={
            "en": ["Which states have a poverty rate above 17?"],
            "de": ["Welche Staaten haben eine Armutsquote über 17?"],
            "zh": ["哪些州的贫困率高于17？"],
        },
    ),
    Q(
        "s-bottom3-white",
        S,
        "Which 3 states have the lowest share of white population?",
        None,
        "白人比例（white）最低的3个州",
        Table(lambda d: top(d.set_index("state").white, 3, largest=False), ordered=True),
    ),
    Q(
        "s-pct-violent-500",
        S,
        "What percentage of states have a violent crime rate above 500?",
        "Wie viel Prozent der Staaten haben violent über 500?",
        None,
        Pct(lambda d: pct(d.violent > 500)),
    ),
    Q(
        "s-murder-urban-80",
        S,
        "Average murder rate in states where urban is above 80",
        None,
        None,
        Scalar(lambda d: d.loc[d.urban > 80, "murder"].mean(), rel=R),
    ),
    Q(
        "s-max-poverty",
        S,
        "What's the highest poverty rate?",
        None,
        "最高的贫困率是多少？",
        Scalar(lambda d: d.poverty.max()),
    ),
]

# ---------------------------------------------------------------- anes96 (statsmodels)

N = "anes96"
ANES: list[Case] = [
    Q(
        "n-respondents",
        N,
        "How many respondents are in the survey?",
        "Wie viele Befragte gibt es?",
        "一共有多少名受访者？",
        Scalar(lambda d: len(d)),
    ),
    Q(
        "n-vote-dole",
        N,
        "How many respondents expect to vote for Dole (vote = 1)?",
        "Wie viele Befragte wollen Dole wählen (vote = 1)?",
        "有多少受访者打算投票给 Dole（vote = 1）？",
        Scalar(lambda d: count(d.vote == 1)),
    ),
    Q("n-avg-age", N, "Average age of respondents", None, "受访者平均年龄", Scalar(lambda d: d.age.mean(), rel=R)),
    Q(
        "n-age-by-vote",
        N,
        "Average age by vote",
        "Durchschnittsalter nach vote",
        None,
        Table(lambda d: d.groupby("vote").age.mean(), rel=R),
    ),
    Q(
        "n-older-60",
        N,
        "How many respondents are older than 60?",
        "Wie viele Befragte sind älter als 60?",
        "年龄大于60岁的受访者有多少？",
        Scalar(lambda d: count(d.age > 60)),
    ),
    Q(
        "n-age-30-40",
        N,
        "How many respondents are between 30 and 40 years old?",
        None,
        "年龄在30到40岁之间的受访者有多少？",
        Scalar(lambda d: count(between(d.age, 30, 40))),
    ),
    Q(
        "n-income-by-educ",
        N,
        "Mean income by educ",
        "Mittleres Einkommen (income) je Bildungsstufe (educ)",
        None,
        Table(lambda d: d.groupby("educ").income.mean(), rel=R),
    ),
    Q(
        "n-corr-selflr-pid",
        N,
        "Correlation between selfLR and PID",
        "Korrelation zwischen selfLR und PID",
        "selfLR 和 PID 的相关系数",
        Scalar(lambda d: d.selfLR.corr(d.PID), rel=R),
    ),
    Q(
        "n-educ-most-tv",
        N,
        "Which educ level watches the most TV news on average?",
        None,
        "哪个教育水平（educ）平均看电视新闻（TVnews）最多？",
        Label(lambda d: argmax(d.groupby("educ").TVnews.mean())),
    ),
    Q(
        "n-pct-tv-daily",
        N,
        "What percentage of respondents watch TV news every day (TVnews = 7)?",
        "Wie viel Prozent der Befragten schauen täglich Nachrichten (TVnews = 7)?",
        "每天都看电视新闻（TVnews = 7）的受访者占百分之多少？",
        Pct(lambda d: pct(d.TVnews == 7)),
    ),
    Q(
        "n-distinct-pid",
        N,
        "How many distinct values does PID have?",
        "Wie viele unterschiedliche Werte hat PID?",
        None,
        Scalar(lambda d: d.PID.nunique()),
    ),
    Q("n-median-popul", N, "median popul", None, "popul 的中位数是多少？", Scalar(lambda d: d.popul.median(), rel=R)),
    Q(
        "n-clarify-women",
        N,
        "How many respondents are women?",
        "Wie viele Befragte sind Frauen?",
        "女性受访者有多少？",
        Clarify(),  # the survey extract has no sex/gender column
    ),
    Q(
        "n-clarify-left-right",
        N,
        "What's the average left-right placement?",
        "Wie ist die durchschnittliche Links-Rechts-Einstufung?",
        "平均左右立场评分是多少？",
        Clarify(includes=["selfLR", "ClinLR", "DoleLR"]),  # self, of Clinton, of Dole
    ),
    Q(
        "n-followup-pid6-clinton",
        N,
        "and how many of them plan to vote for Clinton (vote 0)?",
        "Und wie viele davon wollen Clinton wählen (vote = 0)?",
        None,
        Scalar(lambda d: count((d.PID == 6) & (d.vote == 0))),
        before={"en": ["How many respondents have PID 6?"], "de": ["Wie viele Befragte haben PID = 6?"]},
    ),
    Q(
        "n-compare-dolelr-vote",
        N,
        "Compare the mean DoleLR of vote 0 and vote 1",
        None,
        "比较 vote=0 和 vote=1 两组的 DoleLR 平均值",
        Table(lambda d: d.groupby("vote").DoleLR.mean(), rel=R),
    ),
    Q(
        "n-count-per-educ",
        N,
        "Number of respondents per educ level",
        "Anzahl Befragte je educ",
        None,
        Table(lambda d: d.educ.value_counts()),
    ),
    Q(
        "n-missing-income",
        N,
        "How many missing values does income have?",
        None,
        "income 列缺失值有多少个？",
        Scalar(lambda d: int(d.income.isna().sum())),
    ),
    Q("n-clarify-catholic", N, "What share of respondents are Catholic?", None, None, Clarify()),
    Q(
        "n-avg-age-phd",
        N,
        "Average age of respondents with educ = 7",
        None,
        None,
        Scalar(lambda d: d.loc[d.educ == 7, "age"].mean(), rel=R),
    ),
]

# ---------------------------------------------------------------- macrodata (statsmodels)

M = "macrodata"
MACRO: list[Case] = [
    Q(
        "m-unemp-per-year-2000",
        M,
        "Average unemployment rate per year since 2000",
        "Durchschnittliche Arbeitslosenquote pro Jahr seit 2000",
        "2000年以来每年的平均失业率",
        Table(lambda d: d[d.year >= 2000].groupby("year").unemp.mean(), rel=R),
    ),
    Q(
        "m-year-max-unemp",
        M,
        "In which year was the quarterly unemployment rate at its highest?",
        None,
        "季度失业率最高出现在哪一年？",
        Label(lambda d: d.loc[argmax(d.unemp), "year"]),
    ),
    Q(
        "m-max-infl",
        M,
        "What's the highest inflation (infl) in the data?",
        "Höchster Wert von infl?",
        None,
        Scalar(lambda d: d.infl.max()),
    ),
    Q(
        "m-infl-since-1990",
        M,
        "Mean inflation since 1990?",
        "Durchschnittliche Inflation seit 1990?",
        "1990年以来的平均通胀率是多少？",
        Scalar(lambda d: d.loc[d.year >= 1990, "infl"].mean(), rel=R),
    ),
    Q(
        "m-corr-unemp-infl",
        M,
        "Correlation between unemp and infl",
        "Korrelation zwischen Arbeitslosigkeit (unemp) und Inflation (infl)",
        "失业率和通胀率的相关系数",
        Scalar(lambda d: d.unemp.corr(d.infl), rel=R),
    ),
    Q(
        "m-corr-gdp-cons",
        M,
        "correlation realgdp vs realcons",
        None,
        None,
        Scalar(lambda d: d.realgdp.corr(d.realcons), rel=R),
    ),
    Q(
        "m-negative-infl",
        M,
        "How many quarters had negative inflation?",
        None,
        "有多少个季度通胀为负？",
        Scalar(lambda d: count(d.infl < 0)),
    ),
    Q(
        "m-unemp-above-8",
        M,
        "How many quarters had unemployment above 8%?",
        "In wie vielen Quartalen lag die Arbeitslosenquote über 8 %?",
        None,
        Scalar(lambda d: count(d.unemp > 8)),
    ),
    Q(
        "m-gdp-2008",
        M,
        "Average realgdp in 2008?",
        None,
        "2008年 realgdp 的平均值",
        Scalar(lambda d: d.loc[d.year == 2008, "realgdp"].mean(), rel=R),
    ),
    Q(
        "m-year-max-tbil",
        M,
        "Which year had the highest average tbilrate?",
        "Welches Jahr hatte den höchsten durchschnittlichen tbilrate?",
        None,
        Label(lambda d: argmax(d.groupby("year").tbilrate.mean())),
    ),
    Q(
        "m-top5-infl-years",
        M,
        "Top 5 years by average inflation",
        "Die 5 Jahre mit der höchsten durchschnittlichen Inflation",
        "平均通胀率最高的5个年份",
        Table(lambda d: top(d.groupby("year").infl.mean(), 5), ordered=True, rel=R),
    ),
    Q(
        "m-rows-1970s",
        M,
        "How many rows are from 1970 to 1979?",
        None,
        "1970年到1979年之间有多少行数据？",
        Scalar(lambda d: count(between(d.year, 1970, 1979))),
    ),
    Q(
        "m-clarify-interest",
        M,
        "What's the average interest rate?",
        "Wie hoch ist der durchschnittliche Zinssatz?",
        "平均利率是多少？",
        Clarify(includes=["tbilrate", "realint"]),  # nominal t-bill rate or real interest rate
    ),
    Q("m-clarify-exports", M, "Show total exports by year", None, None, Clarify()),
    Q("m-clarify-stocks", M, "What was the average stock market return?", None, None, Clarify()),
    Q(
        "m-followup-2008-unemp",
        M,
        "and of those, how many had unemployment above 6?",
        "Und davon, wie viele mit unemp über 6?",
        "其中失业率高于6的有几个？",
        Scalar(lambda d: count((d.year >= 2008) & (d.unemp > 6))),
        before={
            "en": ["How many quarters are there since 2008?"],
            "de": ["Wie viele Quartale gibt es seit 2008?"],
            "zh": ["2008年以来有多少个季度？"],
        },
    ),
    Q(
        "m-gdp-by-quarter",
        M,
        "Average realgdp by quarter",
        "Durchschnittliches realgdp je Quartal (quarter)",
        None,
        Table(lambda d: d.groupby("quarter").realgdp.mean(), rel=R),
    ),
    Q(
        "m-cpi-1979q4",
        M,
        "What was the cpi in Q4 1979?",
        None,
        "1979年第四季度的 cpi 是多少？",
        Scalar(lambda d: d.loc[(d.year == 1979) & (d.quarter == 4), "cpi"].sum()),
    ),
    Q(
        "m-min-realint-70-80",
        M,
        "Lowest realint between 1970 and 1980",
        "Niedrigster realint zwischen 1970 und 1980",
        None,
        Scalar(lambda d: d.loc[between(d.year, 1970, 1980), "realint"].min()),
    ),
    Q(
        "m-pct-negative-realint",
        M,
        "What percentage of quarters had a negative real interest rate?",
        "Wie viel Prozent der Quartale hatten einen negativen Realzins?",
        "实际利率为负的季度占百分之多少？",
        Pct(lambda d: pct(d.realint < 0)),
    ),
    Q(
        "m-unemp-1980s",
        M,
        "Average unemployment in the 1980s",
        None,
        "1980年代的平均失业率",
        Scalar(lambda d: d.loc[between(d.year, 1980, 1989), "unemp"].mean(), rel=R),
    ),
    Q(
        "m-missing-realinv",
        M,
        "Any missing values in realinv?",
        None,
        None,
        Scalar(lambda d: int(d.realinv.isna().sum())),
    ),
]

# ---------------------------------------------------------------- more, in English only

MORE_EN: list[Case] = [
    Q(
        "a-state-northmost-avg",
        A,
        "Which state's airports have the highest average latitude?",
        None,
        None,
        Label(lambda d: argmax(d.groupby("state").latitude.mean())),
    ),
    Q(
        "a-west-150",
        A,
        "How many airports are west of longitude -150?",
        None,
        None,
        Scalar(lambda d: count(d.longitude < -150)),
    ),
    Q(
        "a-mn-municipal",
        A,
        "how many airports in MN have Municipal in their name?",
        None,
        None,
        Scalar(lambda d: count((d.state == "MN") & d["name"].str.contains("Municipal", na=False))),
    ),
    Q(
        "l-per-race-sorted",
        L,
        "Deaths per race, sorted from most to fewest",
        None,
        None,
        Table(lambda d: top(d.race.value_counts(), d.race.nunique()), ordered=True),
    ),
    Q("l-under-18", L, "How many victims were under 18?", None, None, Scalar(lambda d: count(d.age < 18))),
    Q(
        "l-female-per-race",
        L,
        "How many female victims were there per race?",
        None,
        None,
        Table(lambda d: d[d.gender == "Female"].race.value_counts()),
    ),
    Q(
        "i-renewables-trend",
        I,
        "How did Renewables generation develop from 2001 to 2017? Show it per year.",
        None,
        None,
        YearTable(lambda d: d[d.source == REN].groupby(_yr(d[d.source == REN])).net_generation.sum()),
    ),
    Q(
        "i-total-2017",
        I,
        "What was the total net generation in 2017 across all sources?",
        None,
        None,
        Scalar(lambda d: d.loc[_yr(d) == 2017, "net_generation"].sum()),
    ),
    Q(
        "o-high31-low30",
        O,
        "How many days had a high above 31 and a low below 30?",
        None,
        None,
        Scalar(lambda d: count((d.high > 31) & (d.low < 30))),
    ),
    Q(
        "o-median-ret-short",
        O,
        "What was the median ret for short signals?",
        None,
        None,
        Scalar(lambda d: d.loc[d.signal == "short", "ret"].median(), rel=R),
    ),
    Q(
        "d-miles-2005-2010",
        D,
        "Show the miles per year from 2005 to 2010",
        None,
        None,
        Table(lambda d: d[between(d.year, 2005, 2010)].set_index("year").miles),
    ),
    Q(
        "d-miles-above-9000",
        D,
        "How many years had miles above 9000?",
        None,
        None,
        Scalar(lambda d: count(d.miles > 9000)),
    ),
    Q(
        "d-gas-1990s",
        D,
        "What was the average gas price in the 1990s?",
        None,
        None,
        Scalar(lambda d: d.loc[between(d.year, 1990, 1999), "gas"].mean(), rel=R),
    ),
    Q(
        "d-miles-2000-2010-total",
        D,
        "What's the total of miles from 2000 to 2010?",
        None,
        None,
        Scalar(lambda d: d.loc[between(d.year, 2000, 2010), "miles"].sum()),
    ),
    Q(
        "d-compare-gas-1956-2010",
        D,
        "Compare the gas price in 1956 and 2010",
        None,
        None,
        Table(lambda d: d[d.year.isin([1956, 2010])].set_index("year").gas),
    ),
    Q(
        "g-invest-trend",
        G,
        "How has total investment across all firms developed year by year?",
        None,
        None,
        Table(lambda d: d.groupby("year").invest.sum(), rel=R),
    ),
    Q(
        "g-year-max-invest",
        G,
        "Which year had the highest total investment?",
        None,
        None,
        Label(lambda d: argmax(d.groupby("year").invest.sum())),
    ),
    Q("g-years-per-firm", G, "Number of years per firm", None, None, Table(lambda d: d.firm.value_counts())),
    Q(
        "s-max-single",
        S,
        "Which state has the largest `single` value?",
        None,
        None,
        Label(lambda d: d.loc[argmax(d.single), "state"]),
    ),
    Q(
        "s-murder-below-2",
        S,
        "How many states have a murder rate below 2?",
        None,
        None,
        Scalar(lambda d: count(d.murder < 2)),
    ),
    Q("n-tv-by-pid", N, "Average TVnews by PID", None, None, Table(lambda d: d.groupby("PID").TVnews.mean(), rel=R)),
    Q(
        "n-income-20-plus",
        N,
        "How many respondents have an income code of 20 or higher?",
        None,
        None,
        Scalar(lambda d: count(d.income >= 20)),
    ),
    Q(
        "n-pid-oldest",
        N,
        "Which PID group has the highest average age?",
        None,
        None,
        Label(lambda d: argmax(d.groupby("PID").age.mean())),
    ),
    Q(
        "m-unemp-2005-2009",
        M,
        "Yearly average unemployment from 2005 to 2009",
        None,
        None,
        Table(lambda d: d[between(d.year, 2005, 2009)].groupby("year").unemp.mean(), rel=R),
    ),
    Q("m-n-quarters", M, "How many quarters does the data cover?", None, None, Scalar(lambda d: len(d))),
    Q(
        "m-2009-quarter-max-unemp",
        M,
        "In which quarter of 2009 was unemployment highest?",
        None,
        None,
        Label(lambda d: d.loc[argmax(d.loc[d.year == 2009, "unemp"]), "quarter"]),
    ),
]

BLIND: list[Case] = AIRPORTS + LA_RIOTS + IOWA + OHLC + DRIVING + GRUNFELD + STATECRIME + ANES + MACRO + MORE_EN

# The kind of each question (one primary kind per case), for the README's counts.
_KINDS = {
    "count with filter": """a-count-tx a-name-international a-lat-between a-outside-usa a-fl-south-26 a-city-spring
        a-west-150 a-mn-municipal l-total l-female l-homicides l-age-20-30 l-male-over-40 l-neighborhood-park
        l-under-18 i-rows-above-10000 o-long o-close-above-30 o-negative-ret o-close-25-28 o-high31-low30
        d-gas-above-2-5 d-miles-above-9000 g-invest-above-100 s-poverty-above-15 s-hsgrad-85-90 s-new-in-name
        s-murder-below-2 n-respondents n-vote-dole n-older-60 n-age-30-40 n-income-20-plus m-negative-infl
        m-unemp-above-8 m-n-quarters""",
    "distinct count": """a-distinct-states a-cities-per-state l-distinct-neighborhoods l-neighborhoods-per-race
        i-distinct-sources o-distinct-signals g-n-firms n-distinct-pid""",
    "aggregate (overall or per group)": """a-mean-lon-ca a-max-lat-ak a-median-lat-country a-per-country
        l-age-by-race l-median-age l-youngest l-per-type l-female-per-race i-total-renewables i-total-per-source
        i-max-nuclear i-min-fossil o-ret-per-signal o-avg-range o-lowest-low o-median-ret-short d-max-miles
        g-invest-per-firm g-avg-value-gm g-median-capital g-years-per-firm s-avg-poverty s-median-urban
        s-murder-texas s-murder-urban-80 s-max-poverty n-avg-age n-age-by-vote n-income-by-educ n-median-popul
        n-count-per-educ n-avg-age-phd n-tv-by-pid m-max-infl m-gdp-by-quarter d-rows-per-side""",
    "top-N / bottom-N ranking": """a-top4-states a-southernmost3-usa l-per-race-sorted o-top3-returns
        d-cheapest3-gas g-top3-invest g-bottom3-value s-top5-violent s-bottom3-white m-top5-infl-years
        i-top3-years-fossil""",
    "arg-max / arg-min (a label)": """a-northernmost a-city-most a-state-northmost-avg l-oldest-lastname
        l-race-oldest-avg i-source-most i-year-renewables-max o-day-close-max d-year-gas-max d-year-fewest-miles
        g-lowest-avg-capital g-largest-single-invest g-year-max-invest s-highest-murder s-lowest-hsgrad
        s-max-single n-educ-most-tv n-pid-oldest m-year-max-unemp m-year-max-tbil m-2009-quarter-max-unemp""",
    "share / percentage": """a-pct-ak l-pct-black i-share-renewables-2017 o-pct-positive g-share-gm
        s-pct-violent-500 n-pct-tv-daily m-pct-negative-realint""",
    "missing values": """a-missing-city a-no-state l-missing-age i-missing n-missing-income m-missing-realinv""",
    "time (dates, years, ranges, trends)": """l-apr30 l-apr29-may3 l-after-may l-may i-nuclear-2010
        i-total-per-year i-avg-source-since-2010 i-avg-renewables-2001-2005 i-renewables-trend i-total-2017
        o-avg-close-july o-max-high-june o-days-jul1-15 o-sum-ret-june d-avg-miles-since-2000 d-miles-1980
        d-avg-gas-1970s d-miles-2005-2010 d-gas-1990s d-miles-2000-2010-total g-invest-1954 g-ibm-per-year
        g-invest-1940-1945 g-avg-invest-per-year-1950 g-invest-trend m-unemp-per-year-2000 m-infl-since-1990
        m-gdp-2008 m-rows-1970s m-cpi-1979q4 m-min-realint-70-80 m-unemp-1980s m-unemp-2005-2009""",
    "correlation": """o-corr-open-close d-corr-miles-gas g-corr-invest-value g-corr-us-steel s-corr-poverty-murder
        s-corr-single-violent n-corr-selflr-pid m-corr-unemp-infl m-corr-gdp-cons""",
    "comparison of groups": """a-compare-tx-ca l-compare-gender-age i-compare-2005 o-compare-long-short
        d-compare-gas-1956-2010 g-compare-ge-westinghouse s-compare-ca-tx n-compare-dolelr-vote""",
    "follow-up keeping the filter": """a-followup-ak-north l-followup-latino-ois i-followup-renewables-2012
        o-followup-june-short-positive d-followup-1990-gas g-followup-chrysler-value s-followup-poverty-murder
        n-followup-pid6-clinton m-followup-2008-unemp""",
    "clarification (missing column or ambiguous word)": """a-clarify-elevation a-clarify-runways
        a-clarify-coordinate l-clarify-names l-clarify-income i-clarify-price i-clarify-co2 o-clarify-volume
        o-clarify-price d-clarify-accidents g-clarify-profit g-clarify-employees s-clarify-crime-rate
        s-clarify-population s-clarify-unemployment n-clarify-women n-clarify-left-right n-clarify-catholic
        m-clarify-interest m-clarify-exports m-clarify-stocks""",
}
KIND: dict[str, str] = {case_id: kind for kind, ids in _KINDS.items() for case_id in ids.split()}
