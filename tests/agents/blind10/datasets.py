"""The tenth blind bank's datasets: tables shipped inside installed packages, read locally.

Real data files, none generated: Lütkepohl's US quarterly fixed investment and change in
business inventories 1947-1972 (e2.dat beside statsmodels' VAR tests), the Adobe Glyph
List For New Fonts (fontTools' agl.py), two NIST StRD analysis-of-variance data sets scipy
keeps beside its tests (silicon wafer resistivity by instrument, SiRstv.dat; the atomic
weight of silver by instrument, AtmWtAg.dat), the bone marrow transplant sample beside
statsmodels' survival tests (bmt.csv) and babel's table of CLDR locales. The loaders only
read, pick and name columns: quarters become their first day, the glyph list's code
points stay the hexadecimal text the file holds.
"""

from __future__ import annotations

import importlib.resources
import io
from collections.abc import Callable

import pandas as pd

from tests.agents.datasets import DatasetStore, Loader


def _text(package: str, filename: str) -> str:
    return (importlib.resources.files(package) / filename).read_text("utf-8")


def _us_investment() -> pd.DataFrame:
    """e2.dat: a header comment, then '<1947 Q1>', a header line (y1, y2) and one quarter a
    line: fixed investment (y1) and change in business inventories (y2), billions of
    dollars, seasonally adjusted. `quarter` is the quarter's first day."""
    import statsmodels  # noqa: F401 - the package that ships the file

    text = _text("statsmodels.tsa.vector_ar.tests.results", "e2.dat")
    body = text.split("*/", 1)[1].strip().splitlines()
    assert body[0].strip() == "<1947 Q1>", body[0]
    values = [line.split() for line in body[2:] if line.strip()]
    frame = pd.DataFrame(values, columns=["fixed_investment", "inventory_change"]).astype(float)
    frame.insert(0, "quarter", pd.date_range("1947-01-01", periods=len(frame), freq="QS"))
    return frame


def _aglfn() -> pd.DataFrame:
    """AGLFN 1.7 as fontTools.agl keeps it (_aglfnText): the Unicode value as four hex
    digits (text, as written), the glyph name and the Unicode character name."""
    from fontTools import agl

    rows = [line.split(";") for line in agl._aglfnText.splitlines() if line and not line.startswith("#")]
    return pd.DataFrame(rows, columns=["unicode_hex", "glyph_name", "character_name"])


def _nist_anova(filename: str, value: str) -> Loader:
    """A NIST StRD ANOVA file: the lines after 'Data:  Instrument ...', two columns."""

    def load() -> pd.DataFrame:
        import scipy  # noqa: F401 - the package that ships the file

        text = _text("scipy.stats.tests.data.nist_anova", filename)
        block = text.split("Data:  Instrument", 1)[1].splitlines()[1:]
        rows = [line.split() for line in block if line.strip()]
        frame = pd.DataFrame(rows, columns=["instrument", value])
        return frame.astype({"instrument": int, value: float})

    return load


def _bmt() -> pd.DataFrame:
    """The bone marrow transplant sample (Klein & Moeschberger) beside statsmodels'
    duration tests, as shipped: Group (ALL, AML-low, AML-high), T (days), Status."""
    import statsmodels  # noqa: F401 - the package that ships the file

    return pd.read_csv(io.StringIO(_text("statsmodels.duration.tests.results", "bmt.csv")))


_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _locales() -> pd.DataFrame:
    """babel's CLDR locales (localedata.locale_identifiers()): the identifier, its parts
    (script, territory and variant empty where the identifier has none), its English and
    native names (empty where babel has none), writing direction, the first day of the
    week, the minimal days in the first week and the decimal separator."""
    from babel import Locale, localedata

    rows = []
    for identifier in sorted(localedata.locale_identifiers()):
        loc = Locale.parse(identifier)
        rows.append(
            (
                identifier,
                loc.language,
                loc.script,
                loc.territory,
                loc.variant,
                loc.get_display_name("en"),
                loc.get_display_name(),
                loc.text_direction,
                _DAYS[loc.first_week_day],
                loc.min_week_days,
                loc.number_symbols.get("latn", {}).get("decimal"),
            )
        )
    columns = [
        "locale",
        "language",
        "script",
        "territory",
        "variant",
        "english_name",
        "native_name",
        "text_direction",
        "first_day_of_week",
        "min_days_in_first_week",
        "decimal_separator",
    ]
    return pd.DataFrame(rows, columns=columns)


LOADERS: dict[str, Callable[[], pd.DataFrame]] = {
    "us_investment": _us_investment,
    "aglfn": _aglfn,
    "si_resistivity": _nist_anova("SiRstv.dat", "resistance"),
    "silver_weight": _nist_anova("AtmWtAg.dat", "atomic_weight"),
    "bmt": _bmt,
    "locales": _locales,
}

__all__ = ["LOADERS", "BlindStore", "Loader"]


class BlindStore(DatasetStore):
    """tests.agents.datasets.DatasetStore, reading this bank's LOADERS."""

    loaders = LOADERS
