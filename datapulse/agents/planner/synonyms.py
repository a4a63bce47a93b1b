"""English words for a column in other words than its name, from WordNet (offline).

"occupation" names `job`, "earnings" `salary`, "gender" `sex`: the question's word and a
word of the column's name are lemmas of one WordNet sense (a synset) that is among the
first senses of both (WordNet orders a word's senses by how often they were seen), or the
column's word names that sense's parent (one step up: "earnings" as net income is income).
Only a word that links to no column by its spelling gets here, so a synonym never beats a
spelled column name; the caller asks back where the synonyms fit two columns.

WordNet is Debian's `wordnet-base` (/usr/share/wordnet, or $DATAPULSE_WORDNET), read with
nltk's WordNetCorpusReader, once, on the first word that needs it. The Debian folder lacks
the `lexnames` file nltk opens first (the 45 lexicographer file names of lexnames(5WN)):
the reader gets them from here. Nothing is downloaded; without the folder or nltk the
planner links as before (`synonym_columns` finds nothing).
"""

from __future__ import annotations

import io
import logging
import os
import warnings
from pathlib import Path
from typing import Any

from datapulse.agents.planner.columns import ColumnIndex, tokens_of
from datapulse.agents.planner.lexicon import ABBREVIATIONS, GENERIC, UNITS
from datapulse.oslocks import os_lock

log = logging.getLogger(__name__)

FOLDER = Path(os.environ.get("DATAPULSE_WORDNET", "/usr/share/wordnet"))
WORD_SENSES = 2  # a question word's first senses
NAME_SENSES = 4  # ... shared with one of the first senses of the column's word ("gender" is sex.n.04)
PARENT_DEPTH = 7  # a parent sense this far below `entity` at least (income 8; person 3, alcohol 6)

_LEXNAMES = (
    "adj.all adj.pert adv.all noun.Tops noun.act noun.animal noun.artifact noun.attribute noun.body"
    " noun.cognition noun.communication noun.event noun.feeling noun.food noun.group noun.location"
    " noun.motive noun.object noun.person noun.phenomenon noun.plant noun.possession noun.process"
    " noun.quantity noun.relation noun.shape noun.state noun.substance noun.time verb.body verb.change"
    " verb.cognition verb.communication verb.competition verb.consumption verb.contact verb.creation"
    " verb.emotion verb.motion verb.perception verb.possession verb.social verb.stative verb.weather adj.ppl"
).split()

_CATEGORY = {"nou": 1, "ver": 2, "adj": 3, "adv": 4}  # lexnames(5WN)'s third field

# Words the analysis reads itself, never as a column: WordNet has them as nouns too.
_NEVER = GENERIC | {"average", "median", "share", "percent", "percentage", "proportion"}

_LOAD_LOCK = os_lock()
_LOCK = os_lock()  # the reader seeks in shared file handles: one lookup at a time
_READER: list[Any] = []  # [reader or None] once loaded
_SHARED: dict[str, bool] = {}


def _load(folder: Path) -> Any | None:
    if not (folder / "index.noun").is_file() or not (folder / "data.noun").is_file():
        return None
    try:
        import nltk.data
        from nltk.corpus.reader.wordnet import WordNetCorpusReader
    except ImportError:
        return None

    class _Reader(WordNetCorpusReader):  # type: ignore[misc]
        def open(self, fileid: str) -> Any:
            if fileid == "lexnames":
                lines = (f"{k:02d}\t{name}\t{_CATEGORY[name[:3]]}\n" for k, name in enumerate(_LEXNAMES))
                return io.StringIO("".join(lines))
            return super().open(fileid)

        def map_wn(self, version: str = "wordnet") -> None:
            return None  # no mapping to nltk's own download: WordNet 3.0 is read as it is

    root = str(folder.resolve())
    if root not in nltk.data.path:
        nltk.data.path.append(root)  # nltk reads only below its data paths
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "multilingual functions are not available": not used
            return _Reader(root, None)
    except Exception:  # noqa: BLE001 - a broken folder: link as without it
        log.warning("WordNet in %s could not be read; no synonym links", root, exc_info=True)
        return None


def _reader() -> Any | None:
    with _LOAD_LOCK:
        if not _READER:
            _READER.append(_load(FOLDER))
        return _READER[0]


def reset() -> None:
    """Forget the loaded WordNet (the tests point FOLDER elsewhere)."""
    with _LOCK, _LOAD_LOCK:
        _READER.clear()
        _SHARED.clear()


def _lemmas(synset: Any) -> frozenset[str]:
    return frozenset(n.lower().replace("_", " ") for n in synset.lemma_names())


def senses(word: str, first: int) -> list[Any]:
    """A word's (or a phrase's) first noun senses, plurals through WordNet's own morphology."""
    wn = _reader()
    return [] if wn is None else list(wn.synsets(word.replace(" ", "_"), "n")[:first])


def shares_sense(word: str, name: str) -> bool:
    """`name` (a column's name or a word of it) is a lemma of one of the word's first senses and
    that sense is one of the name's own first senses ("occupation" and `job`; not `line`:
    occupation is a late sense of line), or the name's first sense is the parent of the word's
    first sense ("earnings", net income, is income)."""
    word, name = word.lower().strip(), name.lower().strip()
    if word == name:
        return False
    key = f"{word}|{name}"
    with _LOCK:
        if key not in _SHARED:
            mine = senses(word, WORD_SENSES)
            theirs = senses(name, NAME_SENSES) if mine else []
            _SHARED[key] = bool(theirs) and (
                any(s in theirs and name in _lemmas(s) for s in mine) or _parent(mine[0], theirs[0])
            )
        return _SHARED[key]


def _parent(sense: Any, other: Any) -> bool:
    """`other` is the parent of `sense`, and a narrow one: of the same kind (both possessions:
    net income → income) and deep in the tree (not person, rate or alcohol, which the word's
    rows, speed or wine, are kinds of)."""
    return other in sense.hypernyms() and other.lexname() == sense.lexname() and other.min_depth() >= PARENT_DEPTH


def synonym_columns(word: str, index: ColumnIndex) -> list[str]:
    """The columns whose name, or one word of it, shares a first sense with the word."""
    word = word.lower().strip()
    if len(word) < 3 or not word.isascii() or not word.isalpha() or word in _NEVER or _reader() is None:
        return []
    hits: list[str] = []
    for column in index.columns:
        toks = tokens_of(column)
        names = {" ".join(toks), " ".join(ABBREVIATIONS.get(t, t) for t in toks)}
        if len(toks) > 1:
            names |= {ABBREVIATIONS.get(t, t) for t in toks if len(t) >= 3}
        names -= GENERIC | UNITS
        if any(shares_sense(word, n) for n in sorted(names)):
            hits.append(column)
    return hits
