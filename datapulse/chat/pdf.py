"""PDF export with fpdf2: the answers, their tables and their charts, drawn with fpdf2's
own primitives (no browser, no network). DejaVu Sans covers Latin, Greek and Cyrillic;
Droid Sans Fallback (Debian `fonts-droid-fallback`) adds Chinese.

Running text is Markdown (mdblocks.py): headings, paragraphs, lists and tables are drawn
as such. Text is written in runs of one script each, every run with its font chosen
explicitly (Chinese in Droid, the rest in DejaVu): fpdf2's automatic font fallback wrote
the Latin text after a Chinese line with the wrong glyphs, so it serves only table cells
and chart labels, which are short. Every element sets its own colours (a chart's fill
never reaches the table after it); axis ticks are round numbers; times are written
without microseconds. Numbers, dates and the few words of its own (You, Created, Plan)
are written in the export's language: 1,234.5 / 1.234,5, 2026-12-04 / 04.12.2026."""

from __future__ import annotations

import io
import json
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.enums import TableCellFillMode
from fpdf.fonts import FontFace

from datapulse.agents.report import localise_digits
from datapulse.chat.mdblocks import Block, blocks, inline, without_tables_titled

FONT_DIRS = (Path("/usr/share/fonts/truetype"), Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))
FONTS = {"dejavu": "DejaVuSans.ttf", "dejavu-bold": "DejaVuSans-Bold.ttf", "droid": "DroidSansFallbackFull.ttf"}
PDF_TABLE_ROWS = 40
PDF_TABLE_COLS = 8
PDF_CELL_CHARS = 40
COLORS = ((84, 112, 198), (145, 204, 117), (250, 200, 88), (238, 102, 102), (115, 192, 222))
CHART_W, CHART_H = 170.0, 70.0
IMAGE_H = 120.0  # mm: the tallest a generated image is drawn
TEXT = (33, 37, 41)
RULE = (190, 190, 190)
HEADINGS_FILL = (232, 236, 244)
HEADING_SIZES = {1: 14.0, 2: 12.5, 3: 11.5}
_CJK_RUN = re.compile(r"([\u2e80-\U0010ffff]+)")
LABELS: dict[str, dict[str, str]] = {
    "en": {"user": "You", "assistant": "DataPulse", "created": "Created", "files": "Files",
           "sources": "Data sources", "plan": "Plan:", "more": "... {n} more rows", "chart": "Chart",
           "untitled": "Conversation"},
    "de": {"user": "Sie", "assistant": "DataPulse", "created": "Erstellt", "files": "Dateien",
           "sources": "Datenquellen", "plan": "Plan:", "more": "... {n} weitere Zeilen", "chart": "Diagramm",
           "untitled": "Unterhaltung"},
    "zh": {"user": "您", "assistant": "DataPulse", "created": "创建于", "files": "文件", "sources": "数据源",
           "plan": "计划：", "more": "……另有 {n} 行", "chart": "图表", "untitled": "对话"},
}  # fmt: skip
_ISO_TIME = re.compile(r"^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d)(:\d\d)?(\.\d+)?(Z|[+-]\d\d:?\d\d)?$")


def find_font(name: str) -> Path | None:
    for folder in FONT_DIRS:
        if folder.is_dir():
            for found in folder.rglob(name):
                return found
    return None


def needs_cjk(text: str) -> bool:
    """True when the text has CJK characters (DejaVu has none; the fallback font is big
    and slow to load, so it is added only when needed)."""
    return any(ord(ch) >= 0x2E80 for ch in text)


def script_runs(text: str) -> list[tuple[str, bool]]:
    """(text, is CJK) runs of `text`, in order."""
    return [(part, bool(i % 2)) for i, part in enumerate(_CJK_RUN.split(text)) if part]


def word(lang: str, key: str, **words: Any) -> str:
    """One of the PDF's own words in `lang` (English for a language it does not have)."""
    return LABELS.get(lang, LABELS["en"])[key].format(**words)


def readable_time(value: Any, lang: str = "en") -> Any:
    """An ISO 8601 time as people write it: `2026-12-04 17:05 UTC` (German: `04.12.2026
    17:05 UTC`), no seconds' fractions; midnight without a zone is the date alone.
    Anything else is returned unchanged."""
    if not isinstance(value, str):
        return value
    match = _ISO_TIME.match(value.strip())
    if match is None:
        return value
    date, hm, sec, _fraction, zone = match.groups()
    if lang == "de":
        year, month, day = date.split("-")
        date = f"{day}.{month}.{year}"
    if zone is None and hm == "00:00" and sec in (None, ":00"):
        return date
    utc = zone in ("Z", "+00:00", "+0000", "-00:00")
    shown = f"{date} {hm}" if zone is not None else f"{date} {hm}{sec or ''}"
    return f"{shown} UTC" if utc else (f"{shown} {zone}" if zone else shown)


