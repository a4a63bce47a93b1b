"""The fifth blind bank's datasets: tables shipped inside installed packages, read locally.

Real data files that statsmodels ships, as datasets or beside its own tests: the Cattaneo
(2010) Pennsylvania birth-weight sample, the 2003 MEPS Medicare doctor-visit sample of
Cameron & Trivedi, the Griliches (1976) NLS young men wage sample, Lütkepohl's West German
quarterly investment/income/consumption, US monthly manufacturing hours and capacity
utilisation, Engel's 1857 Belgian household food expenditure, the 1996 area and
population table of Scotland's council areas, the US quarterly wholesale price index and
the RAND Health Insurance Experiment. Nothing is downloaded and nothing is generated:
the loaders only pick columns, name the unnamed, and store Stata's float32 numbers as the
values Stata prints.
"""

from __future__ import annotations

import csv
import importlib.resources
import io
from collections.abc import Callable

import numpy as np
import pandas as pd

from tests.agents.datasets import DatasetStore


def _text(package: str, filename: str) -> str:
    import statsmodels  # noqa: F401 - the package that ships the file

    return (importlib.resources.files(f"statsmodels.{package}") / filename).read_text(encoding="latin-1")


def _csv(package: str, filename: str, **options: object) -> Callable[[], pd.DataFrame]:
    def load() -> pd.DataFrame:
        return pd.read_csv(io.StringIO(_text(package, filename)), **options)  # type: ignore[call-overload]

    return load


def _stata(package: str, filename: str, decimals: int) -> Callable[[], pd.DataFrame]:
    """A .dta file; its float32 columns become the numbers Stata shows (whole numbers as
    integers, the rest rounded to `decimals`), not float32's binary neighbours."""

    def load() -> pd.DataFrame:
        import statsmodels  # noqa: F401

        resource = importlib.resources.files(f"statsmodels.{package}") / filename
        with importlib.resources.as_file(resource) as path:
            frame = pd.read_stata(path)
        for column in frame.columns:
            values = frame[column]
            if pd.api.types.is_datetime64_any_dtype(values):
                frame[column] = values.astype("datetime64[ns]")
            elif pd.api.types.is_numeric_dtype(values):
                as_float = values.astype("float64")
                whole = as_float.dropna()
                if len(whole) and bool((whole == np.round(whole)).all()) and values.isna().sum() == 0:
                    frame[column] = as_float.astype("int64")
                else:
                    frame[column] = np.round(as_float, decimals)
        return frame

    return load


def _scotland() -> pd.DataFrame:
    """The council areas of 'Area and population, 1996: Scotland' (Regional Trends 33): the
    table between the two ==== lines, without its UK and Scotland total rows; the footnote
    markers (<1> ...) are dropped from the column names, the unnamed first column is
    'Council area'."""
    text = _text("datasets.scotland.src", "scotland_population.csv")
    block = text.split("====================================")[1]
    rows = [r for r in csv.reader(io.StringIO(block)) if r and any(x.strip() for x in r)]
    header = ["Council area"] + [h.split("<")[0].strip() for h in rows[1][1:] if h.strip()]
    body = [r[: len(header)] for r in rows[2:]]
    frame = pd.DataFrame(body, columns=header)
    frame = frame[~frame["Council area"].isin(["United Kingdom", "Scotland"])].reset_index(drop=True)
    for column in header[1:]:
        frame[column] = pd.to_numeric(frame[column])
    return frame


def _wpi() -> pd.DataFrame:
    """US quarterly wholesale price index (Stata's wpi1 example): its data columns only,
    the quarter as Stata writes it ("1960q1")."""
    # Its lines end in a bare carriage return, which reading it as text turns into newlines.
    frame = pd.read_csv(io.StringIO(_text("tsa.statespace.tests.results", "results_wpi1_ar3_stata.csv")))
    return frame[["t", "wpi"]].rename(columns={"t": "quarter"})


LOADERS: dict[str, Callable[[], pd.DataFrame]] = {
    "births_pa": _csv("treatment.tests.results", "cataneo2.csv"),
    "medicare_visits": _csv("sandbox.regression.tests", "racd10data_with_transformed.csv"),
    "nls_wages": _stata("sandbox.regression.tests", "griliches76.dta", 3),
    "wg_macro": _stata("tsa.tests.results", "lutkepohl2.dta", 6),
    "manufacturing": _stata("tsa.statespace.tests.results", "manufac.dta", 6),
    "engel": _csv("datasets.engel", "engel.csv"),
    "scot_councils": _scotland,
    "us_wpi": _wpi,
    "rand_hie": _csv("datasets.randhie", "randhie.csv"),
}


class BlindStore(DatasetStore):
    """tests.agents.datasets.DatasetStore, reading this bank's LOADERS."""

    loaders = LOADERS
