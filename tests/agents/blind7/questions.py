"""The seventh sealed bank's cases (see README.md): expected answers computed with pandas
from the test's own copy of each table; arg-max and top-N cuts refuse ties."""

from __future__ import annotations

import pandas as pd

from tests.agents.bank import C, Case
from tests.agents.blind7.expect_more import Label, argmax, argmin, top
from tests.agents.expect import Clarify, Column, Frame, Scalar, Table

A = "anes96"
U = "us_cpi"
T = "tlds"
L = "leap_seconds"
M = "methylation"
K = "cancer"
S = "strikes"


def _cpi(df: Frame) -> pd.DataFrame:
    """The quarters with a CPI reading."""
    return df.dropna(subset=["cpi"])


def _cpi_at(df: Frame, day: str) -> float:
    return float(df.loc[df["dates"] == pd.Timestamp(day), "cpi"].iloc[0])


def _yearly_mean(df: Frame) -> pd.Series:
    frame = _cpi(df)
    return frame.groupby(frame["dates"].dt.year)["cpi"].mean()


def _first_above(df: Frame, column: str, value: float) -> pd.Timestamp:
    frame = df.sort_values("dates")
    return frame.loc[frame[column] > value, "dates"].iloc[0]


def _pct(part: float, whole: float) -> float:
    return float(100 * part / whole)


def _rate(df: Frame) -> pd.Series:
    return df["cancer"] / df["population"] * 1000


def _leaps_between(df: Frame, start: str, end: str) -> int:
    days = df["effective"]
    return int(((days >= pd.Timestamp(start)) & (days <= pd.Timestamp(end))).sum())


