"""The ninth blind bank's datasets: tables shipped inside installed packages, read locally.

Real data files, none generated: the monthly mean sunspot numbers statsmodels keeps as the
source of its sunspots dataset (sunspots_monthly.dat), the BLS quarterly unemployment rate
beside statsmodels' macrodata (src/unemp.csv), tzdata's zone1970.tab (time zones since
1970 with their countries and coordinates), the constriction study beside statsmodels'
binary-model tests, the repeated-measures sample beside its ANOVA tests, and pygments'
table of its lexers. The loaders only read, pick and name columns: months and quarters
become their first day.
"""

from __future__ import annotations

import importlib.resources
import io
from collections.abc import Callable

import pandas as pd

from tests.agents.datasets import DatasetStore, Loader


def _text(package: str, filename: str) -> str:
    return (importlib.resources.files(package) / filename).read_text("utf-8")


def _sunspots() -> pd.DataFrame:
    """The monthly mean sunspot numbers, one row a month (a year's line holds its twelve
    months); `month` is the month's first day."""
    import statsmodels  # noqa: F401 - the package that ships the file

    rows = []
    for line in _text("statsmodels.datasets.sunspots.src", "sunspots_monthly.dat").splitlines():
        parts = line.split()
        if len(parts) == 13 and parts[0].isdigit():
            year = int(parts[0])
            rows += [(pd.Timestamp(year=year, month=m + 1, day=1), float(v)) for m, v in enumerate(parts[1:])]
    return pd.DataFrame(rows, columns=["month", "sunspot_number"])


def _unemployment() -> pd.DataFrame:
    """The BLS series LNS14000000Q (seasonally adjusted unemployment rate, 16 years and
    over), one row a quarter: the series id and period code as written, the quarter's
    first day, the rate in percent."""
    import statsmodels  # noqa: F401 - the package that ships the file

    text = _text("statsmodels.datasets.macrodata.src", "unemp.csv")
    body = text[text.index("Series id,") :]
    raw = pd.read_csv(io.StringIO(body), usecols=[0, 1, 2, 3], dtype={"Period": str})
    raw.columns = ["series_id", "year", "period", "rate"]
    quarter = raw["period"].str[1:].astype(int)
    raw.insert(1, "quarter_start", pd.to_datetime(dict(year=raw["year"], month=3 * quarter - 2, day=1)))
    return raw[["series_id", "quarter_start", "year", "period", "rate"]]


def _tz1970() -> pd.DataFrame:
    """tzdata's zone1970.tab: the countries (ISO codes, comma-separated) that share each
    zone since 1970, its principal location's coordinates as written (ISO 6709 text),
    the zone's name and its comment (empty where there is none)."""
    import tzdata  # noqa: F401 - the package that ships the file

    rows = []
    for line in _text("tzdata.zoneinfo", "zone1970.tab").splitlines():
        if line and not line.startswith("#"):
            parts = line.split("\t")
            rows.append((parts[0], parts[1], parts[2], parts[3] if len(parts) > 3 else None))
    return pd.DataFrame(rows, columns=["countries", "coordinates", "tz", "comment"])


def _constriction() -> pd.DataFrame:
    """Finney's vaso-constriction data (statsmodels' binary-model tests): each case's
    diagnosis, breathing rate and volume of air inspired."""
    import statsmodels  # noqa: F401 - the package that ships the file

    text = _text("statsmodels.stats.tests.results", "binary_constrict.csv")
    raw = pd.read_csv(io.StringIO(text))
    return raw[["Case", "diagnosis", "rate", "volumne"]].rename(columns={"Case": "case", "volumne": "volume"})


def _repeated() -> pd.DataFrame:
    """The repeated-measures sample beside statsmodels' ANOVA tests: a subject id, three
    factors A, B, D and the dependent variable DV."""
    import statsmodels  # noqa: F401 - the package that ships the file

    text = _text("statsmodels.stats.tests.results", "anova-rm-test-data.csv")
    raw = pd.read_csv(io.StringIO(text))
    return raw[["id", "A", "B", "D", "DV"]]


def _lexers() -> pd.DataFrame:
    """pygments' lexer table (pygments.lexers._mapping.LEXERS): each lexer's class, module,
    display name, aliases, file patterns and MIME types (lists joined with ', ')."""
    from pygments.lexers._mapping import LEXERS

    rows = [
        (cls, module.removeprefix("pygments.lexers."), name, ", ".join(aliases), ", ".join(files), ", ".join(mimes))
        for cls, (module, name, aliases, files, mimes) in LEXERS.items()
    ]
    frame = pd.DataFrame(rows, columns=["lexer_class", "module", "name", "aliases", "filenames", "mimetypes"])
    return frame.replace("", None)


LOADERS: dict[str, Callable[[], pd.DataFrame]] = {
    "sunspots_monthly": _sunspots,
    "us_unemployment": _unemployment,
    "tz1970": _tz1970,
    "constriction": _constriction,
    "repeated": _repeated,
    "lexers": _lexers,
}

__all__ = ["LOADERS", "BlindStore", "Loader"]


class BlindStore(DatasetStore):
    """tests.agents.datasets.DatasetStore, reading this bank's LOADERS."""

    loaders = LOADERS
