"""Merging two people's changes to review.toml: git's merge driver for the review's settings.

Two reviewers who each add an exclusion reason (or a tag, a keyword, an adjudicator) both keep
theirs: lists are merged as sets that keep their order, a setting changed on one side only
takes that change, and tables are merged key by key. Only the same setting changed two
different ways is a conflict, and then nothing is guessed: the merge fails naming the setting.

`reviewer sync` registers it (`git config merge.reviewer-settings.driver`, and
`review.toml merge=reviewer-settings` in the review's .gitattributes); git runs it as
`python -m reviewer.review.settings_merge BASE CURRENT OTHER`, writing the result in CURRENT.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path
from typing import Any

DRIVER = "reviewer-settings"
_MISSING = object()


class SettingsConflict(Exception):
    """The same setting was changed in two different ways."""


def merge_settings(base: str, current: str, other: str) -> str:
    """review.toml with both sides' changes (CURRENT's layout and comments kept); raises
    SettingsConflict naming each setting changed two ways, and TOMLDecodeError on a broken file."""
    import tomlkit  # only here, where the file is edited: reading it needs only tomllib

    old, mine, theirs = (tomllib.loads(text) for text in (base, current, other))
    conflicts: list[str] = []
    merged = _merge(old, mine, theirs, "", conflicts)
    if conflicts:
        raise SettingsConflict(
            "review.toml: the same setting was changed two ways ("
            + "; ".join(conflicts)
            + "): settle it in review.toml, commit, and sync again"
        )
    document = tomlkit.parse(current)
    _write_changes(document, mine, merged)
    return tomlkit.dumps(document)


def _merge(base: Any, mine: Any, theirs: Any, where: str, conflicts: list[str]) -> Any:
    if mine == theirs or theirs == base:
        return mine
    if mine == base:
        return theirs
    if all(isinstance(v, dict) or v is _MISSING for v in (base, mine, theirs)) and _MISSING not in (mine, theirs):
        old = base if isinstance(base, dict) else {}
        merged = {}
        for key in [
            *mine,
            *(k for k in theirs if k not in mine),
            *(k for k in old if k not in mine and k not in theirs),
        ]:
            value = _merge(
                old.get(key, _MISSING), mine.get(key, _MISSING), theirs.get(key, _MISSING), f"{where}{key}.", conflicts
            )
            if value is not _MISSING:
                merged[key] = value
        return merged
    if all(isinstance(v, list) or v is _MISSING for v in (base, mine, theirs)) and _MISSING not in (mine, theirs):
        before = base if isinstance(base, list) else []
        union = list(mine) + [item for item in theirs if item not in mine]
        return [item for item in union if item not in before or (item in mine and item in theirs)]
    shown = where.rstrip(".") or "the file"
    conflicts.append(f"{shown}: {_said(mine)} here, {_said(theirs)} there")
    return mine


def _said(value: Any) -> str:
    return "removed" if value is _MISSING else repr(value)


def _write_changes(document: Any, current: dict, merged: dict) -> None:
    """Set in the tomlkit `document` (CURRENT as parsed) each value that the merge changed
    (a list of more than three words one a line, as review.toml writes them)."""
    import tomlkit

    for key in [k for k in current if k not in merged]:
        del document[key]
    for key, value in merged.items():
        if key in current and current[key] == value:
            continue
        if isinstance(value, dict) and isinstance(current.get(key), dict):
            _write_changes(document[key], current[key], value)
        elif isinstance(value, list) and not any(isinstance(item, dict) for item in value):
            array = tomlkit.array()
            array.extend(value)
            document[key] = array.multiline(len(value) > 3)
        else:
            document[key] = value


def main(argv: list[str]) -> int:
    """git's merge driver: BASE CURRENT OTHER; the result goes into CURRENT."""
    base, current, other = (Path(arg) for arg in argv[:3])
    try:
        merged = merge_settings(*(path.read_text(encoding="utf-8") for path in (base, current, other)))
    except SettingsConflict as conflict:
        print(conflict, file=sys.stderr)
        return 1
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as error:
        print(f"review.toml: cannot be merged ({error}): settle it by hand, commit, and sync again", file=sys.stderr)
        return 1
    current.write_text(merged, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
