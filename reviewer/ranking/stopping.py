"""When to stop screening: BUSCAR's test on the ranking, then a random sample that confirms it.

BUSCAR (Callaghan & Müller-Hansen 2020, Systematic Reviews 9:273, doi:10.1186/s13643-020-01521-4)
tests the null hypothesis that recall is still below the target, so that at least
K = floor(found / target) + 1 relevant records exist. For each run of the last k records
screened it treats them as a sample drawn from themselves plus every record not yet screened and
asks how likely so few relevant records in the sample would be if the rest of the K were among
them (hypergeometric); the smallest such probability is its p value. That holds only if the
ranking leaves no richer pocket of relevant records behind the last run, and rankings do: on
the labelled sets (`python -m benchmarks.stopping_study`) BUSCAR at 99%, asked after every
decision, stopped below 95% recall in 6 of 405 runs (all in one set, where a stretch of
irrelevant records came just before more relevant ones the model ranked low).

So its verdict is where the aid asks for a random sample, the paper's own random-sampling
variant: a uniform random sample, without replacement, of the records undecided when it begins
(the population). After n draws with x relevant among them, recall is below the target only
if at least D(x) = floor((found before + x) / target) + 1 - found before relevant records were
in the population; the p value is the hypergeometric chance of x or fewer relevant in n draws
from it. That needs nothing of the ranking. The sample is tested after every draw: the test
after x relevant draws is asked at alpha * 0.8 * 0.2**x (alpha = 1 - confidence), so the
chance of any false stop, over every x, stays within alpha; the p value shown is adjusted to
compare with alpha itself. On the labelled sets this stopped below 95% in none of 405 runs, but
it saved 3.4% of the screening on average where BUSCAR alone saved 10.1%: no rule studied both
stayed above the target in every run and saved more than BUSCAR.

`target_reached` is BUSCAR's verdict until a sample is under way, then the sample's (it is what
the app asked until now); `safe_to_stop` is this method's: reached by a test that needs nothing
of the ranking. `sample_due` says when Screening should ask for the sample, `sample_needed` how
many more draws it needs if none of them is relevant.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.stats import hypergeom

from reviewer.text.display import p_text

BUSCAR = "BUSCAR hypergeometric test of the ranking (Callaghan & Müller-Hansen 2020)"
METHOD = "BUSCAR, then a random sample's hypergeometric test (Callaghan & Müller-Hansen 2020)"
DEFAULT_TARGET = 0.95
# Asked again after every decision: one of many looks at 95% confidence rejects by chance more
# often than 5% (python -m benchmarks.stopping_study prints BUSCAR at several confidences).
DEFAULT_CONFIDENCE = 0.99
SPEND = 0.2  # of the sample test's alpha, the share kept back for after each relevant draw


@dataclass(frozen=True)
class RandomSample:
    """A uniform random sample, without replacement, of the records undecided when it began."""

    population: int  # records undecided when the sample began: it is drawn from these
    found_before: int  # relevant records among those decided before it began
    labels: tuple[bool, ...] = ()  # each record drawn so far, in the order drawn: relevant or not

    @property
    def drawn(self) -> int:
        return len(self.labels)

    @property
    def found(self) -> int:
        return sum(self.labels)


@dataclass(frozen=True)
class StoppingEstimate:
    screened: int
    total: int
    found: int  # relevant records among the screened
    since_last_relevant: int
    p_value: float  # BUSCAR's, on the order screened, that recall is below the target; 1.0 when nothing tells
    target: float
    confidence: float
    sample: RandomSample | None = None
    sample_p_value: float | None = None  # the sample's, adjusted for the relevant records it found
    sample_needed: int = 0  # draws still needed (if none is relevant) before the sample's test passes

    @property
    def alpha(self) -> float:
        return 1 - self.confidence

    @property
    def target_reached(self) -> bool:
        """Whether the test rejects "recall below target" at the confidence asked for: the
        sample's test once a sample is under way, else BUSCAR's on the ranking."""
        if self.screened >= self.total:
            return True
        if self.sample_p_value is not None:
            return self.sample_p_value < self.alpha
        return self.p_value < self.alpha

    @property
    def sample_due(self) -> bool:
        """BUSCAR's test has passed and no sample is under way: Screening asks for one now."""
        return self.sample is None and self.target_reached and self.sample_needed > 0

    @property
    def safe_to_stop(self) -> bool:
        """The method's verdict: the target is shown reached by a test that needs nothing of the
        ranking (the random sample's, or every record screened)."""
        return self.target_reached and self.sample_needed == 0

    @property
    def statistic_name(self) -> str:
        if self.sample_p_value is not None:
            return "p of the random sample (adjusted)"
        return "BUSCAR p of the ranking"

    @property
    def statistic(self) -> float:
        return self.p_value if self.sample_p_value is None else self.sample_p_value

    def to_json(self) -> dict:
        sample = self.sample
        return {
            "method": METHOD if sample is not None else BUSCAR,  # whose test this verdict is
            "screened": self.screened,
            "total": self.total,
            "found": self.found,
            "since_last_include": self.since_last_relevant,
            "recall_target": self.target,
            "confidence": self.confidence,
            "p_value": self.p_value,
            "statistic": {"name": self.statistic_name, "value": self.statistic, "stop_below": round(self.alpha, 12)},
            "target_reached": self.target_reached,
            "sample": None
            if sample is None
            else {
                "population": sample.population,
                "found_before": sample.found_before,
                "drawn": sample.drawn,
                "found": sample.found,
                "p_value": self.sample_p_value,
            },
            "sample_needed": self.sample_needed,
            "safe_to_stop": self.safe_to_stop,
        }

    @property
    def summary(self) -> str:
        """One line: what is tested, at what confidence, the statistic, and what to do next."""
        target = f"recall ≥ {self.target:.0%}"
        stop_below = f"stop below {_number(self.alpha)}"
        if self.screened >= self.total:
            return f"every record screened: {target} holds"
        sample = self.sample
        if sample is not None and self.sample_p_value is not None:
            drawn = f"random sample of {sample.drawn:,} ({sample.found:,} included)"
            test = f"p {p_text(self.sample_p_value)}"
            if self.target_reached:
                return f"{target} reached with {self.confidence:.0%} confidence: {drawn}, {test}, {stop_below}"
            left = f"{self.sample_needed:,} more to draw at random"
            return f"{target} not yet shown: {drawn}, {test}, {stop_below} · {left}"
        since = f"{self.since_last_relevant:,} since the last include"
        test = f"BUSCAR's test of the ranking at {self.confidence:.0%}: p {p_text(self.p_value)}"
        if self.target_reached:
            confirm = f"to confirm it whatever the ranking, screen {self.sample_needed:,} records drawn at random"
            return f"{since} · {target} reached by {test} < {_number(self.alpha)} · {confirm}"
        return f"{since} · {target} not yet shown ({test}, {stop_below})"


