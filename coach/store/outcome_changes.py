"""Change in patient-reported outcomes that counts, with the thresholds' sources.

Pain uses a clinically important difference (Farrar 2001); the PSFS uses its minimal detectable
change (Stratford 1995 published the 2- and 3-point figures as detectable change at 90 %
confidence, not as a clinically important difference), so a PSFS change past it is called real,
not clinically important.

Pure functions over stored ratings (oldest first). A change smaller than the threshold may be
real but is not reliably more than day-to-day variation.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from coach.store.outcome_dto import PainRatingInfo, PsfsRatingInfo

#: Pain NRS: a 2-point (or 30 %) reduction is clinically important.
PAIN_MCID_POINTS = 2
PAIN_SOURCE = (
    "Farrar JT, Young JP Jr, LaMoreaux L, Werth JL, Poole RM. Clinical importance of changes in "
    "chronic pain intensity measured on an 11-point numerical pain rating scale. Pain. "
    "2001;94(2):149-158."
)
#: PSFS: minimal detectable change (90 % CI), 2 points on the average score (3 for one activity).
PSFS_MDC_POINTS = 2
PSFS_SOURCE = (
    "Stratford P, Gill C, Westaway M, Binkley J. Assessing disability and change on individual "
    "patients: a report of a patient specific measure. Physiother Can. 1995;47(4):258-263."
)


@dataclass(frozen=True, slots=True)
class ChangeReading:
    """First and last value of a measure over a period and whether the change is important.

    Attributes:
        measure: what was compared, in words.
        first / last: the values compared.
        threshold: the smallest change that counts, in the measure's points.
        meaning: what reaching it means: ``clinically important`` or ``real`` (past the
            minimal detectable change).
        important: ``abs(last - first)`` reaches ``threshold``.
    """

    measure: str
    first: float
    last: float
    threshold: float
    source: str
    meaning: str = "clinically important"

    @property
    def change(self) -> float:
        return self.last - self.first

    @property
    def important(self) -> bool:
        return abs(self.change) >= self.threshold


def pain_change(ratings: Sequence[PainRatingInfo]) -> ChangeReading | None:
    """Pain before sessions: the first against the last rating (``None`` with fewer than 2)."""
    before = [r for r in ratings if r.moment == "before"]
    if len(before) < 2:
        return None
    return ChangeReading("Pain before sessions (0-10)", before[0].score, before[-1].score,
                         PAIN_MCID_POINTS, PAIN_SOURCE)  # fmt: skip


def psfs_rounds(ratings: Sequence[PsfsRatingInfo]) -> list[tuple[str, float]]:
    """Average PSFS score per day of rating (ISO date, mean of the activities rated that day)."""
    by_day: dict[str, list[int]] = defaultdict(list)
    for rating in ratings:
        by_day[rating.recorded_at.date().isoformat()].append(rating.score)
    return [(day, sum(scores) / len(scores)) for day, scores in sorted(by_day.items())]


def psfs_change(ratings: Sequence[PsfsRatingInfo]) -> ChangeReading | None:
    """Average PSFS score: the first rating day against the last (``None`` with fewer than 2)."""
    rounds = psfs_rounds(ratings)
    if len(rounds) < 2:
        return None
    return ChangeReading("PSFS average score (0-10)", rounds[0][1], rounds[-1][1],
                         PSFS_MDC_POINTS, PSFS_SOURCE, meaning="real")  # fmt: skip
