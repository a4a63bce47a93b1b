"""The blind bank's datasets: real tables shipped inside installed packages (vega_datasets'
local files and statsmodels' bundled data). Nothing is downloaded or generated.

Column names stay as the packages ship them; an index that is data (statecrime's state)
becomes a column.
"""

from __future__ import annotations

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
            return source().reset_index(drop=True)

    return load


def _statsmodels(name: str, index_is_data: bool = False) -> Callable[[], pd.DataFrame]:
    def load() -> pd.DataFrame:
        import statsmodels.api as sm

        frame = getattr(sm.datasets, name).load_pandas().data
        return frame.reset_index() if index_is_data else frame.reset_index(drop=True)

    return load


LOADERS: dict[str, Callable[[], pd.DataFrame]] = {
    "airports": _vega("airports"),  # 3376 x 7: iata, name, city, state, country, latitude, longitude
    "la_riots": _vega("la_riots"),  # 63 x 11: deaths in the 1992 Los Angeles riots
    "iowa_electricity": _vega("iowa_electricity"),  # 51 x 3: year (a date), source, net_generation
    "ohlc": _vega("ohlc"),  # 44 x 7: daily open/high/low/close, signal, ret (June-July 2009)
    "driving": _vega("driving"),  # 55 x 4: side, year, miles, gas (1956-2010)
    "grunfeld": _statsmodels("grunfeld"),  # 220 x 5: invest, value, capital, firm, year
    "statecrime": _statsmodels("statecrime", index_is_data=True),  # 51 x 8: state + rates
    "anes96": _statsmodels("anes96"),  # 944 x 11: 1996 US election survey, coded answers
    "macrodata": _statsmodels("macrodata"),  # 203 x 14: US quarterly macro series 1959-2009
}


class BlindStore(DatasetStore):
    """tests.agents.datasets.DatasetStore over this bank's LOADERS."""

    def path(self, name: str) -> Path:
        path = self.folder / f"{name}.parquet"
        if not path.exists():
            LOADERS[name]().to_parquet(path, index=False)
        return path


def store(folder: Path) -> BlindStore:
    return BlindStore(folder)
