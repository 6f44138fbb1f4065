"""A review's settings, from its `review.toml`: name, tag taxonomy, screening options."""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from reviewer.domain.errors import ReviewerError
from reviewer.persistence.atomic import write_atomically
from reviewer.review.identity import slug as slug_of

CONFIG_FILE = "review.toml"
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


class ConfigError(ReviewerError):
    """review.toml cannot be read; the message names the file and the problem."""


@dataclass(frozen=True)
class Tag:
    key: str
    label: str
    colour: str
    description: str = ""


@dataclass(frozen=True)
class ReviewConfig:
    name: str
    tags: tuple[Tag, ...]
    exclusion_reasons: tuple[str, ...] = ()
    reasons_required: bool = False
    blind: bool = True
    adjudicators: tuple[str, ...] = ()  # names; while blind, only they see conflicts and others' work
    include_keywords: tuple[str, ...] = ()
    exclude_keywords: tuple[str, ...] = ()
    recall_target: float = 0.95  # what the stopping aid tests for
    stopping_confidence: float = 0.99  # asked after every decision: see ranking/stopping.py
    sources: tuple[tuple[str, str], ...] = ()  # (file in corpus/, the database it came from)
    suggestions: bool = True  # the Reader suggests claims (S there switches them for the session)

    def database_of(self, source: str) -> str:
        """The database a corpus file came from, as PRISMA names it (its file name if unnamed)."""
        return dict(self.sources).get(source, source)

    def is_adjudicator(self, slug: str) -> bool:
        """Whether the reviewer whose file is `slug` is one of the review's adjudicators."""
        return any(slug_of(name) == slug for name in self.adjudicators)

    def sees_everyone(self, slug: str) -> bool:
        """Whether the reviewer `slug` may see other reviewers' decisions and claims: always
        when the review is not blind; while it is, only an adjudicator."""
        return not self.blind or self.is_adjudicator(slug)

    def may_adjudicate(self, slug: str) -> bool:
        """Whether the reviewer `slug` may settle conflicts: the adjudicators when the review
        names any (and always while it is blind); anyone in an open review that names none."""
        return self.is_adjudicator(slug) if self.adjudicators or self.blind else True

    def tag(self, key: str) -> Tag | None:
        return next((tag for tag in self.tags if tag.key == key), None)


DEFAULT_CONFIG = """\
# Settings of this review, shared by the whole team (commit it with the review).
name = {name}

# The tags a claim can carry. Number keys 1-9 in the Reader apply them in this order.
[[tags]]
key = "efficacy"
label = "Efficacy"
colour = "#2e7d32"
description = "The intervention works, or does not, on an outcome."

[[tags]]
key = "safety"
label = "Safety"
colour = "#c62828"
description = "Harms, adverse events, risks."

[[tags]]
key = "caveat"
label = "Caveat"
colour = "#f9a825"
description = "A limit on what can be concluded: association, not proof of causation; small sample; bias."

[[tags]]
key = "population"
label = "Population"
colour = "#1565c0"
description = "Who was studied."

[[tags]]
key = "intervention"
label = "Intervention"
colour = "#6a1b9a"
description = "What was done."

[[tags]]
key = "comparator"
label = "Comparator"
colour = "#00838f"
description = "What it was compared with (placebo, sham, usual care)."

[[tags]]
key = "outcome"
label = "Outcome"
colour = "#ef6c00"
description = "What was measured."

[[tags]]
key = "design"
label = "Design"
colour = "#6d4c41"
description = "Study design: randomised, blinded, cohort, case series."

[screening]
exclusion_reasons = [
  "wrong population",
  "wrong intervention",
  "wrong comparator",
  "wrong outcome",
  "wrong study design",
  "not primary research",
  "duplicate",
  "full text not available",
]
# Must every exclusion have a reason?
reasons_required = false
# Blind: each reviewer sees only their own decisions and claims until this is set to false.
blind = true
# Who settles conflicts; while the review is blind, only they see everyone's decisions.
adjudicators = []
# The stopping aid in Screening tests whether this share of the relevant records has been
# found, at this confidence: BUSCAR's test of the ranking, then a random sample that confirms
# it. Asked after every decision, so 0.99 (python -m benchmarks.stopping_study).
recall_target = 0.95
stopping_confidence = 0.99

# The Reader suggests the sentences likely to be claims (efficacy, safety, caveats…), with their
# causal strength, worked out on this machine; y accepts one, r rejects it, S hides them.
[suggestions]
enabled = true

# Words highlighted in titles and abstracts while screening (green / red), as Rayyan does,
# for example include = ["randomised", "placebo"], exclude = ["case report", "animal"].
[keywords]
include = {include}
exclude = {exclude}

# The database each imported file came from, as the PRISMA diagram names it: taken from the
# file where it says so, else from reviewer import --source NAME. A file not named here is
# counted under its file name; two files of one database count together.
[sources]
"""


