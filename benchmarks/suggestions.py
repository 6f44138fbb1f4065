"""How well and how fast claims are suggested (#24): `python -m benchmarks.suggestions`.

1. Causal strength, macro-F1 with its bootstrap SD (sentences resampled), ours beside the
   grader on every sentence, the rules alone and plain keyword rules, in the same run:
   - Yu et al.'s 3,061 PubMed conclusions (EMNLP 2019), split by each sentence's hash (fixed
     before any was read, `tuned_on`): a third whose errors the rules were tuned on, and two
     thirds held out. The target (#24) is on the held-out two thirds.
   - Yu et al.'s 2,076 press-release sentences (COLING 2020), graded by the same guideline:
     tuned on, as the PubMed third.
   - 563 abstract conclusions of InSciOut (Sumner et al. 2014, Bratton et al. 2019), as Wright
     and Augenstein (EMNLP 2021) paired them (insciout_test.jsonl): coded on Sumner's scale by
     other annotators. Held out: its sentences were never read and its figure chose nothing.
   What was tuned and how is in the README. The grader (suggesting/grading.py) learns from
   sentences written for this project, its C chosen by cross-validation on those alone. None
   of these sets carries a licence, so none is shipped: `--data DIR` (or
   $REVIEWER_CAUSAL_DATA) names a folder holding annotated_pubmed.csv and annotated_eureka.csv
   from github.com/junwang4/correlation-to-causation-exaggeration (data/), and `--insciout
   FILE` (or $REVIEWER_INSCIOUT_DATA) data/insciout_test.jsonl of
   github.com/copenlu/scientific-exaggeration-detection at commit 6e535ca.
2. Precision and recall of the PICO tags (population, intervention, outcome) on EBM-NLP's
   expert-labelled test abstracts (Nye et al., ACL 2018; 191 abstracts, every token labelled
   P, I, O or none): a sentence states a PICO element when at least 2 of its tokens carry that
   label (fixed before the first run). The file carries no licence either, so it is read from
   `--pico FILE` (or $REVIEWER_PICO_DATA): acl_scripts/lstm-crf/data/test.txt of
   github.com/bepnye/EBM-NLP at commit 9a2a49b. Efficacy, safety and caveat have no such set.
3. The sample corpus: which of its known claims are suggested, with which tag.
4. Speed: every sentence of a 20-page text read, with the team's model learned from 300 quotes.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import random
import re
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.table import percentile, print_table
from reviewer.domain.claim import Claim
from reviewer.domain.record import Record
from reviewer.review.folder import bundled_corpus
from reviewer.suggesting.causal import STRENGTHS, causal_strength
from reviewer.suggesting.grading import C, grader, readings, trained, training_sentences
from reviewer.suggesting.learning import TeamModel
from reviewer.suggesting.suggest import SUGGEST_AT, read_sentences, suggestions
from reviewer.suggesting.tagging import BUILT_IN, rule_scores

LABELS = {"0": "none", "1": "correlational", "2": "conditional", "3": "causal"}  # the sets' README
SETS = (("annotated_pubmed.csv", "PubMed conclusions"), ("annotated_eureka.csv", "press releases (tuned on)"))
PUBMED = "annotated_pubmed.csv"  # split: a third to tune on, by each sentence's hash; two thirds held out
RESAMPLES = 200
KNOWN = (  # the sample corpus's claims (#24): words in the sentence, the tag it must be suggested with
    ("vertebroplasty-adjacent-fractures.txt", "4.62 times", "safety"),
    ("vertebroplasty-sham-controlled-trial.txt", "similar improvements", "efficacy"),
    ("vertebroplasty-adjacent-fractures.txt", "not absolute proof of cause and effect", "caveat"),
)
PAGE = 3_000  # characters on a page of a journal article's text layer, roughly


def keyword_rules(sentence: str) -> str:
    """The plain baseline: one keyword list per grade, tried strongest-hedge first."""
    lowered = sentence.lower()
    if re.search(r"associat|correlat|linked", lowered):
        return "correlational"
    causal = re.search(r"caus|increas|decreas|reduc|improv|lead to|led to|effective|prevent", lowered)
    if causal and re.search(r"\b(?:may|might|could)\b", lowered):
        return "conditional"
    return "causal" if causal else "none"


PICO = {"P": "population", "I": "intervention", "O": "outcome"}  # EBM-NLP's labels, our tags
PICO_TOKENS = 2  # a sentence states the element when this many of its tokens are labelled so
PICO_KEYWORDS = {  # the plain baseline: one keyword list per tag
    "population": re.compile(r"patients|participants|subjects|children|adults|women|men", re.IGNORECASE),
    "intervention": re.compile(r"treated|received|treatment|therapy|mg|dose", re.IGNORECASE),
    "outcome": re.compile(r"outcome|measured|assessed|score|end ?point", re.IGNORECASE),
}


def f1_of(gold: list[str], predicted: list[str], label: str) -> float:
    true_positive = sum(g == p == label for g, p in zip(gold, predicted, strict=True))
    said, there = predicted.count(label), gold.count(label)
    precision = true_positive / said if said else 0.0
    recall = true_positive / there if there else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def macro_f1(gold: list[str], predicted: list[str]) -> float:
    return statistics.mean(f1_of(gold, predicted, label) for label in STRENGTHS)


def bootstrap(gold: list, predicted: list, metric: Callable[[list, list], float] = macro_f1) -> tuple[float, float]:
    """`metric` (macro-F1 unless said) and its SD over sentences resampled with replacement."""
    rng = random.Random(0)
    n = len(gold)
    samples = []
    for _ in range(RESAMPLES):
        picks = [rng.randrange(n) for _ in range(n)]
        samples.append(metric([gold[i] for i in picks], [predicted[i] for i in picks]))
    return metric(gold, predicted), statistics.stdev(samples)


def tuned_on(sentence: str) -> bool:
    """Whether a PubMed conclusion is in the third the rules may be tuned on (fixed by its hash,
    before any was read)."""
    return hashlib.blake2b(sentence.encode("utf-8"), digest_size=8).digest()[0] % 3 == 0


def causal_sets(data: Path | None, insciout: Path | None) -> list[tuple[str, list[tuple[str, str]]]]:
    """Each labelled set found, as (what it is, [(sentence, grade)])."""
    sets = []
    if data is not None and all((data / name).exists() for name, _ in SETS):
        for name, what in SETS:
            with (data / name).open(encoding="utf-8", newline="") as handle:
                labelled = [(row["sentence"], LABELS[row["label"]]) for row in csv.DictReader(handle)]
            if name != PUBMED:
                sets.append((what, labelled))
                continue
            third = [tuned_on(sentence) for sentence, _ in labelled]
            sets.append((f"{what}, two thirds (held out)", [p for p, t in zip(labelled, third, strict=True) if not t]))
            sets.append((f"{what}, a third (tuned on)", [p for p, t in zip(labelled, third, strict=True) if t]))
    if insciout is not None and insciout.exists():
        with insciout.open(encoding="utf-8") as handle:
            pairs = [json.loads(line) for line in handle if line.strip()]
        labelled = [(pair["abstract_conclusion"], LABELS[str(pair["abstract_strength"])]) for pair in pairs]
        sets.append(("InSciOut abstract conclusions (held out)", labelled))
    return sets


def causal_table(sets: list[tuple[str, list[tuple[str, str]]]]) -> None:
    rows = []
    for what, labelled in sets:
        gold = [label for _, label in labelled]
        sentences = [sentence for sentence, _ in labelled]
        rules = [causal_strength(sentence) for sentence in sentences]
        for model, predicted in (
            ("ours: the rules, the grader where they find no cue", [r.strength for r in readings(sentences)]),
            ("ours, the grader on every sentence", grader().grades(sentences, rules)),
            ("ours, the rules alone", [rule.strength for rule in rules]),
            ("keyword rules", [keyword_rules(sentence) for sentence in sentences]),
        ):
            f1, sd = bootstrap(gold, predicted)
            per_class = " / ".join(f"{f1_of(gold, predicted, label):.2f}" for label in STRENGTHS)
            rows.append([what, str(len(labelled)), model, f"{f1:.3f} ± {sd:.3f}", per_class])
    print("Causal strength, on sets nothing was trained on; 'tuned on' rows chose the rules (macro-F1 ± bootstrap SD)")
    print_table(["set", "sentences", "model", "macro-F1", "F1 none / corr. / cond. / causal"], rows)


def pico_sentences(path: Path) -> list[tuple[str, set[str]]]:
    """EBM-NLP's CoNLL-style file as sentences (tokens joined by spaces) and the tags they state."""
    sentences: list[tuple[str, set[str]]] = []
    words: list[str] = []
    labels: list[str] = []
    for line in [*path.read_text("utf-8").splitlines(), ""]:
        parts = line.split()
        if len(parts) >= 3 and parts[0] != "-DOCSTART-":
            words.append(parts[0])
            labels.append(parts[-1])
        elif words:
            stated = {tag for label, tag in PICO.items() if labels.count(label) >= PICO_TOKENS}
            sentences.append((" ".join(words), stated))
            words, labels = [], []
    return sentences


