"""Runs inside the separate ASReview venv (`make bench` makes it): ASReview's own simulation of
its default model on the texts, labels and priors given as JSON on standard input; prints the
order screened (priors first) as JSON. It imports only ASReview, never reviewer.
"""

import json
import sys

import numpy as np
import pandas as pd
from asreview.learner import ActiveLearningCycle
from asreview.models.models import AI_MODEL_CONFIGURATIONS
from asreview.simulation.simulate import Simulate

job = json.load(sys.stdin)
texts = pd.DataFrame(job["texts"], columns=["title", "abstract"])
labels = np.asarray(job["labels"])
default = next(model for model in AI_MODEL_CONFIGURATIONS if model["name"] == job.get("model", "elas_u4"))
cycle = ActiveLearningCycle.from_meta(default["value"])
simulation = Simulate(texts, labels, [cycle], print_progress=False)  # stops once all relevant are found
simulation.label(job["priors"])
simulation.review()
order = [int(i) for i in simulation._results["record_id"]]  # noqa: SLF001 - ASReview 3 keeps the order only here
seen = set(order)
order += [i for i in range(len(labels)) if i not in seen]  # all irrelevant: their order changes no metric
print(json.dumps({"order": order, "asreview": __import__("asreview").__version__}))
