"""The end of a screening stage on the stopping aid's word (stored in the reviewer file's
`stage_ends` table): the records left unscreened are marked as excluded by the stopping rule,
counted in PRISMA as "records marked as ineligible by automation tools", never deleted. A later
entry with `ended` false takes it back; the latest entry of the team counts."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from reviewer.domain.decision import REVIEWER, Role, Stage
from reviewer.domain.document import Document, new_id, now_iso


@dataclass(frozen=True)
class StageEnd(Document):
    stage: Stage
    reviewer: str
    ended: bool  # False: a stage end taken back
    records: tuple[str, ...] = ()  # left unscreened when it ended, marked by the rule
    method: str = ""  # the stopping method, as its estimate names it
    statistic: str = ""  # the test's statistic and value, as said on screen ("BUSCAR p = 0.004")
    screened: int = 0
    target: float = 0.0  # the recall target, and the confidence it was shown at
    confidence: float = 0.0
    role: Role = REVIEWER
    at: str = dataclasses.field(default_factory=now_iso)
    id: str = dataclasses.field(default_factory=new_id)
