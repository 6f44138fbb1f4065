"""The review's invariants, as properties over generated team reviews (#23).

A generated review has two or three exports that share studies (same DOI or PMID, or only a
title), up to two source texts (found by other methods), two or three reviewers and an
adjudicator, decisions at both stages with maybes,
reasons, reports not retrieved and decisions taken back, adjudications, and duplicate groups
settled (kept, or "not duplicates"). For every viewer (everyone, the adjudicator, each
reviewer, blind or not) the state it computes must hold:

- identified - duplicates removed - marked by the stopping rule = records screened, and no
  set-aside or marked record is screened;
- title-abstract: screened = excluded + awaiting + reports sought (each record once);
- full text: sought - not retrieved = assessed = excluded for other reasons + included + awaiting;
- the conflicts listed are the conflicts counted;
- Screening's lists are the state's lists; the Library's counts are `stats`' numbers,
  headless and in the app.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from itertools import count

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewer.domain.decision import DECISIONS, STAGES, UNDECIDED, Decision
from reviewer.domain.record import Record
from reviewer.domain.stage_end import StageEnd
from reviewer.duplicates.groups import open_groups, settle
from reviewer.formats import ris
from reviewer.review.config import load_config
from reviewer.review.folder import init_review
from reviewer.screening.decision_log import ReadOnlyLog
from reviewer.screening.session import Screening
from reviewer.team.overview import review_counts
from reviewer.team.snapshot import EVERYONE
from reviewer.team.state import NOT_RETRIEVED, ReviewState
from tests.conftest import make_app, run_cli, screen_text
from tests.conftest import settle as settle_app

REVIEWERS = ("Alice", "Bob", "Cem")
ADJUDICATOR = "Dana"
REASONS = ("wrong population", "wrong study design", NOT_RETRIEVED, "")
STUDIES = 12


@dataclass(frozen=True)
class Study:
    title: str
    doi: str
    pmid: str
    year: int


def study(n: int) -> Study:
    return Study(f"Study {n}: cement augmentation and outcome number {n}", f"10.1000/s{n}", str(900000 + n), 2000 + n)


@st.composite
def team_reviews(draw):
    """A plan for a team review: exports, decisions, adjudications and settlements."""
    exports = []
    for number in range(draw(st.integers(2, 3))):
        chosen = draw(st.lists(st.integers(0, STUDIES - 1), min_size=1, max_size=8, unique=True))
        ids = [draw(st.sampled_from(("doi", "pmid", "both", "title"))) for _ in chosen]
        exports.append((number, list(zip(chosen, ids, strict=True))))
    reviewers = REVIEWERS[: draw(st.integers(2, 3))]
    acts = draw(
        st.lists(
            st.tuples(
                st.sampled_from(reviewers),
                st.integers(0, 40),  # a record, by its place (modulo the records there are)
                st.sampled_from(STAGES),
                st.sampled_from((*DECISIONS, UNDECIDED)),
                st.sampled_from(REASONS),
            ),
            max_size=40,
        )
    )
    adjudications = draw(
        st.lists(st.tuples(st.integers(0, 40), st.sampled_from(STAGES), st.sampled_from(DECISIONS)), max_size=4)
    )
    settlements = draw(st.lists(st.tuples(st.sampled_from(reviewers), st.integers(0, 9), st.booleans()), max_size=3))
    blind = draw(st.booleans())
    texts = draw(st.integers(0, 2))  # source texts: found by other methods
    # the adjudicator ended title-abstract screening (these records unscreened then), or took it back
    ending = draw(st.none() | st.tuples(st.lists(st.integers(0, 40), max_size=8), st.booleans()))
    return exports, reviewers, acts, adjudications, settlements, blind, texts, ending


def build(tmp_path, plan):
    """The review folder a plan describes, on disk, as a team would leave it."""
    exports, reviewers, acts, adjudications, settlements, blind, texts, ending = plan
    review = init_review(tmp_path / "review")
    text = review.config_path.read_text(encoding="utf-8").replace(
        "adjudicators = []", f'adjudicators = ["{ADJUDICATOR}"]'
    )
    review.config_path.write_text(text.replace("blind = true", f"blind = {str(blind).lower()}"), encoding="utf-8")
    review.config = load_config(review.config_path)
    for number, entries in exports:
        records = []
        for index, kind in entries:
            s = study(index)
            records.append(
                Record(
                    id="",
                    title=s.title,
                    source="",
                    year=s.year,
                    authors=("Smith, J.",),
                    doi=s.doi if kind in ("doi", "both") else "",
                    pmid=s.pmid if kind in ("pmid", "both") else "",
                )
            )
        (review.corpus_dir / f"database-{number}.ris").write_text(ris.write_records(records), encoding="utf-8")
    for number in range(texts):
        (review.corpus_dir / f"source-{number}.txt").write_text(f"Source text {number}.\n\nIt says things.\n")
    review.reload()
    ids = [r.id for r in review.records()]
    clock = count()

    def at() -> str:
        return f"2026-03-01T10:{next(clock) // 60:02d}:{next(clock) % 60:02d}.000+00:00"

    for name in reviewers:
        store = review.open_store(name.lower(), name)
        for who, place, stage, choice, reason in acts:
            if who == name:
                store.put_decision(Decision(ids[place % len(ids)], name, stage, choice, reason, at=at()))
        store.close()
    store = review.open_store(ADJUDICATOR.lower(), ADJUDICATOR)
    for place, stage, choice in adjudications:
        store.put_decision(
            Decision(ids[place % len(ids)], ADJUDICATOR, stage, choice, "wrong population", role="adjudicator", at=at())
        )
    if ending is not None:
        places, ended = ending
        marked = tuple(dict.fromkeys(ids[place % len(ids)] for place in places))
        end = StageEnd("title-abstract", ADJUDICATOR, ended, marked, "BUSCAR", "p = 0.001", role="adjudicator", at=at())
        store.put("stage_ends", end.to_doc())
    store.close()
    for who, place, keep in settlements:
        groups = open_groups(review, ReviewState.read(review, EVERYONE).team)
        if groups:
            group = groups[place % len(groups)]
            store = review.open_store(who.lower(), who)
            settle(store, group, group.records[-1] if keep else None)
            store.close()
    return review, reviewers


def check_invariants(state: ReviewState) -> None:
    review = state.review
    counts = state.prisma()
    ta = counts["title-abstract"]
    ids = {r.id for r in review.records()}
    assert counts["records_identified"] == len(review.records()) == len(ids)
    assert state.set_aside <= ids
    removed = counts["duplicates_removed"] + counts["marked_ineligible_by_automation"]
    assert counts["records_identified"] - removed == counts["records_screened"] == ta["records"]
    assert not state.set_aside & set(state.at_stage["title-abstract"])
    marked = state.marked_by_rule  # by the stopping rule: never screened, never set aside, never decided
    assert len(marked) == counts["marked_ineligible_by_automation"]
    assert not marked & state.set_aside and not marked & set(state.at_stage["title-abstract"])
    assert not marked & set(state.final["title-abstract"])
    assert len(set(state.at_stage["title-abstract"])) == ta["records"]
    assert set(state.at_stage["full-text"]) <= set(state.at_stage["title-abstract"])
    for flow in (counts, *counts["by_method"].values()):  # the review's, and each column of the diagram's
        check_flow(flow)
    methods = counts["by_method"].values()
    assert sum(sum(m["identified"].values()) for m in methods) == counts["records_identified"]
    for key in ("duplicates_removed", "marked_ineligible_by_automation", "records_screened"):
        assert sum(m[key] for m in methods) == counts[key]
    for stage in STAGES:
        for key in ("records", "included", "excluded", "maybe", "conflicts", "undecided"):
            assert sum(m[stage][key] for m in methods) == counts[stage][key]
    for stage in STAGES:
        assert len(state.conflicts(stage)) == counts[stage]["conflicts"]
        if state.blind:
            assert not state.conflicts(stage)
    assert all(kept not in state.set_aside and kept in ids for kept in state.kept_instead.values())


def check_flow(flow) -> None:
    ta, ft = flow["title-abstract"], flow["full-text"]
    # title-abstract: every record screened is excluded, awaiting, or sought
    assert ta["records"] == ta["excluded"] + ta["awaiting"] + ft["records"]
    assert ta["records"] == ta["included"] + ta["excluded"] + ta["maybe"] + ta["conflicts"] + ta["undecided"]
    assert ft["records"] == ta["included"] + ta["maybe"]
    assert sum(ta["excluded_by_reason"].values()) == ta["excluded"]
    # full text: sought - not retrieved = assessed = excluded otherwise + included + awaiting
    assert ft["assessed"] == ft["records"] - ft["not_retrieved"]
    assert ft["assessed"] == (ft["excluded"] - ft["not_retrieved"]) + ft["included"] + ft["awaiting"]
    assert sum(ft["excluded_by_reason"].values()) == ft["excluded"]


def viewers(review, reviewers):
    return [EVERYONE, ADJUDICATOR.lower(), *(name.lower() for name in reviewers)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=team_reviews())
def test_every_view_of_a_generated_team_review_adds_up(tmp_path_factory, plan):
    review, reviewers = build(tmp_path_factory.mktemp("team"), plan)
    for viewer in viewers(review, reviewers):
        state = ReviewState.read(review, viewer)
        check_invariants(state)
        if viewer in (None, ADJUDICATOR.lower()):
            continue
        name = viewer.capitalize()
        for stage in STAGES:  # Screening lists what the state says the stage screens: nothing set aside
            log = ReadOnlyLog(viewer, name, state.team.decisions.get(viewer, []))
            screening = Screening(state, log, stage)
            listed = [r.id for r in screening.stage_records()]
            assert listed == list(state.at_stage[stage])
            assert not set(listed) & state.set_aside


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=team_reviews())
def test_the_library_shows_the_numbers_stats_prints(tmp_path_factory, capsys, plan):
    review, reviewers = build(tmp_path_factory.mktemp("team"), plan)
    name = reviewers[0]
    code, out, _ = run_cli(capsys, "stats", "--review", str(review.root), "--reviewer", name, "--json")
    assert code == 0
    headless = json.loads(out)
    state = ReviewState.read(review, name.lower())
    assert state.prisma() == headless
    app = make_app(review, name)

    async def library() -> str:
        async with app.run_test(size=(180, 40)) as pilot:
            await settle_app(pilot)
            return screen_text(app)

    shown = asyncio.run(library())
    for line in review_counts(state):
        assert line in shown
