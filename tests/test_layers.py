"""The layering holds at run time: the headless commands never load Textual or Rich."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import FIXTURES

ROOT = Path(__file__).resolve().parent.parent

HEADLESS = """
import json
import sys
from pathlib import Path
from reviewer.cli import build_parser, main
review, labelled, text = sys.argv[1], sys.argv[2], sys.argv[3]
claims = str(Path(review).parent / "claims.jsonld")
commands = {
    "init": ["init", review],
    "import": ["import", labelled, "--review", review, "--as-reviewer", "Alice"],
    "attach": ["attach", text, "--review", review, "--to", "0"],
    "export": ["export", "--format", "w3c", "-o", claims, "--review", review],
    "import-claims": ["import-claims", claims, "--review", review],
    "text": ["text", "0", "--review", review],
    "adjudicate": ["adjudicate", "0", "include", "--review", review],
    "simulate": ["simulate", labelled],
    "search": ["search", "vertebroplasty", "--review", review],
    "sync": ["sync", "--review", review],
    "extract": ["extract", "0", "--form", "rob2", "--review", review],
    "suggest": ["suggest", "0", "--all", "--review", review],
    "rob": ["rob", "--form", "rob2", "--format", "svg", "--review", review],
}
names = sorted(set(build_parser().commands) - {"open"})
ranking = ("rank", "simulate")  # last: scikit-learn's progress callbacks load Rich themselves
rest = [n for n in names if n not in commands and n not in ranking]
for name in [*(n for n in commands if n not in ranking), *rest, *ranking]:
    if name == ranking[0]:
        print("LOADED", json.dumps(sorted({n.split(".")[0] for n in sys.modules} & {"textual", "rich"})))
    main(commands.get(name, [name, "--review", review]))  # some refuse (no conflict, no git): none crash
print("RAN", json.dumps(names))
print("TEXTUAL", json.dumps("textual" in sys.modules))
"""


def test_headless_commands_load_no_textual(tmp_path):
    """Every headless command (each one the parser knows but `open`) runs without Textual or Rich."""
    text = tmp_path / "trial.txt"
    text.write_text("Vertebroplasty relieved pain in this trial.\n", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-c", HEADLESS, str(tmp_path / "review"), str(FIXTURES / "asreview.csv"), str(text)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache")},
    )
    assert run.returncode == 0, run.stderr
    said = dict(
        line.split(" ", 1) for line in run.stdout.splitlines() if line.split(" ")[0] in ("RAN", "LOADED", "TEXTUAL")
    )
    assert len(json.loads(said["RAN"])) == 27  # every command but open
    assert json.loads(said["LOADED"]) == []  # before the ranking commands: neither Textual nor Rich
    assert json.loads(said["TEXTUAL"]) is False  # after them too


def test_the_app_starts_without_the_machine_learning_libraries(tmp_path):
    """scikit-learn, SciPy and NumPy load in the ranking process and in the commands that rank,
    never when the app starts (they cost most of a second)."""
    heavy = "{'sklearn', 'scipy', 'numpy'}"
    code = f"import json, sys, reviewer.tui.app; print(json.dumps(sorted({heavy} & set(sys.modules))))"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert json.loads(run.stdout) == []