BLIND: list[Case] = [
    # ---------------------------------------------------------------- anes96 (ANES 1996)
    C(
        "a_rows",
        A,
        Scalar(lambda df: len(df)),
        en="how many respondents are in this survey?",
    ),
    C(
        "a_dole_count",
        A,
        Scalar(lambda df: int((df["vote"] == 1).sum())),
        en="How many people have vote = 1?",
        de="Wie viele Befragte haben vote = 1?",
    ),
    C(
        "a_dole_share",
        A,
        Scalar(lambda df: _pct((df["vote"] == 1).sum(), len(df)), rel=1e-3),
        en="what percentage of respondents have vote equal to 1",
        zh="vote 等于 1 的受访者占百分之多少?",
    ),
    C(
        "a_age_mean",
        A,
        Scalar(lambda df: df["age"].mean(), rel=1e-4),
        en="avg age of respondents",
        de="Durchschnittsalter der Befragten?",
    ),
    C("a_age_median", A, Scalar(lambda df: df["age"].median()), en="median age?", zh="age 的中位数是多少?"),
    C(
        "a_age_range_count",
        A,
        Scalar(lambda df: int(df["age"].between(30, 39).sum())),
        en="how many respondents are aged 30 to 39 inclusive",
        de="Wie viele Befragte sind zwischen 30 und 39 Jahre alt (beide eingeschlossen)?",
    ),
    C(
        "a_over65",
        A,
        Scalar(lambda df: int((df["age"] > 65).sum())),
        en="Count of respondents older than 65",
    ),
    C(
        "a_tv_daily",
        A,
        Scalar(lambda df: int((df["TVnews"] == 7).sum())),
        en="How many watch TV news every day of the week (TVnews = 7)?",
        de="Wie viele schauen an allen 7 Tagen Nachrichten (TVnews = 7)?",
    ),
    C(
        "a_tv_never_share",
        A,
        Scalar(lambda df: _pct((df["TVnews"] == 0).sum(), len(df)), rel=1e-3),
        en="What share of respondents never watch TV news (TVnews 0), in %?",
        zh="从不看电视新闻(TVnews 为 0)的人占比多少(%)?",
    ),
    C(
        "a_tv_mean",
        A,
        Scalar(lambda df: df["TVnews"].mean(), rel=1e-4),
        en="On average how many days a week do respondents watch TV news?",
        de="Wie oft pro Woche schauen die Befragten im Schnitt TV-Nachrichten?",
    ),
    C(
        "a_age_by_vote",
        A,
        Table(lambda df: df.groupby("vote")["age"].mean(), rel=1e-4),
        en="mean age by vote",
        de="Durchschnittliches Alter je vote-Wert",
        zh="按 vote 分组的平均年龄",
    ),
    C(
        "a_count_by_pid",
        A,
        Table(lambda df: df["PID"].value_counts().sort_index()),
        en="number of respondents for each PID value",
        zh="每个 PID 取值各有多少人?",
    ),
    C(
        "a_top_pid",
        A,
        Label(lambda df: argmax(df["PID"].value_counts())),
        en="Which party identification code (PID) is the most common?",
        de="Welcher PID-Code kommt am häufigsten vor?",
    ),
    C(
        "a_rarest_educ",
        A,
        Label(lambda df: argmin(df["educ"].value_counts())),
        en="which educ level has the fewest respondents",
    ),
    C(
        "a_vote_share_by_pid",
        A,
        Table(lambda df: 100 * df.groupby("PID")["vote"].mean(), rel=5e-3),
        en="For each PID, what percent have vote = 1?",
        de="Anteil vote = 1 in Prozent je PID",
    ),
    C(
        "a_strong_dem_dole",
        A,
        Scalar(lambda df: int(((df["PID"] == 0) & (df["vote"] == 1)).sum())),
        en="How many respondents with PID 0 still have vote 1?",
        zh="PID 为 0 且 vote 为 1 的受访者有多少?",
    ),
    C(
        "a_income_median_by_vote",
        A,
        Table(lambda df: df.groupby("vote")["income"].median()),
        en="median income code for vote=0 vs vote=1",
        de="Median von income getrennt nach vote (0 und 1)",
    ),
    C(
        "a_income_ge20_share",
        A,
        Scalar(lambda df: _pct((df["income"] >= 20).sum(), len(df)), rel=1e-3),
        de="Wie viel Prozent haben einen income-Code von mindestens 20?",
    ),
    C(
        "a_selflr_mean_by_pid",
        A,
        Table(lambda df: df.groupby("PID")["selfLR"].mean(), rel=1e-4),
        en="average selfLR per PID",
        zh="每个 PID 的 selfLR 平均值",
    ),
    C(
        "a_clin_dole_gap",
        A,
        Scalar(lambda df: (df["DoleLR"] - df["ClinLR"]).mean(), rel=1e-4),
        en="On average, how much higher is DoleLR than ClinLR (DoleLR minus ClinLR)?",
        de="Um wie viel liegt DoleLR im Mittel über ClinLR (DoleLR − ClinLR)?",
    ),
    C(
        "a_clin_mean",
        A,
        Scalar(lambda df: df["ClinLR"].mean(), rel=1e-4),
        en="mean ClinLR",
        zh="ClinLR 的平均值是多少?",
    ),
    C(
        "a_moderates",
        A,
        Scalar(lambda df: int((df["selfLR"] == 4).sum())),
        en="How many respondents place themselves at 4 on selfLR?",
        zh="selfLR 为 4 的受访者有多少个?",
    ),
    C(
        "a_conservative_share_by_vote",
        A,
        Table(lambda df: 100 * (df["selfLR"] >= 5).groupby(df["vote"]).mean(), rel=5e-3),
        en="Within each vote group, what % have selfLR of 5 or more?",
        de="Anteil (%) mit selfLR ≥ 5 innerhalb jeder vote-Gruppe",
    ),
    C(
        "a_corr_age_tv",
        A,
        Scalar(lambda df: df["age"].corr(df["TVnews"]), rel=1e-3),
        en="correlation between age and TVnews",
        zh="age 和 TVnews 之间的相关系数是多少?",
    ),
    C(
        "a_corr_pid_self",
        A,
        Scalar(lambda df: df["PID"].corr(df["selfLR"]), rel=1e-3),
        en="Pearson corr of PID with selfLR?",
        de="Korrelation zwischen PID und selfLR?",
    ),
    C(
        "a_popul_max",
        A,
        Scalar(lambda df: df["popul"].max()),
        en="What's the largest popul value?",
        zh="popul 最大值是多少?",
    ),
    C(
        "a_popul_over_1000",
        A,
        Scalar(lambda df: int((df["popul"] > 1000).sum())),
        en="how many respondents live in places with popul above 1000 (i.e. over a million people)?",
        zh="popul 大于 1000 的受访者有多少?",
    ),
    C(
        "a_educ_mean_by_vote",
        A,
        Table(lambda df: df.groupby("vote")["educ"].mean(), rel=1e-4),
        en="mean educ for vote 0 and for vote 1",
        zh="vote=0 和 vote=1 两组的 educ 平均值分别是多少?",
    ),
    C(
        "a_phd_count",
        A,
        Scalar(lambda df: int((df["educ"] == 7).sum())),
        en="How many respondents have educ 7 (PhD)?",
        de="Wie viele haben educ = 7 (Promotion)?",
    ),
    C(
        "a_phd_dole",
        A,
        Scalar(lambda df: int(((df["educ"] == 7) & (df["vote"] == 1)).sum())),
        en="and how many of those have vote 1?",
        before={"en": ["How many respondents have educ 7 (PhD)?"]},
    ),
    C(
        "a_young_count",
        A,
        Scalar(lambda df: int((df["age"] < 30).sum())),
        en="How many respondents are under 30?",
        zh="30岁以下的受访者有多少?",
    ),
    C(
        "a_young_tv",
        A,
        Scalar(lambda df: df.loc[df["age"] < 30, "TVnews"].mean(), rel=1e-4),
        en="What is their average TVnews?",
        zh="他们的 TVnews 平均是多少?",
        before={"en": ["How many respondents are under 30?"], "zh": ["30岁以下的受访者有多少?"]},
    ),
    C(
        "a_tv_by_educ",
        A,
        Table(lambda df: df.groupby("educ")["TVnews"].mean(), rel=1e-4),
        en="average TV news days per week for each education level",
        de="Durchschnittliche TVnews je Bildungsstufe (educ)",
    ),
    C(
        "a_age_min_by_pid",
        A,
        Table(lambda df: df.groupby("PID")["age"].min()),
        en="youngest age in each PID group",
        zh="每个 PID 中最年轻的受访者年龄",
    ),
    C(
        "a_top3_educ",
        A,
        Table(lambda df: top(df["educ"].value_counts(), 3), ordered=True),
        en="top 3 educ values by number of respondents",
        zh="人数最多的前三个 educ 等级",
    ),
    # clarifications (anes96)
    C(
        "a_cl_lr",
        A,
        Clarify(["ClinLR", "DoleLR"]),
        en="What is the average LR placement of the candidate?",
        de="Wie ist die durchschnittliche LR-Einstufung des Kandidaten?",
    ),
    C("a_cl_heavy", A, Clarify(), en="How many heavy news watchers are there?", zh="重度新闻观众有多少人?"),
    C("a_cl_rich", A, Clarify(), en="How many respondents are rich?", zh="有多少富裕的受访者?"),
    C("a_cl_avg", A, Clarify(), en="what's the average?", de="Was ist der Durchschnitt?"),
    C("a_cl_young_voters", A, Clarify(), en="Do young voters lean more to the left?"),
    C(
        "a_cl_winner",
        A,
        Clarify(),
        en="who won?",
        zh="谁赢了?",
    ),
    # ---------------------------------------------------------------- us_cpi (quarterly)
    C(
        "u_quarters",
        U,
        Scalar(lambda df: int(df["cpi"].notna().sum())),
        en="How many quarters have a cpi value?",
        de="Für wie viele Quartale gibt es einen cpi-Wert?",
    ),
    C(
        "u_missing",
        U,
        Scalar(lambda df: int(df["cpi"].isna().sum())),
        en="how many rows have no cpi",
    ),
    C(
        "u_first_date",
        U,
        Label(lambda df: df["dates"].min()),
        en="What is the earliest date in the table?",
        de="Welches ist das früheste Datum in der Tabelle?",
    ),
    C(
        "u_last_cpi_date",
        U,
        Label(lambda df: _cpi(df)["dates"].max()),
        en="What's the last quarter with an actual cpi reading?",
        zh="最后一个有实际 cpi 数值的季度是哪个?",
    ),
    C(
        "u_cpi_1960",
        U,
        Scalar(lambda df: _cpi_at(df, "1960-01-01")),
        en="cpi in 1960 Q1?",
        de="Wie hoch war der cpi im ersten Quartal 1960?",
        zh="1960年第一季度的 cpi 是多少?",
    ),
    C(
        "u_change_70_80",
        U,
        Scalar(lambda df: _cpi_at(df, "1980-01-01") - _cpi_at(df, "1970-01-01"), rel=1e-4),
        en="By how much did cpi change from Q1 1970 to Q1 1980?",
        de="Um wie viel hat sich cpi vom 01.01.1970 bis zum 01.01.1980 verändert?",
    ),
    C(
        "u_pct_change_80_90",
        U,
        Scalar(
            lambda df: 100 * (_cpi_at(df, "1990-01-01") / _cpi_at(df, "1980-01-01") - 1),
            rel=1e-3,
        ),
        en="percent change in cpi between 1980Q1 and 1990Q1",
        zh="cpi 从1980年一季度到1990年一季度变化了百分之多少?",
    ),
    C(
        "u_first_above_100",
        U,
        Label(lambda df: _first_above(df, "cpi", 100)),
        en="When did cpi first go above 100?",
        de="Wann lag cpi zum ersten Mal über 100?",
        zh="cpi 第一次超过100是在什么时候?",
    ),
    C(
        "u_max",
        U,
        Scalar(lambda df: df["cpi"].max()),
        en="highest cpi",
        de="Höchster cpi-Wert?",
    ),
    C(
        "u_max_when",
        U,
        Label(lambda df: df.loc[df["cpi"].idxmax(), "dates"]),
        en="In which quarter was the cpi highest?",
        zh="cpi 最高的是哪个季度?",
    ),
    C(
        "u_mean_1990s",
        U,
        Scalar(lambda df: df.loc[df["dates"].dt.year.between(1990, 1999), "cpi"].mean(), rel=1e-4),
        en="average cpi during the 1990s (1990-1999)",
        de="Durchschnittlicher cpi in den 1990er Jahren (1990–1999)",
    ),
    C(
        "u_yearly_mean",
        U,
        Table(_yearly_mean, rel=1e-4),
        en="average cpi per year",
        zh="每年的 cpi 平均值",
    ),
    C(
        "u_yearly_mean_80s",
        U,
        Table(lambda df: _yearly_mean(df).loc[1980:1989], rel=1e-4),
        en="only for 1980 to 1989 please",
        before={"en": ["average cpi per year"]},
    ),
    C(
        "u_year_2000_max",
        U,
        Scalar(lambda df: df.loc[df["dates"].dt.year == 2000, "cpi"].max()),
        en="max cpi in 2000",
        zh="2000年 cpi 的最大值是多少?",
    ),
    C(
        "u_count_above_200",
        U,
        Scalar(lambda df: int((df["cpi"] > 200).sum())),
        en="In how many quarters was cpi over 200?",
        de="In wie vielen Quartalen lag cpi über 200?",
    ),
    C(
        "u_count_range",
        U,
        Scalar(lambda df: int(df["cpi"].between(100, 150).sum())),
        zh="cpi 在100到150之间(含)的季度有几个?",
    ),
    C(
        "u_biggest_jump",
        U,
        Label(lambda df: argmax(_cpi(df).set_index("dates")["cpi"].diff())),
        en="Which quarter had the biggest quarter-on-quarter increase in cpi?",
        de="In welchem Quartal stieg cpi gegenüber dem Vorquartal am stärksten?",
    ),
    C(
        "u_declines",
        U,
        Scalar(lambda df: int((_cpi(df)["cpi"].diff() < 0).sum())),
        en="how many quarters did the cpi fall compared with the previous quarter?",
        zh="cpi 比上一季度下降的季度有多少个?",
    ),
    C(
        "u_predict_mean_forecast",
        U,
        Scalar(lambda df: df.loc[df["cpi"].isna(), "predict"].mean(), rel=1e-4),
        en="What is the mean predict value for the quarters where cpi is empty?",
        de="Mittelwert von predict in den Quartalen ohne cpi?",
    ),
    C(
        "u_last_forecast",
        U,
        Scalar(lambda df: df.loc[df["dates"].idxmax(), "predict"]),
        en="What is the predict value for the final quarter in the table?",
        zh="表中最后一个季度的 predict 是多少?",
    ),
    C(
        "u_band_width",
        U,
        Scalar(
            lambda df: float((df["conf2"] - df["conf1"]).loc[df["dates"] == pd.Timestamp("2005-07-01")].iloc[0]),
            rel=1e-4,
        ),
        en="how wide is the interval conf2 minus conf1 in 2005 Q3?",
        zh="2005年第三季度 conf2 减 conf1 是多少?",
    ),
    C(
        "u_error_abs_mean",
        U,
        Scalar(lambda df: (df["cpi"] - df["predict"]).abs().mean(), rel=1e-4),
        en="mean absolute difference between cpi and predict (where both exist)",
        de="Mittlere absolute Abweichung zwischen cpi und predict (wo beide vorhanden sind)",
    ),
    C(
        "u_corr",
        U,
        Scalar(lambda df: df["cpi"].corr(df["predict"]), rel=1e-4),
        en="how correlated are cpi and predict?",
        zh="cpi 和 predict 的相关系数",
    ),
    C(
        "u_since_1995",
        U,
        Scalar(lambda df: int(((df["dates"] >= pd.Timestamp("1995-01-01")) & df["cpi"].notna()).sum())),
        en="How many quarters since 01/01/1995 have a cpi?",
        de="Wie viele Quartale ab dem 01.01.1995 haben einen cpi-Wert?",
    ),
    C(
        "u_decade_growth",
        U,
        Table(
            lambda df: _cpi(df).assign(decade=lambda f: f["dates"].dt.year // 10 * 10).groupby("decade")["cpi"].mean(),
            rel=1e-4,
        ),
        en="average cpi per decade",
        zh="每个年代(十年)的 cpi 平均值",
    ),
    # clarifications (us_cpi)
    C("u_cl_when", U, Clarify(), en="What was the cpi?", zh="cpi 是多少?"),
    C("u_cl_rise", U, Clarify(), en="How much did the cpi go up?", de="Wie stark ist cpi gestiegen?"),
    C(
        "u_cl_inflation_high",
        U,
        Clarify(),
        de="In wie vielen Quartalen war die Inflation hoch?",
        zh="通胀高的季度有几个?",
    ),
    C(
        "u_cl_value",
        U,
        Clarify(["cpi", "predict"]),
        en="What was the value in 2000 Q3?",
        zh="2000年第三季度的数值是多少?",
    ),
    C("u_cl_band", U, Clarify(["conf1", "conf2"]), en="What's the bound of the forecast for 2003 Q1?"),
    # ---------------------------------------------------------------- tlds
    C(
        "t_count",
        T,
        Scalar(lambda df: len(df)),
        en="how many top-level domains are listed?",
        zh="列表中一共有多少个顶级域名?",
    ),
    C(
        "t_two_letter",
        T,
        Scalar(lambda df: int((df["domain"].str.len() == 2).sum())),
        en="How many domains have exactly two letters?",
        de="Wie viele Domains bestehen aus genau zwei Zeichen?",
    ),
    C(
        "t_idn",
        T,
        Scalar(lambda df: int(df["domain"].str.startswith("XN--").sum())),
        en="How many entries start with XN--?",
        zh="以 XN-- 开头的域名有多少个?",
    ),
    C(
        "t_longest",
        T,
        Label(lambda df: argmax(pd.Series(df["domain"].str.len().to_numpy(), index=df["domain"]))),
        en="Which domain is the longest?",
        zh="最长的域名是哪个?",
    ),
    C(
        "t_max_len",
        T,
        Scalar(lambda df: int(df["domain"].str.len().max())),
        en="max length of a domain in characters",
        de="Maximale Länge einer Domain in Zeichen?",
    ),
    C(
        "t_mean_len",
        T,
        Scalar(lambda df: df["domain"].str.len().mean(), rel=1e-4),
        en="average domain length",
    ),
    C(
        "t_contains_bank",
        T,
        Scalar(lambda df: int(df["domain"].str.contains("BANK").sum())),
        en="how many domains contain the word BANK",
        de="Wie viele Domains enthalten BANK?",
    ),
    C(
        "t_by_first_letter_top",
        T,
        Label(lambda df: argmax(df["domain"].str[0].value_counts())),
        en="Which first letter do the most domains start with?",
        de="Mit welchem Anfangsbuchstaben beginnen die meisten Domains?",
    ),
    C(
        "t_by_length",
        T,
        Table(lambda df: df["domain"].str.len().value_counts().sort_index()),
        en="number of domains per length",
        zh="按长度统计域名数量",
    ),
    C(
        "t_three_letter",
        T,
        Scalar(lambda df: int((df["domain"].str.len() == 3).sum())),
        de="Wie viele dreistellige Domains gibt es?",
        zh="三个字符的域名有多少?",
    ),
    C(
        "t_three_letter_a",
        T,
        Scalar(lambda df: int(((df["domain"].str.len() == 3) & df["domain"].str.startswith("A")).sum())),
        de="Und davon mit A am Anfang?",
        zh="其中以 A 开头的有几个?",
        before={"de": ["Wie viele dreistellige Domains gibt es?"], "zh": ["三个字符的域名有多少?"]},
    ),
    C(
        "t_share_two",
        T,
        Scalar(lambda df: _pct((df["domain"].str.len() == 2).sum(), len(df)), rel=1e-3),
        en="what % of the TLDs are 2 characters long?",
    ),
    C(
        "t_first",
        T,
        Column("domain", lambda df: list(df["domain"].sort_values().head(5))),
        en="first 5 domains in alphabetical order",
        de="Die ersten 5 Domains alphabetisch",
    ),
    C("t_cl_pricey", T, Clarify(), en="how many domains are expensive?", zh="有多少个昂贵的域名?"),
    C("t_cl_short", T, Clarify(), en="How many short domains are there?", de="Wie viele kurze Domains gibt es?"),
    C("t_cl_new", T, Clarify(), de="Wie viele Domains sind neu?", zh="新增了多少个域名?"),
    # ---------------------------------------------------------------- leap_seconds
    C(
        "l_count",
        L,
        Scalar(lambda df: len(df)),
        en="how many rows in the leap seconds table?",
        de="Wie viele Zeilen hat die Schaltsekunden-Tabelle?",
    ),
    C(
        "l_after_1972",
        L,
        Scalar(lambda df: int((df["effective"] > pd.Timestamp("1972-01-01")).sum())),
        en="How many leap seconds took effect after 1 Jan 1972?",
        zh="1972年1月1日之后生效的闰秒有几次?",
    ),
    C(
        "l_last",
        L,
        Label(lambda df: df["effective"].max()),
        en="When was the most recent leap second effective?",
        de="Wann trat die letzte Schaltsekunde in Kraft?",
        zh="最近一次闰秒是哪天生效的?",
    ),
    C(
        "l_max_tai",
        L,
        Scalar(lambda df: df["TAI_UTC"].max()),
        en="current TAI_UTC (the largest value)?",
        de="Größter Wert von TAI_UTC?",
    ),
    C(
        "l_1990s",
        L,
        Scalar(lambda df: _leaps_between(df, "1990-01-01", "1999-12-31")),
        en="How many entries have an effective date in the 1990s?",
        de="Wie viele Einträge haben ein effective-Datum zwischen 01.01.1990 und 31.12.1999?",
    ),
    C(
        "l_july",
        L,
        Scalar(lambda df: int((df["effective"].dt.month == 7).sum())),
        en="how many of them take effect on 1 July?",
        zh="有多少次是在7月1日生效的?",
    ),
    C(
        "l_by_month",
        L,
        Table(lambda df: df["effective"].dt.month.value_counts().sort_index()),
        de="Anzahl der Einträge je Monat von effective",
    ),
    C(
        "l_by_decade",
        L,
        Table(lambda df: (df["effective"].dt.year // 10 * 10).value_counts().sort_index()),
        en="number of leap seconds per decade",
        zh="每个年代的闰秒次数",
    ),
    C(
        "l_year_most",
        L,
        Label(lambda df: argmax(df["effective"].dt.year.value_counts())),
        en="Which year has the most rows?",
    ),
    C(
        "l_first_20",
        L,
        Label(lambda df: df.loc[df["TAI_UTC"] >= 20, "effective"].min()),
        en="When did TAI_UTC first reach 20?",
        de="Ab wann war TAI_UTC zum ersten Mal 20 oder mehr?",
    ),
    C(
        "l_tai_2000",
        L,
        Scalar(lambda df: int(df.loc[df["effective"] <= pd.Timestamp("2000-01-01"), "TAI_UTC"].iloc[-1])),
        en="What was TAI_UTC in force on 1 January 2000?",
        zh="2000年1月1日时有效的 TAI_UTC 是多少?",
    ),
    C(
        "l_change_80_2017",
        L,
        Scalar(
            lambda df: int(
                df.loc[df["effective"] == pd.Timestamp("2017-01-01"), "TAI_UTC"].iloc[0]
                - df.loc[df["effective"] == pd.Timestamp("1980-01-01"), "TAI_UTC"].iloc[0]
            )
        ),
        en="How many seconds did TAI_UTC increase from 1/1/1980 to 1/1/2017?",
        de="Um wie viele Sekunden ist TAI_UTC vom 01.01.1980 bis zum 01.01.2017 gestiegen?",
    ),
    C(
        "l_longest_gap",
        L,
        Label(lambda df: argmax(pd.Series(df["effective"].diff().to_numpy(), index=df["effective"]))),
        en="Which leap second came after the longest gap since the previous one? give its date",
        zh="哪一次闰秒距离上一次的间隔最长?给出日期",
    ),
    C(
        "l_gap_days",
        L,
        Scalar(lambda df: int(df["effective"].diff().max().days)),
        en="what was the longest gap between two consecutive leap seconds, in days?",
        de="Wie viele Tage betrug die längste Pause zwischen zwei Schaltsekunden?",
    ),
    C(
        "l_since_2000",
        L,
        Scalar(lambda df: int((df["effective"] >= pd.Timestamp("2000-01-01")).sum())),
        en="how many since 2000?",
        de="Wie viele seit dem Jahr 2000?",
    ),
    C(
        "l_since_2000_july",
        L,
        Scalar(
            lambda df: int(((df["effective"] >= pd.Timestamp("2000-01-01")) & (df["effective"].dt.month == 7)).sum())
        ),
        en="and how many of those were in July?",
        before={"en": ["how many since 2000?"]},
    ),
    C("l_cl_recent", L, Clarify(), en="How many recent leap seconds are there?", zh="最近有多少次闰秒?"),
    C("l_cl_offset", L, Clarify(["ntp_timestamp", "TAI_UTC"]), de="Wie groß ist der Wert im Mittel?"),
    C("l_cl_period", L, Clarify(), en="How many leap seconds were added in the period?"),
    # ---------------------------------------------------------------- methylation
    C("m_rows", M, Scalar(lambda df: len(df)), en="number of rows", zh="表里有多少行?"),
    C(
        "m_people",
        M,
        Scalar(lambda df: df["id"].nunique()),
        en="How many distinct samples (id) are there?",
        de="Wie viele verschiedene id gibt es?",
    ),
    C(
        "m_cpgs",
        M,
        Scalar(lambda df: df["CpG"].nunique()),
        en="how many different CpG sites?",
        zh="有几个不同的 CpG 位点?",
    ),
    C(
        "m_women",
        M,
        Scalar(lambda df: df.loc[df["gender"] == "F", "id"].nunique()),
        en="How many distinct women (gender F) are in the sample?",
        de="Wie viele verschiedene Frauen (gender F) sind in der Stichprobe?",
    ),
    C(
        "m_mean_by_cpg",
        M,
        Table(lambda df: df.groupby("CpG")["methylation"].mean(), rel=1e-4),
        en="mean methylation per CpG",
        de="Mittlere methylation je CpG",
        zh="每个 CpG 的平均 methylation",
    ),
    C(
        "m_max_cpg",
        M,
        Label(lambda df: argmax(df.groupby("CpG")["methylation"].mean())),
        en="which CpG has the highest average methylation",
        zh="平均 methylation 最高的是哪个 CpG?",
    ),
    C(
        "m_by_gender",
        M,
        Table(lambda df: df.groupby("gender")["methylation"].mean(), rel=1e-4),
        en="average methylation for men vs women",
        de="Durchschnittliche methylation nach gender",
    ),
    C(
        "m_cpg0_by_gender",
        M,
        Table(lambda df: df[df["CpG"] == "CpG_0"].groupby("gender")["methylation"].mean(), rel=1e-4),
        en="Only for CpG_0",
        de="Nur für CpG_0",
        before={"en": ["average methylation for men vs women"], "de": ["Durchschnittliche methylation nach gender"]},
    ),
    C(
        "m_cpg0_min",
        M,
        Scalar(lambda df: df.loc[df["CpG"] == "CpG_0", "methylation"].min()),
        en="lowest methylation at CpG_0",
        zh="CpG_0 的 methylation 最小值是多少?",
    ),
    C(
        "m_cpg0_min_id",
        M,
        Label(lambda df: argmin(df[df["CpG"] == "CpG_0"].set_index("id")["methylation"])),
        en="Which id has the lowest methylation at CpG_0?",
        de="Welche id hat bei CpG_0 die niedrigste methylation?",
    ),
    C(
        "m_age_mean",
        M,
        Scalar(lambda df: df.drop_duplicates("id")["age"].mean(), rel=1e-4),
        en="What is the average age of the people (each id counted once)?",
        zh="每个 id 只算一次,平均年龄是多少?",
    ),
    C(
        "m_oldest",
        M,
        Label(lambda df: argmax(df.drop_duplicates("id").set_index("id")["age"])),
        en="which id is the oldest person?",
        zh="年龄最大的是哪个 id?",
    ),
    C(
        "m_over_09",
        M,
        Scalar(lambda df: int((df["methylation"] > 0.9).sum())),
        en="how many measurements have methylation above 0.9",
        de="Wie viele Messungen haben methylation über 0,9?",
    ),
    C(
        "m_over_09_by_cpg",
        M,
        Table(lambda df: df[df["methylation"] > 0.9].groupby("CpG").size()),
        zh="按 CpG 统计 methylation 大于0.9的测量次数",
    ),
    C(
        "m_corr_age",
        M,
        Scalar(
            lambda df: df.loc[df["CpG"] == "CpG_2", "age"].corr(df.loc[df["CpG"] == "CpG_2", "methylation"]), rel=1e-3
        ),
        en="correlation between age and methylation for CpG_2",
        de="Korrelation von age und methylation bei CpG_2",
    ),
    C(
        "m_under_50",
        M,
        Scalar(lambda df: df.loc[df["age"] < 50, "id"].nunique()),
        en="How many distinct people (id) are younger than 50?",
        de="Wie viele verschiedene Personen (id) sind jünger als 50?",
    ),
    C(
        "m_range_cpg1",
        M,
        Scalar(
            lambda df: (
                df.loc[df["CpG"] == "CpG_1", "methylation"].max() - df.loc[df["CpG"] == "CpG_1", "methylation"].min()
            ),
            rel=1e-4,
        ),
        en="range (max minus min) of methylation at CpG_1",
        zh="CpG_1 的 methylation 极差(最大值减最小值)",
    ),
    C("m_cl_level", M, Clarify(), en="How many samples are highly methylated?", zh="高甲基化的样本有多少?"),
    C("m_cl_diff", M, Clarify(), de="Wie groß ist der Unterschied?", en="what is the difference?"),
    C("m_cl_old", M, Clarify(), en="How many old people are in the sample?", zh="样本中老年人有多少?"),
    # ---------------------------------------------------------------- cancer
    C(
        "k_rows",
        K,
        Scalar(lambda df: len(df)),
        en="How many counties are in the data?",
        de="Wie viele Landkreise enthält die Tabelle?",
    ),
    C(
        "k_total",
        K,
        Scalar(lambda df: df["cancer"].sum()),
        en="total number of cancer cases",
        zh="cancer 的总数是多少?",
    ),
    C(
        "k_pop_total",
        K,
        Scalar(lambda df: df["population"].sum()),
        en="sum of population over all counties",
        de="Gesamtbevölkerung aller Landkreise (population)?",
    ),
    C(
        "k_rate_overall",
        K,
        Scalar(lambda df: df["cancer"].sum() / df["population"].sum() * 1000, rel=1e-4),
        en="Overall cancer cases per 1000 population (total cancer / total population × 1000)?",
        zh="总体每千人 cancer 病例数(cancer 总和 ÷ population 总和 × 1000)",
    ),
    C(
        "k_zero",
        K,
        Scalar(lambda df: int((df["cancer"] == 0).sum())),
        en="how many counties have 0 cancer cases",
        de="Wie viele Landkreise haben 0 Fälle?",
    ),
    C(
        "k_max",
        K,
        Scalar(lambda df: df["cancer"].max()),
        en="max cancer count in a county",
        zh="单个县 cancer 的最大值",
    ),
    C(
        "k_max_pop",
        K,
        Scalar(lambda df: df.loc[df["cancer"].idxmax(), "population"]),
        en="What is the population of the county with the most cancer cases?",
        de="Welche population hat der Landkreis mit den meisten cancer-Fällen?",
    ),
    C(
        "k_big",
        K,
        Scalar(lambda df: int((df["population"] > 20000).sum())),
        en="How many counties have a population over 20,000?",
        de="Wie viele Landkreise haben mehr als 20.000 Einwohner?",
    ),
    C(
        "k_big_cases",
        K,
        Scalar(lambda df: df.loc[df["population"] > 20000, "cancer"].sum()),
        en="how many cancer cases do they have in total?",
        de="Wie viele cancer-Fälle haben sie zusammen?",
        before={
            "en": ["How many counties have a population over 20,000?"],
            "de": ["Wie viele Landkreise haben mehr als 20.000 Einwohner?"],
        },
    ),
    C(
        "k_corr",
        K,
        Scalar(lambda df: df["cancer"].corr(df["population"]), rel=1e-4),
        en="correlation cancer vs population",
        zh="cancer 和 population 的相关性",
    ),
    C(
        "k_rate_mean",
        K,
        Scalar(lambda df: _rate(df).mean(), rel=1e-4),
        en="mean of cancer per 1000 people across counties (rate computed per county)",
        de="Mittelwert der Rate cancer je 1000 Einwohner über die Landkreise (Rate je Landkreis berechnet)",
    ),
    C(
        "k_top5",
        K,
        Column("population", lambda df: list(top(df["population"], 5))),
        en="top 5 population values",
    ),
    C(
        "k_share_small",
        K,
        Scalar(lambda df: _pct((df["population"] < 5000).sum(), len(df)), rel=1e-3),
        en="share of counties with population under 5000, in percent",
        zh="population 小于5000的县占百分之几?",
    ),
    C("k_cl_high", K, Clarify(), en="How many counties have a high cancer rate?", zh="癌症高发的县有多少个?"),
    C("k_cl_rate", K, Clarify(), en="what's the rate?", zh="比率是多少?"),
    # ---------------------------------------------------------------- strikes
    C("s_rows", S, Scalar(lambda df: len(df)), en="how many strikes are recorded?", zh="一共记录了多少次罢工?"),
    C(
        "s_mean",
        S,
        Scalar(lambda df: df["duration"].mean(), rel=1e-4),
        en="average strike duration in days",
        de="Durchschnittliche Streikdauer in Tagen?",
    ),
    C(
        "s_longest",
        S,
        Scalar(lambda df: df["duration"].max()),
        en="How long was the longest strike?",
        zh="最长的罢工持续了多少天?",
    ),
    C(
        "s_over_30",
        S,
        Scalar(lambda df: int((df["duration"] > 30).sum())),
        en="How many strikes lasted more than 30 days?",
        de="Wie viele Streiks dauerten länger als 30 Tage?",
    ),
    C(
        "s_week",
        S,
        Scalar(lambda df: int((df["duration"] <= 7).sum())),
        en="how many strikes lasted a week or less (≤ 7 days)?",
    ),
    C(
        "s_iprod_levels",
        S,
        Scalar(lambda df: df["iprod"].nunique()),
        en="how many distinct iprod values?",
        de="Wie viele unterschiedliche iprod-Werte gibt es?",
    ),
    C(
        "s_by_iprod",
        S,
        Table(lambda df: df.groupby("iprod")["duration"].mean(), rel=1e-4),
        en="mean duration for each iprod value",
        zh="每个 iprod 取值的平均 duration",
    ),
    C(
        "s_most_common_iprod",
        S,
        Label(lambda df: argmax(df["iprod"].value_counts())),
        en="Which iprod value occurs most often?",
        de="Welcher iprod-Wert kommt am häufigsten vor?",
    ),
    C(
        "s_negative",
        S,
        Scalar(lambda df: int((df["iprod"] < 0).sum())),
        en="How many strikes have a negative iprod?",
        de="Bei wie vielen Streiks ist iprod negativ?",
    ),
    C(
        "s_neg_vs_pos",
        S,
        Scalar(
            lambda df: df.loc[df["iprod"] < 0, "duration"].mean() - df.loc[df["iprod"] > 0, "duration"].mean(),
            rel=1e-4,
        ),
        en="difference in mean duration: negative iprod minus positive iprod",
        zh="iprod 为负的罢工平均 duration 减去 iprod 为正的平均 duration",
    ),
    C(
        "s_corr",
        S,
        Scalar(lambda df: df["duration"].corr(df["iprod"]), rel=1e-4),
        en="corr(duration, iprod)",
        de="Korrelation zwischen duration und iprod",
    ),
    C(
        "s_share_long",
        S,
        Scalar(lambda df: _pct((df["duration"] >= 100).sum(), len(df)), rel=1e-3),
        en="percentage of strikes lasting 100 days or more",
        de="Prozentsatz der Streiks mit mindestens 100 Tagen Dauer",
    ),
    C("s_cl_long", S, Clarify(), en="How many long strikes were there?", zh="长时间的罢工有多少次?"),
    C(
        "s_cl_when",
        S,
        Clarify(),
        de="Wie viele Streiks gab es im Jahr 1960?",
        en="How many strikes were there in 1960?",
    ),
    # ---------------------------------------------------------------- more clarifications
    C("a_cl_support", A, Clarify(), en="What's the support rate?", zh="支持率是多少?"),
    C("a_cl_lr_three", A, Clarify(["selfLR", "ClinLR", "DoleLR"]), zh="LR 的平均值是多少?", en="average LR score?"),
    C("a_cl_middle", A, Clarify(), zh="中间派的受访者有多少?"),
    C("u_cl_growth", U, Clarify(), zh="增长率是多少?", en="What was the growth rate?"),
    C("u_cl_between", U, Clarify(), en="How did it change between the two dates?"),
    C("u_cl_gap", U, Clarify(), zh="cpi 和 predict 差多少?"),
    C("t_cl_popular", T, Clarify(), en="Which domain is the most popular?", zh="哪个域名最受欢迎?"),
    C("l_cl_march", L, Clarify(), en="What was TAI_UTC in March?", zh="三月份的 TAI_UTC 是多少?"),
    C("m_cl_highest", M, Clarify(), en="Which value is the highest?", zh="哪个最高?"),
    C("k_cl_risk", K, Clarify(), en="What is the risk in large counties?", zh="大县的风险是多少?"),
    C("s_cl_quarter", S, Clarify(), de="Wie viele Streiks gab es im letzten Quartal?", zh="上个季度有几次罢工?"),
]
