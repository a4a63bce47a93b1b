"""The eighth blind bank's questions (sealed until scored by the lead, see README.md).

Each expected value is computed here with pandas from the test's own copy of the table;
an arg-max or a top-N refuses a tie (`argmax`, `top`); a share is in percent.
"""

from __future__ import annotations

import pandas as pd

from tests.agents.bank import C, Case
from tests.agents.blind8.expect_more import PCT_REL, ByMonth, Label, OneOf, argmax, argmin, pct
from tests.agents.expect import Clarify, Frame, Scalar, Table

R = "root_cas"
D = "de_rates"
U = "us_money"
X = "cedict"
M = "stdlib_modules"
T = "drug_trial"


def at(df: Frame, day: str, column: str) -> float:
    """The value of `column` on the one row dated `day`."""
    hits = df.loc[df["date"] == pd.Timestamp(day), column]
    assert len(hits) == 1, (day, list(hits))
    return float(hits.iloc[0])


def between(df: Frame, start: str, end: str) -> Frame:
    """The rows dated from `start` to `end`, both included."""
    return df[(df["date"] >= pd.Timestamp(start)) & (df["date"] <= pd.Timestamp(end))]


def yearly(df: Frame, column: str, how: str = "mean") -> pd.Series:
    return df.groupby(df["date"].dt.year)[column].agg(how)


def contains(s: pd.Series, text: str, case: bool = False) -> pd.Series:
    return s.str.contains(text, case=case, regex=False, na=False)


def either_case(fn: object) -> OneOf:
    """A count of texts containing a word, read with or without regard to case (both
    are fair readings of "mentions 'dog'"): fn(df, case) gives the count."""
    return OneOf([Scalar(lambda df: fn(df, False)), Scalar(lambda df: fn(df, True))])  # type: ignore[operator]


