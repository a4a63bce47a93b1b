"""The sixteenth blind bank's datasets: tables shipped inside installed packages, read locally.

Real data, none generated. Five tables are typed into statsmodels' own test modules (parsed
here with `ast`, never imported or run): R's `car::Duncan` occupational prestige data
(statsmodels/formula/tests/test_formula.py), the kidney-failure hospital stays of Kutner et
al. (statsmodels/stats/tests/test_anova.py), the stress-reduction scores per treatment
(statsmodels/stats/tests/test_pairwise.py), the first 50 rows of R's `np::Italy` regional
GDP panel (statsmodels/nonparametric/tests/test_kernel_density.py) and Helsel's Oahu arsenic
concentrations with their non-detect flags (statsmodels/imputation/tests/test_ros.py); the
sixth is the Hawkins-Bradu-Kass data (statsmodels/robust/tests/results/hbk.csv).
The loaders only read, pick, type and name columns.
"""

from __future__ import annotations

import ast
import importlib.resources
import io
from collections.abc import Callable
from typing import Any

import pandas as pd

from tests.agents.datasets import DatasetStore, Loader


def _source(package: str, filename: str) -> ast.Module:
    import statsmodels  # noqa: F401 - the package that ships the file

    return ast.parse((importlib.resources.files(package) / filename).read_text(encoding="utf-8"))


def _value(tree: ast.Module, name: str) -> Any:
    """The literal assigned to `name` (a plain name or `self.name` / `cls.name`), or the
    string passed to StringIO(...) / dedent(...) in that assignment."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Assign):
            continue
        for target in node.targets:
            tname = target.id if isinstance(target, ast.Name) else getattr(target, "attr", None)
            if tname != name:
                continue
            value = node.value
            while isinstance(value, ast.Call) and value.args:
                value = value.args[0]
            try:
                return ast.literal_eval(value)
            except ValueError:  # another assignment to the same name (not a literal)
                continue
    raise KeyError(name)


def _duncan() -> pd.DataFrame:
    """car::Duncan (1950 US occupations): `occupation`, `type` (prof, wc, bc), `income` and
    `education` (percent of men in it above a level) and `prestige` (percent rating it good)."""
    text = _value(_source("statsmodels.formula.tests", "test_formula.py"), "dta")
    frame = pd.read_csv(io.StringIO(text), index_col=0)
    frame.index.name = "occupation"
    return frame.reset_index()


def _kidney() -> pd.DataFrame:
    """Kidney failure: `Days` in hospital, `Duration` of treatment (1 short, 2 long),
    `Weight` gain group (1-3) and the patient `ID` within a group."""
    text = _value(_source("statsmodels.stats.tests", "test_anova.py"), "kidney_table")
    return pd.read_csv(io.StringIO(text), sep=r"\s+").astype(int)


def _stress() -> pd.DataFrame:
    """Stress reduction per patient (`patient`, `treatment`: mental, physical, medical, `reduction`)."""
    text = _value(_source("statsmodels.stats.tests", "test_pairwise.py"), "ss2")
    return pd.read_csv(io.StringIO(text), sep=r"\s+", names=["patient", "treatment", "reduction"])


def _italy() -> pd.DataFrame:
    """np::Italy's first 50 rows (regional GDP per head, 1951-1953): `year` and `gdp`."""
    tree = _source("statsmodels.nonparametric.tests", "test_kernel_density.py")
    return pd.DataFrame({"year": _value(tree, "Italy_year"), "gdp": _value(tree, "Italy_gdp")})


def _arsenic() -> pd.DataFrame:
    """Helsel's Oahu arsenic data: `res` the concentration (ug/L) or, for a non-detect,
    its detection limit, and `cen` True for a non-detect."""
    tree = _source("statsmodels.imputation.tests", "test_ros.py")
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name == "Test_ROS_HelselArsenic":
            body = ast.Module(body=node.body, type_ignores=[])
            break
    res = _value(body, "res")
    cen = _value(body, "cen")
    return pd.DataFrame({"res": res, "cen": cen})


def _hbk() -> pd.DataFrame:
    """Hawkins, Bradu and Kass (1984): three explanatory variables `X1`-`X3` and `Y`, 75 rows
    (the robust-regression benchmark; its first rows are the planted outliers)."""
    import statsmodels  # noqa: F401 - the package that ships the file

    path = importlib.resources.files("statsmodels.robust.tests.results") / "hbk.csv"
    with path.open(encoding="utf-8") as fh:
        return pd.read_csv(fh)


LOADERS: dict[str, Callable[[], pd.DataFrame]] = {
    "occupations": _duncan,
    "kidney": _kidney,
    "stress": _stress,
    "italy": _italy,
    "arsenic": _arsenic,
    "hbk": _hbk,
}

__all__ = ["LOADERS", "BlindStore", "Loader"]


class BlindStore(DatasetStore):
    """tests.agents.datasets.DatasetStore, reading this bank's LOADERS."""

    loaders = LOADERS