def _number(value: float) -> str:
    return f"{value:.3f}" if value >= 0.001 or value == 0 else f"{value:.1e}"


SAMPLED = "random"  # how Screening offered a record drawn for the sample: its random order


def sample_of(labels: Sequence[bool], offered: Sequence[str], total: int) -> RandomSample | None:
    """The random sample in a screening, if one is under way: the decisions at its end that were
    made in Screening's random order (a seeded order that knows nothing of the labels), drawn from
    the records undecided when that run began. Leaving the random order ends the sample; a new
    run is a new sample (and spends confidence again)."""
    run = 0
    while run < len(labels) and run < len(offered) and offered[len(offered) - 1 - run] == SAMPLED:
        run += 1
    if run == 0 or len(offered) != len(labels):
        return None
    before = len(labels) - run
    return RandomSample(total - before, int(sum(labels[:before])), tuple(bool(x) for x in labels[before:]))


def estimate(
    labels: Sequence[bool] | np.ndarray,
    total: int,
    target: float = DEFAULT_TARGET,
    confidence: float = DEFAULT_CONFIDENCE,
    sample: RandomSample | None = None,
) -> StoppingEstimate:
    """The aid on `labels` (relevant or not, every decision in the order made, the sample's
    draws included) out of `total` records, with the random sample if one is under way."""
    seen = np.asarray(labels, dtype=np.int64)
    screened = len(seen)
    found = int(seen.sum())
    relevant_at = np.flatnonzero(seen)
    since = screened - 1 - int(relevant_at[-1]) if found else screened
    buscar = p_value(seen, total, target)
    alpha = 1 - confidence
    if screened >= total:
        return StoppingEstimate(screened, total, found, since, buscar, target, confidence, sample, None, 0)
    if sample is None:
        needed = draws_needed(RandomSample(total - screened, found), target, alpha)
        return StoppingEstimate(screened, total, found, since, buscar, target, confidence, None, None, needed)
    adjusted = sample_p_value(sample, target)
    needed = 0 if adjusted < alpha else draws_needed(sample, target, alpha)
    return StoppingEstimate(screened, total, found, since, buscar, target, confidence, sample, adjusted, needed)


