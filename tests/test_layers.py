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
from reviewer.cli import main
review = sys.argv[1]
main(["init", review])
main(["import", sys.argv[2], "--review", review, "--as-reviewer", "Alice"])
for command in (["records"], ["stats"], ["claims"], ["decisions"], ["dedupe"], ["conflicts"], ["agreement"],
                ["check"], ["search", "vertebroplasty"], ["export", "--format", "md"], ["reasons"]):
    main([*command, "--review", review])
loaded = sorted({name.split(".")[0] for name in sys.modules} & {"textual", "rich"})
print("LOADED", json.dumps(loaded))
"""


def test_headless_commands_load_no_textual(tmp_path):
    run = subprocess.run(
        [sys.executable, "-c", HEADLESS, str(tmp_path / "review"), str(FIXTURES / "asreview.csv")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache")},
    )
    assert run.returncode == 0, run.stderr
    last = run.stdout.strip().splitlines()[-1]
    assert last.startswith("LOADED ")
    assert json.loads(last.removeprefix("LOADED ")) == []


def test_the_app_starts_without_the_machine_learning_libraries(tmp_path):
    """scikit-learn, SciPy and NumPy load in the ranking process and in the commands that rank,
    never when the app starts (they cost most of a second)."""
    heavy = "{'sklearn', 'scipy', 'numpy'}"
    code = f"import json, sys, reviewer.tui.app; print(json.dumps(sorted({heavy} & set(sys.modules))))"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert json.loads(run.stdout) == []