ROOT_CAS: list[Case] = [
    C(
        "r01_rsa_count",
        R,
        Scalar(lambda df: int((df["key_type"] == "RSA").sum())),
        en="How many of the root certificates use an RSA key?",
        zh="有多少个根证书使用 RSA 密钥？",
    ),
    C(
        "r02_bits_4096",
        R,
        Scalar(lambda df: int((df["key_bits"] >= 4096).sum())),
        en="number of certs with a key of at least 4096 bits",
        de="Wie viele Zertifikate haben eine Schlüssellänge von mindestens 4096 Bit?",
    ),
    C(
        "r03_issued_2021",
        R,
        Scalar(lambda df: int((df["valid_from"].dt.year == 2021).sum())),
        en="How many CAs became valid in 2021?",
        zh="有效期从2021年开始的根证书有几个？",
    ),
    C(
        "r04_expire_before_2030",
        R,
        Scalar(lambda df: int((df["valid_until"] < pd.Timestamp("2030-01-01")).sum())),
        en="How many certificates expire before Jan 1, 2030?",
        de="Wie viele Zertifikate laufen vor dem 01.01.2030 ab?",
    ),
    C(
        "r05_globalsign_name",
        R,
        Scalar(lambda df: int(contains(df["name"], "GlobalSign").sum())),
        en="How many certificates have 'GlobalSign' in their name?",
        de="Wie viele Zertifikate enthalten „GlobalSign“ im Namen?",
    ),
    C(
        "r06_certum_prefix",
        R,
        Scalar(lambda df: int(df["name"].str.startswith("Certum").sum())),
        zh="名称以“Certum”开头的证书有多少个？",
        en="count the roots whose name starts with Certum",
    ),
    C(
        "r07_distinct_orgs",
        R,
        Scalar(lambda df: int(df["organization"].nunique())),
        en="How many different organizations are behind these root certificates?",
        de="Wie viele verschiedene Organisationen gibt es?",
    ),
    C(
        "r08_distinct_countries",
        R,
        Scalar(lambda df: int(df["country"].nunique())),
        zh="这些证书来自多少个不同的国家？",
        en="number of distinct countries",
    ),
    C(
        "r09_top_country",
        R,
        Label(lambda df: argmax(df["country"].value_counts())),
        en="Which country has the most root CAs?",
        zh="哪个国家的根证书最多？",
    ),
    C(
        "r10_by_hash",
        R,
        Table(lambda df: df["signature_hash"].value_counts()),
        en="Break down the certificates by signature hash algorithm (counts).",
        de="Anzahl der Zertifikate je Signatur-Hash",
    ),
    C(
        "r11_mean_bits_by_type",
        R,
        Table(lambda df: df.groupby("key_type")["key_bits"].mean()),
        en="average key_bits per key type",
        zh="按密钥类型统计平均密钥长度（key_bits）",
    ),
    C(
        "r12_share_ec",
        R,
        Scalar(lambda df: pct(df["key_type"] == "EC"), rel=PCT_REL),
        en="What percentage of the roots use elliptic-curve (EC) keys?",
        zh="EC 密钥的证书占比是多少？",
    ),
    C(
        "r13_share_sha384_by_type",
        R,
        Table(lambda df: df.groupby("key_type")["signature_hash"].apply(lambda s: pct(s == "sha384")), rel=PCT_REL),
        en="For each key type, what share of certificates is signed with sha384?",
        de="Wie hoch ist je Schlüsseltyp der Anteil der Zertifikate mit sha384-Signatur?",
    ),
    C(
        "r14_share_ec_germany",
        R,
        Scalar(lambda df: pct(df.loc[df["country"] == "DE", "key_type"] == "EC"), rel=PCT_REL),
        de="Welcher Anteil der deutschen Zertifikate (Land DE) nutzt EC-Schlüssel?",
        en="Among certificates from country DE, what % have key_type EC?",
    ),
    C(
        "r15_oldest",
        R,
        Label(lambda df: argmin(df.set_index("name")["valid_from"].astype("int64"))),
        en="Which certificate has the earliest valid-from date?",
        zh="哪个证书的生效日期最早？",
    ),
    C(
        "r16_expires_last",
        R,
        Label(lambda df: argmax(df.set_index("name")["valid_until"])),
        en="which root expires last?",
        de="Welches Zertifikat läuft als letztes ab?",
    ),
    C(
        "r17_per_year",
        R,
        Table(lambda df: df.groupby(df["valid_from"].dt.year).size()),
        en="How many root certificates started being valid each year?",
        zh="每年新生效的根证书数量是多少？",
    ),
    C(
        "r18_missing_country",
        R,
        Scalar(lambda df: int(df["country"].isna().sum())),
        en="How many certificates have no country?",
        de="Bei wie vielen Zertifikaten fehlt das Land?",
    ),
    C(
        "r19_missing_org",
        R,
        Scalar(lambda df: int(df["organization"].isna().sum())),
        zh="organization 列有多少个缺失值？",
    ),
    C(
        "r20_rsa_sha256_2040",
        R,
        Scalar(
            lambda df: int(
                (
                    (df["key_type"] == "RSA")
                    & (df["signature_hash"] == "sha256")
                    & (df["valid_until"] >= pd.Timestamp("2040-01-01"))
                ).sum()
            )
        ),
        en="How many RSA certs signed with sha256 are valid until 2040 or later?",
        de="Wie viele RSA-Zertifikate mit sha256 sind bis mindestens 01.01.2040 gültig?",
    ),
    C(
        "r21_median_bits_by_hash",
        R,
        Table(lambda df: df.groupby("signature_hash")["key_bits"].median()),
        en="median key size by signature hash",
    ),
    C(
        "r22_swiss",
        R,
        Scalar(lambda df: int((df["country"] == "CH").sum())),
        zh="国家代码为 CH 的证书有几个？",
        de="Wie viele Zertifikate kommen aus der Schweiz (CH)?",
    ),
    C(
        "r23_top_org_rsa",
        R,
        Label(lambda df: argmax(df.loc[df["key_type"] == "RSA", "organization"].value_counts())),
        en="Which organization has the most RSA root certificates?",
        zh="哪个机构拥有的 RSA 根证书最多？",
    ),
    C(
        "r24_us_2010s",
        R,
        Scalar(
            lambda df: int(
                (
                    (df["country"] == "US")
                    & (df["valid_from"] >= pd.Timestamp("2010-01-01"))
                    & (df["valid_from"] < pd.Timestamp("2020-01-01"))
                ).sum()
            )
        ),
        en="How many US certificates became valid between 2010 and 2019?",
        de="Wie viele US-Zertifikate sind zwischen 01.01.2010 und 31.12.2019 gültig geworden?",
    ),
    C(
        "r25_follow_ec_us",
        R,
        Scalar(lambda df: int(((df["key_type"] == "EC") & (df["country"] == "US")).sum())),
        en="and how many of those are from the US?",
        zh="其中来自美国（US）的有几个？",
        before={"en": ["How many certificates use an EC key?"], "zh": ["使用 EC 密钥的证书有多少个？"]},
    ),
    C(
        "r29_follow_2038_rsa",
        R,
        Scalar(lambda df: int(((df["valid_until"].dt.year == 2038) & (df["key_type"] == "RSA")).sum())),
        en="only the RSA ones?",
        de="Nur die mit RSA-Schlüssel?",
        before={
            "en": ["How many certificates expire in 2038?"],
            "de": ["Wie viele Zertifikate laufen 2038 ab?"],
        },
    ),
    C(
        "r26_clarify_strong",
        R,
        Clarify(),
        de="Wie viele Zertifikate sind sicher?",
    ),
    C(
        "r27_clarify_revoked",
        R,
        Clarify(),
        en="How many certificates have been revoked?",
        zh="有多少个证书已被吊销？",
    ),
    C(
        "r28_clarify_date",
        R,
        Clarify(["valid_from", "valid_until"]),
        en="How many certificates have a date in 2038?",
    ),
]

