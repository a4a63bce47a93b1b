"""The fourth blind bank's datasets: tables shipped inside installed packages, read locally.

Two statsmodels dataset CSV files (the Nile's yearly flow) and real data tables that
statsmodels ships beside its own tests (the 1985 UCI automobile table, monthly US housing
starts, the dietox pig growth study, the UCLA graduate-school application survey, Medicare
length of stay, the Thall-Vail epilepsy trial, FRED monthly US macro series, hourly
electricity demand in Victoria, the Davies-Goldsmith paste strength experiment). Nothing is
downloaded and nothing is generated.
"""

from __future__ import annotations

import importlib.resources
from collections.abc import Callable

import pandas as pd

from tests.agents.datasets import DatasetStore


def _statsmodels_csv(package: str, filename: str, **options: object) -> Callable[[], pd.DataFrame]:
    def load() -> pd.DataFrame:
        import statsmodels  # noqa: F401 - the package that ships the file

        resource = importlib.resources.files(f"statsmodels.{package}") / filename
        with importlib.resources.as_file(resource) as path:
            return pd.read_csv(path, **options)  # type: ignore[call-overload]

    return load


def _dated(package: str, filename: str, column: str, fmt: str) -> Callable[[], pd.DataFrame]:
    def load() -> pd.DataFrame:
        frame = _statsmodels_csv(package, filename)()
        # Shipped as text; read as the dates they are (the column keeps its name).
        frame[column] = pd.to_datetime(frame[column], format=fmt)
        return frame

    return load


_NOWCAST = "tsa.statespace.tests.results.frbny_nowcast.Nowcasting.data.US"

LOADERS: dict[str, Callable[[], pd.DataFrame]] = {
    "autos": _statsmodels_csv("gam.tests.results", "autos.csv"),
    "housing_starts": _dated("tsa.holtwinters.tests.results", "housing-data.csv", "DATE", "%Y-%m-%d"),
    # The header names 7 columns, the rows carry 8: the first is a row number (the index).
    "dietox": _statsmodels_csv("regression.tests.results", "dietox.csv", index_col=0),
    "college_apply": _statsmodels_csv("miscmodels.tests.results", "ologit_ucla.csv"),
    "medpar": _statsmodels_csv("genmod.tests.results", "stata_medpar1_glm.csv"),
    "epil": _statsmodels_csv("genmod.tests.results", "epil.csv", index_col=0),
    # "1/1/85": month/day/two-digit year.
    "us_macro": _dated(_NOWCAST, "2016-06-29.csv", "Date", "%m/%d/%y"),
    "elec_vic": _dated("tsa.stl.tests.results", "mstl_elec_vic.csv", "ds", "%Y-%m-%d %H:%M:%S"),
    "nile": _statsmodels_csv("datasets.nile", "nile.csv"),
    "pastes": _statsmodels_csv("regression.tests.results", "pastes.csv", index_col=0),
}


class BlindStore(DatasetStore):
    """tests.agents.datasets.DatasetStore, reading this bank's LOADERS."""

    loaders = LOADERS