def _share(among: list[bool], of: list[bool]) -> float:
    """The share of the `among` that are also `of` (recall: among the gold, the said)."""
    hits = sum(a and b for a, b in zip(among, of, strict=True))
    return hits / sum(among) if sum(among) else 0.0


def pico_table(path: Path) -> None:
    sentences = pico_sentences(path)
    rows = []
    for tag in PICO.values():
        gold = [tag in stated for _, stated in sentences]
        for model, said in (
            ("ours (rules)", [rule_scores(text).get(tag, 0.0) >= SUGGEST_AT for text, _ in sentences]),
            ("keyword rules", [bool(PICO_KEYWORDS[tag].search(text)) for text, _ in sentences]),
        ):
            precision, precision_sd = bootstrap(gold, said, lambda g, s: _share(s, g))
            recall, recall_sd = bootstrap(gold, said, _share)
            rows.append(
                [
                    tag,
                    f"{sum(gold):,}",
                    model,
                    f"{precision:.2f} ± {precision_sd:.2f}",
                    f"{recall:.2f} ± {recall_sd:.2f}",
                ]
            )
    print(f"\nPICO tags on EBM-NLP's expert-labelled test abstracts ({len(sentences):,} sentences; ± bootstrap SD)")
    print_table(["tag", "sentences stating it", "model", "precision", "recall"], rows)