DE_RATES: list[Case] = [
    C(
        "d01_mean_short",
        D,
        Scalar(lambda df: float(df["i_short"].mean())),
        en="What was the average short-term rate (i_short) over the whole period?",
        de="Wie hoch war der durchschnittliche kurzfristige Zins i_short insgesamt?",
    ),
    C(
        "d02_max_long_month",
        D,
        Label(lambda df: argmax(df.set_index("date")["i_long"])),
        en="In which month was the long-term yield i_long highest?",
        zh="长期利率 i_long 在哪个月最高？",
    ),
    C(
        "d03_yearly_short",
        D,
        Table(lambda df: yearly(df, "i_short")),
        en="Show the yearly average of i_short.",
        zh="请按年份显示 i_short 的平均值。",
    ),
    C(
        "d04_change_70_80",
        D,
        Scalar(lambda df: at(df, "1980-01-01", "i_short") - at(df, "1970-01-01", "i_short")),
        en="How much did i_short change between January 1970 and January 1980?",
        de="Um wie viel hat sich i_short zwischen Januar 1970 und Januar 1980 verändert?",
    ),
    C(
        "d05_inverted",
        D,
        Scalar(lambda df: int((df["i_short"] > df["i_long"]).sum())),
        en="In how many months was the short rate above the long rate?",
        de="In wie vielen Monaten lag i_short über i_long?",
    ),
    C(
        "d06_corr",
        D,
        Scalar(lambda df: float(df["i_short"].corr(df["i_long"]))),
        en="correlation between i_short and i_long?",
        zh="短期利率和长期利率之间的相关系数是多少？",
    ),
    C(
        "d07_short_above_10",
        D,
        Scalar(lambda df: int((df["i_short"] > 10).sum())),
        de="In wie vielen Monaten lag i_short über 10?",
        en="count months with i_short > 10",
    ),
    C(
        "d08_long_1975",
        D,
        Scalar(lambda df: float(df.loc[df["date"].dt.year == 1975, "i_long"].mean())),
        en="What was the average long-term bond yield in 1975?",
        zh="1975年长期利率的平均值是多少？",
    ),
    C(
        "d09_min_short_80s",
        D,
        Scalar(lambda df: float(between(df, "1980-01-01", "1987-12-31")["i_short"].min())),
        en="What was the lowest i_short between 1980 and 1987?",
        de="Was war der niedrigste Wert von i_short von 1980 bis 1987?",
    ),
    C(
        "d10_months_1973",
        D,
        ByMonth(
            lambda df: df[df["date"].dt.year == 1973].set_index(
                df.loc[df["date"].dt.year == 1973, "date"].dt.to_period("M")
            )["i_short"]
        ),
        en="Show i_short for each month of 1973.",
        de="Zeig mir i_short für jeden Monat im Jahr 1973.",
    ),
    C(
        "d11_long_below_6_5",
        D,
        Scalar(lambda df: int((df["i_long"] < 6.5).sum())),
        de="In wie vielen Monaten lag die langfristige Rendite (i_long) unter 6,5?",
        zh="长期利率低于 6.5 的月份有多少个？",
    ),
    C(
        "d12_short_on_day",
        D,
        Scalar(lambda df: at(df, "1982-06-01", "i_short")),
        de="Wie hoch war i_short am 01.06.1982?",
        en="i_short on 1982-06-01?",
    ),
    C(
        "d13_follow_70s_above_8",
        D,
        Scalar(lambda df: float(between(df, "1970-01-01", "1979-12-31").query("i_short > 8")["i_short"].mean())),
        en="only counting the months where it was above 8?",
        de="Und nur die Monate, in denen er über 8 lag?",
        before={
            "en": ["What was the average i_short from 1970 to 1979?"],
            "de": ["Wie hoch war i_short im Durchschnitt von 1970 bis 1979?"],
        },
    ),
    C(
        "d14_std_long",
        D,
        Scalar(lambda df: float(df["i_long"].std())),
        en="What is the standard deviation of the long-term rate i_long?",
        de="Standardabweichung von i_long?",
    ),
    C(
        "d15_median_short",
        D,
        Scalar(lambda df: float(df["i_short"].median())),
        zh="短期利率 i_short 的中位数是多少？",
        en="median i_short",
    ),
    C(
        "d16_year_max_short",
        D,
        Label(lambda df: argmax(yearly(df, "i_short"))),
        en="Which year had the highest average i_short?",
        zh="哪一年短期利率的年平均值最高？",
    ),
    C(
        "d17_long_pct_change",
        D,
        Scalar(
            lambda df: 100 * (at(df, "1987-12-01", "i_long") / at(df, "1960-01-01", "i_long") - 1),
            rel=PCT_REL,
        ),
        en="By what percentage did i_long change from Jan 1960 to Dec 1987?",
        de="Um wie viel Prozent hat sich i_long vom 01.01.1960 bis zum 01.12.1987 verändert?",
    ),
    C(
        "d18_yearly_max_long",
        D,
        Table(lambda df: yearly(df, "i_long", "max")),
        en="highest i_long in each year",
        de="Maximum von i_long pro Jahr",
    ),
    C(
        "d19_months_count",
        D,
        Scalar(lambda df: int(len(df))),
        zh="数据里一共有多少个月？",
    ),
    C(
        "d23_follow_long_80s",
        D,
        Table(lambda df: yearly(between(df, "1980-01-01", "1987-12-31"), "i_long")),
        en="just 1980 to 1987",
        zh="只看1980年到1987年。",
        before={"en": ["average i_long per year"], "zh": ["每年 i_long 的平均值"]},
    ),
    C(
        "d24_70s_vs_60s",
        D,
        Scalar(
            lambda df: float(
                between(df, "1970-01-01", "1979-12-31")["i_short"].mean()
                - between(df, "1960-01-01", "1969-12-31")["i_short"].mean()
            )
        ),
        en="How much higher was the average i_short in 1970-1979 than in 1960-1969?",
        de="Um wie viel lag der Durchschnitt von i_short 1970–1979 über dem von 1960–1969?",
    ),
    C(
        "d20_clarify_rate",
        D,
        Clarify(["i_short", "i_long"]),
        en="What was the interest rate in 1980?",
        de="Wie hoch war der Zins 1980?",
    ),
    C(
        "d21_clarify_high",
        D,
        Clarify(),
        en="How many months had high interest rates?",
        zh="高利率的月份有几个？",
    ),
    C(
        "d22_clarify_inflation",
        D,
        Clarify(),
        en="What was the average inflation rate in the 1970s?",
        de="Wie hoch war die durchschnittliche Inflation in den 70ern?",
    ),
]

