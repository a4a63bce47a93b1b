"""The fourteenth blind bank's datasets: tables Debian packages ship under /usr/share, read locally.

Real data files, none generated: the Ubuntu and the Debian release histories of
distro-info-data (/usr/share/distro-info/ubuntu.csv, debian.csv: version, code name,
and the dates each release was opened, released and reached its ends of support) and
three of iso-codes' ISO tables (/usr/share/iso-codes/json: the ISO 639-3 languages, the
ISO 3166-2 country subdivisions and the ISO 3166-1 countries).
The loaders only read, pick, type and name columns.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from tests.agents.datasets import DatasetStore, Loader

DISTRO_INFO = Path("/usr/share/distro-info")
ISO_CODES = Path("/usr/share/iso-codes/json")


def _releases(filename: str) -> pd.DataFrame:
    """A distro-info-data CSV as shipped: every column after `series` a date (empty where
    the release has none); hyphens in the column names become underscores."""
    frame = pd.read_csv(DISTRO_INFO / filename, dtype=str)
    for col in frame.columns[3:]:
        frame[col] = pd.to_datetime(frame[col], format="%Y-%m-%d")
    return frame.rename(columns=lambda c: c.replace("-", "_"))


def _ubuntu() -> pd.DataFrame:
    """Ubuntu's releases 4.10-26.04: `version` as written ("22.04 LTS"), `codename`,
    `series`, `created` (development opened), `release`, `eol` (end of standard support),
    `eol_server`, `eol_esm`, `eol_legacy` (the longer support of some LTS releases)."""
    return _releases("ubuntu.csv")


def _debian() -> pd.DataFrame:
    """Debian's releases 1.1-15 plus `sid` and `experimental` (no version): `version` a
    number (1.1 ... 15), `codename`, `series`, `created`, `release`, `eol`, `eol_lts`,
    `eol_elts`."""
    frame = _releases("debian.csv")
    frame["version"] = pd.to_numeric(frame["version"])
    return frame


def _iso(filename: str, key: str, columns: list[str]) -> pd.DataFrame:
    """One of iso-codes' JSON tables: a list of records under `key`; a field a record
    lacks is missing."""
    records = json.loads((ISO_CODES / filename).read_text(encoding="utf-8"))[key]
    return pd.DataFrame.from_records(records).reindex(columns=columns)


def _languages() -> pd.DataFrame:
    """ISO 639-3 (7910 languages): `alpha_3`, the two-letter `alpha_2` (ISO 639-1, few),
    the `bibliographic` code (ISO 639-2/B, few), `name`, `inverted_name`, `common_name`,
    `scope` (I individual, M macrolanguage, S special) and `type` (L living, E extinct,
    A ancient, H historical, C constructed, S special)."""
    return _iso(
        "iso_639-3.json",
        "639-3",
        ["alpha_3", "alpha_2", "bibliographic", "name", "inverted_name", "common_name", "scope", "type"],
    )


def _subdivisions() -> pd.DataFrame:
    """ISO 3166-2 (5127 subdivisions): `country` (the code's part before the hyphen),
    `code`, `name`, `type` (Province, Region, ...) and `parent` (the parent subdivision's
    code without the country, missing for most)."""
    frame = _iso("iso_3166-2.json", "3166-2", ["code", "name", "type", "parent"])
    frame.insert(0, "country", frame["code"].str.split("-").str[0])
    return frame


def _countries() -> pd.DataFrame:
    """ISO 3166-1 (249 countries): `alpha_2`, `alpha_3`, `numeric` (the numeric code as a
    number), `name`, `official_name` and `common_name` (missing for many); the flag emoji
    is left out."""
    frame = _iso("iso_3166-1.json", "3166-1", ["alpha_2", "alpha_3", "numeric", "name", "official_name", "common_name"])
    frame["numeric"] = pd.to_numeric(frame["numeric"])
    return frame


LOADERS: dict[str, Callable[[], pd.DataFrame]] = {
    "ubuntu_releases": _ubuntu,
    "debian_releases": _debian,
    "iso_languages": _languages,
    "subdivisions": _subdivisions,
    "countries": _countries,
}

__all__ = ["LOADERS", "BlindStore", "Loader"]


class BlindStore(DatasetStore):
    """tests.agents.datasets.DatasetStore, reading this bank's LOADERS."""

    loaders = LOADERS
