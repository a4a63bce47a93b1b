"""The twentieth blind bank's questions (sealed until scored by the lead; see README.md)."""

from __future__ import annotations

from tests.agents.bank import C, Case
from tests.agents.blind13.expect_more import OneOf, argmax, share_either, top
from tests.agents.expect import Clarify, Scalar, Table

N, P, R = "idle_news", "protocols", "rpc"
YEARS = [2018, 2019, 2020, 2021, 2022]
RELEASES = ["3.7.0", "3.8.0", "3.9.0", "3.10.0", "3.11.0"]


def _year(df):
    return df["released"].dt.year


def _day(fn):
    """A date: right as a day (2019-10-14) or as a timestamp (2019-10-14T00:00:00)."""
    return OneOf([Scalar(lambda df: fn(df).date()), Scalar(fn)])


BLIND: list[Case] = []

# idle_news: counts per year and release
for i, y in enumerate(YEARS):
    BLIND.append(
        C(
            f"n_year_{y}",
            N,
            Scalar(lambda df, y=y: int((_year(df) == y).sum())),
            en=[f"how many IDLE news items were released in {y}?", f"count of entries with release date in {y}"][i % 2],
            de=f"Wie viele Einträge haben ein Veröffentlichungsdatum im Jahr {y}?" if i % 2 == 0 else None,
            zh=f"{y}年发布的条目有多少条？" if i % 2 == 1 else None,
        )
    )
for i, r in enumerate(RELEASES):
    BLIND.append(
        C(
            f"n_rel_{r}",
            N,
            Scalar(lambda df, r=r: int((df["release"] == r).sum())),
            en=[f"number of items for release {r}", f"how many changes are listed under IDLE {r}?"][i % 2],
            de=f"Anzahl der Einträge für Release {r} (`release`)" if i % 2 == 1 else None,
            zh=f"版本 {r} 有几条记录？" if i % 2 == 0 else None,
        )
    )
    BLIND.append(
        C(
            f"words_rel_{r}",
            N,
            Scalar(lambda df, r=r: float(df.loc[df["release"] == r, "words"].mean())),
            en=f"average word count of the notes in release {r}",
            de=f"Durchschnittliche Wortzahl (words) der Einträge in Version {r}?" if i % 2 == 0 else None,
            zh=f"版本{r}的条目平均字数是多少？" if i % 2 == 1 else None,
        )
    )