US_MONEY: list[Case] = [
    C(
        "u01_gnp_last",
        U,
        Scalar(lambda df: at(df, "1987-10-01", "gnp")),
        en="What was gnp in 1987 Q4?",
        zh="1987年第四季度的 gnp 是多少？",
    ),
    C(
        "u02_m1_yearly",
        U,
        Table(lambda df: yearly(df, "M1")),
        en="average M1 per year",
        de="Durchschnittliche Geldmenge M1 pro Jahr",
    ),
    C(
        "u03_corr_m1_gnp",
        U,
        Scalar(lambda df: float(df["M1"].corr(df["gnp"]))),
        en="How strongly are M1 and gnp correlated?",
        de="Wie stark korrelieren M1 und gnp?",
    ),
    C(
        "u04_gnp_growth_60s",
        U,
        Scalar(lambda df: 100 * (at(df, "1970-01-01", "gnp") / at(df, "1960-01-01", "gnp") - 1), rel=PCT_REL),
        en="By how many percent did gnp grow from Q1 1960 to Q1 1970?",
        zh="从1960年第一季度到1970年第一季度，gnp 增长了百分之多少？",
    ),
    C(
        "u05_max_rb_quarter",
        U,
        Label(lambda df: argmax(df.set_index("date")["rb"])),
        en="In which quarter was the long-term bond yield at its peak?",
        de="In welchem Quartal war rb am höchsten?",
    ),
    C(
        "u06_rd_above_0_1",
        U,
        Scalar(lambda df: int((df["rd"] > 0.1).sum())),
        de="In wie vielen Quartalen lag der T-Bill-Zins (rd) über 0,1?",
        en="how many quarters with rd above 0.1",
    ),
    C(
        "u07_rb_80s",
        U,
        Scalar(lambda df: float(between(df, "1980-01-01", "1987-12-31")["rb"].mean())),
        en="Mean rb from 1980 through 1987?",
        zh="1980年至1987年 rb 的平均值是多少？",
    ),
    C(
        "u08_strongest_with_gnp",
        U,
        Label(lambda df: argmax(df[["M1", "rd", "rb"]].corrwith(df["gnp"]).abs())),
        en="Which variable is most strongly correlated with gnp?",
        de="Welche Variable korreliert am stärksten mit gnp?",
    ),
    C(
        "u09_max_m1_quarter",
        U,
        Label(lambda df: argmax(df.set_index("date")["M1"])),
        en="When was M1 highest?",
        zh="M1 在哪个季度最高？",
    ),
    C(
        "u10_quarters",
        U,
        Scalar(lambda df: int(len(df))),
        en="How many quarters does the table cover?",
        de="Wie viele Quartale umfasst die Tabelle?",
    ),
    C(
        "u11_m1_q3_1975",
        U,
        Scalar(lambda df: at(df, "1975-07-01", "M1")),
        de="Wie hoch war M1 im 3. Quartal 1975?",
        zh="1975年第三季度的 M1 是多少？",
    ),
    C(
        "u12_year_max_gnp_growth",
        U,
        Label(lambda df: argmax(yearly(df, "gnp").diff())),
        en="In which year did average gnp rise the most compared with the year before?",
    ),
    C(
        "u13_first_gnp_3000",
        U,
        Label(lambda df: df.loc[df["gnp"] > 3000, "date"].min()),
        en="When did gnp first exceed 3000?",
        de="Wann lag gnp zum ersten Mal über 3000?",
    ),
    C(
        "u14_m1_change",
        U,
        Scalar(lambda df: at(df, "1987-10-01", "M1") - at(df, "1954-01-01", "M1")),
        en="How much did M1 change from the first quarter of 1954 to the last quarter of 1987?",
        zh="从1954年第一季度到1987年第四季度，M1 变化了多少？",
    ),
    C(
        "u15_follow_gnp_from_1970",
        U,
        Table(lambda df: yearly(df[df["date"].dt.year >= 1970], "gnp")),
        en="only from 1970 on",
        de="Nur ab 1970, bitte.",
        before={"en": ["average gnp per year"], "de": ["Durchschnittliches gnp pro Jahr"]},
    ),
    C(
        "u16_rd_max_yearly",
        U,
        Label(lambda df: argmax(yearly(df, "rd"))),
        zh="哪一年 rd 的平均值最高？",
        en="which year had the highest mean rd?",
    ),
    C(
        "u17_clarify_rate",
        U,
        Clarify(["rd", "rb"]),
        en="What was the average interest rate in 1981?",
        zh="1981年的平均利率是多少？",
    ),
    C(
        "u18_clarify_period",
        U,
        Clarify(),
        en="What was M1?",
        zh="M1 是多少？",
    ),
]

