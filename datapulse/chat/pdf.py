"""PDF export with fpdf2: the answers, their tables and their charts, drawn with fpdf2's
own primitives (no browser, no network). DejaVu Sans covers Latin, Greek and Cyrillic;
Droid Sans Fallback (Debian `fonts-droid-fallback`) adds Chinese."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.enums import XPos, YPos

FONT_DIRS = (Path("/usr/share/fonts/truetype"), Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))
FONTS = {"dejavu": "DejaVuSans.ttf", "dejavu-bold": "DejaVuSans-Bold.ttf", "droid": "DroidSansFallbackFull.ttf"}
PDF_TABLE_ROWS = 40
PDF_TABLE_COLS = 8
PDF_CELL_CHARS = 40
COLORS = ((84, 112, 198), (145, 204, 117), (250, 200, 88), (238, 102, 102), (115, 192, 222))
CHART_W, CHART_H = 170.0, 70.0


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


class _Doc(FPDF):
    def __init__(self, cjk: bool = True) -> None:
        super().__init__(format="A4")
        self.set_auto_page_break(True, margin=15)
        self.set_margins(15, 15, 15)
        regular, bold = find_font(FONTS["dejavu"]), find_font(FONTS["dejavu-bold"])
        fallback = find_font(FONTS["droid"]) if cjk else None
        self.unicode = regular is not None
        if regular is not None:
            self.add_font("dejavu", "", regular)
            self.add_font("dejavu", "B", bold or regular)
            if fallback is not None:
                self.add_font("droid", "", fallback)
                self.set_fallback_fonts(["droid"], exact_match=False)
            self.family = "dejavu"
        else:  # no TTF installed: the core font, non-Latin-1 characters replaced
            self.family = "helvetica"

    def clean(self, text: Any) -> str:
        text = "" if text is None else str(text)
        return text if self.unicode else text.encode("latin-1", "replace").decode("latin-1")

    def font(self, size: float, bold: bool = False) -> None:
        self.set_font(self.family, "B" if bold else "", size)

    def label(self, x: float, y: float, text: str) -> None:
        """Small text with its baseline near `y`; unlike `text()`, cells use the fallback font."""
        self.set_xy(x, y - 2.2)
        self.cell(text=self.clean(text), h=3)

    def para(self, text: str, size: float = 10, bold: bool = False, height: float = 5) -> None:
        self.font(size, bold)
        self.multi_cell(0, height, self.clean(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")


def plain(markdown: str) -> str:
    """Markdown → readable plain text (emphasis and code marks dropped)."""
    text = re.sub(r"(\*\*|__|`)", "", markdown or "")
    return re.sub(r"^#{1,6}\s*", "", text, flags=re.MULTILINE)


def render_pdf(conv: dict[str, Any], timestamps: bool, metadata: bool) -> bytes:
    pdf = _Doc(cjk=needs_cjk(json.dumps(conv, ensure_ascii=False)))
    pdf.add_page()
    pdf.para(conv.get("title") or "Conversation", size=16, bold=True, height=8)
    if timestamps:
        pdf.para(f"Created {conv['created_at']}", size=8)
    if metadata:
        pdf.para(f"Files: {', '.join(conv['file_ids']) or '-'}", size=8)
        pdf.para(f"Data sources: {', '.join(conv['datasource_ids']) or '-'}", size=8)
    pdf.ln(3)
    for message in conv["messages"]:
        who = "You" if message["role"] == "user" else "DataPulse"
        pdf.para(who + (f"  {message['created_at']}" if timestamps else ""), size=11, bold=True, height=6)
        pdf.para(plain(message["content"]))
        for result in message.get("results") or []:
            _result(pdf, result)
        if metadata and message.get("metadata", {}).get("plan"):
            pdf.para("Plan:", size=8, bold=True)
            for step in message["metadata"]["plan"]:
                pdf.para(f"- {step.get('tool')} {json.dumps(step.get('args', {}), ensure_ascii=False)}", size=8)
        pdf.ln(4)
    return bytes(pdf.output())


def _result(pdf: _Doc, result: dict[str, Any]) -> None:
    kind = result.get("kind")
    pdf.ln(1)
    if kind == "table":
        _table(pdf, result)
    elif kind == "scalar":
        pdf.para(f"{result.get('name')}: {result.get('value')}", bold=True)
    elif kind == "text":
        pdf.para(plain(result.get("text") or ""))
    elif kind == "chart":
        _chart(pdf, result.get("title") or "", result.get("spec") or {})


def _table(pdf: _Doc, result: dict[str, Any]) -> None:
    columns = [str(c) for c in result.get("columns", [])][:PDF_TABLE_COLS]
    rows = result.get("rows", [])
    if result.get("title"):
        pdf.para(result["title"], size=9, bold=True)
    if not columns:
        return
    pdf.font(7)

    def cell(value: Any) -> str:
        text = "" if value is None else (f"{value:.6g}" if isinstance(value, float) else str(value))
        return pdf.clean(text[:PDF_CELL_CHARS])

    with pdf.table(text_align="LEFT", line_height=4, first_row_as_headings=True) as table:
        header = table.row()
        for c in columns:
            header.cell(cell(c))
        for values in rows[:PDF_TABLE_ROWS]:
            row = table.row()
            for value in list(values)[: len(columns)]:
                row.cell(cell(value))
    more = (result.get("total_rows") or len(rows)) - min(len(rows), PDF_TABLE_ROWS)
    if more > 0:
        pdf.para(f"... {more} more rows", size=7)


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
        pdf.para(f"[Chart: {title}]", size=8)
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


def _frame(pdf: _Doc, x0: float, y0: float, low: float, high: float) -> None:
    pdf.set_draw_color(120, 120, 120)
    pdf.set_line_width(0.2)
    pdf.line(x0, y0, x0, y0 + CHART_H)
    pdf.line(x0, y0 + CHART_H, x0 + CHART_W - 12, y0 + CHART_H)
    pdf.font(6)
    for i in range(5):
        value = low + (high - low) * i / 4
        y = y0 + CHART_H - CHART_H * i / 4
        pdf.label(pdf.l_margin, y + 1, f"{value:.4g}")


def _bars_or_lines(
    pdf: _Doc, kind: str, x0: float, y0: float, labels: list[str], series: list[tuple[str, list[float | None]]],
    values: list[float],
) -> None:  # fmt: skip
    low, high = min(0.0, *values), max(0.0, *values)
    high = high if high > low else low + 1
    _frame(pdf, x0, y0, low, high)
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
        pdf.label(x0 + slot * i + 1, y0 + CHART_H + 4, labels[i][:12])
    if len(series) > 1:
        for index, (name, _) in enumerate(series):
            pdf.set_fill_color(*COLORS[index])
            pdf.rect(x0 + 40 * index, y0 + CHART_H + 7, 3, 3, style="F")
            pdf.label(x0 + 40 * index + 4, y0 + CHART_H + 9.5, name[:20])


def _scatter(pdf: _Doc, x0: float, y0: float, xs: list[float | None], ys: list[float | None]) -> None:
    points = [(x, y) for x, y in zip(xs, ys, strict=False) if x is not None and y is not None]
    if not points:
        return
    xlo, xhi = min(p[0] for p in points), max(p[0] for p in points)
    ylo, yhi = min(p[1] for p in points), max(p[1] for p in points)
    xhi, yhi = (xhi if xhi > xlo else xlo + 1), (yhi if yhi > ylo else ylo + 1)
    _frame(pdf, x0, y0, ylo, yhi)
    pdf.set_fill_color(*COLORS[0])
    width = CHART_W - 14
    for x, y in points:
        px = x0 + (x - xlo) / (xhi - xlo) * width
        py = y0 + CHART_H - (y - ylo) / (yhi - ylo) * CHART_H
        pdf.circle(px, py, 0.6, style="F")
    pdf.font(6)
    pdf.label(x0, y0 + CHART_H + 4, f"{xlo:.4g}")
    pdf.label(x0 + width - 8, y0 + CHART_H + 4, f"{xhi:.4g}")