BLIND += [
    C(
        "n_rows",
        N,
        Scalar(lambda df: len(df)),
        en="how many news items are there in total?",
        de="Wie viele Zeilen hat die Tabelle?",
        zh="一共有多少条新闻条目？",
    ),
    C(
        "n_gh",
        N,
        Scalar(lambda df: int((df["tracker"] == "gh").sum())),
        en="how many items reference a gh issue (tracker = gh)?",
        zh="tracker 为 gh 的条目有多少？",
    ),
    C(
        "n_bpo",
        N,
        Scalar(lambda df: int((df["tracker"] == "bpo").sum())),
        en="count items from the bpo tracker",
        de="Wie viele Einträge stammen aus dem bpo-Tracker?",
    ),
    C(
        "share_gh",
        N,
        share_either(lambda df: df["tracker"] == "gh"),
        en="what share of items use the gh tracker?",
        de="Welcher Anteil der Einträge nutzt den Tracker gh?",
        zh="gh 跟踪器的条目占比是多少？",
    ),
    C(
        "share_patch",
        N,
        share_either(lambda df: df["patch_by"].notna()),
        en="what percentage of items name a patch author?",
        zh="有补丁作者（patch_by）的条目占百分之几？",
    ),
    C(
        "missing_patch",
        N,
        Scalar(lambda df: int(df["patch_by"].isna().sum())),
        en="how many rows have no patch_by value?",
        de="Bei wie vielen Einträgen fehlt der Patch-Autor?",
        zh="patch_by 缺失的有多少行？",
    ),
    C(
        "distinct_authors",
        N,
        Scalar(lambda df: int(df["patch_by"].nunique())),
        en="how many different patch authors are there?",
        de="Wie viele verschiedene Patch-Autoren gibt es?",
    ),
    C(
        "distinct_rel",
        N,
        Scalar(lambda df: int(df["release"].nunique())),
        en="number of distinct releases",
        zh="有多少个不同的版本？",
    ),
    C(
        "top_author",
        N,
        Scalar(lambda df: argmax(df["patch_by"].value_counts())),
        en="who wrote the most patches?",
        de="Welcher Autor hat die meisten Patches geliefert (patch_by)?",
        zh="谁提交的补丁最多？",
    ),
    C(
        "top_rel",
        N,
        Scalar(lambda df: argmax(df["release"].value_counts())),
        en="which release has the most items?",
        de="Welches Release hat die meisten Einträge?",
        zh="哪个版本的条目最多？",
    ),
    C(
        "top_year",
        N,
        Scalar(lambda df: int(argmax(_year(df).value_counts()))),
        en="in which year were the most items released?",
        zh="哪一年发布的条目最多？",
    ),
    C(
        "per_year",
        N,
        Table(lambda df: _year(df).value_counts().sort_index()),
        en="number of items per year",
        de="Anzahl Einträge pro Jahr",
        zh="按年份统计条目数",
    ),
    C(
        "per_rel",
        N,
        Table(lambda df: df.groupby("release").size()),
        en="count of news items by release",
        de="Einträge je Release zählen",
    ),
    C(
        "words_year",
        N,
        Table(lambda df: df.groupby(_year(df))["words"].mean()),
        en="average words per item by year",
        zh="每年条目的平均字数",
    ),
    C(
        "words_tracker",
        N,
        Table(lambda df: df.groupby("tracker")["words"].mean()),
        en="mean word count by tracker",
        de="Mittlere Wortzahl je Tracker",
    ),
    C(
        "words_max",
        N,
        Scalar(lambda df: int(df["words"].max())),
        en="longest item in words?",
        de="Wie viele Wörter hat der längste Eintrag?",
        zh="最长的条目有多少个词？",
    ),
    C(
        "words_min",
        N,
        Scalar(lambda df: int(df["words"].min())),
        en="what is the shortest item's word count",
        zh="最短条目的字数是多少？",
    ),
    C(
        "words_range",
        N,
        Scalar(lambda df: int(df["words"].max() - df["words"].min())),
        en="range of the word counts (max minus min)",
        de="Spannweite der Wortzahl?",
    ),
    C(
        "words_total",
        N,
        Scalar(lambda df: int(df["words"].sum())),
        en="total words across all items",
        zh="所有条目的总字数",
    ),
    C(
        "words_median",
        N,
        Scalar(lambda df: float(df["words"].median())),
        en="median length in words",
        de="Median der Wortanzahl",
    ),
    C(
        "issue_max",
        N,
        Scalar(lambda df: int(df["issue"].max())),
        en="highest issue number mentioned",
        de="Höchste Issue-Nummer?",
        zh="最大的问题编号是多少？",
    ),
    C(
        "issue_long",
        N,
        Scalar(lambda df: int(df.loc[df["words"].idxmax(), "issue"])),
        en="issue number of the longest item",
        zh="最长条目对应的 issue 编号",
    ),
    C(
        "corr_issue_words",
        N,
        Scalar(lambda df: float(df["issue"].corr(df["words"])), rel=1e-3),
        en="correlation between issue number and words",
        de="Korrelation zwischen Issue-Nummer und Wortzahl",
    ),
    C(
        "gt30",
        N,
        Scalar(lambda df: int((df["words"] > 30).sum())),
        en="how many items are longer than 30 words?",
        de="Wie viele Einträge haben mehr als 30 Wörter?",
        zh="超过30个词的条目有多少？",
    ),
    C(
        "le10",
        N,
        Scalar(lambda df: int((df["words"] <= 10).sum())),
        en="items with at most 10 words — how many?",
        zh="不超过10个词的条目数",
    ),
    C(
        "sabella",
        N,
        Scalar(lambda df: int((df["patch_by"] == "Cheryl Sabella").sum())),
        en="how many patches by Cheryl Sabella?",
        de="Wie viele Patches stammen von Cheryl Sabella?",
        zh="Cheryl Sabella 提交了多少个补丁？",
    ),
    C(
        "reedy",
        N,
        Scalar(lambda df: int((df["patch_by"] == "Terry Jan Reedy").sum())),
        en="count of items patched by Terry Jan Reedy",
        de="Anzahl Einträge mit Patch von Terry Jan Reedy",
    ),
    C(
        "share_2019",
        N,
        share_either(lambda df: _year(df) == 2019),
        en="what fraction of items came out in 2019?",
        zh="2019年的条目占多少比例？",
    ),
    C(
        "share_long_38",
        N,
        share_either(lambda df: df.loc[df["release"] == "3.8.0", "words"] > 20),
        en="among 3.8.0 items, what share has more than 20 words?",
        de="Welcher Anteil der Einträge von 3.8.0 hat mehr als 20 Wörter?",
    ),
    C(
        "first_date",
        N,
        _day(lambda df: df["released"].min()),
        en="earliest release date in the data",
        de="Frühestes Veröffentlichungsdatum?",
        zh="最早的发布日期是哪天？",
    ),
    C("last_date", N, _day(lambda df: df["released"].max()), en="latest release date", zh="最晚的发布日期"),
    C(
        "top3_authors",
        N,
        Table(lambda df: top(df["patch_by"].value_counts(), 3), ordered=True),
        en="top 3 patch authors by number of items",
        de="Die 3 Autoren mit den meisten Patches",
    ),
    C(
        "after_2020",
        N,
        Scalar(lambda df: int((df["released"] > "2020-12-31").sum())),
        en="how many items were released after 2020?",
        de="Wie viele Einträge wurden nach 2020 veröffentlicht?",
        zh="2020年以后发布的条目有多少？",
    ),
    C(
        "per_month",
        N,
        Table(lambda df: df.groupby(df["released"].dt.to_period("M").astype(str)).size()),
        en="items per month of release",
        zh="按发布月份统计条目数",
    ),
    C(
        "cmp_37_38",
        N,
        Scalar(
            lambda df: float(
                df.loc[df["release"] == "3.8.0", "words"].mean() - df.loc[df["release"] == "3.7.0", "words"].mean()
            )
        ),
        en="how much longer on average (words) are 3.8.0 items than 3.7.0 items?",
        de="Um wie viele Wörter sind Einträge von 3.8.0 im Schnitt länger als die von 3.7.0?",
    ),
    C(
        "f_2019_long",
        N,
        Scalar(lambda df: int(((_year(df) == 2019) & (df["words"] > 30)).sum())),
        en="and only those with more than 30 words?",
        zh="其中超过30个词的有多少？",
        before={"en": ["how many items were released in 2019?"], "zh": ["2019年发布了多少条？"]},
    ),
    C(
        "f_sab_rel",
        N,
        Table(lambda df: df[df["patch_by"] == "Cheryl Sabella"].groupby("release").size()),
        en="now break that down by release",
        de="Jetzt bitte nach Release aufschlüsseln",
        before={
            "en": ["how many patches by Cheryl Sabella?"],
            "de": ["Wie viele Patches hat Cheryl Sabella geschrieben?"],
        },
    ),
    C(
        "f_gh_words",
        N,
        Scalar(lambda df: float(df.loc[df["tracker"] == "gh", "words"].mean())),
        en="and their average word count?",
        zh="这些条目的平均字数呢？",
        before={"en": ["how many items use the gh tracker?"], "zh": ["gh 跟踪器的条目有多少？"]},
    ),
    C(
        "cl_author_col",
        N,
        Clarify(),
        en="which reviewer approved the most items?",
        de="Welcher Reviewer hat die meisten Einträge freigegeben?",
    ),
    C("cl_recent", N, Clarify(), en="how many items were added recently?", zh="最近新增了多少条？"),
    C("cl_biggest", N, Clarify(), en="which release is the biggest?", de="Welches Release ist das größte?"),
]

