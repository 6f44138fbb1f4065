"""The real labelled screening exports in ../shared/datasets (ASReview's cleaned Cohen 2006
drug-class reviews): every row a record, both label levels at their stage."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reviewer.importing.files import import_file
from reviewer.review.folder import init_review
from reviewer.team.snapshot import EVERYONE, TeamSnapshot
from reviewer.team.state import ReviewState

DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "labelled"

# From the datasets' README: records, included at title-abstract, included at full text.
EXPECTED = {
    "Cohen_2006_ACEInhibitors.csv": (2544, 183, 41),
    "Cohen_2006_BetaBlockers.csv": (2072, 302, 42),
    "Cohen_2006_ProtonPumpInhibitors.csv": (1333, 238, 51),
    "Cohen_2006_Triptans.csv": (671, 218, 24),
    "Cohen_2006_UrinaryIncontinence.csv": (327, 78, 40),
}


def labelled(name: str) -> Path:
    """A labelled set of ../shared. Outside CI a clone without it skips these tests (and says
    so); in CI, where shared/ is always beside the clone, its absence fails them: they are the
    only check of the ranking on real reviews, and must not pass by not running."""
    path = DATASETS / name
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is not here, and CI always has shared/ beside the repository")
        pytest.skip(f"{path} is not here (shared/ lies beside the repository; CI fails without it)")
    return path


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_labelled_export_keeps_every_row_and_both_label_levels(tmp_path, name):
    path = labelled(name)
    rows, title_abstract, full_text = EXPECTED[name]
    review = init_review(tmp_path / "r")
    report = import_file(review, path, as_reviewer="Ana")
    assert report.records == rows == len(review.records())
    counts = ReviewState.read(review, EVERYONE).prisma()
    assert counts["records_identified"] == rows
    assert counts["identified_from_databases"] == {name: rows}
    # records with the same PubMed id twice in the export are set aside as duplicates, and counted
    assert counts["records_screened"] == rows - counts["duplicates_removed"]
    stage = counts["title-abstract"]
    assert stage["screened"] + stage["undecided"] == stage["records"] == counts["records_screened"]
    labels = TeamSnapshot.read(review, EVERYONE).decisions["ana"]
    assert sum(d.stage == "title-abstract" and d.decision == "include" for d in labels) == title_abstract
    assert sum(d.stage == "full-text" and d.decision == "include" for d in labels) == full_text


def test_simulating_a_real_review_beats_random_order_and_stops_only_past_the_target():
    """The smallest real set, as `reviewer simulate` replays it: the ranking finds the included
    records well before random order would, and the stopping aid never stops short of 95%."""
    from reviewer.ranking.simulation import replay_file

    path = labelled("Cohen_2006_UrinaryIncontinence.csv")
    replay = replay_file(path, "title-abstract", seed=0)
    simulation = replay.simulation
    assert sorted(replay.to_json()["order"]) == list(range(327))
    assert sum(simulation.labels) == 78
    assert simulation.metrics.wss95 > 0.1 and simulation.metrics.loss < 0.25
    assert simulation.recall_at_stop is not None and simulation.recall_at_stop >= 0.95