# BUSCAR on the ranking ----------------------------------------------------------------------


def p_value(seen: np.ndarray, total: int, target: float) -> float:
    """BUSCAR's p value that recall is below `target`, given `seen` (0/1 in screening order).

    Only the longest window with each count of relevant records is tested: with the count
    fixed, a longer window (one more irrelevant record drawn) is always less likely under the
    null hypothesis, so the minimum lies there (a property test checks this against every window).
    """
    screened = len(seen)
    if screened == 0 or screened >= total:
        return 0.0 if screened >= total and screened else 1.0
    backwards = seen[::-1]
    relevant_back = np.flatnonzero(backwards)  # window lengths just before each relevant record
    ends = np.append(relevant_back, screened)  # the window up to (not incl.) each, and all
    ends = ends[ends > 0]
    if len(ends) == 0:
        return 1.0
    counts = np.cumsum(backwards)[ends - 1]
    return _min_p(counts, ends, int(seen.sum()), screened, total, target)


def _min_p(counts: np.ndarray, sizes: np.ndarray, found: int, screened: int, total: int, target: float) -> float:
    at_least = np.floor(found / target) + 1  # relevant records there must be if recall < target
    in_urn = at_least - (found - counts)  # of which in the window plus the unscreened
    urn = total - screened + sizes
    p = hypergeom.cdf(counts, urn, np.minimum(in_urn, urn), sizes)
    return float(min(1.0, np.min(p)))


def buscar_stop(labels: np.ndarray, total: int, target: float, confidence: float) -> int | None:
    """The number screened at which BUSCAR's test, asked after every decision of `labels`,
    first passes (None if never). Between two relevant records the p value only falls (each
    window gains an irrelevant record, nothing else changes), so it is computed at the end of
    each such stretch and searched within the first that crosses."""
    seen = np.asarray(labels, dtype=np.int64)
    alpha = 1 - confidence
    relevant_at = np.flatnonzero(seen)
    for start, end in zip([1, *(relevant_at + 1)], [*relevant_at, len(seen)], strict=True):
        if end < start or p_value(seen[:end], total, target) >= alpha:
            continue
        while start < end:
            middle = (start + end) // 2
            if p_value(seen[:middle], total, target) < alpha:
                end = middle
            else:
                start = middle + 1
        return start
    return None


# The random sample -------------------------------------------------------------------------


def _missing(found_before: int, in_sample: np.ndarray | int, target: float) -> np.ndarray:
    """The fewest relevant records the population must have held for recall to be below `target`."""
    return np.floor((found_before + np.asarray(in_sample)) / target) + 1 - found_before


