"""The stopping aid: BUSCAR's test of the ranking, then a random sample that confirms it (#29)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import hypergeom

from reviewer.ranking.stopping import (
    BUSCAR,
    METHOD,
    RandomSample,
    buscar_stop,
    draws_needed,
    estimate,
    p_value,
    replay,
    sample_p_value,
    sample_stop,
)

PERFECT = [1] * 50 + [0] * 400  # every relevant record first, then a long run of none


def drawing(population: int, found_before: int, draws: list[int]) -> RandomSample:
    return RandomSample(population, found_before, tuple(bool(d) for d in draws))


# On the ranking: BUSCAR, and the sample it asks for ------------------------------------------


def test_the_ranking_test_passing_asks_for_a_sample_of_a_known_size():
    # 100 left, 50 found: recall < 95% needs at least 3 of them relevant. Drawing none of 3 in
    # 80 of 100 has probability 20*19*18 / (100*99*98) = 0.00705 < 0.01 * 0.8; in 79, 0.0082.
    aid = estimate(PERFECT, total=550)
    assert aid.target_reached and aid.sample_due and not aid.safe_to_stop
    assert aid.sample_needed == 80
    assert aid.statistic_name == "BUSCAR p of the ranking" and aid.statistic == aid.p_value
    assert "BUSCAR" in aid.summary and "99%" in aid.summary and "80 records drawn at random" in aid.summary
    data = aid.to_json()
    assert data["method"] == BUSCAR and data["statistic"]["value"] == aid.p_value
    assert data["statistic"]["stop_below"] == pytest.approx(0.01) and data["sample_needed"] == 80


def test_the_sample_decides_once_drawn():
    before = [*PERFECT]
    short = estimate(before + [0] * 79, 550, sample=drawing(100, 50, [0] * 79))
    assert not short.target_reached and short.sample_needed == 1 and not short.sample_due
    assert short.sample_p_value == pytest.approx((21 * 20 * 19) / (100 * 99 * 98) / 0.8)
    done = estimate(before + [0] * 80, 550, sample=drawing(100, 50, [0] * 80))
    assert done.target_reached and done.safe_to_stop and done.sample_needed == 0
    assert done.statistic == done.sample_p_value < 0.01 and done.to_json()["method"] == METHOD
    assert "reached with 99% confidence" in done.summary and "random sample of 80 (0 included)" in done.summary
    # A relevant record in the sample: more were missed than the ranking let on; more to draw.
    found = estimate(before + [1] + [0] * 79, 550, sample=drawing(100, 50, [1] + [0] * 79))
    assert not found.target_reached and found.sample_needed > 1
    assert "more to draw at random" in found.summary


def test_nothing_is_shown_where_nothing_can_tell():
    assert not estimate([], 10).target_reached
    assert not estimate(PERFECT[:60], total=600).target_reached  # 10 in a row proves nothing
    assert not estimate(PERFECT, total=2000).target_reached  # 400 in a row, 1,550 unseen
    assert not estimate(([1] + [0] * 9) * 45, total=600).target_reached  # still one in ten
    assert not estimate([1] * 40, total=100).target_reached  # only relevant records so far
    started = estimate(PERFECT, 550, sample=drawing(100, 50, []))  # a sample of none says nothing
    assert not started.target_reached and started.sample_needed == 80
    assert not estimate(PERFECT + [0] * 10, 550, sample=drawing(100, 50, [0] * 10)).target_reached


def test_everything_screened_is_recall_of_one():
    aid = estimate(np.ones(5), 5)
    assert aid.target_reached and aid.safe_to_stop and aid.sample_needed == 0
    assert "every record screened" in aid.summary
    drawn_out = estimate([1] * 10 + [0] * 5, 15, sample=drawing(5, 10, [0] * 5))
    assert drawn_out.safe_to_stop


# Properties -----------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(st.lists(st.booleans(), min_size=1, max_size=150), st.integers(0, 300), st.sampled_from([0.9, 0.95]))
def test_the_searched_buscar_stop_is_the_first_decision_it_passes(labels, unscreened, confidence):
    seen = np.array(labels, dtype=np.int64)
    total = len(seen) + unscreened
    every = [n for n in range(1, len(seen) + 1) if p_value(seen[:n], total, 0.95) < 1 - confidence]
    assert buscar_stop(seen, total, 0.95, confidence) == (every[0] if every else None)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.integers(0, 1), min_size=1, max_size=80),
    st.integers(0, 60),
    st.integers(0, 2**32 - 1),
    st.sampled_from([0.8, 0.95, 0.99]),
)
def test_replaying_the_sample_stops_where_asking_after_every_draw_does(population, found_before, seed, confidence):
    taken, in_sample = sample_stop(np.array(population), found_before, 0.95, confidence, np.random.default_rng(seed))
    drawn = np.array(population)[np.random.default_rng(seed).permutation(len(population))]
    screened_before = [1] * found_before
    for n in range(len(drawn) + 1):
        sample = RandomSample(len(population), found_before, tuple(bool(d) for d in drawn[:n]))
        aid = estimate(screened_before + drawn[:n].tolist(), found_before + len(population), 0.95, confidence, sample)
        if n and aid.safe_to_stop:
            assert (taken, in_sample) == (n, int(drawn[:n].sum()))
            return
    pytest.fail("the sample never passed, not even with everything drawn")


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 400),
    st.integers(0, 300),
    st.lists(st.booleans(), max_size=60),
    st.sampled_from([0.9, 0.95, 0.99]),
)
def test_the_sample_statistics_are_sane(population, found_before, draws, confidence):
    draws = draws[:population]
    sample = RandomSample(population, found_before, tuple(draws))
    alpha = 1 - confidence
    p = sample_p_value(sample, 0.95)
    needed = draws_needed(sample, 0.95, alpha)
    assert 0 <= p <= 1 and 0 <= needed <= population - len(draws)
    assert (p < alpha) == (needed == 0) or len(draws) == 0
    if needed:  # one more irrelevant draw: the p value does not rise, one fewer is needed
        more = RandomSample(population, found_before, (*draws, False))
        assert sample_p_value(more, 0.95) <= p or len(draws) == 0
        assert draws_needed(more, 0.95, alpha) == needed - 1
    complete = RandomSample(population, found_before, tuple([*draws, *[False] * (population - len(draws))]))
    assert sample_p_value(complete, 0.95) == 0.0  # everything drawn: recall is known


def test_the_sample_stops_falsely_no_more_often_than_its_confidence_allows():
    # 57 found before; with 4 still in a population of 120, recall is 57/61 < 95% unless the
    # sample finds one. The rule may stop with none found at most 8% of the time (alpha 0.1,
    # of which 0.8 for a sample with none relevant); at the least number that passes it is
    # just under that, and with 8 left it is rare.
    rng = np.random.default_rng(20260)
    for relevant_left, most in ((4, 0.08), (8, 0.01)):
        population = np.zeros(120, dtype=np.int64)
        population[:relevant_left] = 1
        below = 0
        for _ in range(400):
            taken, found = sample_stop(population, 57, 0.95, 0.9, rng)
            below += (57 + found) / (57 + relevant_left) < 0.95
        # the exact chance, from the draws the rule needs with none found
        needed = draws_needed(RandomSample(120, 57), 0.95, 0.1)
        exact = hypergeom.pmf(0, 120, relevant_left, needed)
        assert exact <= most
        assert below / 400 <= exact + 3 * np.sqrt(exact * (1 - exact) / 400) + 0.005


def test_replaying_a_ranking_that_finds_everything_early():
    labels = np.array([1] * 30 + [0] * 570)
    stopped = replay(labels, rng=np.random.default_rng(1))
    assert stopped.switch is not None and stopped.found == 30
    assert stopped.screened == stopped.switch + stopped.drawn < len(labels)
    assert replay(np.array([1, 0, 1])).screened == 3  # never shown: screened to the end
