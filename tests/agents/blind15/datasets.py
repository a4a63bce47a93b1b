"""The fifteenth blind bank's datasets: files installed packages ship under /usr/share, read locally.

Real data files, none generated: the 42 TrueType fonts under /usr/share/fonts (DejaVu,
Liberation, Droid fallback, Noto Mono; their name and metrics tables, read with fontTools as a
library), the PostScript glyph metrics of groff's devps fonts
(/usr/share/groff/current/font/devps, made by afmtodit from Adobe's and URW's AFM files),
the headers of the gettext message catalogs under /usr/share/locale (iso-codes' own
catalogs left out), the entries of the Debian changelogs under /usr/share/doc
(changelog.Debian.gz) and X11's colour names (/usr/share/X11/rgb.txt).
The loaders only read, pick, type and name columns.
"""

from __future__ import annotations

import gzip
import re
import struct
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from tests.agents.datasets import DatasetStore, Loader

SHARE = Path("/usr/share")


def _fonts() -> pd.DataFrame:
    """One row per font file: `family` and `style` (name IDs 1 and 2), `vendor` (OS/2
    achVendID), `glyphs`, `units_per_em`, `ascender` / `descender` (hhea), `weight`
    (OS/2 usWeightClass), `x_height` / `cap_height` (OS/2, missing where the table is too
    old to carry them), `created` / `modified` (head, as dates)."""
    from fontTools.ttLib import TTFont

    epoch = pd.Timestamp("1904-01-01")
    rows = []
    for path in sorted((SHARE / "fonts").rglob("*.ttf")):
        font = TTFont(path, lazy=True)
        name, os2, head, hhea = font["name"], font["OS/2"], font["head"], font["hhea"]
        rows.append(
            {
                "file": path.name,
                "family": str(name.getDebugName(1)),
                "style": str(name.getDebugName(2)),
                "vendor": os2.achVendID.strip() or None,
                "glyphs": font["maxp"].numGlyphs,
                "units_per_em": head.unitsPerEm,
                "ascender": hhea.ascent,
                "descender": hhea.descent,
                "weight": os2.usWeightClass,
                "x_height": getattr(os2, "sxHeight", None) or None,
                "cap_height": getattr(os2, "sCapHeight", None) or None,
                "created": (epoch + pd.Timedelta(seconds=head.created)).normalize(),
                "modified": (epoch + pd.Timedelta(seconds=head.modified)).normalize(),
            }
        )
        font.close()
    frame = pd.DataFrame(rows)
    for col in ("x_height", "cap_height"):
        frame[col] = frame[col].astype("Int64")
    return frame


def _glyph_metrics() -> pd.DataFrame:
    """groff's devps font files: one row per glyph of a font's charset (aliases, written
    `"`, left out): `font` (groff's name, e.g. TR), `postscript_name` (internalname),
    `glyph`, `width`, `height`, `depth` (units of 1/1000 em) and `type` (groff's 0-3:
    1 descender, 2 ascender, 3 both)."""
    rows = []
    folder = SHARE / "groff" / "current" / "font" / "devps"
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        text = path.read_text(encoding="latin-1")
        if "\ncharset\n" not in text or not re.search(r"^internalname ", text, re.M):
            continue
        internal = re.search(r"^internalname (\S+)", text, re.M).group(1)  # type: ignore[union-attr]
        for line in text.split("\ncharset\n", 1)[1].splitlines():
            parts = line.split("\t")
            if len(parts) < 3 or parts[1] == '"':
                continue
            metrics = [int(x) for x in parts[1].split(",")] + [0, 0, 0]
            rows.append(
                {
                    "font": path.name,
                    "postscript_name": internal,
                    "glyph": parts[0],
                    "width": metrics[0],
                    "height": metrics[1],
                    "depth": metrics[2],
                    "type": int(parts[2]),
                }
            )
    return pd.DataFrame(rows)


def _mo_header(data: bytes) -> tuple[int, dict[str, str]]:
    magic = struct.unpack("<I", data[:4])[0]
    order = "<" if magic == 0x950412DE else ">"
    _, count, orig, trans = struct.unpack(order + "4I", data[4:20])
    header = ""
    for i in range(count):
        length, offset = struct.unpack(order + "2I", data[orig + 8 * i : orig + 8 * i + 8])
        if length == 0:
            tlen, toff = struct.unpack(order + "2I", data[trans + 8 * i : trans + 8 * i + 8])
            header = data[toff : toff + tlen].decode("utf-8", "replace")
            break
    fields = {}
    for line in header.splitlines():
        key, sep, value = line.partition(":")
        if sep:
            fields[key.strip()] = value.strip()
    return count, fields


