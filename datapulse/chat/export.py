"""Export of a conversation (SPEC 5): JSON, Markdown, plain text, CSV and PDF.

Every format takes the same filters: which roles, whether to show times, whether to
add the metadata (the plan behind each answer, the attached data). CSV cells that a
spreadsheet would run as a formula are neutralised.

`csv` is the result data: a zip with one CSV per result table of the (filtered) answers,
their values as computed (not as formatted for reading). The transcript, one row per
message, is `transcript_csv` (until this change it was what `csv` gave).

`lang` (en, de, zh) is the language the PDF writes its numbers, dates and own words in;
without it, the language of the conversation's first question. `charts` and `tables`
leave those results out of every format but `csv` (which is the tables).
"""

from __future__ import annotations

import base64
import csv
import io
import json
import re
import zipfile
from collections.abc import Callable
from datetime import datetime
from typing import Any

from datapulse.agents.planner.scan import detect_language
from datapulse.events import as_utc, iso

FORMATS = ("json", "md", "txt", "csv", "transcript_csv", "pdf")
ROLES = ("all", "user", "assistant")
LANGS = ("en", "de", "zh")
MIMETYPES = {  # full Content-Type values: text ones name their charset
    "json": "application/json",
    "md": "text/markdown; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
    "csv": "application/zip",
    "transcript_csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
}
EXTENSIONS = {"csv": "zip", "transcript_csv": "csv"}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MD_TABLE_ROWS = 100  # rows of a result table shown in Markdown and text
# An image result's `url` → the image's bytes, or None where there is none (SPEC 12):
# given by the caller, which knows where generated images are kept.
ImageLoader = Callable[[str], bytes | None]


