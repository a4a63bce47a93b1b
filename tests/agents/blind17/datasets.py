"""The seventeenth blind bank's datasets: data files Debian packages ship, read locally.

Real data files, none generated, each from a package no earlier bank reads, checked unmodified
with `dpkg --verify`: netbase's /etc/services (the port numbers of network services), media-types'
/etc/mime.types (media types and their file extensions), dpkg's /usr/share/dpkg/cputable (Debian's
CPU names), base-passwd's /usr/share/base-passwd/passwd.master (Debian's static system accounts)
and publicsuffix's /usr/share/publicsuffix/public_suffix_list.dat (the Public Suffix List).
The loaders only read, split, type and name columns.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from tests.agents.datasets import DatasetStore, Loader


def _lines(path: str, comment: str = "#") -> list[str]:
    """The file's lines without comments and blank lines (a comment may follow data)."""
    text = Path(path).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith(comment)]


def _services() -> pd.DataFrame:
    """netbase's /etc/services: one row per service and protocol — `service`, `port`,
    `protocol` (tcp/udp/…), `aliases` (space-separated, missing when none), `alias_count`
    and the line's `comment` (missing when none)."""
    rows = []
    for line in _lines("/etc/services"):
        data, _, note = line.partition("#")
        name, port_proto, *aliases = data.split()
        port, proto = port_proto.split("/")
        rows.append((name, int(port), proto, " ".join(aliases) or None, len(aliases), note.strip() or None))
    return pd.DataFrame(rows, columns=["service", "port", "protocol", "aliases", "alias_count", "comment"])


def _mime_types() -> pd.DataFrame:
    """media-types' /etc/mime.types: one row per media type — `media_type`, its top-level
    `category` (application, audio, …), `subtype`, `extensions` (space-separated, missing when
    none) and `extension_count`."""
    rows = []
    for line in _lines("/etc/mime.types"):
        media_type, *exts = line.split()
        category, subtype = media_type.split("/", 1)
        rows.append((media_type, category, subtype, " ".join(exts) or None, len(exts)))
    return pd.DataFrame(rows, columns=["media_type", "category", "subtype", "extensions", "extension_count"])


def _cpus() -> pd.DataFrame:
    """dpkg's cputable: `debian_cpu`, `gnu_cpu`, the `regex` matching GNU names, `bits`
    and `endianness`."""
    rows = [line.split() for line in _lines("/usr/share/dpkg/cputable")]
    frame = pd.DataFrame(rows, columns=["debian_cpu", "gnu_cpu", "regex", "bits", "endianness"])
    frame["bits"] = frame["bits"].astype(int)
    return frame


def _accounts() -> pd.DataFrame:
    """base-passwd's passwd.master: `user`, `uid`, `gid`, `full_name` (the GECOS field),
    `home` and `shell`; an empty name is missing (the password field, always "*", is left out)."""
    rows = [line.split(":") for line in _lines("/usr/share/base-passwd/passwd.master")]
    frame = pd.DataFrame(rows, columns=["user", "password", "uid", "gid", "full_name", "home", "shell"])
    frame = frame.drop(columns="password").replace({"full_name": {"": None}})
    frame[["uid", "gid"]] = frame[["uid", "gid"]].astype(int)
    return frame


def _suffixes() -> pd.DataFrame:
    """The Public Suffix List: one row per rule — `suffix` (the rule as written, without a
    leading "*." or "!"), `section` (ICANN or PRIVATE), `tld` (its last label), `labels`
    (how many dot-separated labels), `wildcard` ("*." rules), `exception` ("!" rules) and
    `idn` (a rule with non-ASCII letters)."""
    rows, section = [], None
    text = Path("/usr/share/publicsuffix/public_suffix_list.dat").read_text(encoding="utf-8")
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("// ===BEGIN"):
            section = "ICANN" if "ICANN" in line else "PRIVATE"
            continue
        if not line or line.startswith("//"):
            continue
        wildcard, exception = line.startswith("*."), line.startswith("!")
        suffix = line.removeprefix("*.").removeprefix("!")
        rows.append(
            (
                suffix,
                section,
                suffix.rsplit(".", 1)[-1],
                suffix.count(".") + 1,
                wildcard,
                exception,
                not suffix.isascii(),
            )
        )
    return pd.DataFrame(rows, columns=["suffix", "section", "tld", "labels", "wildcard", "exception", "idn"])


LOADERS: dict[str, Callable[[], pd.DataFrame]] = {
    "services": _services,
    "mime_types": _mime_types,
    "cpus": _cpus,
    "accounts": _accounts,
    "suffixes": _suffixes,
}

__all__ = ["LOADERS", "BlindStore", "Loader"]


class BlindStore(DatasetStore):
    """tests.agents.datasets.DatasetStore, reading this bank's LOADERS."""

    loaders = LOADERS
