"""Shared fixtures: a private data folder, review folders, and a way to drive the app."""

from __future__ import annotations

import html
import random
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.app import App

from reviewer.domain.decision import Decision
from reviewer.importing.files import import_file
from reviewer.review.folder import Review, bundled_corpus, init_review, sample_review
from reviewer.review.identity import slug
from reviewer.screening.stage_end import team_estimate
from reviewer.team.state import ReviewState
from reviewer.tui.app import ReviewerApp

FIXTURES = Path(__file__).parent / "fixtures"
ADJACENT = "vertebroplasty-adjacent-fractures.txt"
CAVEAT_SENTENCE = (
    "Kallmes explains that though this study points to a significant association between "
    "vertebroplasty and new fractures occurring in adjacent vertebrae, it is not absolute "
    "proof of cause and effect."
)


@pytest.fixture(autouse=True)
def private_environment(tmp_path, monkeypatch):
    """Keep the user's data folder, name and git identity out of every test."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache-home"))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("REVIEWER", raising=False)


@pytest.fixture
def sample() -> Review:
    return sample_review()


@pytest.fixture
def review(tmp_path) -> Review:
    """A review folder holding a copy of the sample corpus."""
    made = init_review(tmp_path / "my-review")
    for source in bundled_corpus().iterdir():
        shutil.copy(source, made.corpus_dir / source.name)
    return made


def git(where: Path, *args: str) -> None:
    """A git command a test runs as a user would (it must succeed)."""
    subprocess.run(["git", "-C", str(where), *args], check=True, capture_output=True)


def give_git_an_identity(monkeypatch) -> None:
    """Commits need a name and an address; the tests' git has no global configuration."""
    for variable, value in (("NAME", "Test"), ("EMAIL", "test@example.org")):
        monkeypatch.setenv(f"GIT_AUTHOR_{variable}", value)
        monkeypatch.setenv(f"GIT_COMMITTER_{variable}", value)


def make_app(review: Review, name: str = "Alice") -> RecordingApp:
    return RecordingApp(review, review.open_store(slug(name), name, retry_forever=True))  # as the app opens it


def name_adjudicators(review: Review, *names: str) -> Review:
    """review.toml with these adjudicators, read again into `review`."""
    from reviewer.review.config import load_config

    text = review.config_path.read_text(encoding="utf-8").replace(
        "adjudicators = []", f"adjudicators = {list(names)!r}"
    )
    review.config_path.write_text(text.replace("'", '"'), encoding="utf-8")
    review.config = load_config(review.config_path)
    return review


def reviewer_file(review: Review, name: str = "Alice") -> Path:
    return review.annotations_dir / f"{slug(name)}.json"


def screen_text(app: App) -> str:
    """What the terminal shows now, as plain text, one line per row (read from Textual's
    own screenshot, so nothing private of the framework is touched)."""
    svg = app.export_screenshot()
    width, height = app.size
    rows = [[" "] * width for _ in range(height)]
    found = _SVG_TEXT.findall(svg)
    if not found and "<text" in svg:  # never read a screen as empty because Rich drew it another way
        raise AssertionError("screen_text found no text it knows how to read in Textual's screenshot: see _SVG_TEXT")
    for x, line, text in found:
        column = round(float(x) / _CELL_WIDTH)
        for character in html.unescape(text).replace("\xa0", " ").rstrip("\n"):
            if column < width:
                rows[int(line)][column] = character
            column += max(cell_len(character), 1)
            if cell_len(character) == 2 and column - 1 < width:
                rows[int(line)][column - 1] = ""  # the right half of a wide character
    return "\n".join("".join(row).rstrip() for row in rows)


# Rich draws each run of equally styled cells as <text x=... clip-path="...-line-N">, 12.2 px a cell.
_SVG_TEXT = re.compile(
    r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="[\d.]+" '
    r'clip-path="url\(#[\w-]*-line-(\d+)\)">(.*?)</text>',
    re.S,
)
_CELL_WIDTH = 12.2


