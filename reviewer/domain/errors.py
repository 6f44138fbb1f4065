"""The one base of the errors a user is shown as they are: the message says what and where."""

from __future__ import annotations


class ReviewerError(Exception):
    """A problem the user can act on (a folder that is not a review, a damaged file, an export
    that would overwrite one); the CLI prints the message, the app notifies it."""
