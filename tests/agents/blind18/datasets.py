"""The eighteenth blind bank's datasets: data files that are installed, read locally.

Real data files, none generated: Debian's locales package (glibc's locale sources under
/usr/share/i18n/locales and its character maps under /usr/share/i18n/charmaps),
libdrm-common's table of AMD GPU ids (/usr/share/libdrm/amdgpu.ids) and two tables of
CPython's standard library
(html/entities.py's HTML5 named character references and encodings/aliases.py's codec
aliases). The loaders only read, split, type and name columns.
"""

from __future__ import annotations

import gzip
import html.entities
import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from tests.agents.datasets import DatasetStore, Loader

I18N = Path("/usr/share/i18n")
_QUOTED = re.compile(r'^(\w+)\s+"(.*)"\s*$')
_NUMBER = re.compile(r"^(\w+)\s+(-?\d+)\s*$")


def _sections(text: str) -> dict[str, list[str]]:
    """A locale source's LC_* sections: their lines, with comments and continuations joined."""
    text = re.sub(r"/\n", "", text)
    out: dict[str, list[str]] = {}
    current = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("%"):
            continue
        if re.fullmatch(r"LC_[A-Z]+", line):
            current = line
            out[current] = []
        elif line.startswith("END LC_"):
            current = None
        elif current:
            out[current].append(line)
    return out


def _value(lines: list[str], key: str) -> str | None:
    """The value of `key` in a section, its escapes read ("//" is "/", <U00E5> is "å")."""
    for line in lines:
        m = _QUOTED.match(line) or _NUMBER.match(line)
        if m and m.group(1) == key:
            text = re.sub(r"<U([0-9A-Fa-f]{4,8})>", lambda u: chr(int(u.group(1), 16)), m.group(2))
            return text.replace("//", "/")
    return None


def _locales() -> pd.DataFrame:
    """One row per locale source file with an LC_IDENTIFICATION section: `locale` (the file
    name), `language`, `territory`, `title`, `revision` (as written), `date` (the file's date
    from LC_IDENTIFICATION; one not written as year-month-day is missing), `currency`
    (LC_MONETARY's int_curr_symbol), `frac_digits`, `first_weekday` (LC_TIME) and
    `country_num` (LC_ADDRESS's numeric country code); a value a section copies from another
    locale (or does not state) is missing."""
    rows = []
    for path in sorted((I18N / "locales").iterdir()):
        if not path.is_file():
            continue
        secs = _sections(path.read_text(encoding="utf-8", errors="replace"))
        ident = secs.get("LC_IDENTIFICATION")
        if not ident:
            continue
        mon = secs.get("LC_MONETARY", [])
        time, addr = secs.get("LC_TIME", []), secs.get("LC_ADDRESS", [])

        def num(lines: list[str], key: str) -> float | None:
            v = _value(lines, key)
            return float(v) if v is not None and re.fullmatch(r"-?\d+", v) else None

        curr = _value(mon, "int_curr_symbol")
        rows.append(
            {
                "locale": path.name,
                "language": _value(ident, "language") or None,
                "territory": _value(ident, "territory") or None,
                "title": _value(ident, "title") or None,
                "revision": _value(ident, "revision") or None,
                "date": _value(ident, "date") or None,
                "currency": curr.strip() if curr and curr.strip() else None,
                "frac_digits": num(mon, "frac_digits"),
                "first_weekday": num(time, "first_weekday"),
                "country_num": num(addr, "country_num"),
            }
        )
    frame = pd.DataFrame(rows)
    frame["date"] = pd.to_datetime(frame["date"], format="%Y-%m-%d", errors="coerce")
    for col in ("frac_digits", "first_weekday", "country_num"):
        frame[col] = frame[col].astype("Int64")
    return frame


def _charmaps() -> pd.DataFrame:
    """One row per character map: `charmap` (the file name without .gz), `code_set_name`,
    `mb_cur_min` / `mb_cur_max` (bytes per character), `aliases` (how many "% alias" lines)
    and `characters` (the lines between CHARMAP and END CHARMAP)."""
    rows = []
    for path in sorted((I18N / "charmaps").glob("*.gz")):
        text = gzip.decompress(path.read_bytes()).decode("latin-1")
        head, _, rest = text.partition("\nCHARMAP")
        body = rest.partition("\nEND CHARMAP")[0]
        fields = dict(re.findall(r"^<(\w+)>\s+(\S+)", head, flags=re.M))
        rows.append(
            {
                "charmap": path.name.removesuffix(".gz"),
                "code_set_name": fields.get("code_set_name"),
                "mb_cur_min": int(fields.get("mb_cur_min", 1)),
                "mb_cur_max": int(fields.get("mb_cur_max", 1)),
                "aliases": len(re.findall(r"^% alias ", head, flags=re.M)),
                "characters": sum(1 for line in body.splitlines() if line.startswith("<U")),
            }
        )
    return pd.DataFrame(rows)


def _amdgpu() -> pd.DataFrame:
    """libdrm-common's /usr/share/libdrm/amdgpu.ids: one row per AMD GPU device and revision —
    `device_id` and `revision_id` (hexadecimal, as written), `revision` (the revision id as a
    number) and `product_name` (the marketing name)."""
    rows = []
    for line in Path("/usr/share/libdrm/amdgpu.ids").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or "," not in line:
            continue  # comments, blanks and the file's version line
        device, revision, product = (part.strip() for part in line.split(",", 2))
        rows.append((device, revision, int(revision, 16), product))
    return pd.DataFrame(rows, columns=["device_id", "revision_id", "revision", "product_name"])


def _entities() -> pd.DataFrame:
    """CPython's html.entities.html5: one row per named character reference — `entity`
    (without the trailing ";"), `semicolon` (written with ";"), `characters` (how many code
    points it stands for), `codepoint` (the first one's number) and `html4` (also in HTML 4's
    name2codepoint)."""
    rows = []
    for key, chars in html.entities.html5.items():
        name = key.removesuffix(";")
        rows.append((name, key.endswith(";"), len(chars), ord(chars[0]), name in html.entities.name2codepoint))
    return pd.DataFrame(rows, columns=["entity", "semicolon", "characters", "codepoint", "html4"])


def _codec_aliases() -> pd.DataFrame:
    """CPython's encodings.aliases: one row per alias — `alias`, the `codec` it names and
    `alias_length` (its number of characters)."""
    from encodings.aliases import aliases

    rows = [(alias, codec, len(alias)) for alias, codec in aliases.items()]
    return pd.DataFrame(rows, columns=["alias", "codec", "alias_length"])


LOADERS: dict[str, Callable[[], pd.DataFrame]] = {
    "glibc_locales": _locales,
    "charmaps": _charmaps,
    "amdgpu": _amdgpu,
    "entities": _entities,
    "codec_aliases": _codec_aliases,
}

__all__ = ["LOADERS", "BlindStore", "Loader"]


class BlindStore(DatasetStore):
    """tests.agents.datasets.DatasetStore, reading this bank's LOADERS."""

    loaders = LOADERS
