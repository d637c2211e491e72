"""What "Practise one exercise" offers a patient (pure; no Streamlit).

The exercises of their plans first, then the ones their therapist allowed besides them,
labelled as such; nothing else. An allowed exercise that is also in a plan is listed once, as
prescribed; one that left the library since it was allowed is left out (and logged).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from coach.exercises.library import ExerciseLibrary
from coach.live.flow import PlanItem
from coach.store import AllowedExerciseInfo

logger = logging.getLogger(__name__)

ALLOWED_SUFFIX = " (extra, allowed by your therapist)"


@dataclass(frozen=True)
class PracticeChoice:
    """One exercise the patient may practise on its own.

    Attributes:
        exercise_key: Exercise id in the library.
        name: Name shown to the patient.
        allowed: True when it is an extra the therapist allowed, not part of a plan.
        note: The therapist's note to the patient about an allowed exercise ("" if none).
    """

    exercise_key: str
    name: str
    allowed: bool = False
    note: str = ""

    @property
    def label(self) -> str:
        """'Squat', or 'Heel raise (extra, allowed by your therapist)'."""
        return self.name + ALLOWED_SUFFIX if self.allowed else self.name


def practice_choices(
    prescribed: Sequence[PlanItem],
    allowed: Sequence[AllowedExerciseInfo],
    library: ExerciseLibrary,
) -> list[PracticeChoice]:
    """Prescribed exercises (in the order given), then allowed ones by name, each once."""
    choices = [PracticeChoice(item.exercise_key, item.name) for item in prescribed]
    seen = {choice.exercise_key for choice in choices}
    extras: list[PracticeChoice] = []
    for allowance in allowed:
        if allowance.exercise_key in seen:
            continue
        exercise = library.exercises.get(allowance.exercise_key)
        if exercise is None:
            logger.warning("allowed exercise %r is not in the library", allowance.exercise_key)
            continue
        seen.add(allowance.exercise_key)
        extras.append(PracticeChoice(exercise.id, exercise.name, True, allowance.note))
    return choices + sorted(extras, key=lambda choice: choice.name)
