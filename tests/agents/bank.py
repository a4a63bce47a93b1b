"""The question bank: each question in English, German and Chinese, with its expected
answer computed here with pandas/scipy from the test's own copy of the data."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from tests.agents.expect import Clarify, Column, Expect, Scalar, Table

LANGS = ("en", "de", "zh")


@dataclass
class Case:
    id: str
    dataset: str
    q: dict[str, str]
    expect: Expect
    before: dict[str, list[str]] = field(default_factory=dict)  # earlier questions of a follow-up

    def questions(self) -> list[tuple[str, str]]:
        return [(lang, self.q[lang]) for lang in LANGS if lang in self.q]


def Q(id: str, dataset: str, en: str, de: str | None, zh: str | None, expect: Expect, **kw: object) -> Case:  # noqa: N802
    q = {"en": en} | ({"de": de} if de else {}) | ({"zh": zh} if zh else {})
    return Case(id, dataset, q, expect, **kw)  # type: ignore[arg-type]


def C(  # noqa: N802 - reads like Q
    id: str,
    dataset: str,
    expect: Expect,
    en: str | None = None,
    de: str | None = None,
    zh: str | None = None,
    before: dict[str, list[str]] | None = None,
) -> Case:
    """A blind bank's case, asked in the languages given (one or two of them, not
    necessarily English)."""
    q = {lang: text for lang, text in (("en", en), ("de", de), ("zh", zh)) if text}
    assert q, id
    return Case(id, dataset, q, expect, before=before or {})


def welch_p(df: pd.DataFrame, col: str, measure: str, a: object, b: object) -> float:
    x = df.loc[df[col] == a, measure].dropna()
    y = df.loc[df[col] == b, measure].dropna()
    return float(stats.ttest_ind(x, y, equal_var=False).pvalue)


def iqr_outliers(s: pd.Series) -> int:
    q1, q3 = s.quantile(0.25), s.quantile(0.75)
    return int(((s < q1 - 1.5 * (q3 - q1)) | (s > q3 + 1.5 * (q3 - q1))).sum())


def strongest(df: pd.DataFrame, x: str | None = None, limit: int = 10) -> pd.Series:
    num = df.select_dtypes("number")
    corr = num.corr()
    cols = list(num.columns)
    pairs = [(x, c) for c in cols if c != x] if x else [(a, b) for i, a in enumerate(cols) for b in cols[i + 1 :]]
    s = pd.Series({p: corr.loc[p[0], p[1]] for p in pairs}).dropna()
    return s.reindex(s.abs().sort_values(ascending=False).index).head(limit)


def share(s: pd.Series) -> pd.Series:
    counts = s.value_counts()
    return (100 * counts / counts.sum()).round(2)


P = "penguins"
CASES: list[Case] = [
    # --- penguins: shape and quality --------------------------------------------------------
    Q(
        "p_rows",
        P,
        "How many rows are in the data?",
        "Wie viele Zeilen hat der Datensatz?",
        "数据有多少行？",
        Scalar(len),
    ),
    Q(
        "p_cols",
        P,
        "How many columns are there?",
        "Wie viele Spalten gibt es?",
        "有多少列？",
        Scalar(lambda d: d.shape[1], name="columns"),
    ),
    Q(
        "p_schema",
        P,
        "What are the column types?",
        "Welche Datentypen haben die Spalten?",
        "各列的数据类型是什么？",
        Column("column", lambda d: list(d.columns)),
    ),
    Q(
        "p_missing",
        P,
        "Show the missing values per column",
        "Fehlende Werte pro Spalte",
        "每列的缺失值",
        Table(lambda d: d.isna().sum(), value="missing"),
    ),
    Q(
        "p_missing_sex",
        P,
        "How many values are missing in sex?",
        "Wie viele Werte fehlen beim Geschlecht?",
        "性别有多少缺失值？",
        Scalar(lambda d: int(d["sex"].isna().sum())),
    ),
    Q(
        "p_dups",
        P,
        "Are there duplicate rows?",
        "Gibt es doppelte Zeilen?",
        "有重复的行吗？",
        Scalar(lambda d: int(d.duplicated().sum())),
    ),
    # --- penguins: statistics ----------------------------------------------------------------
    Q(
        "p_mean",
        P,
        "What is the average body mass?",
        "Was ist die durchschnittliche Körpermasse?",
        "平均体重是多少？",
        Scalar(lambda d: d.body_mass_g.mean()),
    ),
    Q(
        "p_median_bill",
        P,
        "median bill depth",
        "Median der Schnabeltiefe",
        "喙深的中位数",
        Scalar(lambda d: d.bill_depth_mm.median()),
    ),
    Q(
        "p_describe",
        P,
        "summary statistics of bill length",
        "Statistik der Schnabellänge",
        "喙长的描述性统计",
        Scalar(lambda d: d.bill_length_mm.mean(), name="mean of"),
    ),
    Q(
        "p_describe_all",
        P,
        "describe the data",
        "Beschreibe die Daten",
        "描述一下数据",
        Column("column", lambda d: list(d.columns)),
    ),
    Q(
        "p_max",
        P,
        "What is the largest flipper length?",
        "Was ist die größte Flossenlänge?",
        "最大的鳍长是多少？",
        Scalar(lambda d: d.flipper_length_mm.max()),
    ),
    Q(
        "p_std",
        P,
        "standard deviation of body mass by sex",
        "Standardabweichung der Körpermasse nach Geschlecht",
        "按性别计算体重的标准差",
        Table(lambda d: d.groupby("sex").body_mass_g.std()),
    ),
    # --- penguins: group-by ---------------------------------------------------------------------
    Q(
        "p_mean_by_species",
        P,
        "average body mass by species",
        "Durchschnittsgewicht pro Art",
        "按物种统计平均体重",
        Table(lambda d: d.groupby("species").body_mass_g.mean()),
    ),
    Q(
        "p_count_island",
        P,
        "How many penguins per island?",
        "Wie viele Pinguine pro Insel?",
        "每个岛有多少只企鹅？",
        Table(lambda d: d.groupby("island").size()),
    ),
    Q(
        "p_median_two",
        P,
        "median flipper length by species and sex",
        "Median der Flossenlänge nach Art und Geschlecht",
        "按物种和性别统计鳍长的中位数",
        Table(lambda d: d.groupby(["species", "sex"]).flipper_length_mm.median()),
    ),
    Q(
        "p_max_island",
        P,
        "maximum bill length by island",
        "maximale Schnabellänge pro Insel",
        "每个岛的最大喙长",
        Table(lambda d: d.groupby("island").bill_length_mm.max()),
    ),
    Q(
        "p_min_year",
        P,
        "minimum body mass per year",
        "minimale Körpermasse pro Jahr",
        "每年的最小体重",
        Table(lambda d: d.groupby("year").body_mass_g.min()),
    ),
    Q(
        "p_sum_island",
        P,
        "total body mass by island",
        "Summe der Körpermasse nach Insel",
        "按岛统计体重总和",
        Table(lambda d: d.groupby("island").body_mass_g.sum()),
    ),
    Q(
        "p_which_flipper",
        P,
        "Which species has the highest average flipper length?",
        "Welche Art hat die höchste durchschnittliche Flossenlänge?",
        "哪个物种的平均鳍长最长？",
        Scalar(lambda d: d.groupby("species").flipper_length_mm.mean().idxmax(), name="species"),
    ),
    Q(
        "p_which_island",
        P,
        "Which island has the most penguins?",
        "Welche Insel hat die meisten Pinguine?",
        "哪个岛的企鹅最多？",
        Scalar(lambda d: d.island.value_counts().idxmax(), name="island"),
    ),
    Q(
        "p_top2_species",
        P,
        "top 2 species by average bill length",
        "Top 2 Arten nach durchschnittlicher Schnabellänge",
        "平均喙长最高的前2个物种",
        Table(lambda d: d.groupby("species").bill_length_mm.mean().sort_values(ascending=False).head(2), ordered=True),
    ),
    # --- penguins: filters ----------------------------------------------------------------------
    Q(
        "p_dream",
        P,
        "average body mass of penguins on Dream",
        "Durchschnittsgewicht der Pinguine auf Dream",
        "Dream岛上企鹅的平均体重",
        Scalar(lambda d: d[d.island == "Dream"].body_mass_g.mean()),
    ),
    Q(
        "p_gt",
        P,
        "How many penguins have a body mass over 5000?",
        "Wie viele Pinguine haben eine Körpermasse über 5000?",
        "体重超过5000的企鹅有多少只？",
        Scalar(lambda d: int((d.body_mass_g > 5000).sum())),
    ),
    Q(
        "p_heavier",
        P,
        "How many penguins are heavier than 4500?",
        "Wie viele Pinguine sind schwerer als 4500?",
        "体重大于4500的企鹅有多少只？",
        Scalar(lambda d: int((d.body_mass_g > 4500).sum())),
    ),
    Q(
        "p_lt",
        P,
        "count penguins with bill length below 40",
        "Anzahl Pinguine mit Schnabellänge unter 40",
        "喙长小于40的企鹅数量",
        Scalar(lambda d: int((d.bill_length_mm < 40).sum())),
    ),
    Q(
        "p_between",
        P,
        "average flipper length for body mass between 3000 and 4000",
        "durchschnittliche Flossenlänge bei Körpermasse zwischen 3000 und 4000",
        "体重在3000到4000之间的企鹅的平均鳍长",
        Scalar(lambda d: d[d.body_mass_g.between(3000, 4000)].flipper_length_mm.mean()),
    ),
    Q(
        "p_ne",
        P,
        "How many penguins are not on Biscoe?",
        "Wie viele Pinguine sind nicht auf Biscoe?",
        "不在Biscoe岛上的企鹅有多少只？",
        Scalar(lambda d: int((d.island != "Biscoe").sum())),
    ),
    Q(
        "p_in",
        P,
        "average bill depth for Adelie and Chinstrap",
        "durchschnittliche Schnabeltiefe für Adelie und Chinstrap",
        "Adelie和Chinstrap的平均喙深",
        Scalar(lambda d: d[d.species.isin(["Adelie", "Chinstrap"])].bill_depth_mm.mean()),
    ),
    Q(
        "p_or",
        P,
        "count penguins where island is Torgersen or body mass > 5000",
        "Anzahl Pinguine mit Insel Torgersen oder Körpermasse > 5000",
        "岛屿是Torgersen或体重大于5000的企鹅数量",
        Scalar(lambda d: int(((d.island == "Torgersen") | (d.body_mass_g > 5000)).sum())),
    ),
    Q(
        "p_and",
        P,
        "How many female Gentoo penguins are there?",
        "Wie viele weibliche Gentoo-Pinguine gibt es?",
        "雌性Gentoo企鹅有多少只？",
        Scalar(lambda d: int(((d.sex == "female") & (d.species == "Gentoo")).sum())),
    ),
    Q(
        "p_year",
        P,
        "mean body mass in 2009",
        "durchschnittliche Körpermasse im Jahr 2009",
        "2009年的平均体重",
        Scalar(lambda d: d[d.year == 2009].body_mass_g.mean()),
    ),
    Q(
        "p_filter_group",
        P,
        "average bill length by species for male penguins",
        "durchschnittliche Schnabellänge nach Art für männliche Pinguine",
        "雄性企鹅按物种统计的平均喙长",
        Table(lambda d: d[d.sex == "male"].groupby("species").bill_length_mm.mean()),
    ),
    Q(
        "p_show",
        P,
        "show penguins with body mass over 6000",
        "zeige Pinguine mit Körpermasse über 6000",
        "列出体重大于6000的企鹅",
        Scalar(lambda d: int((d.body_mass_g > 6000).sum())),
    ),
    # --- penguins: top-N, distinct, distribution -------------------------------------------------
    Q(
        "p_top3",
        P,
        "the 3 heaviest penguins",
        "die 3 schwersten Pinguine",
        "最重的3只企鹅",
        Column("body_mass_g", lambda d: d.body_mass_g.nlargest(3).tolist()),
    ),
    Q(
        "p_bottom5",
        P,
        "the 5 shortest flipper lengths",
        "die 5 kürzesten Flossenlängen",
        "鳍长最短的5只企鹅",
        Column("flipper_length_mm", lambda d: d.flipper_length_mm.nsmallest(5).tolist()),
    ),
    Q(
        "p_top_rows",
        P,
        "top 4 rows by bill length",
        "Top 4 Zeilen nach Schnabellänge",
        "按喙长排序的前4行",
        Column("bill_length_mm", lambda d: d.bill_length_mm.nlargest(4).tolist()),
    ),
    Q(
        "p_nunique",
        P,
        "How many different species are there?",
        "Wie viele verschiedene Arten gibt es?",
        "有多少个不同的物种？",
        Scalar(lambda d: d.species.nunique()),
    ),
    Q(
        "p_values",
        P,
        "List the islands",
        "Liste die Inseln auf",
        "列出所有岛屿",
        Table(lambda d: d.island.value_counts(), value="count"),
    ),
    Q(
        "p_mode",
        P,
        "What is the most common species?",
        "Welche Art ist am häufigsten?",
        "最常见的物种是什么？",
        Column("species", lambda d: [d.species.value_counts().idxmax()]),
    ),
    Q(
        "p_dist",
        P,
        "distribution of body mass",
        "Verteilung der Körpermasse",
        "体重的分布",
        Column("count", lambda d: np.histogram(d.body_mass_g.dropna(), bins=10)[0].tolist()),
    ),
    Q(
        "p_dist_cat",
        P,
        "distribution of species",
        "Verteilung der Arten",
        "物种的分布",
        Table(lambda d: d.species.value_counts(), value="count"),
    ),
    # --- penguins: correlation, outliers, comparison, share, pivot ----------------------------------
    Q(
        "p_corr",
        P,
        "correlation between flipper length and body mass",
        "Korrelation zwischen Flossenlänge und Körpermasse",
        "鳍长和体重的相关性",
        Scalar(lambda d: d.flipper_length_mm.corr(d.body_mass_g)),
    ),
    Q(
        "p_corr_top",
        P,
        "What are the strongest correlations?",
        "Was sind die stärksten Korrelationen?",
        "最强的相关性有哪些？",
        Table(lambda d: strongest(d), value="correlation", ordered=True),
    ),
    Q(
        "p_spearman",
        P,
        "spearman correlation of bill depth and bill length",
        "Spearman-Korrelation von Schnabeltiefe und Schnabellänge",
        "喙深和喙长的斯皮尔曼相关",
        Scalar(lambda d: d.bill_depth_mm.corr(d.bill_length_mm, method="spearman")),
    ),
    Q(
        "p_outliers",
        P,
        "outliers in bill length",
        "Ausreißer bei der Schnabellänge",
        "喙长的异常值",
        Scalar(lambda d: iqr_outliers(d.bill_length_mm)),
    ),
    Q(
        "p_outliers_z",
        P,
        "outliers in body mass by z-score",
        "Ausreißer der Körpermasse nach Z-Wert",
        "用z分数找体重的异常值",
        Scalar(lambda d: int(((d.body_mass_g - d.body_mass_g.mean()).abs() > 3 * d.body_mass_g.std()).sum())),
    ),
    Q(
        "p_compare",
        P,
        "Is body mass significantly different between male and female penguins?",
        "Unterscheidet sich die Körpermasse signifikant zwischen männlichen und weiblichen Pinguinen?",
        "雄性和雌性企鹅的体重有显著差异吗？",
        Scalar(lambda d: welch_p(d, "sex", "body_mass_g", "male", "female"), name="welch p-value"),
    ),
    Q(
        "p_compare_species",
        P,
        "compare flipper length of Adelie vs Chinstrap",
        "Vergleiche die Flossenlänge von Adelie und Chinstrap",
        "比较Adelie和Chinstrap的鳍长",
        Scalar(lambda d: welch_p(d, "species", "flipper_length_mm", "Adelie", "Chinstrap"), name="welch p-value"),
    ),
    Q(
        "p_share",
        P,
        "What share of penguins lives on each island?",
        "Anteil der Pinguine pro Insel",
        "各岛企鹅的占比",
        Table(lambda d: share(d.island), value="percent"),
    ),
    Q(
        "p_share_value",
        P,
        "What percentage of penguins are female?",
        "Wie viel Prozent der Pinguine sind weiblich?",
        "雌性企鹅占多少百分比？",
        Scalar(lambda d: share(d.sex)["female"], name="percent"),
    ),
    Q(
        "p_share_sum",
        P,
        "share of total body mass by species",
        "Anteil an der gesamten Körpermasse nach Art",
        "各物种体重总和的占比",
        Table(lambda d: (100 * d.groupby("species").body_mass_g.sum() / d.body_mass_g.sum()).round(2), value="percent"),
    ),
    # --- penguins: clarification ----------------------------------------------------------------
    Q("p_unknown", P, "average salary by species", "Durchschnittsgehalt pro Art", "按物种统计平均工资", Clarify()),
    Q(
        "p_ambiguous",
        P,
        "mean length",
        "durchschnittliche Länge",
        "平均长度",
        Clarify(["bill_length_mm", "flipper_length_mm"]),
    ),
    Q(
        "p_unknown_group",
        P,
        "average body mass by continent",
        "durchschnittliche Körpermasse pro Kontinent",
        "按大陆统计平均体重",
        Clarify(),
    ),
    Q(
        "p_two_readings",
        P,
        "Which species has the highest body mass?",
        "Welche Art hat die höchste Körpermasse?",
        "哪个物种的体重最高？",
        Clarify(),
    ),
    # --- penguins: follow-ups -------------------------------------------------------------------
    Q(
        "p_follow_group",
        P,
        "and by sex?",
        "und nach Geschlecht?",
        "按性别呢？",
        Table(lambda d: d.groupby("sex").body_mass_g.mean()),
        before={
            "en": ["average body mass by species"],
            "de": ["Durchschnittsgewicht pro Art"],
            "zh": ["按物种统计平均体重"],
        },
    ),
    Q(
        "p_follow_filter",
        P,
        "only for 2008",
        "nur für 2008",
        "只看2008年",
        Table(lambda d: d[d.year == 2008].groupby("species").body_mass_g.mean()),
        before={
            "en": ["average body mass by species"],
            "de": ["Durchschnittsgewicht pro Art"],
            "zh": ["按物种统计平均体重"],
        },
    ),
    Q(
        "p_follow_value",
        P,
        "what about Gentoo?",
        "und was ist mit Gentoo?",
        "Gentoo呢？",
        Scalar(lambda d: d[d.species == "Gentoo"].flipper_length_mm.mean()),
        before={
            "en": ["average flipper length of Adelie"],
            "de": ["durchschnittliche Flossenlänge von Adelie"],
            "zh": ["Adelie的平均鳍长"],
        },
    ),
]


def all_cases() -> list[Case]:
    from tests.agents.bank_blind import BLIND
    from tests.agents.bank_extra import EXTRA
    from tests.agents.bank_fresh import FRESH
    from tests.agents.bank_issue9 import ISSUE9
    from tests.agents.bank_more import MORE
    from tests.agents.bank_paraphrase import PARAPHRASE

    return CASES + MORE + EXTRA + FRESH + BLIND + ISSUE9 + PARAPHRASE
