"""Who is reviewing: the name on screen and the file it writes."""

from __future__ import annotations

import getpass
import hashlib
import os
import re
import subprocess

from reviewer.domain.errors import ReviewerError
from reviewer.text.names import normalised

SLUG_LENGTH = 100


class ReviewerNameError(ReviewerError):
    """A reviewer name that cannot name a reviewer file."""


def reviewer_name(given: str | None = None) -> str:
    """--reviewer, else $REVIEWER, else git's user.name, else the login name; white space
    folded and the Unicode form made one (NFC), so one person is one name."""
    if given is not None:
        if not given.strip():
            raise ReviewerNameError("a reviewer's name cannot be empty or only spaces (--reviewer)")
        return normalised(given)
    from_environment = os.environ.get("REVIEWER")
    if from_environment is not None and from_environment and not from_environment.strip():
        raise ReviewerNameError("$REVIEWER is only spaces: set it to your name, or unset it to use git's user.name")
    for candidate in (from_environment, _git_user_name()):
        if candidate and candidate.strip():
            return normalised(candidate)
    try:
        return normalised(getpass.getuser())
    except (KeyError, OSError):
        return "reviewer"


def slug(name: str, default: str | None = None) -> str:
    """A file-name-safe form of a name ("Ana María" -> "ana-maría"); names that differ only
    in case, spacing or Unicode form have one slug (and so one reviewer file). A name with
    no letter or digit gives `default`, or is refused when there is none."""
    cleaned = re.sub(r"[^\w.-]+", "-", normalised(name).casefold()).strip("-.")
    if len(cleaned) > SLUG_LENGTH:  # file names have a length limit, and a fold adds to it
        cleaned = f"{cleaned[: SLUG_LENGTH - 9]}-{hashlib.sha1(cleaned.encode()).hexdigest()[:8]}"
    if re.search(r"[^\W_]", cleaned):
        return cleaned
    if default is not None:
        return default
    raise ReviewerNameError(f"{name!r} has no letter or digit to name a reviewer file by")


def _git_user_name() -> str | None:
    try:
        result = subprocess.run(["git", "config", "user.name"], capture_output=True, text=True, timeout=2)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() or None