def format_number(value: float, lang: str = "en") -> str:
    """A number for a cell in `lang`: integers whole (grouped from five digits on, so that
    years stay 2007), others to six significant digits in fixed notation and grouped
    (1,234.5 / 1.234,5), tiny values (p-values) in scientific notation."""
    if not math.isfinite(value):
        return str(value)
    magnitude = abs(value)
    if value == int(value) and magnitude < 1e15:
        text = f"{int(value):,}" if magnitude >= 10_000 else str(int(value))
    elif magnitude < 1e-4:
        text = f"{value:.3e}"
    else:
        decimals = max(0, 5 - math.floor(math.log10(magnitude)))
        text = f"{value:,.{decimals}f}"
        text = text.rstrip("0").rstrip(".") if "." in text else text
    return localise_digits(text, lang)


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values (1, 2, 2.5 or 5 times a power of ten) covering low..high."""
    if not (math.isfinite(low) and math.isfinite(high)) or high <= low:
        return [low]
    raw = (high - low) / max(count - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.floor(low / step + 1e-9) * step
    ticks = [round(first, 10)]
    while ticks[-1] < high - step * 1e-9:
        ticks.append(round(first + step * len(ticks), 10))
    return ticks


def tick_label(value: float, step: float, lang: str = "en") -> str:
    """A tick as a short label: 20k, 1.5M, 0.25 (German 1,5M, 0,25), never 1.882e+04."""
    magnitude = abs(value)
    for factor, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if magnitude >= factor * 10 or (magnitude >= factor and step >= factor / 10):
            return localise_digits(f"{value / factor:.{_decimals(step / factor)}f}{suffix}", lang)
    return localise_digits(f"{value:.{_decimals(step)}f}", lang)


def _decimals(step: float) -> int:
    """The decimals that show every multiple of `step` exactly (2.5 → 1, 0.25 → 2, 100 → 0)."""
    decimals = 0
    while decimals < 6 and abs(round(step * 10**decimals) - step * 10**decimals) > 1e-9 * max(1.0, step * 10**decimals):
        decimals += 1
    return decimals


class _Doc(FPDF):
    def __init__(self, cjk: bool = True, lang: str = "en") -> None:
        super().__init__(format="A4")
        self.lang = lang
        self.set_auto_page_break(True, margin=15)
        self.set_margins(15, 15, 15)
        regular, bold = find_font(FONTS["dejavu"]), find_font(FONTS["dejavu-bold"])
        fallback = find_font(FONTS["droid"]) if cjk else None
        self.unicode = regular is not None
        self.cjk_font = False
        if regular is not None:
            self.add_font("dejavu", "", regular)
            self.add_font("dejavu", "B", bold or regular)
            if fallback is not None:
                self.add_font("droid", "", fallback)
                self.cjk_font = True
            self.family = "dejavu"
        else:  # no TTF installed: the core font, non-Latin-1 characters replaced
            self.family = "helvetica"

    def clean(self, text: Any) -> str:
        text = "" if text is None else str(text)
        return text if self.unicode else text.encode("latin-1", "replace").decode("latin-1")

    def font(self, size: float, bold: bool = False) -> None:
        self.set_font(self.family, "B" if bold else "", size)

    def colours(self) -> None:
        """The text colours every element starts from."""
        self.set_text_color(*TEXT)
        self.set_draw_color(*RULE)
        self.set_fill_color(255, 255, 255)

    def fallback(self, on: bool) -> None:
        """fpdf2's per-glyph fallback, for short single-line cells only (see the module doc)."""
        self.set_fallback_fonts(["droid"] if on and self.cjk_font else [], exact_match=False)

    def label(self, x: float, y: float, text: str) -> None:
        """Small text with its baseline near `y`."""
        self.set_xy(x, y - 2.2)
        self.fallback(True)
        self.cell(text=self.clean(text), h=3)
        self.fallback(False)

    def runs(self, parts: list[tuple[str, bool]], size: float = 10, height: float = 5) -> None:
        """(text, bold) runs written as flowing text, each script in its own font."""
        for text, bold in parts:
            for piece, cjk in script_runs(self.clean(text)):
                if cjk and self.cjk_font:
                    self.set_font("droid", "", size)
                else:
                    self.font(size, bold)
                self.write(height, piece)
        self.ln(height)

    def para(self, text: str, size: float = 10, bold: bool = False, height: float = 5) -> None:
        self.set_x(self.l_margin)
        self.runs([(text, bold)], size, height)

    def markdown(self, text: str, size: float = 10, drawn_tables: set[str] | None = None) -> None:
        """Markdown as headings, paragraphs, lists and tables; the tables titled as one of
        `drawn_tables` (drawn from the results) are left out."""
        for block in without_tables_titled(blocks(text), drawn_tables or set()):
            self._block(block, size)

    def _block(self, block: Block, size: float) -> None:
        self.colours()
        self.set_x(self.l_margin)
        if block.kind == "heading":
            self.ln(1)
            bigger = HEADING_SIZES.get(block.level, size + 0.5)
            self.runs([(t, True) for t, _ in inline(block.text)], bigger, bigger * 0.5)
        elif block.kind == "para":
            self.runs(inline(block.text), size)
            self.ln(1)
        elif block.kind == "list":
            indent = self.l_margin + 6
            for number, item in enumerate(block.items, start=1):
                marker = f"{number}." if block.ordered else "\u2022"
                self.font(size)
                self.set_x(self.l_margin + 1)
                self.cell(w=5, h=5, text=marker)
                self.set_left_margin(indent)
                self.set_x(indent)
                self.runs(inline(item), size)
                self.set_left_margin(indent - 6)
            self.ln(1)
        elif block.kind == "table":
            draw_table(self, "", block.header, block.rows, None)
        elif block.kind == "rule":
            y = self.get_y() + 1.5
            self.line(self.l_margin, y, self.w - self.r_margin, y)
            self.set_y(y + 2)


