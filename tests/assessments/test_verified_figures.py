"""The norms, cut-offs and change thresholds are the figures checked against published copies.

Each figure here was confirmed from a found source (listed per figure in
docs/outcome-measures.md, "Sources of the numbers"); figures that could not be confirmed
(Springer 2007 single-leg means, the Whitney 2005 12 s cut-off) must not come back into scoring.
"""

from __future__ import annotations

import pytest

from coach.exercises.assessment_library import load_assessments
from coach.exercises.assessment_schema import AssessmentDefinition
from coach.exercises.library import load_library
from coach.store.outcome_changes import PAIN_MCID_POINTS, PSFS_MDC_POINTS


@pytest.fixture(scope="module")
def tests_by_id() -> dict[str, AssessmentDefinition]:
    return dict(load_assessments(load_library().exercises).assessments)


def _bands(test: AssessmentDefinition) -> list[tuple[str, int, int, float | None, float | None,
                                                      float | None]]:  # fmt: skip
    assert test.norms is not None
    return [(b.sex, b.age_min, b.age_max, b.low, b.high, b.typical) for b in test.norms.bands]


def test_chair_stand_bands_are_rikli_and_jones_middle_50_percent_and_cdc_below_average(
    tests_by_id: dict[str, AssessmentDefinition],
) -> None:
    chair = tests_by_id["chair_stand_30s"]
    ages = [(60, 64), (65, 69), (70, 74), (75, 79), (80, 84), (85, 89), (90, 94)]
    women = [(12, 17), (11, 16), (10, 15), (10, 15), (9, 14), (8, 13), (4, 11)]
    men = [(14, 19), (12, 18), (12, 17), (11, 17), (10, 15), (8, 14), (7, 12)]
    expected = [("female", *age, *band, None) for age, band in zip(ages, women, strict=True)]
    expected += [("male", *age, *band, None) for age, band in zip(ages, men, strict=True)]
    assert _bands(chair) == expected
    assert [(c.id, c.when) for c in chair.cutoffs] == [("fall_risk", "below_norm")]
    assert chair.mdc is not None and chair.mdc.value == 2.5 and "Gill" in chair.mdc.source.citation


def test_five_times_sit_to_stand_keeps_only_confirmed_figures(
    tests_by_id: dict[str, AssessmentDefinition],
) -> None:
    sts = tests_by_id["five_times_sit_to_stand"]
    assert _bands(sts) == [("any", 60, 69, None, 11.4, None), ("any", 70, 79, None, 12.6, None),
                           ("any", 80, 89, None, 14.8, None)]  # fmt: skip
    assert [(c.id, c.when, c.value, c.age_min) for c in sts.cutoffs] == [
        ("fall_risk", "at_least", 15, 65)
    ]  # Buatois 2008; the unconfirmed 12 s balance-disorder cut-off is gone
    assert sts.mdc is not None and sts.mdc.value == 2.5 and "Goldberg" in sts.mdc.source.citation


def test_balance_tests_use_cdc_tandem_cut_off_and_bohannon_single_leg_means(
    tests_by_id: dict[str, AssessmentDefinition],
) -> None:
    staged = tests_by_id["four_stage_balance"]
    assert [(c.id, c.when, c.value) for c in staged.cutoffs] == [("fall_risk", "below", 3)]
    assert staged.norms is None and staged.mdc is None
    stance = tests_by_id["single_leg_stance_time"]
    assert _bands(stance) == [("any", 60, 69, None, None, 27.0), ("any", 70, 79, None, None, 17.2),
                              ("any", 80, 99, None, None, 8.5)]  # fmt: skip
    assert stance.norms is not None and "Bohannon" in stance.norms.source.citation
    assert [(c.id, c.when, c.value, c.age_min) for c in stance.cutoffs] == [
        ("fall_risk", "below", 5, 60)
    ]  # Vellas 1997
    assert stance.mdc is None


def test_no_unconfirmed_source_is_cited_in_scoring(
    tests_by_id: dict[str, AssessmentDefinition],
) -> None:
    for test in tests_by_id.values():
        cited = [test.norms.source.citation] if test.norms else []
        cited += [c.source.citation for c in test.cutoffs]
        cited += [test.mdc.source.citation] if test.mdc else []
        assert not any("Springer" in c or "Whitney" in c for c in cited), test.id


def test_prom_change_thresholds_are_farrar_and_stratford() -> None:
    assert PAIN_MCID_POINTS == 2  # Farrar 2001: about 2 points or 30 %
    assert PSFS_MDC_POINTS == 2  # Stratford 1995: MDC (90 %) of the average score
