"""The blind bank's datasets: tables shipped inside installed packages, read locally.

vega_datasets' local files (us_employment, seattle_temps, burtin, crimea, wheat),
statsmodels' bundled CSV files (read as shipped, so that the label columns the
`load_pandas()` helpers drop - COMMITTEE, STATE, COUNCILDIST, YEAR - stay in), and
scikit-learn's breast cancer table. Nothing is downloaded and nothing is generated.
"""

from __future__ import annotations

from tests.agents.datasets import DatasetStore, Loader, dated, sklearn_table, statsmodels_csv, vega

LOADERS: dict[str, Loader] = {
    "us_employment": dated(vega("us_employment"), "month"),  # shipped as text "2006-01-01"
    "seattle_temps": vega("seattle_temps"),
    "burtin": vega("burtin"),
    "crimea": vega("crimea"),
    "wheat": vega("wheat"),
    "committee": statsmodels_csv("datasets.committee", "committee.csv"),
    "cpunish": statsmodels_csv("datasets.cpunish", "cpunish.csv"),
    "scotvote": statsmodels_csv("datasets.scotland", "scotvote.csv"),
    "copper": statsmodels_csv("datasets.copper", "copper.csv"),
    "modechoice": statsmodels_csv("datasets.modechoice", "modechoice.csv", sep=";"),
    "breast_cancer": sklearn_table("breast_cancer"),
}


class BlindStore(DatasetStore):
    """tests.agents.datasets.DatasetStore, reading this bank's LOADERS."""

    loaders = LOADERS
