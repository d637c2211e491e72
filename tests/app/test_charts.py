"""Chart builders and dashboard tables, from hand-made service records (no Streamlit)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from coach.app import charts, outcome_charts, progress
from coach.exercises.rom_target import RomTargetMeasure
from coach.render.progress_report.model import AssessmentPoint, AssessmentSeries, PsfsPoint
from coach.store import (
    BalanceInfo,
    CueInfo,
    HoldInfo,
    SessionDetail,
    SessionInfo,
    SessionStatus,
    SetInfo,
    StoredRep,
    WeeklyAdherence,
)
from coach.store.rom_progress import rom_points, rom_summary
from tests.support.reps import completed_rep

MONDAY = date(2026, 11, 9)
T0 = datetime(2026, 11, 9, 9, 0, tzinfo=UTC)


def _session(
    session_id: int, day_offset: int, status: SessionStatus, rep_count: int = 14
) -> SessionInfo:
    start = T0 + timedelta(days=day_offset)
    return SessionInfo(id=session_id, patient_id=7, prescription_id=1, routine_name="Knee",
                       backend="movenet-lightning", status=status, started_at=start,
                       ended_at=start + timedelta(minutes=20), last_activity_at=start,
                       set_count=2, rep_count=rep_count, is_demo=False)  # fmt: skip


def _rep(index: int, rom_max_deg: float) -> StoredRep:
    rep = completed_rep(index + 1, index * 3000, index * 3000 + 2500, rom_min_deg=10.0,
                        rom_max_deg=rom_max_deg, concentric_s=1.0, eccentric_s=1.5)  # fmt: skip
    return StoredRep(rep=rep, recorded_at=T0)


def _set(set_id: int, key: str, index: int, reps: int, target: int | None) -> SetInfo:
    return SetInfo(id=set_id, exercise_key=key, set_index=index, side=None, target_reps=target,
                   target_hold_s=None, achieved_reps=reps, achieved_hold_s=None, started_at=T0,
                   ended_at=T0, reps=tuple(_rep(i, 60.0 + i) for i in range(reps)))  # fmt: skip


def _detail(session: SessionInfo, sets: tuple[SetInfo, ...]) -> SessionDetail:
    cue = CueInfo(at_ms=4200, code="chest_up", message="Chest up", severity="warning",
                  set_id=None, recorded_at=T0)  # fmt: skip
    return SessionDetail(session=session, sets=sets, cues=(cue,))


def test_the_calendar_counts_completed_sessions_per_weekday_and_blanks_the_future() -> None:
    sessions = [
        _session(1, 0, SessionStatus.COMPLETED),  # Monday, week 1
        _session(2, 0, SessionStatus.COMPLETED),  # a second one that Monday
        _session(3, 2, SessionStatus.INTERRUPTED),  # not counted
        _session(5, 3, SessionStatus.COMPLETED, rep_count=0),  # no exercise: not counted
        _session(4, 8, SessionStatus.COMPLETED),  # Tuesday, week 2
    ]
    weeks = [WeeklyAdherence(MONDAY, 2, 3), WeeklyAdherence(MONDAY + timedelta(weeks=1), 1, 3)]
    figure = charts.adherence_calendar(sessions, weeks, today=MONDAY + timedelta(days=9)).figure
    heat = figure.data[0]
    assert list(heat.y) == list(charts.WEEKDAYS)
    assert list(heat.x) == ["09 Nov<br>2 of 3", "16 Nov<br>1 of 3"]
    assert [row[0] for row in heat.z] == [2.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
    assert [row[1] for row in heat.z] == [0.0, 1.0, 0.0, None, None, None, None]


def test_reps_chart_draws_done_as_bars_and_the_prescription_as_a_line() -> None:
    detail = _detail(_session(1, 0, SessionStatus.COMPLETED),
                     (_set(1, "squat", 0, 8, 10), _set(2, "squat", 1, 6, 10)))  # fmt: skip
    rows = progress.exercise_session_rows([detail])
    assert [(r.sets_done, r.reps_done, r.reps_target) for r in rows] == [(2, 14, 20)]
    figure = charts.reps_against_target(rows, "Squat").figure
    bar, line = figure.data
    assert (bar.type, list(bar.x), list(bar.y)) == ("bar", ["09 Nov"], [14])
    assert (line.name, list(line.y)) == ("Reps prescribed", [20])


def test_rom_chart_plots_the_value_the_target_refers_to_with_the_target_as_a_line() -> None:
    squat = RomTargetMeasure("highest_angle", "knee_flexion")
    details = [
        _detail(_session(1, 0, SessionStatus.COMPLETED), (_set(1, "squat", 0, 2, 10),)),
        _detail(_session(2, 2, SessionStatus.COMPLETED), (_set(2, "squat", 0, 3, 10),)),
        _detail(_session(3, 4, SessionStatus.COMPLETED), (_set(3, "lunge", 0, 3, 10),)),
    ]
    points = rom_points(details, "squat", squat)
    assert [(p.session_id, p.best_deg, p.mean_deg) for p in points] == [
        (1, 61.0, 60.5), (2, 62.0, 61.0)]  # fmt: skip
    chart = charts.rom_over_time(points, "Squat", 75.0, squat)
    figure = chart.figure
    assert list(figure.data[0].y) == [61.0, 62.0]
    assert [shape.y0 for shape in figure.layout.shapes] == [75.0]
    assert chart.title == "Squat: highest knee flexion"
    assert figure.layout.title.text is None  # the page shows it as text (it wraps)
    assert figure.layout.yaxis.title.text == "Highest knee flexion (°)"
    assert not charts.rom_over_time(points, "Squat", None, squat).figure.layout.shapes
    summary = rom_summary(points, squat, 75.0)
    assert summary.endswith("Target 75° reached in 0 of 2 sessions.")


def test_a_knee_extension_chart_plots_the_lowest_bend_not_the_resting_bend() -> None:
    deficit = RomTargetMeasure("lowest_angle", "knee_flexion")
    reps = tuple(
        StoredRep(rep=completed_rep(i, 0, 2000, rom_min_deg=low, rom_max_deg=70.0,
                                    side="left"), recorded_at=T0)
        for i, low in enumerate((22.0, 18.0), start=1)
    )  # fmt: skip
    knee_set = SetInfo(id=1, exercise_key="seated_knee_extension", set_index=0, side="left",
                       target_reps=12, target_hold_s=None, achieved_reps=2, achieved_hold_s=None,
                       started_at=T0, ended_at=T0, reps=reps)  # fmt: skip
    detail = _detail(_session(1, 0, SessionStatus.COMPLETED), (knee_set,))
    (point,) = rom_points([detail], "seated_knee_extension", deficit)
    assert (point.best_deg, point.mean_deg) == (18.0, 20.0)  # never the 70° resting bend
    figure = charts.rom_over_time([point], "Seated knee extension", 10.0, deficit).figure
    assert figure.layout.annotations[0].text == "Target 10° (at most)"
    table = progress.rep_table(detail, {"seated_knee_extension": deficit})
    assert [row["Against target (°)"] for row in table] == [22.0, 18.0]
    assert [row["Range (°)"] for row in table] == [48.0, 52.0]


def test_balance_and_hold_rows_feed_the_sway_and_hold_charts() -> None:
    stance = SetInfo(id=9, exercise_key="single_leg_stance", set_index=0, side="left",
                     target_reps=None, target_hold_s=30.0, achieved_reps=0, achieved_hold_s=None,
                     started_at=T0, ended_at=T0,
                     balances=(BalanceInfo(22.5, 1.8, 3.0, 1, T0),),
                     holds=(HoldInfo(30.0, 28.0, False, T0),))  # fmt: skip
    detail = _detail(_session(1, 0, SessionStatus.COMPLETED), (stance,))
    balances = progress.balance_rows([detail])
    holds = progress.hold_rows([detail])
    sway = charts.sway_over_time(balances).figure
    assert [list(trace.y) for trace in sway.data] == [[1.8]]
    hold = charts.hold_times(holds, balances).figure
    assert [list(trace.y) for trace in hold.data] == [[28.0, 22.5]]
    assert [shape.y0 for shape in hold.layout.shapes] == [30.0]


def test_the_rep_table_gives_range_and_tempo_in_seconds() -> None:
    detail = _detail(_session(1, 0, SessionStatus.COMPLETED), (_set(1, "squat", 0, 2, 10),))
    table = progress.rep_table(detail)
    assert [(r["Set"], r["Rep"], r["Range (°)"]) for r in table] == [(1, 1, 50.0), (1, 2, 51.0)]
    assert (table[0]["Lowering (s)"], table[0]["Lifting (s)"], table[0]["Whole rep (s)"]) == (
        1.5, 1.0, 2.5)  # fmt: skip
    assert progress.cue_table(detail) == [{"At (s)": 4.2, "Severity": "warning", "Cue": "Chest up"}]


def test_session_labels_add_the_time_only_when_a_day_has_two_sessions() -> None:
    moments = [T0, T0 + timedelta(hours=8), T0 + timedelta(days=1)]
    assert charts.session_labels(moments) == ["09 Nov 09:00", "09 Nov 17:00", "10 Nov"]


def test_outcome_charts_carry_their_title_apart_and_name_each_psfs_activity_as_text() -> None:
    chart = outcome_charts.psfs_figure([PsfsPoint(T0, "<a href='http://x'>Stairs</a>", 4)])
    assert chart.title == "PSFS (0 = unable, 10 = as before)"
    assert chart.figure.layout.title.text is None
    assert chart.figure.data[0].name == "&lt;a href=&#x27;http://x&#x27;&gt;Stairs&lt;/a&gt;"
    assert chart.figure.layout.showlegend  # the one activity's name is shown


def test_the_rep_table_shows_each_reps_side_and_both_arcs_when_measured() -> None:
    both_legs = completed_rep(1, 0, 2500, rom_min_deg=5.0, rom_max_deg=90.0,
                              rom_left_deg=88.0, rom_right_deg=72.0)  # fmt: skip
    unseen = completed_rep(2, 3000, 5500, rom_min_deg=5.0)
    squat = SetInfo(id=1, exercise_key="squat", set_index=0, side=None, target_reps=10,
                    target_hold_s=None, achieved_reps=2, achieved_hold_s=None, started_at=T0,
                    ended_at=T0, reps=(StoredRep(rep=both_legs, recorded_at=T0),
                                       StoredRep(rep=unseen, recorded_at=T0)))  # fmt: skip
    table = progress.rep_table(_detail(_session(1, 0, SessionStatus.COMPLETED), (squat,)))
    assert [(r["Side"], r["Left arc (°)"], r["Right arc (°)"]) for r in table] == [
        ("both", 88.0, 72.0), ("both", None, None)]  # fmt: skip
    assert table[0]["Left/right difference (%)"] == pytest.approx(20.0)
    assert table[1]["Highest angle (°)"] is None and table[1]["Range (°)"] is None
    one_sided = progress.rep_table(_detail(_session(1, 0, SessionStatus.COMPLETED),
                                           (_set(1, "squat", 0, 1, 10),)))  # fmt: skip
    assert "Left arc (°)" not in one_sided[0]  # no empty columns when no rep measured both


def _five_stands(*seconds: float) -> AssessmentSeries:
    points = tuple(AssessmentPoint(T0 + timedelta(weeks=i), {"result": s}, "")
                   for i, s in enumerate(seconds))  # fmt: skip
    return AssessmentSeries(
        "five_times_sit_to_stand", "Five times sit-to-stand", "s", False, None, None, 12.6,
        "70–79 y", 2.5, "", points, "",
    )  # fmt: skip


def test_a_lower_is_better_test_runs_downwards_with_room_around_the_best_result() -> None:
    chart = outcome_charts.assessment_figure(_five_stands(16.9, 16.0, 14.7, 12.5, 12.7))
    bottom, top = chart.figure.layout.yaxis.range
    # Better is up: the axis runs from slow (bottom) to fast (top).
    assert bottom > top
    # Everything drawn (results 12.5..16.9, norm line 12.6, MDC band 14.4..19.4) is inside with
    # 12 % of its span (6.9 s) to spare: the best result is not on the chart's top edge.
    assert top == pytest.approx(12.5 - 0.12 * 6.9) and bottom == pytest.approx(19.4 + 0.12 * 6.9)


def test_one_result_without_norms_still_gets_a_range_around_it() -> None:
    series = _five_stands(14.0)
    lone = AssessmentSeries(series.assessment_id, series.name, "s", True, None, None, None, "",
                            None, "", series.points, "")  # fmt: skip
    assert list(outcome_charts.assessment_figure(lone).figure.layout.yaxis.range) == pytest.approx(
        [14.0 - 0.12 * 14.0, 14.0 + 0.12 * 14.0]
    )
