"""Prioritised screening against ASReview's default model, in the same run:
`python -m benchmarks.prioritisation [--quick]` (`make bench` runs it after the speed table).

For each labelled set in ../shared/datasets/labelled/ (title-abstract labels) and each seed,
both models start from the same priors (1 random included, 1 random excluded) and screen to
the end; every metric is computed by the same code (reviewer.ranking.metrics) on each order.
ASReview runs in its own venv (.bench-asreview, made by `make bench`), never imported here.
Then the time to retrain and rank after one decision at 10,000 and 100,000 records.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import numpy as np

from benchmarks.generate import records as generated_records
from benchmarks.table import print_table
from reviewer.domain.record import Record
from reviewer.formats import read_file
from reviewer.ranking.live import RankingJob, RankingProcess
from reviewer.ranking.metrics import Metrics, measure
from reviewer.ranking.model import Features
from reviewer.ranking.simulation import choose_priors, simulate
from reviewer.ranking.stopping import DEFAULT_TARGET

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT.parent / "shared" / "datasets" / "labelled"
ASREVIEW = Path(os.environ.get("ASREVIEW_PYTHON", ROOT / ".bench-asreview" / "bin" / "python"))
SEEDS = (0, 1, 2, 3, 4)
CONFIDENCES = (0.95, 0.99)  # the stopping aid's, per run: where would it have said stop
# The sets the model's settings (title twice, C = 0.25; where wordless records go: window 25,
# prior 2) were chosen on: their rows are in-sample.
TUNED_ON = frozenset({"UrinaryIncontinence", "Triptans", "ProtonPumpInhibitors", "BetaBlockers", "ACEInhibitors"})


def labelled(path: Path) -> tuple[list[Record], list[int]]:
    result = read_file(path, path.name)
    records = [r for r in result.records if r.id in result.labels]
    return records, [1 if result.labels[r.id] in ("include", "maybe") else 0 for r in records]


ASREVIEW_MODELS = ("elas_u4", "elas_u3")  # its default (SVM) and its naive Bayes: the "better of"


def asreview_order(records: list[Record], labels: list[int], priors: list[int], model: str) -> list[int]:
    job = {"texts": [[r.title, r.abstract] for r in records], "labels": labels, "priors": priors, "model": model}
    done = subprocess.run(
        [str(ASREVIEW), str(ROOT / "benchmarks" / "asreview_child.py")],
        input=json.dumps(job),
        capture_output=True,
        text=True,
        check=True,
        cwd="/tmp",  # ASReview leaves a cache file in the working folder
    )
    return json.loads(done.stdout)["order"]


def ours(features: Features, labels: list[int], seed: int) -> dict:
    """Our simulation, with where the stopping aid would have stopped at each confidence (run at
    the strictest: a run stops asking once it has said stop and every relevant record is found,
    so the p values of a run made at 95% ended before 99% could say stop)."""
    simulation = simulate(features, labels, seed, confidence=max(CONFIDENCES))
    found = np.cumsum(simulation.labels)
    stops = {}
    for confidence in CONFIDENCES:
        crossed = [i for i, p in enumerate(simulation.p_values) if p < 1 - confidence]
        screened = simulation.priors + crossed[0] + 1 if crossed else len(labels)
        stops[confidence] = (found[screened - 1] / found[-1], 1 - screened / len(labels))
    return {"metrics": simulation.metrics, "stops": stops}


def summary(values: list[float]) -> str:
    sd = statistics.stdev(values) if len(values) > 1 else 0.0
    return f"{statistics.mean(values):.3f} ± {sd:.3f}"


def bench_models(names: list[Path], seeds: tuple[int, ...]) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    have_asreview = ASREVIEW.exists()
    if not have_asreview:
        print(f"ASReview not found at {ASREVIEW}: run `make bench` (it makes that venv); ours only", file=sys.stderr)
    with ThreadPoolExecutor(max_workers=1) as pool:  # ASReview's process runs beside ours: 2 cores
        for path in names:
            records, labels = labelled(path)
            features = Features.of(records)
            theirs: dict[str, list[Future]] = {}
            if have_asreview:
                for model in ASREVIEW_MODELS:
                    theirs[model] = [
                        pool.submit(asreview_order, records, labels, choose_priors(labels, 1, 1, seed), model)
                        for seed in seeds
                    ]
            mine = [ours(features, labels, seed) for seed in seeds]
            name = path.stem.removeprefix("Cohen_2006_")
            size = f"{len(labels):,} ({sum(labels)} incl.)"
            name += " (tuned on)" if name in TUNED_ON else " (held out)"
            rows.append(row(name, size, "reviewer", [m["metrics"] for m in mine], mine))
            for model, futures in theirs.items():
                their_metrics = [measure([labels[i] for i in future.result()[2:]]) for future in futures]
                rows.append(row(name, size, f"ASReview 3 (ELAS {model.removeprefix('elas_')})", their_metrics, None))
            print(f"  {name} done", file=sys.stderr, flush=True)
    return rows


def row(name: str, size: str, model: str, metrics: list[Metrics], runs: list[dict] | None) -> tuple[str, ...]:
    stopping = []
    for confidence in CONFIDENCES:
        if runs:
            least = min(run["stops"][confidence][0] for run in runs)
            saved = [run["stops"][confidence][1] for run in runs]
            sd = statistics.stdev(saved) if len(saved) > 1 else 0.0
            stopping.append(f"{least:.3f} / {statistics.mean(saved):.1%} ± {sd:.1%}")
        else:
            stopping.append("—")
    return (
        name,
        size,
        model,
        summary([m.wss95 for m in metrics]),
        summary([m.rrf10 for m in metrics]),
        summary([m.atd for m in metrics]),
        summary([m.loss for m in metrics]),
        *stopping,
    )


def bench_retrain(count: int, repeats: int) -> list[tuple[str, str, str, str]]:
    """Retrain and rank after one decision, through the ranking process as the app does (the
    features fitted once before, as when Screening opens), with 10% and with 60% of the
    records decided (a tenth of them included)."""
    made = generated_records(count)
    records = tuple(Record(f"r{i}", r["title"], "bench.ris", abstract=r["abstract"]) for i, r in enumerate(made))
    ids = tuple(r.id for r in records)
    process = RankingProcess()
    rows = []
    try:
        started = time.perf_counter()
        process.rank(RankingJob(0, ids, records, (ids[0],), (ids[1],), (True, False), DEFAULT_TARGET, 0.99))
        fitting = time.perf_counter() - started
        rng = np.random.default_rng(0)
        for share in (0.1, 0.6):
            decided = [ids[i] for i in rng.choice(count, int(count * share), replace=False)]
            relevant, irrelevant = tuple(decided[::10]), tuple(d for n, d in enumerate(decided) if n % 10)
            screened = tuple(n % 10 == 0 for n in range(len(decided)))
            job = RankingJob(1, ids, records, relevant, irrelevant, screened, DEFAULT_TARGET, 0.99)
            times = []
            for _ in range(repeats):
                started = time.perf_counter()
                process.rank(job)
                times.append(time.perf_counter() - started)
            rows.append(
                (f"{count:,}", f"{share:.0%}", f"{statistics.median(times) * 1000:,.0f} ms", f"{fitting:,.1f} s")
            )
    finally:
        process.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="one seed, the two smallest sets, 10,000 records")
    parser.add_argument("--held-out", action="store_true", help="only the sets the model was not tuned on")
    args = parser.parse_args()
    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="reviewer-bench-")  # features fitted afresh, not yours
    files = sorted(DATASETS.glob("*.csv"), key=lambda p: p.stat().st_size)
    if args.held_out:
        files = [f for f in files if f.stem.removeprefix("Cohen_2006_") not in TUNED_ON]
    if not files:
        print(f"no labelled datasets in {DATASETS}", file=sys.stderr)
        return
    seeds = SEEDS[:1] if args.quick else SEEDS
    rows = bench_models(files[:2] if args.quick else files, seeds)
    stops = tuple(f"stop at {c:.0%}: min recall / saved" for c in CONFIDENCES)
    header = ("dataset", "records", "model", "WSS@95", "RRF@10", "ATD (records)", "loss", *stops)
    print(f"\nPrioritised screening, title-abstract labels, {len(seeds)} seeds (mean ± SD)")
    print("stop: the BUSCAR aid at that confidence; the least recall in any run, and the mean share not screened")
    print("(tuned on): the model's settings were chosen on this set, so its row is in-sample; (held out): never")
    print_table(header, rows)
    timing = bench_retrain(10_000, 9) + ([] if args.quick else bench_retrain(100_000, 5))
    print("\nRetrain and rank after one decision, in the ranking process (median), and fitting the features once")
    print_table(("records", "decided", "retrain + rank", "features fitted (first ranking)"), timing)


if __name__ == "__main__":
    main()