def _date(text: str | None) -> pd.Timestamp | None:
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", text or "")
    if not match:
        return None
    try:
        return pd.Timestamp(f"{match.group(1)}-{match.group(2)}-{match.group(3)}")
    except ValueError:
        return None


def _catalogs() -> pd.DataFrame:
    """One row per gettext catalog (/usr/share/locale/<language>/LC_MESSAGES/<domain>.mo):
    `domain`, `language`, `messages` (the strings the catalog holds, its header included),
    `plural_forms` (nplurals of Plural-Forms, missing when the header has none),
    `revised` (PO-Revision-Date), `template_created` (POT-Creation-Date) and `generator`
    (X-Generator, the tool's name without its version). iso-codes' catalogs are left out."""
    rows = []
    for path in sorted((SHARE / "locale").glob("*/LC_MESSAGES/*.mo")):
        domain = path.stem
        if domain.startswith("iso_"):
            continue
        count, fields = _mo_header(path.read_bytes())
        plural = re.search(r"nplurals\s*=\s*(\d+)", fields.get("Plural-Forms", ""))
        generator = fields.get("X-Generator", "").split(" ")[0] or None
        rows.append(
            {
                "domain": domain,
                "language": path.parent.parent.name,
                "messages": count,
                "plural_forms": int(plural.group(1)) if plural else None,
                "revised": _date(fields.get("PO-Revision-Date")),
                "template_created": _date(fields.get("POT-Creation-Date")),
                "generator": generator,
            }
        )
    frame = pd.DataFrame(rows)
    frame["plural_forms"] = frame["plural_forms"].astype("Int64")
    return frame


_ENTRY = re.compile(r"^(\S+) \(([^)]+)\) ([^;]+);\s*urgency=(\w+)", re.I)
_TRAILER = re.compile(r"^ -- .*?>\s+\w{3}, (\d{1,2} \w{3} \d{4})")


def _changelog() -> pd.DataFrame:
    """One row per entry of each /usr/share/doc/<package>/changelog.Debian.gz: `package`
    (the source package the entry names), `version`, `distribution`, `urgency`
    (lower-cased), `date` (the day of the sign-off line) and `changes` (its "*" items).
    Entries whose sign-off date does not read are left out."""
    rows = []
    seen: set[str] = set()
    for path in sorted((SHARE / "doc").glob("*/changelog.Debian.gz")):
        real = str(path.resolve())
        if real in seen:
            continue
        seen.add(real)
        text = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        entry: dict[str, object] | None = None
        for line in text.splitlines():
            head = _ENTRY.match(line)
            if head:
                entry = {
                    "package": head.group(1),
                    "version": head.group(2),
                    "distribution": head.group(3).strip(),
                    "urgency": head.group(4).lower(),
                    "changes": 0,
                }
                continue
            if entry is None:
                continue
            if line.startswith("  * "):
                entry["changes"] = int(entry["changes"]) + 1  # type: ignore[call-overload]
            trailer = _TRAILER.match(line)
            if trailer:
                try:
                    entry["date"] = pd.to_datetime(trailer.group(1), format="%d %b %Y")
                except ValueError:
                    entry = None
                    continue
                rows.append(entry)
                entry = None
    frame = pd.DataFrame(rows)
    frame = frame.drop_duplicates(subset=["package", "version"]).reset_index(drop=True)
    return frame[["package", "version", "distribution", "urgency", "date", "changes"]]


def _colours() -> pd.DataFrame:
    """X11's rgb.txt: `red`, `green`, `blue` (0-255) and the colour's `name`, as written
    (both spellings the file gives, "ghost white" and "GhostWhite", stay)."""
    rows = []
    for line in (SHARE / "X11" / "rgb.txt").read_text(encoding="latin-1").splitlines():
        match = re.match(r"\s*(\d+)\s+(\d+)\s+(\d+)\s+(.+?)\s*$", line)
        if match:
            r, g, b, name = match.groups()
            rows.append({"name": name, "red": int(r), "green": int(g), "blue": int(b)})
    return pd.DataFrame(rows)


LOADERS: dict[str, Callable[[], pd.DataFrame]] = {
    "fonts": _fonts,
    "glyph_metrics": _glyph_metrics,
    "catalogs": _catalogs,
    "changelog": _changelog,
    "colours": _colours,
}

__all__ = ["LOADERS", "BlindStore", "Loader"]


class BlindStore(DatasetStore):
    """tests.agents.datasets.DatasetStore, reading this bank's LOADERS."""

    loaders = LOADERS