CEDICT: list[Case] = [
    C(
        "x01_entries",
        X,
        Scalar(lambda df: int(len(df))),
        en="How many entries does the dictionary have?",
        zh="词典一共有多少个词条？",
    ),
    C(
        "x02_dog",
        X,
        either_case(lambda df, case: int(contains(df["english"], "dog", case).sum())),
        en="How many entries mention 'dog' in the English definition?",
        de="Wie viele Einträge enthalten „dog“ in der englischen Definition?",
    ),
    C(
        "x03_prefix_dian",
        X,
        Scalar(lambda df: int(df["simplified"].str.startswith("电").sum())),
        zh="简体词头以“电”开头的词条有多少个？",
        en="How many simplified headwords begin with 电?",
    ),
    C(
        "x04_trad_differs",
        X,
        Scalar(lambda df: int((df["traditional"] != df["simplified"]).sum())),
        en="In how many entries do the traditional and simplified forms differ?",
        zh="繁体和简体写法不同的词条有多少个？",
    ),
    C(
        "x05_pinyin_zhong1",
        X,
        Scalar(lambda df: int(df["pinyin"].str.startswith("zhong1").sum())),
        en="How many entries have a pinyin starting with 'zhong1'?",
        de="Wie viele Einträge haben ein Pinyin, das mit „zhong1“ beginnt?",
    ),
    C(
        "x06_distinct_simplified",
        X,
        Scalar(lambda df: int(df["simplified"].nunique())),
        en="how many distinct simplified headwords are there?",
        zh="不同的简体词头有多少个？",
    ),
    C(
        "x07_surname",
        X,
        Scalar(lambda df: int(contains(df["english"], "surname").sum())),
        zh="英文释义中包含“surname”的词条有多少？",
        en="count of entries whose english text contains surname",
    ),
    C(
        "x08_top_pinyin",
        X,
        Label(lambda df: argmax(df["pinyin"].value_counts())),
        en="What is the most common pinyin reading?",
        zh="出现次数最多的拼音是哪个？",
    ),
    C(
        "x09_taiwan_marked",
        X,
        Scalar(lambda df: int(df["english"].str.contains("(Tw)", regex=False).sum())),
        en="How many definitions contain the marker (Tw)?",
        de="Wie viele Definitionen enthalten die Markierung (Tw)?",
    ),
    C(
        "x10_beijing",
        X,
        Scalar(lambda df: int(contains(df["english"], "Beijing").sum())),
        de="Wie viele Einträge erwähnen Beijing im englischen Text?",
        zh="英文释义里提到 Beijing 的词条有几个？",
    ),
    C(
        "x11_follow_river_jiang",
        X,
        either_case(
            lambda df, case: int((contains(df["english"], "river", case) & df["simplified"].str.startswith("江")).sum())
        ),
        en="and how many of these have a simplified headword starting with 江?",
        zh="其中简体以“江”开头的有几个？",
        before={
            "en": ["How many entries mention 'river' in the English definition?"],
            "zh": ["英文释义中包含“river”的词条有多少？"],
        },
    ),
    C(
        "x12_suffix_xue",
        X,
        Scalar(lambda df: int(df["simplified"].str.endswith("学").sum())),
        zh="简体以“学”结尾的词条有几个？",
        en="How many simplified words end in 学?",
    ),
    C(
        "x13_exact_xing",
        X,
        Scalar(lambda df: int((df["simplified"] == "行").sum())),
        zh="简体写作“行”的词条有几个？",
        de="Wie viele Einträge haben genau „行“ als vereinfachtes Schriftzeichen?",
    ),
    C(
        "x14_variant_of",
        X,
        Scalar(lambda df: int(df["english"].str.startswith("variant of").sum())),
        en="How many definitions start with 'variant of'?",
        de="Wie viele Definitionen beginnen mit „variant of“?",
    ),
    C(
        "x15_clarify_difficult",
        X,
        Clarify(),
        zh="词典里有多少个难词？",
    ),
    C(
        "x16_clarify_hsk",
        X,
        Clarify(),
        en="How many entries are HSK level 1?",
        de="Wie viele Einträge gehören zu HSK-Stufe 1?",
    ),
]

