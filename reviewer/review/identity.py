"""Who is reviewing: the name on screen and the file it writes."""

from __future__ import annotations

import getpass
import os
import re
import subprocess


def reviewer_name(given: str | None = None) -> str:
    """--reviewer, else $REVIEWER, else git's user.name, else the login name."""
    for candidate in (given, os.environ.get("REVIEWER"), _git_user_name()):
        if candidate and candidate.strip():
            return candidate.strip()
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "reviewer"


def slug(name: str) -> str:
    """A file-name-safe form of a reviewer's name ("Ana María" -> "ana-maría")."""
    cleaned = re.sub(r"[^\w.-]+", "-", name.strip().lower()).strip("-.")
    return cleaned or "reviewer"


def _git_user_name() -> str | None:
    try:
        result = subprocess.run(["git", "config", "user.name"], capture_output=True, text=True, timeout=2)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() or None