def plain(markdown: str) -> str:
    """Markdown → readable plain text (emphasis and code marks dropped)."""
    text = re.sub(r"(\*\*|__|`)", "", markdown or "")
    return re.sub(r"^#{1,6}\s*", "", text, flags=re.MULTILINE)


def render_pdf(
    conv: dict[str, Any],
    timestamps: bool,
    metadata: bool,
    lang: str = "en",
    images: Callable[[str], bytes | None] | None = None,
) -> bytes:
    """The conversation as a PDF, its numbers, dates and labels in `lang`; `images` loads
    image results (drawn, or named where absent)."""
    pdf = _Doc(cjk=lang == "zh" or needs_cjk(json.dumps(conv, ensure_ascii=False)), lang=lang)
    pdf.add_page()
    pdf.colours()
    pdf.para(conv.get("title") or word(lang, "untitled"), size=16, bold=True, height=8)
    if timestamps:
        pdf.para(f"{word(lang, 'created')} {readable_time(conv['created_at'], lang)}", size=8)
    if metadata:
        pdf.para(f"{word(lang, 'files')}: {', '.join(conv['file_ids']) or '-'}", size=8)
        pdf.para(f"{word(lang, 'sources')}: {', '.join(conv['datasource_ids']) or '-'}", size=8)
    pdf.ln(3)
    for message in conv["messages"]:
        pdf.colours()
        who = word(lang, "user" if message["role"] == "user" else "assistant")
        stamp = f"  {readable_time(message['created_at'], lang)}" if timestamps else ""
        pdf.para(who + stamp, size=11, bold=True, height=6)
        results = message.get("results") or []
        titles = {str(r.get("title")) for r in results if r.get("kind") == "table" and r.get("title")}
        pdf.markdown(message["content"] or "", drawn_tables=titles)
        for result in results:
            _result(pdf, result, images)
        if metadata and message.get("metadata", {}).get("plan"):
            pdf.para(word(lang, "plan"), size=8, bold=True)
            for step in message["metadata"]["plan"]:
                pdf.para(f"- {step.get('tool')} {json.dumps(step.get('args', {}), ensure_ascii=False)}", size=8)
        pdf.ln(4)
    return bytes(pdf.output())


def _result(pdf: _Doc, result: dict[str, Any], images: Callable[[str], bytes | None] | None = None) -> None:
    kind = result.get("kind")
    pdf.colours()
    pdf.ln(1)
    if kind == "table":
        _table(pdf, result)
    elif kind == "scalar":
        value = result.get("value")
        shown = cell_text(value, pdf.lang)
        pdf.para(f"{result.get('name')}: {shown}", bold=True)
    elif kind == "text":
        pdf.markdown(result.get("text") or "")
    elif kind == "image":
        _image(pdf, result, images(str(result.get("url") or "")) if images else None)
    elif kind == "chart":
        # the chart's colours stay inside it
        with pdf.local_context():
            _chart(pdf, result.get("title") or "", result.get("spec") or {})
        pdf.colours()