def cross_validation_table() -> None:
    """How the grader's C was chosen: 5-fold cross-validation on our own sentences only."""
    sentences, labels = training_sentences()
    folds = 5
    order = list(range(len(sentences)))
    random.Random(0).shuffle(order)
    table = []
    for c in (1.0, 4.0, 16.0):
        gold: list[str] = []
        predicted: list[str] = []
        for fold in range(folds):
            held = set(order[fold::folds])
            train = [i for i in order if i not in held]
            test = [sentences[i] for i in order if i in held]
            fitted = trained([sentences[i] for i in train], [labels[i] for i in train], c)
            predicted += fitted.grades(test, [causal_strength(s) for s in test])
            gold += [labels[i] for i in order if i in held]
        table.append([f"grader, C = {c:g}", f"{macro_f1(gold, predicted):.3f}"])
    rules = [causal_strength(sentence).strength for sentence in sentences]
    table.append(["rules alone", f"{macro_f1(labels, rules):.3f}"])
    print(f"\nThe grader's C, chosen by {folds}-fold cross-validation on our {len(sentences):,} sentences (macro-F1)")
    print_table(["model", "macro-F1"], table)


def corpus_table() -> None:
    rows = []
    for name, words, tag in KNOWN:
        record = Record(id=name, title=name, source=name, text=(bundled_corpus() / name).read_text("utf-8"))
        found = next((s for s in suggestions(record, BUILT_IN, [], []) if words in s.exact), None)
        said = f"{', '.join(found.tags)} · {found.causal} · {found.flag or '-'}" if found else "not suggested"
        rows.append([f"“{words}”", tag, said, "yes" if found and found.tag == tag else "no"])
    print("\nThe sample corpus's known claims")
    print_table(["claim", "tag wanted", "suggested (tags · causal · caveat)", "first tag right"], rows)