def export_conversation(
    conversation: dict[str, Any],
    format: str = "json",
    roles: str = "all",
    timestamps: bool = True,
    metadata: bool = False,
    lang: str | None = None,
    charts: bool = True,
    tables: bool = True,
    images: ImageLoader | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> tuple[bytes, str, str]:
    """(body, Content-Type, file name) of `conversation` (as the API shows it: ConversationDetailOut).
    `images` loads the image results, which Markdown embeds and the PDF draws; `since`
    (inclusive) and `until` (exclusive) keep the messages written in that time."""
    lang = lang or conversation_language(conversation)
    left_out = {kind for kind, keep in (("chart", charts), ("table", tables)) if not keep}
    messages = [
        {**m, "results": [r for r in m.get("results") or [] if r.get("kind") not in left_out]}
        if left_out and format != "csv"
        else m
        for m in conversation.get("messages", [])
        if (roles == "all" or m["role"] == roles) and _within(m, since, until)
    ]
    view = {**conversation, "messages": messages}
    if format == "json":
        body = _json(view, timestamps, metadata).encode()
    elif format == "md":
        body = _markdown(view, timestamps, metadata, images).encode()
    elif format == "txt":
        body = _text(view, timestamps, metadata).encode()
    elif format == "transcript_csv":
        body = _csv(view, timestamps, metadata).encode("utf-8-sig")  # the BOM makes Excel read UTF-8
    elif format == "csv":
        body = result_tables_zip(view)
    else:
        from datapulse.chat.pdf import render_pdf

        body = render_pdf(view, timestamps, metadata, lang, images)
    return body, MIMETYPES[format], f"{file_stem(conversation)}.{EXTENSIONS.get(format, format)}"


def _within(message: dict[str, Any], since: datetime | None, until: datetime | None) -> bool:
    if since is None and until is None:
        return True
    written = as_utc(datetime.fromisoformat(message["created_at"]))
    return (since is None or written >= as_utc(since)) and (until is None or written < as_utc(until))


def conversation_language(conversation: dict[str, Any]) -> str:
    """The language of the conversation's first question (English when it has none)."""
    first = next((m["content"] for m in conversation.get("messages", []) if m["role"] == "user"), "")
    return detect_language(first) if first else "en"


def file_stem(conversation: dict[str, Any]) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", conversation.get("title") or "").strip("-").lower()[:40]
    return f"conversation-{slug + '-' if slug else ''}{conversation['id'][:8]}"


def neutralise(cell: Any) -> Any:
    """A text cell that starts like a formula gets a leading apostrophe (CSV injection)."""
    if isinstance(cell, str) and cell.startswith(FORMULA_START):
        return "'" + cell
    return cell


def _json(conv: dict[str, Any], timestamps: bool, metadata: bool) -> str:
    out: dict[str, Any] = {"id": conv["id"], "title": conv["title"], "exported_at": iso()}
    if metadata:
        out.update({k: conv[k] for k in ("file_ids", "datasource_ids", "template_id")})
    if timestamps:
        out.update(created_at=conv["created_at"], updated_at=conv["updated_at"])
    out["messages"] = []
    for m in conv["messages"]:
        item: dict[str, Any] = {"id": m["id"], "role": m["role"], "content": m["content"], "results": m["results"]}
        if timestamps:
            item["created_at"] = m["created_at"]
        if metadata:
            item["run_id"] = m["run_id"]
            item["metadata"] = m["metadata"]
        out["messages"].append(item)
    return json.dumps(out, ensure_ascii=False, indent=2)


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def _md_escape(value: Any) -> str:
    return _cell(value).replace("|", "\\|").replace("\n", " ")


def image_data_uri(result: dict[str, Any], images: ImageLoader | None) -> str | None:
    """The image of an image result as a data: URI, so that the file carries it."""
    raw = images(str(result.get("url") or "")) if images else None
    if not raw:
        return None
    mime = result.get("mime") if result.get("mime") in ("image/png", "image/jpeg") else "image/png"
    return f"data:{mime};base64,{base64.b64encode(raw).decode()}"


def result_lines(result: dict[str, Any], markdown: bool, images: ImageLoader | None = None) -> list[str]:
    kind = result.get("kind")
    if kind == "table":
        columns, rows = result.get("columns", []), result.get("rows", [])
        lines = [f"**{result.get('title', 'Table')}**" if markdown else str(result.get("title", "Table")), ""]
        if markdown:
            lines.append("| " + " | ".join(_md_escape(c) for c in columns) + " |")
            lines.append("|" + "---|" * len(columns))
            lines += ["| " + " | ".join(_md_escape(v) for v in row) + " |" for row in rows[:MD_TABLE_ROWS]]
        else:
            lines.append("\t".join(_cell(c) for c in columns))
            lines += ["\t".join(_cell(v) for v in row) for row in rows[:MD_TABLE_ROWS]]
        if len(rows) > MD_TABLE_ROWS:
            lines.append(f"… {len(rows) - MD_TABLE_ROWS} more rows")
        return lines + [""]
    if kind == "scalar":
        return [f"**{result.get('name')}**: {_cell(result.get('value'))}" if markdown else
                f"{result.get('name')}: {_cell(result.get('value'))}", ""]  # fmt: skip
    if kind == "chart":
        return [f"_Chart: {result.get('title', '')}_" if markdown else f"[Chart: {result.get('title', '')}]", ""]
    if kind == "text":
        return [_cell(result.get("text")), ""]
    if kind == "image":
        title = str(result.get("title") or "image").replace("]", ")").replace("\n", " ")
        if markdown:
            return [f"![{title}]({image_data_uri(result, images) or result.get('url', '')})", ""]
        return [f"[Image: {title}] {result.get('url', '')}", ""]
    return []


def _plan_lines(meta: dict[str, Any], markdown: bool) -> list[str]:
    plan = meta.get("plan") or []
    if not plan:
        return []
    lines = ["Plan:"]
    for step in plan:
        args = json.dumps(step.get("args", {}), ensure_ascii=False)
        lines.append(f"- `{step.get('tool')}` {args}" if markdown else f"- {step.get('tool')} {args}")
    return lines + [""]


def _markdown(conv: dict[str, Any], timestamps: bool, metadata: bool, images: ImageLoader | None = None) -> str:
    lines = [f"# {conv['title'] or 'Conversation'}", ""]
    if timestamps:
        lines += [f"_Created {conv['created_at']}_", ""]
    if metadata:
        lines += [
            f"- Files: {', '.join(conv['file_ids']) or '—'}",
            f"- Data sources: {', '.join(conv['datasource_ids']) or '—'}",
            "",
        ]  # noqa: E501
    for m in conv["messages"]:
        heading = "## " + ("You" if m["role"] == "user" else "DataPulse")
        lines += [heading + (f" · {m['created_at']}" if timestamps else ""), "", m["content"], ""]
        for result in m["results"]:
            lines += result_lines(result, markdown=True, images=images)
        if metadata:
            lines += _plan_lines(m["metadata"], markdown=True)
    return "\n".join(lines).rstrip() + "\n"


def _text(conv: dict[str, Any], timestamps: bool, metadata: bool) -> str:
    title = conv["title"] or "Conversation"
    lines = [title, "=" * len(title), ""]
    if timestamps:
        lines += [f"Created {conv['created_at']}", ""]
    if metadata:
        lines += [
            f"Files: {', '.join(conv['file_ids']) or '-'}",
            f"Data sources: {', '.join(conv['datasource_ids']) or '-'}",
            "",
        ]  # noqa: E501
    for m in conv["messages"]:
        who = "You" if m["role"] == "user" else "DataPulse"
        lines += [f"[{who}]" + (f" {m['created_at']}" if timestamps else ""), m["content"], ""]
        for result in m["results"]:
            lines += result_lines(result, markdown=False)
        if metadata:
            lines += _plan_lines(m["metadata"], markdown=False)
    return "\n".join(lines).rstrip() + "\n"


def _csv(conv: dict[str, Any], timestamps: bool, metadata: bool) -> str:
    """One row per message; its results as readable text (tables tab-separated)."""
    header = ["conversation_id", "message_id", "role"] + (["created_at"] if timestamps else [])
    header += ["content", "results"] + (["run_id", "metadata"] if metadata else [])
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for m in conv["messages"]:
        results = "\n".join(line for r in m["results"] for line in result_lines(r, markdown=False)).strip()
        row = [conv["id"], m["id"], m["role"]] + ([m["created_at"]] if timestamps else [])
        row += [m["content"], results]
        if metadata:
            row += [m["run_id"] or "", json.dumps(m["metadata"], ensure_ascii=False)]
        writer.writerow([neutralise(c) for c in row])
    return buffer.getvalue()


def _slug(text: str, limit: int = 40) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()[:limit]


def table_csv(columns: list[Any], rows: list[Any]) -> bytes:
    """One result table as CSV (UTF-8 with a BOM for spreadsheets, formulas neutralised)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(_cell(c)) for c in columns])
    for row in rows:
        writer.writerow([neutralise(_cell(v)) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def result_tables_zip(conv: dict[str, Any]) -> bytes:
    """A zip of every result table in the messages, one CSV each, numbered in order
    (`01-mean-price-by-island.csv`); a conversation without tables gives an empty zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        number = 0
        for message in conv["messages"]:
            for result in message.get("results") or []:
                if result.get("kind") != "table":
                    continue
                number += 1
                name = f"{number:02d}-{_slug(str(result.get('title') or '')) or 'table'}.csv"
                archive.writestr(name, table_csv(result.get("columns") or [], result.get("rows") or []))
    return buffer.getvalue()
