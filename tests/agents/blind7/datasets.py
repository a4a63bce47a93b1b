"""The seventh blind bank's datasets: tables shipped inside installed packages, read locally.

Real data files, none generated: the 1996 American National Election Study extract, the
Cancer and the Kennan strikes data (statsmodels datasets), the quarterly US consumer price
series statsmodels keeps beside its ARIMA tests (with the model's forecasts), the DNA
methylation sample of statsmodels' beta-regression tests, and two files hypothesis vendors:
IERS leap seconds (leap-seconds.txt) and IANA's list of top-level domains. The loaders only
read, pick and name columns: Stata-like "1950:1" quarters become the quarter's first day,
the leap-second lines' trailing "# 1 Jan 1972" comments become dates.
"""

from __future__ import annotations

import importlib.resources
import io
import re
from collections.abc import Callable

import pandas as pd

from tests.agents.datasets import DatasetStore, Loader


def _text(package: str, filename: str) -> str:
    return (importlib.resources.files(package) / filename).read_text(encoding="utf-8")


def _statsmodels(package: str, filename: str, **options: object) -> Loader:
    def load() -> pd.DataFrame:
        import statsmodels  # noqa: F401 - the package that ships the file

        text = _text(f"statsmodels.{package}", filename)
        return pd.read_csv(io.StringIO(text), **options)  # type: ignore[call-overload, no-any-return]

    return load


def _anes96() -> pd.DataFrame:
    """Tab-separated, each column name in single quotes (the quotes go)."""
    frame = _statsmodels("datasets.anes96", "anes96.csv", sep="\t")()
    return frame.rename(columns=lambda name: name.strip("'"))


def _cpi() -> pd.DataFrame:
    """One row a quarter, 1950:1 to 2005:4: the CPI as shipped (empty in the forecast
    quarters), the ARIMA(1,1,1) one-step prediction and forecast band; `dates` becomes the
    quarter's first day."""
    frame = _statsmodels("tsa.tests.results", "arima111_forecasts.csv", skipinitialspace=True)()
    frame.columns = [c.strip() for c in frame.columns]
    year_quarter = frame["dates"].str.split(":", expand=True).astype(int)
    frame["dates"] = pd.to_datetime({"year": year_quarter[0], "month": 3 * year_quarter[1] - 2, "day": 1})
    return frame


def _methylation() -> pd.DataFrame:
    """The sample as shipped without its two row-number columns."""
    frame = _statsmodels("othermod.tests.results", "methylation-test.csv", index_col=0)()
    return frame.drop(columns=["Unnamed: 0"])


def _leap_seconds() -> pd.DataFrame:
    """IERS's leap-seconds.txt (as hypothesis vendors it): NTP timestamp, TAI-UTC in
    seconds, and the date of the comment each line ends with."""
    import hypothesis  # noqa: F401 - the package that vendors the file

    rows = []
    for line in _text("hypothesis.vendor", "leap-seconds.txt").splitlines():
        match = re.fullmatch(r"(\d+)\s+(\d+)\s+#\s*(\d+ \w+ \d{4})\s*", line)
        if match:
            rows.append((int(match.group(1)), int(match.group(2)), match.group(3)))
    frame = pd.DataFrame(rows, columns=["ntp_timestamp", "TAI_UTC", "effective"])
    frame["effective"] = pd.to_datetime(frame["effective"], format="%d %b %Y")
    return frame


def _tlds() -> pd.DataFrame:
    """IANA's top-level domains (hypothesis vendors the list), one a row, upper case."""
    import hypothesis  # noqa: F401 - the package that vendors the file

    text = _text("hypothesis.vendor", "tlds-alpha-by-domain.txt")
    return pd.DataFrame({"domain": [line.strip() for line in text.splitlines() if line and not line.startswith("#")]})


LOADERS: dict[str, Callable[[], pd.DataFrame]] = {
    "anes96": _anes96,
    "cancer": _statsmodels("datasets.cancer", "cancer.csv"),
    "strikes": _statsmodels("datasets.strikes", "strikes.csv", skipinitialspace=True),
    "us_cpi": _cpi,
    "methylation": _methylation,
    "leap_seconds": _leap_seconds,
    "tlds": _tlds,
}


class BlindStore(DatasetStore):
    """tests.agents.datasets.DatasetStore, reading this bank's LOADERS."""

    loaders = LOADERS