# protocols
BLIND += [
    C(
        "p_rows",
        P,
        Scalar(lambda df: len(df)),
        en="how many protocols are listed?",
        de="Wie viele Protokolle enthält die Liste?",
        zh="列出了多少个协议？",
    ),
    C(
        "p_maxnum",
        P,
        Scalar(lambda df: int(df["number"].max())),
        en="highest protocol number",
        de="Größte Protokollnummer?",
        zh="最大的协议号是多少？",
    ),
    C(
        "p_argmax",
        P,
        Scalar(lambda df: argmax(df.set_index("protocol")["number"])),
        en="which protocol has the highest number?",
        zh="协议号最大的是哪个协议？",
    ),
    C(
        "p_tcp",
        P,
        Scalar(lambda df: int(df.loc[df["protocol"] == "tcp", "number"].iloc[0])),
        en="what is the protocol number of tcp?",
        de="Welche Nummer hat das Protokoll tcp?",
        zh="tcp 的协议号是多少？",
    ),
    C(
        "p_udp",
        P,
        Scalar(lambda df: int(df.loc[df["protocol"] == "udp", "number"].iloc[0])),
        en="protocol number for udp",
        de="Protokollnummer von udp",
    ),
    C(
        "p_lt50",
        P,
        Scalar(lambda df: int((df["number"] < 50).sum())),
        en="how many protocols have a number below 50?",
        de="Wie viele Protokolle haben eine Nummer unter 50?",
        zh="协议号小于50的有多少个？",
    ),
    C(
        "p_ge100",
        P,
        Scalar(lambda df: int((df["number"] >= 100).sum())),
        en="count protocols numbered 100 or more",
        zh="协议号不小于100的协议数",
    ),
    C(
        "p_ipv6",
        P,
        Scalar(lambda df: int(df["protocol"].str.contains("ipv6", case=False).sum())),
        en="how many protocol names contain 'ipv6'?",
        de="Wie viele Protokollnamen enthalten „ipv6“?",
        zh="名称包含 ipv6 的协议有几个？",
    ),
    C(
        "p_rfc",
        P,
        Scalar(lambda df: int(df["description"].str.contains("RFC", na=False).sum())),
        en="how many descriptions mention an RFC?",
        de="In wie vielen Beschreibungen wird ein RFC genannt?",
    ),
    C(
        "p_noalias",
        P,
        Scalar(lambda df: int(df["alias"].isna().sum())),
        en="how many protocols have no alias?",
        zh="没有别名的协议有几个？",
    ),
    C(
        "p_distinct",
        P,
        Scalar(lambda df: int(df["number"].nunique())),
        en="number of distinct protocol numbers",
        de="Anzahl unterschiedlicher Protokollnummern",
    ),
    C("p_mean", P, Scalar(lambda df: float(df["number"].mean())), en="average protocol number", zh="协议号的平均值"),
    C(
        "p_median",
        P,
        Scalar(lambda df: float(df["number"].median())),
        en="median of the protocol numbers",
        de="Median der Protokollnummern",
    ),
    C(
        "p_range",
        P,
        Scalar(lambda df: int(df["number"].max() - df["number"].min())),
        en="range of protocol numbers",
        zh="协议号的极差",
    ),
    C(
        "p_share_lt20",
        P,
        share_either(lambda df: df["number"] < 20),
        en="what share of protocols have a number under 20?",
        de="Welcher Anteil der Protokolle hat eine Nummer kleiner 20?",
        zh="协议号小于20的协议占比？",
    ),
    C(
        "p_top3",
        P,
        Table(lambda df: top(df.set_index("protocol")["number"], 3), ordered=True),
        en="top 3 protocols by number",
        de="Die drei Protokolle mit den höchsten Nummern",
    ),
    C(
        "p_ospf",
        P,
        Scalar(lambda df: int(df.loc[df["protocol"] == "ospf", "number"].iloc[0])),
        en="number of ospf",
        zh="ospf 的协议号",
    ),
    C(
        "f_p_lt50_ipv6",
        P,
        Scalar(lambda df: int(((df["number"] < 50) & df["protocol"].str.contains("ipv6", case=False)).sum())),
        en="and of those, how many are IPv6-related by name?",
        de="Und davon, wie viele haben ipv6 im Namen?",
        before={
            "en": ["how many protocols have a number below 50?"],
            "de": ["Wie viele Protokolle haben eine Nummer unter 50?"],
        },
    ),
    C("cl_p_port", P, Clarify(), en="what is the default port of each protocol?", zh="每个协议的默认端口是多少？"),
    C("cl_p_name", P, Clarify(), en="sort by name", de="Nach Name sortieren"),
]