def _kept(in_sample: np.ndarray | int) -> np.ndarray:
    """The share of alpha the test asks at after `in_sample` relevant draws."""
    return (1 - SPEND) * SPEND ** np.asarray(in_sample, dtype=np.float64)


def sample_p_value(sample: RandomSample, target: float) -> float:
    """The sample's p value that recall is below `target`, adjusted (divided by the share of
    alpha kept for its count of relevant draws) to compare with 1 - confidence."""
    drawn, found = sample.drawn, sample.found
    if drawn >= sample.population:
        return 0.0
    if drawn == 0:
        return 1.0
    in_population = min(float(_missing(sample.found_before, found, target)), sample.population)
    p = float(hypergeom.cdf(found, sample.population, in_population, drawn))
    return min(1.0, p / float(_kept(found)))


def draws_needed(sample: RandomSample, target: float, alpha: float) -> int:
    """Further draws, if none of them is relevant, after which the sample's test passes (the
    p value falls with each irrelevant draw: the least number is searched for)."""
    population, found = sample.population, sample.found
    if population <= 0:
        return 0
    in_population = min(float(_missing(sample.found_before, found, target)), population)
    threshold = alpha * float(_kept(found))

    def passes(draws: int) -> bool:
        return draws >= population or float(hypergeom.cdf(found, population, in_population, draws)) < threshold

    low, high = max(sample.drawn, 1), population
    while low < high:
        middle = (low + high) // 2
        if passes(middle):
            high = middle
        else:
            low = middle + 1
    return low - sample.drawn


@dataclass(frozen=True)
class Replayed:
    """Where the method stops on a labelled order (for simulations and the benchmarks)."""

    switch: int | None  # records screened when BUSCAR's test passed and the sample began (None: never)
    screened: int  # when the sample's test passed: ranked records and draws together
    found: int  # relevant records among them
    drawn: int  # of which drawn at random


def replay(
    labels: Sequence[int] | np.ndarray,
    target: float = DEFAULT_TARGET,
    confidence: float = DEFAULT_CONFIDENCE,
    rng: np.random.Generator | None = None,
    switch_confidence: float | None = None,
) -> Replayed:
    """The method on `labels`, every record's label in the order the ranking would give them:
    screen in that order until BUSCAR's test passes (at `switch_confidence`, by default the
    same), then draw the rest at random (`rng`) until the sample's test passes at `confidence`.
    The same verdicts as asking `estimate` after every decision."""
    seen = np.asarray(labels, dtype=np.int64)
    total = len(seen)
    switch = buscar_stop(seen, total, target, confidence if switch_confidence is None else switch_confidence)
    if switch is None or switch >= total:
        return Replayed(switch, total, int(seen.sum()), 0)
    found_before = int(seen[:switch].sum())
    taken, in_sample = sample_stop(seen[switch:], found_before, target, confidence, rng or np.random.default_rng(0))
    return Replayed(switch, switch + taken, found_before + in_sample, taken)


def sample_stop(
    population: np.ndarray, found_before: int, target: float, confidence: float, rng: np.random.Generator
) -> tuple[int, int]:
    """Draws taken, and relevant among them, when the sample's test first passes, drawing the
    records labelled `population` in a random order (`rng`)."""
    size = len(population)
    if size == 0:
        return 0, 0
    drawn = np.asarray(population, dtype=np.int64)[rng.permutation(size)]
    draws = np.arange(1, size + 1)
    in_sample = np.cumsum(drawn)
    in_population = np.minimum(_missing(found_before, in_sample, target), size)
    p = hypergeom.cdf(in_sample, size, in_population, draws)
    passes = np.flatnonzero(p < (1 - confidence) * _kept(in_sample))
    taken = int(passes[0]) + 1 if len(passes) else size  # all drawn: recall is known
    return taken, int(in_sample[taken - 1])