def speed_table(repeats: int) -> None:
    texts = [(bundled_corpus() / name).read_text("utf-8") for name, _, _ in KNOWN[:2]]
    text = ""
    while len(text) < 20 * PAGE:
        text += "\n\n".join(texts) + "\n\n"
    record = Record(id="r", title="t", source="t.pdf", text=text, page_starts=tuple(range(0, len(text), PAGE)))
    sentences = read_sentences(record, BUILT_IN)
    rng = random.Random(1)
    quotes = [rng.choice(sentences) for _ in range(300)]
    claims = [Claim("r", "A", s.exact, "", "", s.start, s.end, (rng.choice(BUILT_IN),)) for s in quotes]
    rows = []
    training = training_sentences()
    started = time.perf_counter()
    trained(*training, C)
    rows.append(
        ["train the causal grader (the first session)", f"{(time.perf_counter() - started) * 1000:,.0f} ms", ""]
    )
    grader()  # kept in the cache folder
    grader.cache_clear()
    started = time.perf_counter()
    grader()
    rows.append(
        ["read it from the cache (each later session)", f"{(time.perf_counter() - started) * 1000:,.0f} ms", ""]
    )
    for what, run in (
        ("learn from 300 quotes", lambda: TeamModel.learned_from(claims, [])),
        ("read every sentence (rules, causal grader)", lambda: read_sentences(record, BUILT_IN)),
        (
            "read every sentence (rules + team model)",
            lambda: read_sentences(record, BUILT_IN, TeamModel.learned_from(claims, [])),
        ),
        ("keyword rules alone (baseline)", lambda: [keyword_rules(s.exact) for s in sentences]),
    ):
        run()  # warm: scikit-learn's import is paid once per session, in the worker
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            run()
            times.append(time.perf_counter() - started)
        rows.append([what, f"{statistics.median(times) * 1000:,.1f} ms", f"{percentile(times, 0.95) * 1000:,.1f} ms"])
    print(f"\nSpeed: a 20-page text ({len(text):,} characters, {len(sentences)} sentences), {repeats} runs")
    print_table(["what", "median", "p95"], rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=os.environ.get("REVIEWER_CAUSAL_DATA"))
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--pico", type=Path, default=os.environ.get("REVIEWER_PICO_DATA"))
    parser.add_argument("--insciout", type=Path, default=os.environ.get("REVIEWER_INSCIOUT_DATA"))
    parser.add_argument("--cross-validate", action="store_true", help="how the grader's C was chosen (minutes)")
    args = parser.parse_args()
    if args.cross_validate:
        cross_validation_table()
    sets = causal_sets(Path(args.data) if args.data else None, Path(args.insciout) if args.insciout else None)
    if sets:
        causal_table(sets)
    else:
        print("Causal strength: skipped; --data DIR (or REVIEWER_CAUSAL_DATA) names the folder holding")
        print("annotated_pubmed.csv and annotated_eureka.csv, --insciout FILE (or REVIEWER_INSCIOUT_DATA)")
        print("insciout_test.jsonl (not shipped: the sets carry no licence)")
    if args.pico and Path(args.pico).exists():
        pico_table(Path(args.pico))
    else:
        print("\nPICO tags: skipped; --pico FILE (or REVIEWER_PICO_DATA) names EBM-NLP's test.txt (not shipped)")
    corpus_table()
    speed_table(args.repeats)


if __name__ == "__main__":
    main()
