"""The sixth blind bank's datasets: tables shipped inside installed packages, read locally.

Real data files, none generated: the FRBNY nowcasting model's monthly US macro panel
(statsmodels ships the 2016-06-29 vintage beside its dynamic-factor tests), the UCLA
multivariate-regression example of 600 students (statsmodels' factor tests), Unicode
CLDR's currency history and language population of each territory (babel's global data,
with babel's English names), McCullagh & Nelder's ship damage incidents (statsmodels'
count-model tests), the motorcycle crash-test accelerations (statsmodels' GAM tests) and
the tz database's zone table (the tzdata package). The loaders only read, pick and name
columns: the CLDR mappings become one row per (territory, currency) or (territory,
language), the tz coordinates (ISO 6709 text) are also given as decimal degrees.
"""

from __future__ import annotations

import datetime as dt
import importlib.resources
import io
import re
from collections.abc import Callable

import pandas as pd

from tests.agents.datasets import DatasetStore, Loader


def _statsmodels_csv(package: str, filename: str) -> pd.DataFrame:
    import statsmodels  # noqa: F401 - the package that ships the file

    text = (importlib.resources.files(f"statsmodels.{package}") / filename).read_text(encoding="utf-8")
    return pd.read_csv(io.StringIO(text))


def _csv(package: str, filename: str) -> Loader:
    def load() -> pd.DataFrame:
        return _statsmodels_csv(package, filename)

    return load


def _nowcast() -> pd.DataFrame:
    """The FRBNY nowcast data (vintage 2016-06-29): one row a month since January 1985,
    FRED series codes as columns, quarterly series only in a quarter's last month; the
    dates are written m/d/yy."""
    frame = _statsmodels_csv("tsa.statespace.tests.results.frbny_nowcast.Nowcasting.data.US", "2016-06-29.csv")
    frame["Date"] = pd.to_datetime(frame["Date"], format="%m/%d/%y")
    return frame


def _day(value: tuple[int, int, int] | None) -> dt.date | None:
    return dt.date(*value) if value else None


def _currencies() -> pd.DataFrame:
    """CLDR's currency history: each currency a territory used, from / to (empty when
    unknown or still in use) and whether it was legal tender; the territory's English name
    (empty for territories that no longer exist)."""
    from babel import Locale
    from babel.core import get_global

    names = Locale("en").territories
    rows = [
        (territory, names.get(territory), currency, _day(start), _day(end), tender)
        for territory, used in get_global("territory_currencies").items()
        for currency, start, end, tender in used
    ]
    frame = pd.DataFrame(rows, columns=["territory", "territory_name", "currency", "from", "to", "legal_tender"])
    for column in ("from", "to"):
        frame[column] = pd.to_datetime(frame[column])
    return frame


def _languages() -> pd.DataFrame:
    """CLDR's languages of each territory: the share of its population that speaks the
    language and its official status (empty: none), with babel's English names (empty
    where babel has none)."""
    from babel import Locale
    from babel.core import get_global

    english = Locale("en")
    rows = []
    for territory, languages in get_global("territory_languages").items():
        for language, info in languages.items():
            rows.append(
                (
                    territory,
                    english.territories.get(territory),
                    language,
                    english.languages.get(language),
                    info["population_percent"],
                    info["official_status"],
                )
            )
    columns = ["territory", "territory_name", "language", "language_name", "population_percent", "official_status"]
    return pd.DataFrame(rows, columns=columns)


def _degrees(text: str) -> float:
    """One ISO 6709 coordinate, ±DDMM or ±DDMMSS (±DDDMM... for longitudes), in degrees."""
    sign = -1.0 if text[0] == "-" else 1.0
    digits = text[1:]
    if len(digits) in (4, 5):
        whole, minutes, seconds = digits[:-2], digits[-2:], "0"
    else:
        whole, minutes, seconds = digits[:-4], digits[-4:-2], digits[-2:]
    return round(sign * (int(whole) + int(minutes) / 60 + int(seconds) / 3600), 4)


def _zones() -> pd.DataFrame:
    """tzdata's zone.tab (one row per zone and country) with the country's name from
    iso3166.tab and the coordinates also as latitude / longitude in degrees."""
    import tzdata  # noqa: F401 - the package that ships the files

    folder = importlib.resources.files("tzdata.zoneinfo")
    names = dict(
        line.split("\t")[:2]
        for line in (folder / "iso3166.tab").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    )
    rows = []
    for line in (folder / "zone.tab").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t") + [""]
        code, coordinates, zone, comments = fields[:4]
        match = re.fullmatch(r"([+-]\d+)([+-]\d+)", coordinates)
        assert match, coordinates
        latitude, longitude = _degrees(match.group(1)), _degrees(match.group(2))
        rows.append((code, names[code], coordinates, zone, comments or None, latitude, longitude))
    columns = ["country_code", "country", "coordinates", "TZ", "comments", "latitude", "longitude"]
    return pd.DataFrame(rows, columns=columns)


LOADERS: dict[str, Callable[[], pd.DataFrame]] = {
    "us_nowcast": _nowcast,
    "mvreg_students": _csv("multivariate.tests.results", "mvreg.csv"),
    "currency_history": _currencies,
    "territory_languages": _languages,
    "ship_damage": _csv("discrete.tests.results", "ships.csv"),
    "mcycle": _csv("gam.tests.results", "motorcycle.csv"),
    "time_zones": _zones,
}


class BlindStore(DatasetStore):
    """tests.agents.datasets.DatasetStore, reading this bank's LOADERS."""

    loaders = LOADERS
