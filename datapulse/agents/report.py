"""The reporter's words: the markdown answer in the question's language."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

MAX_MD_ROWS = 12

T: dict[str, dict[str, str]] = {
    "en": {
        "no_data": "This conversation has no data yet. Attach a file or a data source, then ask me about it, "
        "for example *how many rows are there?*, *average price by category* or *correlation between x and y*.",
        "ambiguous_column": "“{word}” could mean more than one column. Which one do you mean?",
        "which_value": "“{word}” does not say which one. Which value of `{column}` do you mean?",
        "ambiguous_value": "“{word}” appears in more than one column. Which one do you mean?",
        "ambiguous_date": "The data has several date columns. Which one should I use?",
        "unknown_column": "I could not find a column for “{word}” in the data. Did you mean one of these?",
        "no_measure": "I could not tell which numeric column to compute{about}. Did you mean one of these?",
        "not_numeric": "“{word}” is not a numeric column, so I cannot compute that. Numeric columns are:",
        "no_column": "Which column do you mean?",
        "no_date": "The data has no date column to follow over time. Its columns are:",
        "two_readings": "This can be read two ways. Which one do you mean?",
        "pivot_needs_two": "A pivot needs two category columns. Which ones?",
        "compare_needs_groups": "Which two groups should I compare? Columns with two groups:",
        "unsupported_test": "I cannot run “{word}”; I can compare two groups of a column (means, Welch's t-test "
        "and Mann-Whitney U). Which column's groups should I compare?",
        "trend_with_groups": "A trend over time split by another column is not supported yet; ask for one group "
        "at a time (a filter) or drop the split:",
        "unclear": "I am not sure what to compute. You can ask about these columns:",
        "loose_filter": "I could not tell which column “{word}” applies to. Which one do you mean?",
        "uncovered": "I could not fit “{word}” into a reading of this question, so I am not answering it "
        "without those words. Which column do you mean by it?",
        "no_such_column": "The data has no column for “{word}”; its columns are:",
        "no_previous": "This question builds on an earlier answer, but there is none to build on. "
        "Please ask it in full.",
        "which_year": "“{word}” does not say which year; the data covers {first} to {last}. Which one do you mean?",
        "which_measure": "“{word}” does not say by which column to rank. Which one do you mean?",
        "answer_kind": "“{word}” asks for {first}, but the reading I could make gives {last}, so I am not "
        "answering with it. Is this reading what you mean, or which column holds what you ask for?",
        "computed": "Computed with",
        "rows_in_table": "{n} rows",
        "of": "of",
        "llm_fallback": "The language model could not be used ({why}); the built-in planner answered instead.",
        "followup": "Building on the previous question.",
        "readings_agree": "The question can be read more than one way ({readings}); every reading gives this answer.",
        "table": "Table",
        "truncated": "showing the first {shown} of {total} rows",
        "default_agg": "No aggregation was named, so this shows the mean.",
    },
    "de": {
        "no_data": "Diese Unterhaltung hat noch keine Daten. Hängen Sie eine Datei oder Datenquelle an und fragen "
        "Sie dann, z. B. *Wie viele Zeilen gibt es?*, *Durchschnittspreis pro Kategorie* oder "
        "*Korrelation von x und y*.",
        "ambiguous_column": "„{word}“ kann mehr als eine Spalte bedeuten. Welche meinen Sie?",
        "which_value": "„{word}“ sagt nicht, welcher Wert gemeint ist. Welchen Wert von `{column}` meinen Sie?",
        "ambiguous_value": "„{word}“ kommt in mehr als einer Spalte vor. Welche meinen Sie?",
        "ambiguous_date": "Die Daten haben mehrere Datumsspalten. Welche soll ich verwenden?",
        "unknown_column": "Ich finde keine Spalte für „{word}“ in den Daten. Meinten Sie eine dieser?",
        "no_measure": "Ich weiß nicht, welche Zahlenspalte ich berechnen soll{about}. Meinten Sie eine dieser?",
        "not_numeric": "„{word}“ ist keine Zahlenspalte. Zahlenspalten sind:",
        "no_column": "Welche Spalte meinen Sie?",
        "no_date": "Die Daten haben keine Datumsspalte für einen Zeitverlauf. Die Spalten sind:",
        "two_readings": "Das lässt sich auf zwei Arten lesen. Welche meinen Sie?",
        "pivot_needs_two": "Eine Pivot-Tabelle braucht zwei Kategorienspalten. Welche?",
        "compare_needs_groups": "Welche zwei Gruppen soll ich vergleichen? Spalten mit zwei Gruppen:",
        "unsupported_test": "„{word}“ kann ich nicht rechnen; ich kann zwei Gruppen einer Spalte vergleichen "
        "(Mittelwerte, Welch-t-Test und Mann-Whitney-U). Welche Spalte?",
        "trend_with_groups": "Ein Zeitverlauf getrennt nach einer weiteren Spalte geht noch nicht; fragen Sie je "
        "Gruppe (Filter) oder ohne Aufteilung:",
        "unclear": "Ich bin nicht sicher, was ich berechnen soll. Sie können nach diesen Spalten fragen:",
        "loose_filter": "Ich weiß nicht, auf welche Spalte sich „{word}“ bezieht. Welche meinen Sie?",
        "uncovered": "„{word}“ passt in keine Lesart dieser Frage, deshalb beantworte ich sie nicht ohne diese "
        "Wörter. Welche Spalte meinen Sie damit?",
        "no_such_column": "Die Daten haben keine Spalte für „{word}“; ihre Spalten sind:",
        "no_previous": "Diese Frage baut auf einer früheren Antwort auf, die es nicht gibt. Bitte stellen Sie "
        "sie vollständig.",
        "which_year": "„{word}“ sagt nicht, welches Jahr; die Daten reichen von {first} bis {last}. "
        "Welches meinen Sie?",
        "which_measure": "„{word}“ sagt nicht, nach welcher Spalte geordnet wird. Welche meinen Sie?",
        "answer_kind": "„{word}“ fragt nach {first}, aber die Lesart, die ich bilden kann, ergibt {last}; "
        "deshalb antworte ich nicht damit. Meinen Sie diese Lesart, oder in welcher Spalte steht, wonach Sie fragen?",
        "computed": "Berechnet mit",
        "rows_in_table": "{n} Zeilen",
        "of": "von",
        "llm_fallback": "Das Sprachmodell war nicht nutzbar ({why}); der eingebaute Planer hat geantwortet.",
        "followup": "Aufbauend auf der vorigen Frage.",
        "readings_agree": "Die Frage lässt sich mehrfach lesen ({readings}); jede Lesart ergibt diese Antwort.",
        "table": "Tabelle",
        "truncated": "die ersten {shown} von {total} Zeilen",
        "default_agg": "Keine Aggregation genannt, daher der Mittelwert.",
    },
    "zh": {
        "no_data": "这个对话还没有数据。请先附加文件或数据源，然后提问，例如："
        "*有多少行？*、*按类别统计平均价格*、*x 和 y 的相关性*。",
        "ambiguous_column": "“{word}”可能指多个列。您指的是哪一个？",
        "which_value": "“{word}”没有说明是哪一个。您指的是 `{column}` 的哪个值？",
        "ambiguous_value": "“{word}”出现在多个列中。您指的是哪一个？",
        "ambiguous_date": "数据有多个日期列。应该使用哪一个？",
        "unknown_column": "数据中找不到与“{word}”对应的列。您是指以下之一吗？",
        "no_measure": "无法确定要计算哪个数值列{about}。您是指以下之一吗？",
        "not_numeric": "“{word}”不是数值列，无法计算。数值列有：",
        "no_column": "您指的是哪一列？",
        "no_date": "数据中没有可用于时间趋势的日期列。列有：",
        "two_readings": "这个问题有两种理解方式。您指的是哪一种？",
        "pivot_needs_two": "透视表需要两个分类列。是哪两个？",
        "compare_needs_groups": "要比较哪两个组？只有两个组的列：",
        "unsupported_test": "我无法进行“{word}”；我可以比较某一列的两个组（均值、Welch t 检验和 Mann-Whitney U）。"
        "比较哪一列的组？",
        "trend_with_groups": "暂不支持按其他列拆分的时间趋势；请逐组（筛选）提问或去掉拆分：",
        "unclear": "我不确定要计算什么。您可以询问这些列：",
        "loose_filter": "无法确定“{word}”指的是哪一列。您指的是哪一列？",
        "uncovered": "无法把“{word}”纳入对这个问题的理解，因此不会忽略它直接回答。您指的是哪一列？",
        "no_such_column": "数据中没有与“{word}”对应的列；数据的列有：",
        "no_previous": "这个问题基于之前的回答，但没有可依据的回答。请完整地提问。",
        "which_year": "“{word}”没有说明是哪一年；数据涵盖 {first} 至 {last} 年。您指的是哪一年？",
        "which_measure": "“{word}”没有说明按哪一列排序。您指的是哪一列？",
        "answer_kind": "“{word}”问的是{first}，但我能得出的理解给出的是{last}，所以不这样回答。"
        "您指的是这个理解吗？或者您要的内容在哪一列？",
        "computed": "计算方式",
        "rows_in_table": "{n} 行",
        "of": "/",
        "llm_fallback": "无法使用语言模型（{why}），改由内置规划器回答。",
        "followup": "基于上一个问题。",
        "readings_agree": "这个问题有多种理解（{readings}），每种理解的答案都相同。",
        "table": "表",
        "truncated": "显示前 {shown} 行，共 {total} 行",
        "default_agg": "未指定聚合方式，因此显示平均值。",
    },
}


def t(lang: str, key: str, **words: Any) -> str:
    table = T.get(lang, T["en"])
    return table.get(key, T["en"][key]).format(**words)


_LANG: ContextVar[str] = ContextVar("answer_language", default="en")


def fmt(value: Any, lang: str | None = None) -> str:
    """A value as the answer shows it: 1,234.5 in English and Chinese, 1.234,5 in German
    (whole numbers under 10,000 ungrouped, as the UI shows them); tiny values in
    scientific notation (6.4e-47), never rounded to 0."""
    lang = lang or _LANG.get()
    if isinstance(value, list):
        return ", ".join(fmt(v, lang) for v in value)
    if isinstance(value, bool) or value is None or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, int):  # four digits stay ungrouped: years (1810, 2014) read as years
        text = f"{value:,}" if abs(value) >= 10000 else str(value)
    elif abs(value) >= 1000:
        text = f"{value:,.2f}"
    elif value == 0 or abs(value) >= 0.001:
        text = f"{value:.4g}"
    else:
        text = f"{value:.2g}"
    return localise_digits(text, lang)


_DE = str.maketrans({",": ".", ".": ","})


def localise_digits(text: str, lang: str) -> str:
    """A number written the English way (1,234.5) with the language's marks (1.234,5 in
    German; Chinese writes numbers as English does)."""
    return text.translate(_DE) if lang == "de" else text


def clarification(lang: str, reason: str, candidates: list[str], words: dict[str, Any]) -> str:
    word = str(words.get("word") or "")
    about = f" (“{word}”)" if word and reason == "no_measure" else ""
    head = t(
        lang,
        reason,
        word=word,
        about=about,
        first=words.get("first", ""),
        last=words.get("last", ""),
        column=words.get("column", ""),
    )
    items = "\n".join(f"- `{c}`" for c in candidates[:20])
    return f"{head}\n\n{items}" if items else head


def markdown_table(result: dict[str, Any], lang: str) -> str:
    cols = result["columns"]
    rows = result["rows"][:MAX_MD_ROWS]
    lines = ["| " + " | ".join(str(c) for c in cols) + " |", "|" + "---|" * len(cols)]
    lines += ["| " + " | ".join(fmt(v) for v in row) + " |" for row in rows]
    total = result.get("total_rows", len(result["rows"]))
    if total > len(rows):
        lines.append("\n*" + t(lang, "truncated", shown=len(rows), total=fmt(total)) + "*")
    return "\n".join(lines)


def answer(
    lang: str,
    plan: list[dict[str, Any]],
    results: list[dict[str, Any]],
    notes: list[str],
    reading: str = "",
    detail: str | None = None,
) -> str:
    """The reading first, then the figures asked for, then the first tables. `detail`
    (an assistant's default): "brief" stops after the figures, "detailed" adds every
    table (up to five) and the steps that computed them."""
    token = _LANG.set(lang)
    try:
        return _answer(lang, plan, results, notes, reading, detail)
    finally:
        _LANG.reset(token)


def _answer(
    lang: str,
    plan: list[dict[str, Any]],
    results: list[dict[str, Any]],
    notes: list[str],
    reading: str,
    detail: str | None = None,
) -> str:
    from datapulse.agents.headline import headline

    parts: list[str] = [f"*{reading}*"] if reading else []
    parts += notes
    parts.append(headline(lang, plan, results))
    scalars = [r for r in results if r["kind"] == "scalar"]
    tables = [r for r in results if r["kind"] == "table"]
    texts = [r["text"] for r in results if r["kind"] == "text"]
    if scalars:
        parts.append("\n".join(f"- **{r['name']}**: {fmt(r['value'])}" for r in scalars))
    if detail == "brief":  # the figures alone: the tables stay in the results
        return "\n\n".join(p for p in parts + texts if p)
    for tbl in tables[: 5 if detail == "detailed" else 2]:
        count = t(lang, "rows_in_table", n=fmt(tbl.get("total_rows", len(tbl["rows"]))))
        parts.append(f"**{tbl['title']}** ({count})\n\n{markdown_table(tbl, lang)}")
    parts += texts
    if not reading or detail == "detailed":
        steps = "; ".join(f"`{s['tool']}`" + (f" {_args(s['args'])}" if s["args"] else "") for s in plan)
        if steps:
            parts.append(f"*{t(lang, 'computed')}: {steps}*")
    return "\n\n".join(p for p in parts if p)


def _args(args: dict[str, Any]) -> str:
    shown = {k: v for k, v in args.items() if k != "table"}
    return ", ".join(f"{k}={v}" for k, v in shown.items())


def pieces(text: str, size: int = 80) -> list[str]:
    """The answer cut into stream pieces at spaces or line ends."""
    out, start = [], 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = max(text.rfind(" ", start, end), text.rfind("\n", start, end))
            end = cut + 1 if cut > start else end
        out.append(text[start:end])
        start = end
    return out