# rpc
BLIND += [
    C(
        "r_rows",
        R,
        Scalar(lambda df: len(df)),
        en="how many RPC programs are in the file?",
        de="Wie viele RPC-Programme gibt es?",
        zh="文件中有多少个 RPC 程序？",
    ),
    C(
        "r_noalias",
        R,
        Scalar(lambda df: int(df["aliases"].isna().sum())),
        en="how many programs have no aliases?",
        de="Wie viele Programme haben keine Aliase?",
        zh="没有别名的程序有多少个？",
    ),
    C(
        "r_share_alias",
        R,
        share_either(lambda df: df["alias_count"] > 0),
        en="what share of programs has at least one alias?",
        zh="至少有一个别名的程序占比？",
    ),
    C(
        "r_max_alias",
        R,
        Scalar(lambda df: int(df["alias_count"].max())),
        en="max number of aliases for a program",
        de="Maximale Anzahl an Aliasen (alias_count)",
    ),
    C(
        "r_argmax_alias",
        R,
        Scalar(lambda df: argmax(df.set_index("program")["alias_count"])),
        en="which program has the most aliases?",
        de="Welches Programm hat die meisten Aliase?",
        zh="哪个程序的别名最多？",
    ),
    C("r_total_alias", R, Scalar(lambda df: int(df["alias_count"].sum())), en="total number of aliases", zh="别名总数"),
    C(
        "r_mean_alias",
        R,
        Scalar(lambda df: float(df["alias_count"].mean())),
        en="average alias_count",
        de="Durchschnittliche Zahl der Aliase pro Programm",
    ),
    C(
        "r_nfs",
        R,
        Scalar(lambda df: int(df.loc[df["program"] == "nfs", "program_number"].iloc[0])),
        en="program number of nfs",
        de="Programmnummer von nfs?",
        zh="nfs 的程序号是多少？",
    ),
    C(
        "r_max_num",
        R,
        Scalar(lambda df: int(df["program_number"].max())),
        en="largest program number",
        zh="最大的程序号",
    ),
    C(
        "r_min_num",
        R,
        Scalar(lambda df: int(df["program_number"].min())),
        en="smallest program_number",
        de="Kleinste Programmnummer",
    ),
    C(
        "r_argmax_num",
        R,
        Scalar(lambda df: argmax(df.set_index("program")["program_number"])),
        en="which program has the highest program number?",
        de="Welches Programm hat die höchste Nummer?",
        zh="程序号最大的程序是哪个？",
    ),
    C(
        "r_d",
        R,
        Scalar(lambda df: int(df["program"].str.endswith("d").sum())),
        en="how many program names end with 'd'?",
        zh="名称以 d 结尾的程序有几个？",
    ),
    C(
        "r_gt100050",
        R,
        Scalar(lambda df: int((df["program_number"] > 100050).sum())),
        en="count programs with number above 100050",
        de="Wie viele Programme haben eine Nummer über 100050?",
    ),
    C(
        "r_per_alias",
        R,
        Table(lambda df: df.groupby("alias_count").size()),
        en="number of programs per alias count",
        de="Anzahl Programme je Alias-Anzahl",
        zh="按别名数量统计程序数",
    ),
    C(
        "r_corr",
        R,
        Scalar(lambda df: float(df["program_number"].corr(df["alias_count"])), rel=1e-3),
        en="correlation of program number and alias count",
        zh="程序号与别名数量的相关系数",
    ),
    C(
        "r_distinct",
        R,
        Scalar(lambda df: int(df["program_number"].nunique())),
        en="distinct program numbers?",
        de="Wie viele verschiedene Programmnummern?",
    ),
    C(
        "f_r_alias_num",
        R,
        Scalar(lambda df: int(((df["alias_count"] > 0) & (df["program_number"] > 100050)).sum())),
        en="only those numbered above 100050?",
        zh="其中程序号大于100050的有几个？",
        before={"en": ["how many programs have at least one alias?"], "zh": ["至少有一个别名的程序有几个？"]},
    ),
    C(
        "cl_r_version",
        R,
        Clarify(),
        en="which version of each program is newest?",
        de="Welche Version jedes Programms ist die neueste?",
    ),
    C("cl_r_number", R, Clarify(), en="what is the average number?", zh="平均数是多少？"),
    C(
        "cl_r_month",
        R,
        Clarify(),
        en="how many programs were registered this month?",
        de="Wie viele Programme wurden diesen Monat registriert?",
    ),
]