def _image(pdf: _Doc, result: dict[str, Any], raw: bytes | None) -> None:
    """A generated image fitted into CHART_W x IMAGE_H (its proportions kept), its title
    under it; an image that is gone (or not an image) leaves its title and a note."""
    title = str(result.get("title") or "")
    if raw:
        try:
            pdf.image(io.BytesIO(raw), w=CHART_W, h=IMAGE_H, keep_aspect_ratio=True)
        except (OSError, ValueError, RuntimeError):
            raw = None
    if title:
        pdf.para(title if raw else f"[Image: {title}] (not available)", size=8)


def cell_text(value: Any, lang: str = "en") -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):  # exact, however large
        return localise_digits(f"{value:,}" if abs(value) >= 10_000 else str(value), lang)
    if isinstance(value, float):
        return format_number(value, lang)
    return str(readable_time(value, lang))


def draw_table(pdf: _Doc, title: str, columns: list[Any], rows: list[Any], total_rows: int | None) -> None:
    """A table with a shaded heading row and no other fill, whatever was drawn before."""
    columns = [str(c) for c in columns][:PDF_TABLE_COLS]
    if title:
        pdf.para(title, size=9, bold=True)
    if not columns:
        return
    pdf.colours()
    pdf.font(7)

    def cell(value: Any) -> str:
        return pdf.clean(cell_text(value, pdf.lang)[:PDF_CELL_CHARS])

    pdf.fallback(True)
    try:
        with pdf.table(
            text_align="LEFT",
            line_height=4,
            first_row_as_headings=True,
            headings_style=FontFace(emphasis="BOLD", color=TEXT, fill_color=HEADINGS_FILL),
            cell_fill_mode=TableCellFillMode.NONE,
        ) as table:
            header = table.row()
            for c in columns:
                header.cell(cell(c))
            for values in rows[:PDF_TABLE_ROWS]:
                row = table.row()
                cells = list(values)[: len(columns)]
                for value in cells + [""] * (len(columns) - len(cells)):
                    row.cell(cell(value))
    finally:
        pdf.fallback(False)
    more = (total_rows or len(rows)) - min(len(rows), PDF_TABLE_ROWS)
    if more > 0:
        pdf.para(word(pdf.lang, "more", n=cell_text(more, pdf.lang)), size=7)
    pdf.ln(1)


def _table(pdf: _Doc, result: dict[str, Any]) -> None:
    title, columns, rows = result.get("title") or "", result.get("columns", []), result.get("rows", [])
    draw_table(pdf, title, columns, rows, result.get("total_rows"))


def chart_series(spec: dict[str, Any]) -> tuple[str, list[str], list[tuple[str, list[float | None]]]]:
    """(kind, category labels, [(series name, values)]) from an ECharts option."""
    series = [s for s in spec.get("series", []) if isinstance(s, dict)]
    if not series:
        return "none", [], []
    kind = series[0].get("type", "bar")
    if kind == "pie":
        data = series[0].get("data", [])
        return "bar", [str(d.get("name")) for d in data], [("share", [_num(d.get("value")) for d in data])]
    if kind == "scatter":
        points = [p for p in series[0].get("data", []) if isinstance(p, list | tuple) and len(p) >= 2]
        return (
            "scatter",
            [str(p[0]) for p in points],
            [("x", [_num(p[0]) for p in points]), ("y", [_num(p[1]) for p in points])],
        )  # noqa: E501
    axes = [spec.get("xAxis") or {}, spec.get("yAxis") or {}]
    axes = [a[0] if isinstance(a, list) and a else a for a in axes]
    labels = next((a.get("data") for a in axes if isinstance(a, dict) and a.get("type") == "category"), None) or []
    if kind == "heatmap":
        return "none", [], []
    out = [
        (str(s.get("name") or f"series {i + 1}"), [_num(v) for v in s.get("data", [])]) for i, s in enumerate(series)
    ]  # noqa: E501
    return ("line" if kind == "line" else "bar"), [str(v) for v in labels], out[: len(COLORS)]


