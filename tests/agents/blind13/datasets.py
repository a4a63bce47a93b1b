"""The thirteenth blind bank's datasets: tables shipped inside installed packages, read locally.

Real data files, none generated: four of the OpenML tables scikit-learn ships for its
`fetch_openml` tests (sklearn/datasets/tests/data/openml: the Titanic passenger list,
id 40945; the UCI zoo, id 62; the UCI relative CPU performance data, id 561; the glass2
subset of the UCI glass identification data, id 40675) and the quarterly series with its
ARIMA-with-exogenous-regressor forecasts that statsmodels' ARIMA tests compare against
(tsa/tests/results/results_arima_exog_forecasts_mle.csv).
The loaders only read, pick, type and name columns.
"""

from __future__ import annotations

import csv
import gzip
import importlib.resources
import re
from collections.abc import Callable

import pandas as pd

from tests.agents.datasets import DatasetStore, Loader

_OPENML = "sklearn.datasets.tests.data.openml"


def _arff(openml_id: int) -> pd.DataFrame:
    """An OpenML ARFF file as scikit-learn's tests ship it (gzipped): numeric attributes
    as floats, every other attribute as its text ("?" missing)."""
    import sklearn  # noqa: F401 - the package that ships the file

    folder = importlib.resources.files(f"{_OPENML}.id_{openml_id}")
    name = next(f.name for f in folder.iterdir() if f.name.endswith(".arff.gz"))
    text = gzip.decompress((folder / name).read_bytes()).decode("utf-8")
    head, body = re.split(r"^@data\s*$", text, maxsplit=1, flags=re.I | re.M)
    names, numeric = [], []
    for line in head.splitlines():
        m = re.match(r"@attribute\s+('[^']*'|\S+)\s+(.+)$", line.strip(), re.I)
        if m:
            names.append(m.group(1).strip("'").rstrip(":"))
            numeric.append(m.group(2).strip().lower() in ("numeric", "real", "integer"))
    lines = [line for line in body.splitlines() if line.strip() and not line.startswith("%")]
    rows = list(csv.reader(lines, quotechar='"', skipinitialspace=True))
    assert all(len(r) == len(names) for r in rows), openml_id
    frame = pd.DataFrame(rows, columns=names).replace("?", None)
    for col, num in zip(names, numeric, strict=True):
        frame[col] = pd.to_numeric(frame[col]) if num else frame[col].str.strip().str.strip("'")
    return frame


def _titanic() -> pd.DataFrame:
    """The Titanic passengers (OpenML 40945): `survived` 0/1 as a number, `pclass` the
    class (1-3); `ticket`, `cabin` and `boat` stay text as the file writes them; `body`
    (the body identification number) and `home.dest` are missing for most passengers."""
    frame = _arff(40945)
    frame["survived"] = frame["survived"].astype(int)
    frame["pclass"] = frame["pclass"].astype(int)
    return frame


def _zoo() -> pd.DataFrame:
    """The UCI zoo (OpenML 62): each animal's 15 yes/no features as booleans, `legs` and `type`."""
    frame = _arff(62)
    for col in frame.columns:
        if set(frame[col].dropna()) <= {"true", "false"}:
            frame[col] = frame[col] == "true"
    return frame


def _cpu() -> pd.DataFrame:
    """Relative CPU performance (OpenML 561): `vendor`, cycle time `MYCT` (ns), main memory
    `MMIN` / `MMAX` (KB), cache `CACH` (KB), channels `CHMIN` / `CHMAX` and the published
    relative performance, which the file calls `class`."""
    return _arff(561)


def _glass() -> pd.DataFrame:
    """glass2 (OpenML 40675): the refractive index and eight oxide contents (weight percent)
    of glass fragments; `class` 0/1 as the file writes it (text)."""
    return _arff(40675)


def _arima_forecasts() -> pd.DataFrame:
    """statsmodels' results_arima_exog_forecasts_mle.csv: `year`, `quarter`, the series `y`
    (missing in the forecast quarters), the model's prediction `predict`, its standard error
    `std_err` and the interval `lower` / `upper`; `quarter_start` is the quarter's first day
    (from year and quarter); the file's row number is left out."""
    import statsmodels  # noqa: F401 - the package that ships the file

    path = importlib.resources.files("statsmodels.tsa.tests.results") / "results_arima_exog_forecasts_mle.csv"
    with path.open(encoding="utf-8") as fh:
        frame = pd.read_csv(fh).drop(columns="orig_index")
    starts = pd.to_datetime(dict(year=frame["year"], month=3 * frame["quarter"] - 2, day=1))
    frame.insert(0, "quarter_start", starts)
    return frame


LOADERS: dict[str, Callable[[], pd.DataFrame]] = {
    "titanic": _titanic,
    "zoo": _zoo,
    "cpu": _cpu,
    "glass": _glass,
    "arima_forecasts": _arima_forecasts,
}

__all__ = ["LOADERS", "BlindStore", "Loader"]


class BlindStore(DatasetStore):
    """tests.agents.datasets.DatasetStore, reading this bank's LOADERS."""

    loaders = LOADERS