STDLIB: list[Case] = [
    C(
        "m01_still_present",
        M,
        Scalar(lambda df: int(df["removed_after"].isna().sum())),
        en="How many modules are still around, i.e. have no removal version?",
        de="Bei wie vielen Modulen ist removed_after leer?",
    ),
    C(
        "m02_removed",
        M,
        Scalar(lambda df: int(df["removed_after"].notna().sum())),
        en="How many modules have a removed_after value?",
        zh="有 removed_after 值的模块有多少个？",
    ),
    C(
        "m03_added_3_0",
        M,
        Scalar(lambda df: int((df["added_in"] == "3.0").sum())),
        de="Wie viele Module haben added_in = 3.0?",
        en="count modules with added_in 3.0",
    ),
    C(
        "m04_by_added",
        M,
        Table(lambda df: df["added_in"].value_counts()),
        en="Number of modules per added_in version",
        zh="按 added_in 版本统计模块数量",
    ),
    C(
        "m05_underscore",
        M,
        Scalar(lambda df: int(df["module"].str.startswith("_").sum())),
        en="How many module names start with an underscore?",
        de="Wie viele Modulnamen beginnen mit einem Unterstrich (_)?",
    ),
    C(
        "m06_concurrent",
        M,
        Scalar(lambda df: int(df["module"].str.startswith("concurrent").sum())),
        zh="模块名以“concurrent”开头的有几个？",
        en="modules whose name begins with concurrent: how many?",
    ),
    C(
        "m07_xml",
        M,
        Scalar(lambda df: int(contains(df["module"], "xml").sum())),
        en="How many module names contain 'xml'?",
        zh="模块名中包含“xml”的有多少个？",
    ),
    C(
        "m08_removed_3_12",
        M,
        Scalar(lambda df: int((df["removed_after"] == "3.12").sum())),
        en="How many modules have removed_after equal to 3.12?",
        de="Wie viele Module haben bei removed_after den Wert 3.12?",
    ),
    C(
        "m09_top_version_after_3_0",
        M,
        Label(lambda df: argmax(df.loc[df["added_in"] != "3.0", "added_in"].value_counts())),
        en="Apart from 3.0, which added_in version has the most modules?",
        zh="除了 3.0 以外，哪个 added_in 版本的模块最多？",
    ),
    C(
        "m10_distinct_versions",
        M,
        Scalar(lambda df: int(df["added_in"].nunique())),
        en="How many different added_in versions are there?",
        de="Wie viele unterschiedliche Werte hat added_in?",
    ),
    C(
        "m11_added_3_11",
        M,
        Scalar(lambda df: int((df["added_in"] == "3.11").sum())),
        de="Wie viele Module wurden in Python 3.11 hinzugefügt (added_in)?",
        zh="added_in 为 3.11 的模块有几个？",
    ),
    C(
        "m12_follow_removed_underscore",
        M,
        Scalar(lambda df: int((df["removed_after"].eq("3.12") & df["module"].str.startswith("_")).sum())),
        en="and how many of those start with an underscore?",
        de="Und wie viele davon beginnen mit einem Unterstrich?",
        before={
            "en": ["How many modules have removed_after 3.12?"],
            "de": ["Wie viele Module haben removed_after 3.12?"],
        },
    ),
    C(
        "m13_missing_removed_share",
        M,
        Scalar(lambda df: pct(df["removed_after"].isna()), rel=PCT_REL),
        en="What percentage of modules have removed_after missing?",
        zh="removed_after 缺失的模块占百分之多少？",
    ),
    C(
        "m14_clarify_deprecated",
        M,
        Clarify(),
        en="How many modules are deprecated?",
        zh="有多少个模块已被弃用？",
    ),
    C(
        "m15_clarify_version",
        M,
        Clarify(["added_in", "removed_after"]),
        en="How many modules have version 3.12?",
        de="Wie viele Module haben die Version 3.12?",
    ),
    C(
        "m16_clarify_popular",
        M,
        Clarify(),
        en="Which modules are the most popular?",
    ),
]