def _num(value: Any) -> float | None:
    if isinstance(value, dict):
        value = value.get("value")
    if isinstance(value, list | tuple):
        value = value[-1] if value else None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _chart(pdf: _Doc, title: str, spec: dict[str, Any]) -> None:
    kind, labels, series = chart_series(spec)
    values = [v for _, vs in series for v in vs if v is not None]
    if kind == "none" or not values:
        pdf.para(f"[{word(pdf.lang, 'chart')}: {title}]", size=8)
        return
    if pdf.get_y() + CHART_H + 20 > pdf.h - pdf.b_margin:
        pdf.add_page()
    pdf.para(title, size=9, bold=True)
    x0, y0 = pdf.l_margin + 12, pdf.get_y() + 2
    if kind == "scatter":
        _scatter(pdf, x0, y0, series[0][1], series[1][1])
    else:
        _bars_or_lines(pdf, kind, x0, y0, labels, series, values)
    pdf.set_draw_color(0, 0, 0)
    pdf.set_y(y0 + CHART_H + 12)


def axis_range(low: float, high: float) -> tuple[float, float, list[float]]:
    """The axis' ends and its round ticks for data from `low` to `high`."""
    ticks = nice_ticks(low, high if high > low else low + 1)
    return ticks[0], ticks[-1], ticks


def _frame(pdf: _Doc, x0: float, y0: float, ticks: list[float]) -> None:
    low, high = ticks[0], ticks[-1]
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
    pdf.set_draw_color(120, 120, 120)
    pdf.set_line_width(0.2)
    pdf.line(x0, y0, x0, y0 + CHART_H)
    pdf.line(x0, y0 + CHART_H, x0 + CHART_W - 12, y0 + CHART_H)
    pdf.font(6)
    pdf.set_text_color(90, 90, 90)
    for value in ticks:
        y = y0 + CHART_H - CHART_H * (value - low) / ((high - low) or 1)
        text = tick_label(value, step, pdf.lang)
        pdf.label(x0 - 1.5 - pdf.get_string_width(text), y + 1, text)


def _bars_or_lines(
    pdf: _Doc, kind: str, x0: float, y0: float, labels: list[str], series: list[tuple[str, list[float | None]]],
    values: list[float],
) -> None:  # fmt: skip
    low, high, ticks = axis_range(min(0.0, *values), max(0.0, *values))
    _frame(pdf, x0, y0, ticks)
    count = max(len(vs) for _, vs in series)
    slot = (CHART_W - 14) / max(count, 1)

    def y_of(v: float) -> float:
        return y0 + CHART_H - (v - low) / (high - low) * CHART_H

    for index, (_, vs) in enumerate(series):
        pdf.set_fill_color(*COLORS[index])
        pdf.set_draw_color(*COLORS[index])
        if kind == "line":
            points = [(x0 + slot * (i + 0.5), y_of(v)) for i, v in enumerate(vs) if v is not None]
            if len(points) > 1:
                pdf.set_line_width(0.5)
                pdf.polyline(points)
            continue
        width = slot * 0.8 / len(series)
        for i, v in enumerate(vs):
            if v is not None:
                top, base = sorted((y_of(v), y_of(0.0)))
                pdf.rect(x0 + slot * i + slot * 0.1 + width * index, top, width, max(base - top, 0.1), style="F")
    pdf.font(6)
    step = max(1, math.ceil(len(labels) * 12 / (CHART_W - 14)))
    for i in range(0, min(len(labels), count), step):
        pdf.label(x0 + slot * i + 1, y0 + CHART_H + 4, str(readable_time(labels[i], pdf.lang))[:12])
    if len(series) > 1:
        for index, (name, _) in enumerate(series):
            pdf.set_fill_color(*COLORS[index])
            pdf.rect(x0 + 40 * index, y0 + CHART_H + 7, 3, 3, style="F")
            pdf.label(x0 + 40 * index + 4, y0 + CHART_H + 9.5, name[:20])


def _scatter(pdf: _Doc, x0: float, y0: float, xs: list[float | None], ys: list[float | None]) -> None:
    points = [(x, y) for x, y in zip(xs, ys, strict=False) if x is not None and y is not None]
    if not points:
        return
    xlo, xhi, xticks = axis_range(min(p[0] for p in points), max(p[0] for p in points))
    ylo, yhi, yticks = axis_range(min(p[1] for p in points), max(p[1] for p in points))
    _frame(pdf, x0, y0, yticks)
    pdf.set_fill_color(*COLORS[0])
    width = CHART_W - 14
    for x, y in points:
        px = x0 + (x - xlo) / (xhi - xlo) * width
        py = y0 + CHART_H - (y - ylo) / (yhi - ylo) * CHART_H
        pdf.circle(px, py, 0.6, style="F")
    pdf.font(6)
    xstep = xticks[1] - xticks[0] if len(xticks) > 1 else 1.0
    for value in xticks:
        text = tick_label(value, xstep, pdf.lang)
        pdf.label(x0 + (value - xlo) / ((xhi - xlo) or 1) * width - 2, y0 + CHART_H + 4, text)
