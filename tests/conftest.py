"""Shared fixtures: a private data folder, review folders, and a way to drive the app."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from rich.console import Console

from reviewer.review.folder import Review, bundled_corpus, init_review, sample_review
from reviewer.review.identity import slug
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


def make_app(review: Review, name: str = "Alice") -> ReviewerApp:
    return ReviewerApp(review, review.open_store(slug(name), name))


def reviewer_file(review: Review, name: str = "Alice") -> Path:
    return review.annotations_dir / f"{slug(name)}.json"


def screen_text(app: ReviewerApp) -> str:
    """What the terminal shows now, as plain text."""
    console = _render(app)
    return console.export_text(styles=False)


def terminal_bytes(app: ReviewerApp) -> str:
    """What the app would write to a terminal to draw the current screen."""
    console = _render(app)
    return console.file.getvalue()


def _render(app: ReviewerApp) -> Console:
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
    )
    console.print(app.screen._compositor.render_update(full=True))
    return console
