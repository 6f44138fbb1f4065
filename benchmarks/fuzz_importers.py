"""Fuzz the importers with mutated real exports: `python -m benchmarks.fuzz_importers [N]`.

Each round takes one of the test fixtures (real vendor layouts), flips, deletes, inserts or
cuts bytes at random (seeded), and reads the result as an import would. Prints a table per
fixture: rounds, files read, refused as unknown format, records read, warnings, crashes.
A crash is any exception other than the "unknown format" refusal; there must be none.
"""

from __future__ import annotations

import random
import sys
import tempfile
import traceback
from pathlib import Path

from reviewer import formats

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"


def mutate(raw: bytes, rng: random.Random) -> bytes:
    data = bytearray(raw)
    for _ in range(rng.randint(1, 30)):
        if not data:
            break
        position = rng.randrange(len(data))
        action = rng.choice(("flip", "delete", "insert", "cut", "duplicate"))
        if action == "flip":
            data[position] = rng.randrange(256)
        elif action == "delete":
            del data[position : position + rng.randint(1, 40)]
        elif action == "insert":
            data[position:position] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 12)))
        elif action == "cut":
            del data[position:]
        else:
            end = min(len(data), position + rng.randint(1, 200))
            data[position:position] = data[position:end]
    return bytes(data)


def main(rounds: int = 2000) -> int:
    rng = random.Random(8)
    rows, crashes = [], 0
    with tempfile.TemporaryDirectory() as tmp:
        for fixture in sorted(FIXTURES.iterdir()):
            original = fixture.read_bytes()
            read = refused = records = warnings = failed = 0
            for number in range(rounds):
                path = Path(tmp) / f"{number}{fixture.suffix}"
                path.write_bytes(mutate(original, rng))
                try:
                    result = formats.read_file(path, path.name)
                except formats.UnreadableFile:
                    refused += 1
                    continue
                except Exception:  # noqa: BLE001 - a crash: exactly what this run looks for
                    failed += 1
                    if failed == 1:
                        traceback.print_exc()
                    continue
                read += 1
                records += len(result.records)
                warnings += len(result.warnings)
            crashes += failed
            rows.append((fixture.name, rounds, read, refused, records, warnings, failed))
    print(f"{'fixture':34} {'rounds':>7} {'read':>6} {'refused':>8} {'records':>8} {'warnings':>9} {'crashes':>8}")
    for name, *figures in rows:
        print(
            f"{name:34} "
            + " ".join(f"{value:>{width}}" for value, width in zip(figures, (7, 6, 8, 8, 9, 8), strict=True))
        )
    return 1 if crashes else 0


if __name__ == "__main__":
    raise SystemExit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000))
