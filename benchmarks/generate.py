"""Realistic review exports for benchmarks: PubMed-like titles, abstracts, authors, years,
and a Zipf-distributed vocabulary of some 20,000 words.

Deterministic (seeded), so every run measures the same files. About 3% of records are
the same study again as another database would export it (for dedupe).
"""

from __future__ import annotations

import random
from pathlib import Path

WORDS = (
    "vertebroplasty kyphoplasty osteoporotic vertebral compression fracture fractures pain relief "
    "randomised randomized controlled trial sham placebo cement augmentation bone mineral density "
    "elderly women men patients cohort retrospective prospective outcome outcomes disability "
    "quality life follow-up months weeks incidence risk adjacent levels leakage embolism safety "
    "efficacy analgesic opioid conservative treatment management surgery percutaneous injection "
    "polymethylmethacrylate imaging magnetic resonance radiograph spine thoracic lumbar back "
    "functional score questionnaire visual analogue scale oswestry index mortality hospital "
    "cost effectiveness meta-analysis systematic review evidence bias heterogeneity subgroup "
    "association causation confounding adjusted hazard ratio odds interval significant"
).split()
FILLER = "the of and in with for to a was were on at by from than as we this that".split()
SYNTHETIC_WORDS = 20_000


def _vocabulary(seed: int = 11) -> tuple[list[str], list[float]]:
    """Content words with Zipf frequencies (word of rank r drawn in proportion to 1/r), as in
    real abstracts: the domain words spread over the first ranks, then many rare words."""
    rng = random.Random(seed)
    syllables = "ka lo mi ne ra to su ve pi do la ge ri mo tu xa ce fi zo be".split()
    synthetic = sorted({"".join(rng.choices(syllables, k=rng.randint(2, 5))) for _ in range(SYNTHETIC_WORDS * 2)})
    words = rng.sample(synthetic, SYNTHETIC_WORDS)
    for word in WORDS:  # the domain words take ranks among the first 2,000
        words.insert(rng.randrange(0, 2000), word)
    weights, total = [], 0.0
    for rank in range(1, len(words) + 1):
        total += 1 / rank
        weights.append(total)
    return words, weights


VOCABULARY, CUMULATIVE = _vocabulary()
SURNAMES = (
    "Smith Kallmes Buchbinder Klazen Firanescu Clark Wardlaw Rousing Blasco Trout "
    "Lee Chen Wang Garcia Müller Rossi Nguyen Kim Patel Silva"
).split()
JOURNALS = (
    "Spine",
    "The Lancet",
    "BMJ",
    "N Engl J Med",
    "Osteoporos Int",
    "AJNR Am J Neuroradiol",
    "J Bone Miner Res",
    "Eur Spine J",
)


def _sentence(rng: random.Random, words: int) -> str:
    content = rng.choices(VOCABULARY, cum_weights=CUMULATIVE, k=words)
    chosen = [word if rng.random() < 0.6 else rng.choice(FILLER) for word in content]
    return " ".join(chosen).capitalize() + "."


def make_record(rng: random.Random, number: int) -> dict:
    return {
        "title": _sentence(rng, rng.randint(8, 20)).rstrip("."),
        "authors": [f"{rng.choice(SURNAMES)}, {chr(65 + rng.randint(0, 25))}." for _ in range(rng.randint(1, 12))],
        "year": rng.randint(1990, 2025),
        "journal": rng.choice(JOURNALS),
        "doi": f"10.{1000 + number % 9000}/bench.{number}" if rng.random() < 0.7 else "",
        "abstract": " ".join(_sentence(rng, rng.randint(12, 28)) for _ in range(rng.randint(8, 14))),
        "keywords": rng.sample(WORDS, 4),
    }


def records(count: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    made = [make_record(rng, n) for n in range(count)]
    for index in rng.sample(range(count), count * 3 // 100):  # the same study, another database
        original = dict(made[rng.randrange(count)])
        original["title"] = original["title"].upper() if rng.random() < 0.5 else original["title"] + "."
        original["doi"] = ""
        made[index] = original
    return made


def write_ris(path: Path, count: int) -> Path:
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for record in records(count):
            out.write("TY  - JOUR\n")
            out.write(f"TI  - {record['title']}\n")
            for author in record["authors"]:
                out.write(f"AU  - {author}\n")
            out.write(f"PY  - {record['year']}\nJO  - {record['journal']}\n")
            if record["doi"]:
                out.write(f"DO  - {record['doi']}\n")
            out.write(f"AB  - {record['abstract']}\n")
            for keyword in record["keywords"]:
                out.write(f"KW  - {keyword}\n")
            out.write("ER  - \n\n")
    return path


SCREENED_SHARE = 0.6  # of the records, decided by the benchmark reviewer at title-abstract
FULL_TEXT_SHARE = 0.005  # of the records, with a full text in corpus/fulltext/
CLAIMS_PER_FULL_TEXT = 12
REASONS = ("wrong population", "wrong intervention", "wrong study design", "not primary research")


def add_screening_and_claims(review, reviewer: str = "Bench", seed: int = 5) -> tuple[int, int]:
    """A review in progress: decisions on 60% of the records (about 10% include, 80%
    exclude with a reason, 10% maybe), and full texts for 0.5% of them, a dozen tagged
    claims on each. Returns (decisions, claims) written."""
    from reviewer.annotating.placing import new_claim
    from reviewer.domain.decision import TITLE_ABSTRACT, Decision
    from reviewer.review.folder import FULL_TEXT_DIR, bundled_corpus, full_text_name
    from reviewer.review.identity import slug

    rng = random.Random(seed)
    records = review.records()
    sample_texts = [path.read_text(encoding="utf-8") for path in sorted(bundled_corpus().iterdir())]
    store = review.open_store(slug(reviewer), reviewer)
    decisions = claims = 0
    for record in rng.sample(records, int(len(records) * SCREENED_SHARE)):
        roll = rng.random()
        if roll < 0.1:
            decision, reason = "include", ""
        elif roll < 0.9:
            decision, reason = "exclude", rng.choice(REASONS)
        else:
            decision, reason = "maybe", ""
        store.put_decision(Decision(record.id, reviewer, TITLE_ABSTRACT, decision, reason))
        decisions += 1
    full_texts = review.corpus_dir / FULL_TEXT_DIR
    full_texts.mkdir(exist_ok=True)
    tags = [tag.key for tag in review.config.tags]
    for record in rng.sample(records, max(1, int(len(records) * FULL_TEXT_SHARE))):
        text = rng.choice(sample_texts)
        (full_texts / f"{full_text_name(record.id)}.txt").write_text(text, encoding="utf-8")
        for _ in range(CLAIMS_PER_FULL_TEXT):
            start = rng.randrange(0, len(text) - 200)
            end = start + rng.randint(40, 180)
            store.put_claim(new_claim(record.id, reviewer, text, start, end, (rng.choice(tags),)))
            claims += 1
    store.close()
    return decisions, claims