BLIND += [
    C(
        "n_tracker",
        N,
        Table(lambda df: df.groupby("tracker").size()),
        en="items per tracker",
        de="Wie viele Einträge gibt es je Tracker?",
    ),
    C(
        "words_gh_bpo",
        N,
        Scalar(
            lambda df: float(
                df.loc[df["tracker"] == "bpo", "words"].mean() - df.loc[df["tracker"] == "gh", "words"].mean()
            )
        ),
        en="difference in mean words between bpo and gh items (bpo minus gh)",
        zh="bpo 条目与 gh 条目的平均字数之差（bpo 减 gh）",
    ),
    C(
        "patch_310",
        N,
        Scalar(lambda df: int(((df["release"] == "3.10.0") & df["patch_by"].notna()).sum())),
        en="in 3.10.0, how many items credit a patch author?",
        de="Wie viele Einträge in 3.10.0 nennen einen Patch-Autor?",
    ),
    C(
        "chg_19_20",
        N,
        Scalar(lambda df: int((_year(df) == 2020).sum() - (_year(df) == 2019).sum())),
        en="change in item count from 2019 to 2020",
        zh="从2019年到2020年条目数变化了多少？",
    ),
    C("cl_priority", N, Clarify(), en="which item has the highest priority?", zh="优先级最高的是哪条？"),
    C(
        "p_4060",
        P,
        Scalar(lambda df: int(df["number"].between(40, 60).sum())),
        en="protocols with a number between 40 and 60 (inclusive)",
        de="Protokolle mit Nummer zwischen 40 und 60 (einschließlich) zählen",
    ),
    C(
        "p_desc_proto",
        P,
        Scalar(lambda df: int(df["description"].str.contains("protocol", case=False, na=False).sum())),
        en="how many descriptions contain the word protocol?",
        zh="描述（description）中包含 protocol 一词的有多少？",
    ),
    C(
        "cl_p_popular",
        P,
        Clarify(),
        en="which protocol is the most popular?",
        de="Welches Protokoll ist am beliebtesten?",
    ),
    C(
        "r_one_alias",
        R,
        Scalar(lambda df: int((df["alias_count"] == 1).sum())),
        en="programs with exactly one alias",
        zh="恰好有一个别名的程序数",
    ),
    C("cl_r_tcp", R, Clarify(), en="which RPC programs run over tcp?", zh="哪些 RPC 程序使用 tcp？"),
]