class RecordingApp(ReviewerApp):
    """The real app, keeping every notification it showed (for tests to read)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.notified: list[str] = []

    def notify(self, message, *args, **kwargs) -> None:
        self.notified.append(str(message))
        super().notify(message, *args, **kwargs)


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    """A headless command as a user runs it: its exit status, standard output and error."""
    from reviewer.cli import main

    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


async def settle(pilot) -> None:
    """Wait until the app's workers are done and what they handed back is on screen, a worker
    started by another's result included (a ranking asked for while one ran)."""
    for _ in range(20):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if not any(worker.is_running for worker in pilot.app.workers):
            return
    raise AssertionError("the app's workers never settled")


# A review with a form of its own and one trial's text (#27) ------------------------------

STUDY_FORM = """
[[forms]]
key = "study"
label = "Study characteristics"
[[forms.fields]]
key = "design"
label = "Design"
type = "choice"
choices = ["RCT", "cohort", "case-control", "case series"]
[[forms.fields]]
key = "participants"
label = "Participants randomised"
type = "integer"
[[forms.fields]]
key = "country"
label = "Country"
"""
TEXT = (
    "Vertebroplasty for osteoporotic fractures\n\n"
    "We randomly assigned 131 patients in the United States to vertebroplasty or a sham procedure. "
    "Pain at one month improved similarly in both groups.\n"
)


@pytest.fixture
def trial(tmp_path):
    review = init_review(tmp_path / "review")
    with (review.root / "review.toml").open("a", encoding="utf-8") as toml:
        toml.write(STUDY_FORM)
    source = tmp_path / "kallmes.txt"
    source.write_text(TEXT, encoding="utf-8")
    import_file(review, source)
    record = next(r for r in review.records())
    return review, record.id


# A review screened until the stopping aid says stop (#29) ---------------------------------

RECORDS, RELEVANT = 300, 20


def timestamp(number: int) -> str:
    """A time `number` seconds into 2026: decisions made in a set order."""
    return f"2026-01-01T{number // 3600:02d}:{number // 60 % 60:02d}:{number % 60:02d}.000+00:00"


def screen_until_the_aid_says_stop(folder: Path, sample: bool = True) -> tuple[Review, list[str], int]:
    """Alice screened the 20 relevant records first, then excluded records in the ranking's order
    until BUSCAR's test passed, then (with `sample`) records drawn in Screening's random order
    until the sample confirmed it. The review, its ids with those decided first, how many."""
    review = init_review(folder / "review")
    ris = folder / "search.ris"
    ris.write_text(
        "".join(f"TY  - JOUR\nTI  - Study number {n} of cement\nPY  - 2001\nER  - \n\n" for n in range(RECORDS))
    )
    import_file(review, ris)
    ids = [r.id for r in review.records()]
    store = review.open_store("alice", "Alice")
    for number, record in enumerate(ids[:RELEVANT]):
        store.put_decision(Decision(record, "Alice", "title-abstract", "include", at=timestamp(number)))
    decided = RELEVANT
    aid = team_estimate(ReviewState.read(review, "alice"))
    while not aid.target_reached:
        for number in range(decided, decided + 10):
            store.put_decision(Decision(ids[number], "Alice", "title-abstract", "exclude", at=timestamp(number)))
        decided += 10
        store.flush()
        aid = team_estimate(ReviewState.read(review, "alice"))
    rest = ids[decided:]
    random.Random(7).shuffle(rest)  # the random order: a sample of the records left
    ids[decided:] = rest
    while sample and not aid.safe_to_stop:
        record = ids[decided]
        store.put_decision(
            Decision(record, "Alice", "title-abstract", "exclude", at=timestamp(decided), offered="random")
        )
        decided += 1
        store.flush()
        aid = team_estimate(ReviewState.read(review, "alice"))
    store.close()
    assert decided < RECORDS, "the aid never said stop"
    return review, ids, decided


@pytest.fixture
def screened(tmp_path):
    """A review whose screening the stopping aid says may stop (see screen_until_the_aid_says_stop)."""
    return screen_until_the_aid_says_stop(tmp_path)
