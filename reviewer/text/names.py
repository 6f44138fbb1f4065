"""People's names as one form: so one person is one name, whatever their keyboard typed."""

from __future__ import annotations

import unicodedata


def normalised(name: str) -> str:
    """White space folded and the Unicode form made one (NFC): "José" typed with a combining
    accent and with a precomposed one are the same name."""
    return " ".join(unicodedata.normalize("NFC", name).split())
