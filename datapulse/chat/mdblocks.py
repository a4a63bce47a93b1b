"""A small Markdown reader for the exports: the blocks the answers use (headings,
paragraphs, bullet and numbered lists, pipe tables, rules) and the inline marks inside
them (bold, italic, code), as plain data that a renderer (the PDF) draws. No HTML, no
links followed: text only."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["heading", "para", "list", "table", "rule"]

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*[-*+]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*(\d{1,3})[.)]\s+(.*)$")
_RULE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_INLINE = re.compile(
    r"(\*\*|__)(.+?)\1"  # bold
    r"|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?!\w)"  # *italic*
    r"|(?<![\w_])_(?!\s)(.+?)(?<!\s)_(?!\w)"  # _italic_, not snake_case
    r"|`([^`]+)`"  # code
)


@dataclass
class Block:
    kind: BlockKind
    text: str = ""
    level: int = 0
    ordered: bool = False
    items: list[str] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


def split_row(line: str) -> list[str]:
    """The cells of a pipe-table row; `\\|` is a literal bar."""
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    cells = re.split(r"(?<!\\)\|", body)
    return [c.strip().replace("\\|", "|") for c in cells]


def blocks(markdown: str) -> list[Block]:
    """The blocks of `markdown`, in order."""
    lines = (markdown or "").replace("\r\n", "\n").split("\n")
    out: list[Block] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            out.append(Block("para", text=" ".join(s.strip() for s in para)))
            para.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            flush()
            i += 1
            continue
        if "|" in line and i + 1 < len(lines) and _TABLE_SEP.match(lines[i + 1]):
            flush()
            header = split_row(line)
            rows: list[list[str]] = []
            i += 2
            while i < len(lines) and "|" in lines[i] and lines[i].strip():
                rows.append(split_row(lines[i]))
                i += 1
            out.append(Block("table", header=header, rows=rows))
            continue
        if _RULE.match(line):
            flush()
            out.append(Block("rule"))
            i += 1
            continue
        heading = _HEADING.match(line)
        if heading:
            flush()
            out.append(Block("heading", text=heading.group(2), level=len(heading.group(1))))
            i += 1
            continue
        bullet, numbered = _BULLET.match(line), _NUMBERED.match(line)
        if bullet or numbered:
            flush()
            ordered = numbered is not None and bullet is None
            items: list[str] = []
            while i < len(lines):
                b, n = _BULLET.match(lines[i]), _NUMBERED.match(lines[i])
                match = n if ordered else b
                if match is None:
                    # an indented continuation line belongs to the item before it
                    if items and lines[i].startswith(("  ", "\t")) and lines[i].strip():
                        items[-1] += " " + lines[i].strip()
                        i += 1
                        continue
                    break
                items.append(match.group(match.lastindex or 1))
                i += 1
            out.append(Block("list", ordered=ordered, items=items))
            continue
        para.append(line)
        i += 1
    flush()
    return out


def inline(text: str) -> list[tuple[str, bool]]:
    """(text, bold) runs of one line: bold kept, italic and code marks dropped."""
    runs: list[tuple[str, bool]] = []
    pos = 0
    for match in _INLINE.finditer(text):
        if match.start() > pos:
            runs.append((text[pos : match.start()], False))
        if match.group(2) is not None:
            runs.append((match.group(2), True))
        else:
            runs.append((match.group(3) or match.group(4) or match.group(5) or "", False))
        pos = match.end()
    if pos < len(text):
        runs.append((text[pos:], False))
    return [(t, b) for t, b in runs if t]


def plain_inline(text: str) -> str:
    """One line with its inline marks removed."""
    return "".join(t for t, _ in inline(text))


def without_tables_titled(found: list[Block], titles: set[str]) -> list[Block]:
    """`found` without the tables an answer repeats from its table results: each table
    block right after a paragraph that starts with one of `titles` in bold (the answer's
    "**title** (n rows)" line, datapulse.agents.report), and that paragraph. The results
    draw those tables themselves: a reader sees each table once (issue 12)."""
    out: list[Block] = []
    for block in found:
        previous = out[-1] if out else None
        if block.kind == "table" and previous is not None and previous.kind == "para":
            if any(previous.text.startswith(f"**{title}**") for title in titles):
                out.pop()
                continue
        out.append(block)
    return out
