"""Layout pieces of the routine builder page: the exercise library and the item editor.

The draft itself (:class:`coach.app.routine_draft.RoutineDraft`) lives in session state; these
functions draw it and write the therapist's edits back into it.
"""

from __future__ import annotations

import logging

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from coach.app import builder_session, routine_draft
from coach.app.routine_draft import DraftItem, RoutineDraft, search_exercises
from coach.app.text import plain
from coach.exercises import ExerciseDefinition
from coach.exercises.library import ExerciseLibrary

logger = logging.getLogger(__name__)

SIDES = ("left", "right", "both", "alternating")
KIND_WORDS = {
    "reps": "Repetitions",
    "hold": "Timed hold",
    "balance": "Balance",
    "rom": "Range of motion",
}


def render_header(draft: RoutineDraft) -> None:
    """Name, id and purpose of the routine; the therapist's typing goes into the draft."""
    builder_session.seed_header(draft)
    name_col, id_col = st.columns([2, 1])
    draft.name = name_col.text_input("Routine name", key=builder_session.NAME_KEY)
    draft.routine_id = id_col.text_input(
        "Routine id",
        key=builder_session.ID_KEY,
        placeholder=routine_draft.routine_id_from_name(draft.name or "new routine"),
        help="Saving under the same id creates the next version of that routine.",
    )
    draft.description = st.text_area(
        "Purpose (shown to the patient)", key=builder_session.DESCRIPTION_KEY, height=68
    )


def render_yaml_editor(
    draft: RoutineDraft, yaml_problem: str, replaced_notice: DeltaGenerator
) -> None:
    """The routine as editable YAML with its check: the error of an edit that does not
    validate (from :func:`builder_session.take_up_yaml_edit`), else "valid".

    ``replaced_notice`` (an ``st.empty()`` above the tabs) says when a Builder-tab change has
    just replaced an edit here that did not validate."""
    replaced_problem = builder_session.sync_yaml_editor(draft)
    st.caption(
        "Edit the routine as YAML. It is checked as you type; valid changes update the builder."
    )
    st.text_area("Routine YAML", key=builder_session.YAML_KEY, height=420)
    if replaced_problem:  # a change in the Builder tab came after an edit that did not validate
        replaced_notice.warning(
            "Your last edit in the YAML tab had an error, so this change in the builder "
            f"replaced it. The error was: {replaced_problem}",
            icon=":material/warning:",
        )
    if yaml_problem and not replaced_problem:
        st.error(yaml_problem, icon=":material/error:")
    else:
        st.success("The YAML is valid.", icon=":material/check_circle:")


def render_library(library: ExerciseLibrary, draft: RoutineDraft) -> None:
    """Searchable exercise list; each entry explains the exercise and can be added."""
    st.subheader("Exercise library")
    query = st.text_input(
        "Search exercises",
        placeholder="e.g. knee, shoulder, balance, side view",
        key="builder.search",
    )
    matches = search_exercises(library, query or "")
    st.caption(f"{len(matches)} of {len(library.exercises)} exercises")
    for exercise in matches:
        with st.expander(f"**{plain(exercise.name)}** · {KIND_WORDS[exercise.kind]}"):
            _describe_exercise(exercise)
            if st.button("Add to routine", key=f"builder.add.{exercise.id}", icon=":material/add:"):
                draft.add(exercise)
                st.rerun()


def _describe_exercise(exercise: ExerciseDefinition) -> None:
    if exercise.description:
        st.markdown(plain(exercise.description))
    st.markdown(
        f"**Camera:** {plain(exercise.camera_view)} view · **Side:** {plain(exercise.side)} · "
        f"**Kind:** {KIND_WORDS[exercise.kind].lower()}"
    )
    measured = [
        f"- {plain(name.replace('_', ' '))} ({plain(m.unit)})"
        + (f": {plain(m.description)}" if m.description else "")
        for name, m in exercise.measurements.items()
    ]
    st.markdown("**What is measured**\n" + "\n".join(measured))
    if exercise.instructions:
        steps = "\n".join(f"{i}. {plain(step)}" for i, step in enumerate(exercise.instructions, 1))
        st.markdown("**Instructions**\n" + steps)
    targets = exercise.targets
    amount = f"{targets.reps} reps" if targets.reps else f"{targets.hold_s or 0:g} s hold"
    st.caption(f"Default: {targets.sets} sets of {amount}, {targets.rest_s:g} s rest")


def render_items(library: ExerciseLibrary, draft: RoutineDraft) -> None:
    """The routine's exercises in order, each with its settings, move and remove buttons."""
    st.subheader("Exercises in this routine")
    if not draft.items:
        st.info("No exercises yet. Search the library on the left and press **Add to routine**.")
        return
    for index, item in enumerate(list(draft.items)):
        exercise = library.exercises.get(item.exercise)
        title = exercise.name if exercise is not None else item.exercise
        with st.container(border=True):
            # One row that stays a row on a phone (columns would stack the three buttons).
            head = st.container(horizontal=True, vertical_alignment="center")
            head.markdown(f"**{index + 1}. {plain(title)}**", width="stretch")
            up = head.button("↑", key=f"builder.up.{item.uid}", disabled=index == 0, help="Move up")
            last = index == len(draft.items) - 1
            down = head.button("↓", key=f"builder.down.{item.uid}", disabled=last, help="Move down")
            if head.button("✕", key=f"builder.remove.{item.uid}", help="Remove"):
                draft.remove(index)
                st.rerun()
            if up or down:
                draft.move(index, -1 if up else 1)
                st.rerun()
            _edit_item(item, exercise)


def _edit_item(item: DraftItem, exercise: ExerciseDefinition | None) -> None:
    key = f"builder.item.{item.uid}"
    timed = exercise is not None and exercise.kind in ("hold", "balance")
    has_rom = exercise is None or exercise.rep is not None
    sets, amount, rest, side = st.columns(4)
    item.sets = sets.number_input(
        "Sets", 1, 20, value=item.sets, step=1, key=f"{key}.sets", placeholder="default"
    )
    if timed:
        item.hold_s = amount.number_input(
            "Hold (s)", 1.0, 3600.0, value=item.hold_s, step=5.0, key=f"{key}.hold", format="%.0f",
            placeholder="default",
        )  # fmt: skip
    else:
        item.reps = amount.number_input(
            "Reps per set", 1, 200, value=item.reps, step=1, key=f"{key}.reps",
            placeholder="default",
        )  # fmt: skip
    item.rest_s = rest.number_input(
        "Rest (s)", 0.0, 1800.0, value=item.rest_s, step=15.0, key=f"{key}.rest", format="%.0f",
        placeholder="default",
    )  # fmt: skip
    item.side = side.selectbox(
        "Side", SIDES, index=SIDES.index(item.side) if item.side in SIDES else None,
        key=f"{key}.side", placeholder="default",
    )  # fmt: skip
    rom, notes = st.columns([1, 3])
    if has_rom:
        item.rom_target_deg = rom.number_input(
            "ROM target (°)", 0.0, 180.0, value=item.rom_target_deg, step=5.0, format="%.0f",
            key=f"{key}.rom", placeholder="none",
        )  # fmt: skip
    item.notes = notes.text_input(
        "Notes for the patient", value=item.notes, key=f"{key}.notes",
        placeholder="e.g. keep the knee over the toes",
    ) or ""  # fmt: skip
