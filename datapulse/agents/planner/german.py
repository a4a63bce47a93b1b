"""German → English from the Ding dictionary (Debian's `trans-de-en`, GPL-2+).

The file `/usr/share/trans/de-en` holds ~190k entries, one a line:

    Anteil {m} (an) | Anteile {pl} :: share (in) | shares

German alternatives are `;`-separated, `|` separates sub-entries that the English side
aligns with, `{m}`/`{pl}`/`{adj}` mark the part of speech and `[...]`, `(...)`, `<...>`
annotate. Only what the column linker can use is indexed: single-word nouns (with the
plurals Ding lists) and adjectives (with their comparative and superlative), each with
at most a few English glosses of one to three words. Verbs are left out: a question's
verbs are its operations (zählen, zeigen, vergleichen), not its columns.

The file is read lazily and once, keeping only where each word's lines start (~0.8 s and
~41 MB for ~240k words); a word's glosses are read from its lines on first use. Without
the file (a machine without the package) the table is empty and German words come from
the lexicon's word list alone.
"""

from __future__ import annotations

import re
from array import array
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

from datapulse.runtime import os_lock

DING_PATH = Path("/usr/share/trans/de-en")
_LOCK = os_lock()  # native run threads contend on it (runtime.os_lock)
Ref = int | tuple[int, ...]  # line number × 4 + sub-entry, or several of them
_TABLE: dict[str, Ref] | None = None
_STARTS: array[int] = array("Q")
_MAX_GLOSSES = 6
_NOTES = re.compile(r"\([^)]*\)|\[[^]]*\]|\{[^}]*\}|<[^>]*>|/[^/]*/")
_ENGLISH = re.compile(r"[a-z][a-z\-']*")
_GLOSS_STOP = {"the", "a", "an", "sth", "sb", "one's", "sth.", "sb."}


def _glosses(side: str) -> list[str]:
    """'share (in); stake' → ['share', 'stake']: annotations off, one to three words."""
    out: list[str] = []
    for part in _NOTES.sub(" ", side).split(";"):
        words = [w for w in part.lower().split() if w not in _GLOSS_STOP]
        if words and words[0] == "to":
            continue  # a verb ("to share"): not a column's name
        if 1 <= len(words) <= 3 and all(_ENGLISH.fullmatch(w) for w in words):
            gloss = " ".join(words)
            if gloss not in out:
                out.append(gloss)
    return out


# A one-word alternative with its part-of-speech tag ("Anteil {m}", "weiblich {adj}"), and
# an untagged one before a tagged one ("weiblich; feminin {adj}") or in an adjective's
# inflected forms ("weiblicher", "am weiblichsten").
_TAGGED = re.compile(r"(?:^|; )([^\W\d_]{3,}) \{(?:[mfn]|pl|adj|[mfn],[mfn])\}")
_BARE = re.compile(r"(?:^|; )(?:am )?([^\W\d_]{3,})(?=;|$| \{)")


def _parse(lines: list[str], first: int, heads: dict[str, Ref], others: dict[str, Ref]) -> None:
    """Each German word → where its English is (line × 4 + sub-entry, read again on first
    use): where it is an entry's first word in `heads`, else in `others`."""
    for number, line in enumerate(lines, first):
        german, sep, _ = line.partition(" :: ")
        if not sep or "{" not in german:
            continue
        de_parts = german.split(" | ", 3)[:3]
        adjective = "{adj}" in de_parts[0]
        for k, de in enumerate(de_parts):
            words = _BARE.findall(de) if adjective and (k > 0 or "{adj}" in de) else _TAGGED.findall(de)
            for n, word in enumerate(words):
                where = heads if n == 0 and k == 0 else others
                key, ref = word.lower(), number * 4 + k
                had = where.get(key)
                where[key] = ref if had is None else (had + (ref,) if isinstance(had, tuple) else (had, ref))


def _load() -> tuple[dict[str, Ref], array[int]]:
    """Read the file a megabyte at a time (its text is not kept: only where each line starts)."""
    heads: dict[str, Ref] = {}
    others: dict[str, Ref] = {}
    starts = array("Q")
    at = 0
    try:
        with DING_PATH.open("rb") as fh:
            while chunk := fh.readlines(1 << 20):
                first = len(starts)
                starts.extend(accumulate((len(b) for b in chunk[:-1]), initial=at))
                at += sum(len(b) for b in chunk)
                _parse([b.decode("utf-8") for b in chunk], first, heads, others)
    except (OSError, UnicodeDecodeError):
        return {}, array("Q")
    for word, refs in others.items():  # an entry's own word first, then its synonyms'
        had = heads.get(word)
        extra = refs if isinstance(refs, tuple) else (refs,)
        heads[word] = extra if had is None else (had if isinstance(had, tuple) else (had,)) + extra
    return heads, starts


def table() -> dict[str, Ref]:
    """Lower-case German word → where Ding glosses it (empty without the file)."""
    global _TABLE, _STARTS
    with _LOCK:
        if _TABLE is None:
            _TABLE, _STARTS = _load()
        return _TABLE


def reset() -> None:
    """Forget the table (the tests point DING_PATH elsewhere)."""
    global _TABLE
    with _LOCK:
        _TABLE = None
        _glossed.cache_clear()


def _sides(word: str, refs: Ref) -> list[tuple[str, str]]:
    """The English sub-entries at these places of the file, each with the singular its
    German is the plural of ("Steigungen {pl}" of Steigung; "" where it is none); none if
    the file is gone, and no line that no longer holds the word (the file was replaced)."""
    out: list[tuple[str, str]] = []
    try:
        with DING_PATH.open("rb") as fh:
            for ref in refs if isinstance(refs, tuple) else (refs,):
                fh.seek(_STARTS[ref // 4])
                german, _, english = fh.readline().decode("utf-8").rstrip("\n").partition(" :: ")
                de_parts, en_parts = german.split(" | "), english.split(" | ")
                k = ref % 4
                if k >= len(en_parts) or k >= len(de_parts) or word not in de_parts[k].lower():
                    continue
                singular = _TAGGED.findall(de_parts[0]) if k and "{pl}" in de_parts[k] else []
                out.append((en_parts[k], singular[0].lower() if singular else ""))
    except (OSError, UnicodeDecodeError, IndexError):
        return out
    return out


@lru_cache(maxsize=8192)
def _glossed(word: str, plural: bool = True) -> tuple[str, ...]:
    """A word's glosses, in Ding's order; a plural's own first, then its singular's
    (Ding glosses "Steigungen" only as acclivities, "Steigung" also as slope)."""
    out: list[str] = []
    singulars: list[str] = []
    refs = table().get(word)
    for side, singular in _sides(word, refs) if refs is not None else ():
        out += [g for g in _glosses(side) if g not in out]
        if singular and singular != word and singular not in singulars:
            singulars.append(singular)
    for singular in singulars if plural else ():
        out += [g for g in _glossed(singular, False) if g not in out]
    return tuple(out[:_MAX_GLOSSES])


_ENDINGS = ("", "n", "en", "e", "es", "s", "er", "em", "ern")


def english(word: str) -> tuple[str, ...]:
    """English glosses of a German word as Ding lists it, or with an inflection ending off
    (weiblichen → weiblich); () when Ding does not know it."""
    word = word.lower()
    known = table()
    for tail in _ENDINGS:
        if tail and not word.endswith(tail):
            continue
        stem = word[: len(word) - len(tail)]
        if len(stem) >= 4 and stem in known:
            return _glossed(stem)
    return ()