def toml_string(text: str) -> str:
    """`text` as a TOML basic string: quotes, backslashes and control characters escaped
    (JSON's escapes are TOML's, but for DEL, which TOML wants escaped too)."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def load_config(path: Path) -> ReviewConfig:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{path}: {error}") from None
    if not isinstance(data.get("tags", []), list):
        raise ConfigError(f"{path}: tags must be a list of [[tags]] tables")
    tags = tuple(_tag(path, i, entry) for i, entry in enumerate(data.get("tags", []), 1))
    keys = [tag.key for tag in tags]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    if duplicates:
        raise ConfigError(f"{path}: tag key {duplicates[0]!r} is defined twice")
    screening = _table(path, data, "screening")
    keywords = _table(path, data, "keywords")
    sources = _table(path, data, "sources")
    suggesting = _table(path, data, "suggestions")
    if not all(isinstance(name, str) for name in sources.values()):
        raise ConfigError(f'{path}: [sources] names each file\'s database as a string ("pubmed.nbib" = "PubMed")')
    return ReviewConfig(
        name=str(data.get("name") or path.parent.name),
        tags=tags,
        exclusion_reasons=_strings(path, "screening.exclusion_reasons", screening.get("exclusion_reasons", [])),
        reasons_required=_flag(path, screening, "reasons_required", False),
        blind=_flag(path, screening, "blind", True),
        adjudicators=_strings(path, "screening.adjudicators", screening.get("adjudicators", [])),
        include_keywords=_strings(path, "keywords.include", keywords.get("include", [])),
        exclude_keywords=_strings(path, "keywords.exclude", keywords.get("exclude", [])),
        recall_target=_share(path, screening, "recall_target", 0.95),
        stopping_confidence=_share(path, screening, "stopping_confidence", 0.99),
        sources=tuple(sorted(sources.items())),
        suggestions=_flag(path, suggesting, "enabled", True),
    )


def _table(path: Path, data: dict, name: str) -> dict:
    value = data.get(name, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{path}: [{name}] must be a table of settings, not {type(value).__name__}")
    return value


def _flag(path: Path, table: dict, name: str, default: bool) -> bool:
    value = table.get(name, default)
    if not isinstance(value, bool):
        raise ConfigError(f"{path}: {name} must be true or false (without quotes), not {value!r}")
    return value


def _share(path: Path, table: dict, name: str, default: float) -> float:
    value = table.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < 1:
        raise ConfigError(f"{path}: screening.{name} must be a number between 0 and 1 (say 0.95), not {value!r}")
    return float(value)


def _strings(path: Path, name: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{path}: {name} must be a list of strings")
    return tuple(value)


def add_exclusion_reason(path: Path, reason: str) -> None:
    """Add `reason` to review.toml's exclusion reasons, keeping the file's comments and layout."""
    import tomlkit  # only here, where the file is edited: reading it needs only tomllib

    document = tomlkit.parse(path.read_text(encoding="utf-8"))
    screening = document.setdefault("screening", tomlkit.table())
    reasons = screening.setdefault("exclusion_reasons", tomlkit.array())
    if reason not in reasons:
        reasons.append(reason)
        write_atomically(path, tomlkit.dumps(document).encode("utf-8"))


def name_source(path: Path, source: str, database: str) -> None:
    """Record in review.toml's [sources] that corpus file `source` came from `database`."""
    import tomlkit

    document = tomlkit.parse(path.read_text(encoding="utf-8"))
    sources = document.setdefault("sources", tomlkit.table())
    if sources.get(source) != database:
        sources[source] = database
        write_atomically(path, tomlkit.dumps(document).encode("utf-8"))


def _tag(path: Path, number: int, entry: object) -> Tag:
    if not isinstance(entry, dict) or not isinstance(entry.get("key"), str) or not entry["key"]:
        raise ConfigError(f"{path}: tag {number} needs a key (a short word)")
    colour = str(entry.get("colour", "#888888"))
    if not _COLOUR.match(colour):
        raise ConfigError(f"{path}: tag {entry['key']!r} has colour {colour!r}; use #rrggbb")
    return Tag(
        key=entry["key"],
        label=str(entry.get("label") or entry["key"]),
        colour=colour,
        description=str(entry.get("description", "")),
    )
