"""People's names as one form: so one person is one name, whatever their keyboard typed."""

from __future__ import annotations

import functools
import re
import unicodedata


def normalised(name: str) -> str:
    """White space folded and the Unicode form made one (NFC): "José" typed with a combining
    accent and with a precomposed one are the same name."""
    return " ".join(unicodedata.normalize("NFC", name).split())


INITIALS = re.compile(r"^(?:[A-Z]\.?-?){1,4}$")  # DF, D.F., J, J.-P.


@functools.lru_cache(maxsize=200_000)  # the Library sorts 100,000 records by it
def cited(author: str) -> str:
    """An author as "Surname, I. N.", whichever way the database wrote them: "Smith, John A",
    "Kallmes DF" (PubMed, Embase), "L J Warshaw" (given names first), "John Smith". A name that
    cannot be told apart is kept as written."""
    author = normalised(author)
    if "," in author:
        surname, _, given = author.partition(",")
        return _as_cited(surname.strip(), given.split())
    words = author.split()
    if len(words) < 2:
        return author
    if INITIALS.match(words[-1]) and not INITIALS.match(words[0]):
        return _as_cited(" ".join(words[:-1]), [words[-1]])
    return _as_cited(words[-1], words[:-1])


def _as_cited(surname: str, given: list[str]) -> str:
    if not given:
        return surname
    initials = []
    for word in given:
        if INITIALS.match(word):
            letters = word.replace(".", "")
            initials.append(" ".join(f"{c}." for c in letters if c != "-") if "-" not in letters else word)
        else:
            initials.append("-".join(f"{part[0]}." for part in word.split("-") if part))
    return f"{surname}, {' '.join(initials)}"


def cited_authors(authors: tuple[str, ...], shown: int) -> str:
    """The first `shown` authors cited, "; " between them (a comma is within a name), et al."""
    names = "; ".join(cited(a) for a in authors[:shown])
    return names + (" et al." if len(authors) > shown else "")
