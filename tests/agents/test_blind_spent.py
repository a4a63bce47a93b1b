"""The spent blind banks blind2 to blind6 (scored once each by the lead, now learning
material) guard the planner like blind_fresh does: never confidently wrong, and no fewer
correct answers than after the round after blind5's scoring (blind2 82.3 %, blind3 74.4 %,
blind4 69.2 %, blind5 83.75 % from 68.75 % with 6.9 % confidently wrong): a change from one
moment to another, the first time past a bound, a family of columns' total and parentheses
that restate an aggregate are answered since. blind6 (59.02 % correct, 2.73 % confidently
wrong at its scoring) holds 66.6 % since: a row named by the column abbreviating the table,
"no comments" as missing, "this country" asked about. blind7 (48.09 % correct, 8.28 % confidently
wrong at its scoring; 53.82 / 0.96 after round 9) holds 73 % with none wrong since round 10:
shares within each group, values in effect at a date, months of the year, quarters, the
difference of two groups' means, text lengths and affixes, durations. blind8 (42.36 % correct,
3.93 % confidently wrong at its scoring; 47.60 / 5.24 after round 10) holds 60 % with none
wrong since round 11: numbers said of text columns, shares of missing values, one value at a
quarter, text told apart by case, follow-ups with nothing to narrow, a CA table's certificates.
blind9 (51.45 % correct, 10.40 % confidently wrong at its scoring and after round 11) holds 58 %
with none wrong since round 12: a column numbering the rows, "含有…的", narrowing follow-ups,
the column after "which", quoted acronyms, values listed inside cells, "average monthly". blind10
(64.22 % correct, 4.41 % confidently wrong at its scoring; 89.71 / 0 after round 14) holds 88 % with
none wrong since round 14: a column's own words trigger no operation, function words as codes, the
rows' own noun, capitals as the data's text, bounds with no column, tests asked by name. blind11
(51.61 / 6.45 after rounds 13-14) holds 54 % and blind12 (56.44 / 7.43) 60 % since round 15 (56.22 /
2.30 and 61.88 / 1.98), with no wrong answer beyond the nine KNOWN_WRONG cases below. blind13
(56.25 / 7.69 at its scoring; 87.02 / 0 after round 16) holds 84 % with none wrong since round 16:
columns ranked by what they have, yes/no columns as flags, names repeated in a name column, the
rows' period, nouns for people, German everyday words, codes after a text column's word, glosses
restated by parentheses, quoted text inside a category's values. blind14 (32.09 / 7.44 at its
scoring; 49.30 / 0 after round 17) holds 47 % with none wrong: missing values said as "no X
number", type words naming a type column, a row's value looked up by its label, one reading for
a value two columns hold in the same rows, one-letter codes. blind15 (36.87 / 3.23 and an error
at its scoring; 46.08 / 0 after round 17) is guarded on its fonts, glyph metrics and colours only
(39.06 % of 128 questions, floor 37 %): its `catalogs` and `changelog` tables read the machine's
/usr/share/locale and /usr/share/doc, which change with the installed Debian packages. blind16
(51.21 / 2.90 at its scoring; 66.18 / 0 after round 18) holds 63 % with none wrong: a named
standard deviation over "spread", rows numbered in the plural or after 的, German type compounds,
counts of one per row-naming column, words for a reduction, a stay in days, results and jobs,
"I mean" (no average). blind17 (24.89 / 4.72 at its scoring; 51.93 / 0 after round 19) holds 48 %
with none wrong: "no X filled in", a value of two columns excluded, ids spelled out (user id),
有 inside 私有, "the biggest number" asked, item counts (`alias_count`) summed or ranked, word sizes
in bits, "<column> names", home directories and login shells, a number after a port column, the
rows of a CPU or accounts table (architectures, 账户, Konten), the most common value of a text column.
blind18 (72.8 / 6.0 at its scoring; 81.6 / 0 after round 20) holds 78 % with none wrong, on all five
tables (the locales package's locale sources and charmaps, libdrm-common's amdgpu.ids, CPython's html
entities and codec aliases: fixed files, none the machine's other packages change): "und davon mit"
with nothing before, a searched text ended by a bracket or after an article, "<column> value",
"codec aliases" (the rows) and 不同的codec, rows counted by a column of few numbers or ranked by
their number, a mean per row name, a word inside a column's values, two groups compared."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from datapulse.settings import Settings
from tests.agents.bank import Case
from tests.agents.bankrun import assert_guarded
from tests.agents.blind2.datasets import BlindStore as Blind2Store
from tests.agents.blind2.questions import BLIND as BLIND2
from tests.agents.blind3.datasets import BlindStore as Blind3Store
from tests.agents.blind3.questions import BLIND as BLIND3
from tests.agents.blind4.datasets import BlindStore as Blind4Store
from tests.agents.blind4.questions import BLIND as BLIND4
from tests.agents.blind5.datasets import BlindStore as Blind5Store
from tests.agents.blind5.questions import BLIND as BLIND5
from tests.agents.blind6.datasets import BlindStore as Blind6Store
from tests.agents.blind6.questions import BLIND as BLIND6
from tests.agents.blind7.datasets import BlindStore as Blind7Store
from tests.agents.blind7.questions import BLIND as BLIND7
from tests.agents.blind8.datasets import BlindStore as Blind8Store
from tests.agents.blind8.questions import BLIND as BLIND8
from tests.agents.blind9.datasets import BlindStore as Blind9Store
from tests.agents.blind9.questions import BLIND as BLIND9
from tests.agents.blind10.datasets import BlindStore as Blind10Store
from tests.agents.blind10.questions import BLIND as BLIND10
from tests.agents.blind11.datasets import BlindStore as Blind11Store
from tests.agents.blind11.questions import BLIND as BLIND11
from tests.agents.blind12.datasets import BlindStore as Blind12Store
from tests.agents.blind12.questions import BLIND as BLIND12
from tests.agents.blind13.datasets import BlindStore as Blind13Store
from tests.agents.blind13.questions import BLIND as BLIND13
from tests.agents.blind14.datasets import BlindStore as Blind14Store
from tests.agents.blind14.questions import BLIND as BLIND14
from tests.agents.blind15.datasets import BlindStore as Blind15Store
from tests.agents.blind15.questions import BLIND as BLIND15
from tests.agents.blind16.datasets import BlindStore as Blind16Store
from tests.agents.blind16.questions import BLIND as BLIND16
from tests.agents.blind17.datasets import BlindStore as Blind17Store
from tests.agents.blind17.questions import BLIND as BLIND17
from tests.agents.blind18.datasets import BlindStore as Blind18Store
from tests.agents.blind18.questions import BLIND as BLIND18
from tests.agents.blind_fresh.report import run_bank
from tests.agents.datasets import DatasetStore

# Answers still confidently wrong after round 15 (blind11, blind12), each a family not yet read
# (ip-first-month-zh, 数据从哪个月开始 read as a description, is asked back since the answer-kind
# check: 哪个月 asks for a month, the description gives none):
# listed so that any other wrong answer fails, and each one fixed leaves the list (the test
# fails when a listed case is no longer wrong, so the list only shrinks).
KNOWN_WRONG = frozenset(
    {
        "ip-sum-1974-zh",  # 各月 … 加起来总共: the total over the months, read per day
        "cd-electron-mass-en",  # "look up electron mass": the row, not its value
        "af-religious-no-affair-en",  # "no affairs": the table's own noun with a negation (naffairs = 0)
        "af-top3-occupations-en",  # top 3 by number of respondents: read as the 3 largest codes
        "h-localhost-en",  # "entries for localhost": aliases instead of hostname
        "r-one-year-de",  # "from_year gleich to_year": a comparison of two columns dropped
        "g-follow-85-zh",  # 1985 年以后: blind2's author reads it after 1985, blind12's from 1985
    }
)

# blind15's tables read from the machine's installed packages' files (/usr/share/locale, /usr/share/doc):
# their rows change with what is installed, so their answers are no guard
_MACHINE_TABLES = {"catalogs", "changelog"}


@pytest.mark.parametrize(
    ("store", "bank", "min_correct"),
    [
        (Blind2Store, BLIND2, 0.82),
        (Blind3Store, BLIND3, 0.765),
        (Blind4Store, BLIND4, 0.735),
        (Blind5Store, BLIND5, 0.84),
        (Blind6Store, BLIND6, 0.695),
        (Blind7Store, BLIND7, 0.73),
        (Blind8Store, BLIND8, 0.60),
        (Blind9Store, BLIND9, 0.58),
        (Blind10Store, BLIND10, 0.88),
        (Blind11Store, BLIND11, 0.54),
        (Blind12Store, BLIND12, 0.60),
        (Blind13Store, BLIND13, 0.84),
        (Blind14Store, BLIND14, 0.47),
        (Blind15Store, [c for c in BLIND15 if c.dataset not in _MACHINE_TABLES], 0.37),
        (Blind16Store, BLIND16, 0.63),
        (Blind17Store, BLIND17, 0.48),
        (Blind18Store, BLIND18, 0.78),
    ],
    ids=[
        "blind2",
        "blind3",
        "blind4",
        "blind5",
        "blind6",
        "blind7",
        "blind8",
        "blind9",
        "blind10",
        "blind11",
        "blind12",
        "blind13",
        "blind14",
        "blind15",
        "blind16",
        "blind17",
        "blind18",
    ],
)
def test_spent_blind_bank(
    tmp_path: Path, store: Callable[[Path], DatasetStore], bank: Sequence[Case], min_correct: float
) -> None:
    settings = Settings(DATA_DIR=tmp_path / "data", UPLOAD_FOLDER=tmp_path / "uploads")
    graded = run_bank(store(tmp_path), settings, bank)
    assert_guarded(graded, min_correct, KNOWN_WRONG)
