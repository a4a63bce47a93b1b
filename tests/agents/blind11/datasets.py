"""The eleventh blind bank's datasets: tables shipped inside installed packages, read locally.

Real data files, none generated: Filardo's (1994) monthly US industrial production growth
and leading indicator growth 1948-1991 (mar_filardo.csv beside statsmodels' Markov-switching
tests, which date its rows from February 1948), the CODATA 2022 recommended values of the
fundamental physical constants (the text table scipy.constants keeps in _codata.py), the
Unicode 18 character blocks (fontTools' unicodedata/Blocks.py, generated from Blocks.txt),
Fair's (1978) Psychology Today sample on extramarital affairs (statsmodels' fair_pt.csv;
the main bank's `fair` is the other, Redbook, sample of 6366 women) and the household food
expenditure sample beside statsmodels' beta-regression tests (foodexpenditure.csv). The
loaders only read, pick and name columns: the months become their first day, the block
code points stay the hexadecimal text the file writes.
"""

from __future__ import annotations

import importlib.resources
import io
import re
from collections.abc import Callable

import pandas as pd

from tests.agents.datasets import DatasetStore, Loader


def _text(package: str, filename: str) -> str:
    return (importlib.resources.files(package) / filename).read_text("utf-8")


def _ip_growth() -> pd.DataFrame:
    """mar_filardo.csv's data columns (its others are a model's filtered probabilities):
    `ip_growth` (dlip, industrial production growth) and `leading_growth` (dmdlleading,
    growth of the leading indicator), one row a month from February 1948 as statsmodels'
    test dates them; `month` is the month's first day."""
    import statsmodels  # noqa: F401 - the package that ships the file

    text = _text("statsmodels.tsa.regime_switching.tests.results", "mar_filardo.csv")
    raw = pd.read_csv(io.StringIO(text))
    frame = raw[["dlip", "dmdlleading"]].rename(columns={"dlip": "ip_growth", "dmdlleading": "leading_growth"})
    frame.insert(0, "month", pd.date_range("1948-02-01", periods=len(frame), freq="MS"))
    assert frame["month"].iloc[-1] == pd.Timestamp("1991-04-01"), frame["month"].iloc[-1]
    return frame


def _codata() -> pd.DataFrame:
    """CODATA 2022 as scipy.constants keeps its text table (txt2022, fixed columns): the
    quantity's name, its value, the standard uncertainty (empty where the table says
    "(exact)") and the unit (empty for a dimensionless quantity). A value the table
    truncates ("...", exact ones only) is the exact value scipy computes for it."""
    from scipy.constants import _codata

    rows = []
    for line in _codata.txt2022.split("\n"):
        if not line.strip():
            continue
        name = line[:60].rstrip()
        raw_value = line[60:85]
        uncertainty = line[85:110].replace(" ", "")
        value = _codata._physical_constants_2022[name][0] if "..." in raw_value else float(raw_value.replace(" ", ""))
        exact = uncertainty == "(exact)"
        rows.append((name, value, None if exact else float(uncertainty), line[110:].strip() or None))
    return pd.DataFrame(rows, columns=["quantity", "value", "uncertainty", "unit"])


def _unicode_blocks() -> pd.DataFrame:
    """The Unicode blocks as fontTools' Blocks.py writes them ("0x0000,  # .. 0x007F ;
    Basic Latin"): first and last code point as the hex text written (without 0x) and the
    block's name. The gaps fontTools fills with "No_Block" are not blocks and are left out."""
    import fontTools  # noqa: F401 - the package that ships the file

    text = _text("fontTools.unicodedata", "Blocks.py")
    rows = re.findall(r"^\s+0x([0-9A-F]+),\s+# \.\. 0x([0-9A-F]+) ; (.+?)\s*$", text, re.M)
    frame = pd.DataFrame(rows, columns=["first_code", "last_code", "block"])
    return frame[frame["block"] != "No_Block"].reset_index(drop=True)


def _affairs() -> pd.DataFrame:
    """fair_pt.csv as shipped, without its constant column of ones."""
    import statsmodels  # noqa: F401 - the package that ships the file

    raw = pd.read_csv(io.StringIO(_text("statsmodels.datasets.fair", "fair_pt.csv")))
    return raw.drop(columns=["constant"])


def _food() -> pd.DataFrame:
    """foodexpenditure.csv as shipped: food, income, persons."""
    import statsmodels  # noqa: F401 - the package that ships the file

    return pd.read_csv(io.StringIO(_text("statsmodels.othermod.tests.results", "foodexpenditure.csv")))


LOADERS: dict[str, Callable[[], pd.DataFrame]] = {
    "ip_growth": _ip_growth,
    "codata": _codata,
    "unicode_blocks": _unicode_blocks,
    "affairs_pt": _affairs,
    "food_expenditure": _food,
}

__all__ = ["LOADERS", "BlindStore", "Loader"]


class BlindStore(DatasetStore):
    """tests.agents.datasets.DatasetStore, reading this bank's LOADERS."""

    loaders = LOADERS
