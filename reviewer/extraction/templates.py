"""Forms a team adds to review.toml with `reviewer forms --add NAME`, as TOML it can then edit."""

from __future__ import annotations

TEMPLATES = {
    "pico": """
[[forms]]
key = "pico"
label = "Study characteristics (PICO)"
stage = "full-text"

[[forms.fields]]
key = "design"
label = "Design"
type = "choice"
choices = ["RCT", "cluster RCT", "non-randomised trial", "cohort", "case-control", "cross-sectional", "case series"]
section = "Study"

[[forms.fields]]
key = "participants"
label = "Participants randomised or enrolled"
type = "integer"
section = "Study"

[[forms.fields]]
key = "setting"
label = "Setting and country"
section = "Study"

[[forms.fields]]
key = "population"
label = "Population"
help = "Who was studied: condition, age, inclusion criteria"
section = "PICO"

[[forms.fields]]
key = "intervention"
label = "Intervention"
section = "PICO"

[[forms.fields]]
key = "comparator"
label = "Comparator"
section = "PICO"

[[forms.fields]]
key = "outcomes"
label = "Outcomes"
help = "Primary first, with how and when measured"
section = "PICO"

[[forms.fields]]
key = "funding"
label = "Funding and conflicts of interest"
section = "Study"
""",
    "outcomes": """
[[forms]]
key = "outcomes"
label = "Outcome data"
stage = "full-text"

[[forms.fields]]
key = "results"
label = "Results, one row per outcome, time point and arm"
type = "group"

[[forms.fields.fields]]
key = "outcome"
label = "Outcome"

[[forms.fields.fields]]
key = "timepoint"
label = "Time point"

[[forms.fields.fields]]
key = "arm"
label = "Arm"

[[forms.fields.fields]]
key = "role"
label = "Arm's role"
type = "choice"
choices = ["intervention", "comparator"]

[[forms.fields.fields]]
key = "n"
label = "Participants analysed"
type = "integer"

[[forms.fields.fields]]
key = "events"
label = "Events (dichotomous outcomes)"
type = "integer"

[[forms.fields.fields]]
key = "mean"
label = "Mean (continuous outcomes)"
type = "number"

[[forms.fields.fields]]
key = "sd"
label = "Standard deviation"
type = "number"
""",
}
