"""The blind bank's datasets: real tables shipped inside installed packages (vega_datasets'
local files and statsmodels' bundled data). Nothing is downloaded or generated.

Column names stay as the packages ship them; an index that is data (statecrime's state)
becomes a column.
"""

from __future__ import annotations

from pathlib import Path

from tests.agents.datasets import DatasetStore, Loader, statsmodels_dataset, vega

LOADERS: dict[str, Loader] = {
    "airports": vega("airports"),  # 3376 x 7: iata, name, city, state, country, latitude, longitude
    "la_riots": vega("la_riots"),  # 63 x 11: deaths in the 1992 Los Angeles riots
    "iowa_electricity": vega("iowa_electricity"),  # 51 x 3: year (a date), source, net_generation
    "ohlc": vega("ohlc"),  # 44 x 7: daily open/high/low/close, signal, ret (June-July 2009)
    "driving": vega("driving"),  # 55 x 4: side, year, miles, gas (1956-2010)
    "grunfeld": statsmodels_dataset("grunfeld"),  # 220 x 5: invest, value, capital, firm, year
    "statecrime": statsmodels_dataset("statecrime"),  # 51 x 8: state (the index, as shipped) + rates
    "anes96": statsmodels_dataset("anes96"),  # 944 x 11: 1996 US election survey, coded answers
    "macrodata": statsmodels_dataset("macrodata"),  # 203 x 14: US quarterly macro series 1959-2009
}


class BlindStore(DatasetStore):
    """tests.agents.datasets.DatasetStore, reading this bank's LOADERS."""

    loaders = LOADERS


def store(folder: Path) -> BlindStore:
    return BlindStore(folder)
