"""A TinyDB storage that never rewrites its file in place.

TinyDB's own JSONStorage truncates and rewrites the file on every write, so a crash in
the middle leaves half a file. This one writes a new file beside it and renames it over
the old one (see `persistence.atomic.write_atomically`), so the file on disk is always whole.
"""

from __future__ import annotations

import json
from pathlib import Path

from tinydb.storages import Storage

from reviewer.persistence.atomic import write_atomically


class AtomicJSONStorage(Storage):
    def __init__(self, path: str | Path, **_ignored: object) -> None:
        self.path = Path(path)

    def read(self) -> dict | None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        if not raw.strip():
            return None
        return json.loads(raw)

    def write(self, data: dict) -> None:
        text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
        write_atomically(self.path, (text + "\n").encode("utf-8"))
