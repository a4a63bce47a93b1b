"""The blind bank's datasets: tables shipped inside installed packages, read locally.

vega_datasets' local files (us_employment, seattle_temps, burtin, crimea, wheat),
statsmodels' bundled CSV files (read as shipped, so that the label columns the
`load_pandas()` helpers drop - COMMITTEE, STATE, COUNCILDIST, YEAR - stay in), and
scikit-learn's breast cancer table. Nothing is downloaded and nothing is generated.
"""

from __future__ import annotations

import importlib.resources
import warnings
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from tests.agents.datasets import DatasetStore


def _vega(name: str) -> Callable[[], pd.DataFrame]:
    def load() -> pd.DataFrame:
        from vega_datasets import data

        source = getattr(data, name)
        assert source.is_local, f"vega dataset {name} is not shipped locally"
        with warnings.catch_warnings():  # vega_datasets calls a pandas API that pandas deprecates
            warnings.simplefilter("ignore")
            frame = source()
        return frame.reset_index(drop=isinstance(frame.index, pd.RangeIndex))

    return load


def _us_employment() -> pd.DataFrame:
    frame = _vega("us_employment")()
    # Shipped as text "2006-01-01"; read as the date it is (the column keeps its name).
    frame["month"] = pd.to_datetime(frame["month"])
    return frame


def _statsmodels_csv(module: str, filename: str, sep: str = ",") -> Callable[[], pd.DataFrame]:
    def load() -> pd.DataFrame:
        import statsmodels.datasets  # noqa: F401 - the package that ships the file

        resource = importlib.resources.files(f"statsmodels.datasets.{module}") / filename
        with importlib.resources.as_file(resource) as path:
            return pd.read_csv(path, sep=sep)

    return load


def _breast_cancer() -> pd.DataFrame:
    import sklearn.datasets as sk

    return sk.load_breast_cancer(as_frame=True).frame


LOADERS: dict[str, Callable[[], pd.DataFrame]] = {
    "us_employment": _us_employment,
    "seattle_temps": _vega("seattle_temps"),
    "burtin": _vega("burtin"),
    "crimea": _vega("crimea"),
    "wheat": _vega("wheat"),
    "committee": _statsmodels_csv("committee", "committee.csv"),
    "cpunish": _statsmodels_csv("cpunish", "cpunish.csv"),
    "scotvote": _statsmodels_csv("scotland", "scotvote.csv"),
    "copper": _statsmodels_csv("copper", "copper.csv"),
    "modechoice": _statsmodels_csv("modechoice", "modechoice.csv", sep=";"),
    "breast_cancer": _breast_cancer,
}


class BlindStore(DatasetStore):
    """tests.agents.datasets.DatasetStore, reading this bank's LOADERS."""

    def path(self, name: str) -> Path:
        path = self.folder / f"{name}.parquet"
        if not path.exists():
            LOADERS[name]().to_parquet(path, index=False)
        return path
