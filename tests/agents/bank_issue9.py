"""Issue 9's families, each in three languages: constraints that were dropped, follow-ups
that lost the first filter, entities counted as rows, rankings and arg-max, conditional
shares, things the data does not have, column names in the question's own words,
aggregate words, time, and text filters. Expected values computed here with pandas."""

from __future__ import annotations

import pandas as pd

from tests.agents.bank import Case, Q
from tests.agents.expect import Clarify, Column, Scalar, Table

P, F, SW, C, L, B = "penguins", "flights", "seattle_weather", "cars", "longley", "barley"


def _pct(mask: pd.Series) -> float:
    return round(100 * float(mask.sum()) / len(mask), 2)


def _months(d: pd.DataFrame, year: int, lo: int, hi: int) -> pd.Series:
    return (d.date.dt.year == year) & d.date.dt.month.between(lo, hi)


ISSUE9: list[Case] = [
    # 1. constraints that were dropped: ranges on a described column, month ranges
    Q(
        "i9_range_described",
        SW,
        "how many days had a maximum temperature between 20 and 30",
        "an wie vielen Tagen lag die Höchsttemperatur zwischen 20 und 30",
        "最高气温在20到30之间的天数有多少",
        Scalar(lambda d: int(d.temp_max.between(20, 30).sum())),
    ),
    Q(
        "i9_month_range",
        SW,
        "average maximum temperature from January to June 2015",
        "durchschnittliche Höchsttemperatur von Januar bis Juni 2015",
        "2015年1月到6月的平均最高气温",
        Scalar(lambda d: d.loc[_months(d, 2015, 1, 6), "temp_max"].mean()),
    ),
    Q(
        "i9_month_between",
        F,
        "how many flights were there between August and October",
        "wie viele Flüge gab es zwischen August und Oktober",
        "8月到10月之间有多少航班",
        Scalar(lambda d: int(d.month.between(8, 10).sum())),
    ),
    # 2. follow-ups keep the previous filter
    Q(
        "i9_and_of_those",
        C,
        "and of those, how many are from Japan?",
        "und davon, wie viele kommen aus Japan?",
        "其中有多少来自Japan？",
        Scalar(lambda d: int(((d.Cylinders == 4) & (d.Origin == "Japan")).sum())),
        before={
            "en": ["how many cars have 4 cylinders?"],
            "de": ["Wie viele Autos haben 4 Zylinder?"],
            "zh": ["有多少辆车有4个气缸？"],
        },
    ),
    # 3. entities and distinct counts
    Q(
        "i9_distinct_years",
        P,
        "how many distinct years are there",
        "wie viele verschiedene Jahre gibt es",
        "有多少个不同的年份",
        Scalar(lambda d: int(d.year.nunique())),
    ),
    Q(
        "i9_distinct_per_group",
        F,
        "how many distinct destinations per origin",
        "wie viele verschiedene Ziele pro Abflughafen",
        "每个出发地有多少个不同的目的地",
        Table(lambda d: d.groupby("origin").dest.nunique()),
    ),
    # 4. rankings and arg-max
    Q(
        "i9_which_row",
        C,
        "which car has the highest horsepower",
        "welches Auto hat die höchste Leistung",
        "哪辆车的马力最高",
        Scalar(lambda d: d.loc[d.Horsepower.idxmax(), "Name"], name="Name"),
    ),
    Q(
        "i9_n_groups_ranked",
        B,
        "which 3 sites had the highest total yield in 1931",
        "welche 3 Standorte hatten 1931 den höchsten Gesamtertrag",
        "1931年总产量最高的3个地点",
        Table(
            lambda d: d[d.year == 1931].groupby("site")["yield"].sum().sort_values(ascending=False).head(3),
            ordered=True,
        ),
    ),
    Q(
        "i9_two_most_common",
        P,
        "the two most common species",
        "die zwei häufigsten Arten",
        "最常见的两个物种",
        Column("species", lambda d: list(d.species.value_counts().index[:2])),
    ),
    # 5. conditional shares
    Q(
        "i9_percent_condition",
        SW,
        "what percentage of days had precipitation above 0",
        "wie viel Prozent der Tage hatten einen Niederschlag über 0",
        "降水量大于0的天数占百分之多少",
        Scalar(lambda d: _pct(d.precipitation > 0)),
    ),
    # 6. things the data does not have
    Q(
        "i9_no_column",
        P,
        "what was the inflation rate in 2008",
        "wie hoch war die Inflationsrate 2008",
        "2008年的通货膨胀率是多少",
        Clarify(),
    ),
    Q(
        "i9_not_in_data",
        P,
        "how many penguins are nocturnal",
        "wie viele Pinguine sind nachtaktiv",
        "有多少企鹅是夜行性的",
        Clarify(),
    ),
    # 7. column names in the question's words, quoted or in parentheses
    Q(
        "i9_parenthesised",
        P,
        "average body weight (body_mass_g) for each island",
        "durchschnittliches Körpergewicht (body_mass_g) je Insel",
        "各岛屿的平均体重（body_mass_g）",
        Table(lambda d: d.groupby("island").body_mass_g.mean()),
    ),
    Q(
        "i9_backticks",
        SW,
        "the average `wind` by `weather`",
        "der Durchschnitt von `wind` nach `weather`",
        "按`weather`统计`wind`的平均值",
        Table(lambda d: d.groupby("weather").wind.mean()),
    ),
    # 8. aggregate words
    Q(
        "i9_min_word",
        SW,
        "the lowest minimum temperature (temp_min)",
        "die niedrigste Tiefsttemperatur (temp_min)",
        "最低气温（temp_min）的最小值是多少",
        Scalar(lambda d: d.temp_min.min()),
    ),
    Q(
        "i9_missing_count",
        P,
        "how many values of sex are missing",
        "wie viele Werte von Geschlecht fehlen",
        "性别缺了多少个值",
        Scalar(lambda d: int(d.sex.isna().sum())),
    ),
    # 9. time over an integer year column, per-year since a year
    Q(
        "i9_trend_year_column",
        L,
        "trend of unemployment over time",
        "Entwicklung der Arbeitslosigkeit im Zeitverlauf",
        "失业随时间的趋势",
        Table(lambda d: d.groupby("YEAR").UNEMP.mean()),
    ),
    Q(
        "i9_yearly_since",
        B,
        "average yield per year since 1932",
        "durchschnittlicher Ertrag pro Jahr seit 1932",
        "1932年以来每年的平均产量",
        Table(lambda d: d[d.year >= 1932].groupby("year")["yield"].mean()),
    ),
    Q(
        "i9_or_more",
        P,
        "how many penguins have a flipper length of 200 or more",
        "wie viele Pinguine haben eine Flossenlänge von 200 oder mehr",
        "鳍长200及以上的企鹅有多少只",
        Scalar(lambda d: int((d.flipper_length_mm >= 200).sum())),
    ),
    Q(
        "i9_decade",
        L,
        "average unemployment in the 1950s",
        "durchschnittliche Arbeitslosigkeit in den 1950er Jahren",
        "1950年代的平均失业人数",
        Scalar(lambda d: d.loc[d.YEAR.between(1950, 1959), "UNEMP"].mean()),
    ),
    # 10. text filters
    Q(
        "i9_name_contains",
        C,
        "how many cars have a name containing 'toyota'",
        "wie viele Autos haben einen Namen, der 'toyota' enthält",
        "名称里带“toyota”的车有多少辆",
        Scalar(lambda d: int(d.Name.str.contains("toyota", case=False).sum())),
    ),
]