DRUG: list[Case] = [
    C(
        "t01_mean_time_by_drug",
        T,
        Table(lambda df: df.groupby("drug")["studytime"].mean()),
        en="Mean studytime for each drug",
        de="Durchschnittliche Studienzeit je Medikament",
    ),
    C(
        "t02_best_drug",
        T,
        Label(lambda df: argmax(df.groupby("drug")["studytime"].mean())),
        en="Which drug group has the longest average study time?",
        zh="哪个药物组（drug）的平均 studytime 最长？",
    ),
    C(
        "t03_age_over_60",
        T,
        Scalar(lambda df: int((df["age"] > 60).sum())),
        en="How many patients are older than 60?",
        zh="年龄大于60岁的患者有多少？",
    ),
    C(
        "t04_corr_age_time",
        T,
        Scalar(lambda df: float(df["age"].corr(df["studytime"]))),
        en="Is age correlated with studytime? Give the correlation coefficient.",
        de="Korrelation zwischen Alter (age) und studytime?",
    ),
    C(
        "t05_median_age_by_drug",
        T,
        Table(lambda df: df.groupby("drug")["age"].median()),
        en="median age by drug",
        zh="按 drug 分组的年龄中位数",
    ),
    C(
        "t06_patients_by_drug",
        T,
        Table(lambda df: df["drug"].value_counts()),
        en="How many patients were on each drug?",
        de="Wie viele Patienten gibt es pro Medikament?",
    ),
    C(
        "t07_diff_3_vs_1",
        T,
        Scalar(
            lambda df: float(df.loc[df["drug"] == 3, "studytime"].mean() - df.loc[df["drug"] == 1, "studytime"].mean())
        ),
        en="How much longer is the mean studytime for drug 3 than for drug 1?",
        de="Um wie viel ist die mittlere studytime bei drug 3 höher als bei drug 1?",
    ),
    C(
        "t08_share_drug1",
        T,
        Scalar(lambda df: pct(df["drug"] == 1), rel=PCT_REL),
        en="What share of patients got drug 1?",
        zh="服用 drug 1 的患者占比是多少？",
    ),
    C(
        "t09_max_time",
        T,
        Scalar(lambda df: int(df["studytime"].max())),
        de="Was ist die längste studytime?",
        en="max studytime",
    ),
    C(
        "t10_age_50_60",
        T,
        Scalar(lambda df: int(df["age"].between(50, 60).sum())),
        zh="年龄在50到60岁之间（含）的患者有多少？",
        en="How many patients are aged between 50 and 60 inclusive?",
    ),
    C(
        "t11_mean_age_drug2",
        T,
        Scalar(lambda df: float(df.loc[df["drug"] == 2, "age"].mean())),
        de="Durchschnittsalter der Patienten mit Medikament 2?",
        en="average age of patients on drug 2",
    ),
    C(
        "t12_follow_older_drug2",
        T,
        Scalar(lambda df: float(df.loc[(df["age"] > 55) & (df["drug"] == 2), "studytime"].mean())),
        en="and for drug 2 only?",
        zh="只看 drug 2 呢？",
        before={
            "en": ["Average studytime for patients older than 55"],
            "zh": ["年龄大于55岁的患者平均 studytime 是多少？"],
        },
    ),
    C(
        "t13_std_by_drug",
        T,
        Table(lambda df: df.groupby("drug")["studytime"].std()),
        en="standard deviation of studytime per drug",
        de="Standardabweichung der studytime je drug",
    ),
    C(
        "t14_time_under_10",
        T,
        Scalar(lambda df: int((df["studytime"] < 10).sum())),
        en="How many patients have a studytime under 10?",
        zh="研究时间（studytime）小于10的患者有几个？",
    ),
    C(
        "t15_clarify_died",
        T,
        Clarify(),
        en="How many patients died?",
        de="Wie viele Patienten sind gestorben?",
    ),
    C(
        "t16_clarify_old",
        T,
        Clarify(),
        zh="老年患者有多少？",
    ),
]

BLIND: list[Case] = ROOT_CAS + DE_RATES + US_MONEY + CEDICT + STDLIB + DRUG
