"""Routine builder: pick exercises, set the targets, edit as YAML, save a new version."""

from __future__ import annotations

import streamlit as st

from coach.app import builder_view, routine_draft, state
from coach.app.resources import exercise_library
from coach.app.text import plain
from coach.exercises import ExerciseDefinitionError
from coach.exercises.library import dump_routine_yaml
from coach.store import Role, StoreError

state.require_role(Role.THERAPIST, Role.ADMIN)
clinic = state.service()
library = exercise_library()

DRAFT_KEY = "builder.draft"
YAML_KEY = "builder.yaml"
YAML_SHOWN_KEY = "builder.yaml_shown"
SELECTED_ROUTINE_KEY = "coach.selected_routine_id"


def replace_draft(new_draft: routine_draft.RoutineDraft) -> None:
    """Swap the draft and drop the header widgets' state so they show the new values."""
    st.session_state[DRAFT_KEY] = new_draft
    for key in ("builder.name", "builder.id", "builder.desc"):
        st.session_state.pop(key, None)


draft: routine_draft.RoutineDraft = st.session_state.setdefault(
    DRAFT_KEY, routine_draft.RoutineDraft()
)

st.title("Routine builder")
saved = clinic.plans.list_routines()
sources = {f"{r.name} · saved version {r.version}": r.yaml_text for r in saved}
saved_ids = {r.routine_key for r in saved}
for template in library.routines.values():
    if template.id not in saved_ids:
        sources[f"{template.name} · library template"] = dump_routine_yaml(template)

with st.container(border=True):
    pick, open_button, new_button = st.columns([4, 1, 1], vertical_alignment="bottom")
    chosen = pick.selectbox("Open a routine to edit", list(sources), index=None, key="builder.src")
    if open_button.button("Open", disabled=chosen is None, width="stretch") and chosen:
        opened, problem = routine_draft.parse_yaml_draft(sources[chosen], library)
        if opened is None:
            st.error(f"This routine cannot be opened: {plain(problem)}")
        else:
            replace_draft(opened)
            st.rerun()
    if new_button.button("New", icon=":material/add:", width="stretch"):
        replace_draft(routine_draft.RoutineDraft())
        st.rerun()

name_col, id_col = st.columns([2, 1])
draft.name = name_col.text_input("Routine name", value=draft.name, key="builder.name")
draft.routine_id = id_col.text_input(
    "Routine id",
    value=draft.routine_id,
    key="builder.id",
    placeholder=routine_draft.routine_id_from_name(draft.name or "new routine"),
    help="Saving under the same id creates the next version of that routine.",
)
draft.description = st.text_area(
    "Purpose (shown to the patient)", value=draft.description, key="builder.desc", height=68
)

# The YAML tab is drawn below the Save button: find out now whether it holds an edit that does
# not validate, so Save never stores the last valid builder state and drops that edit silently.
typed_yaml = st.session_state.get(YAML_KEY)
yaml_problem = ""
if typed_yaml is not None and typed_yaml != routine_draft.draft_yaml(draft):
    yaml_problem = routine_draft.parse_yaml_draft(typed_yaml, library)[1]

save_col, summary_col = st.columns([1, 3], vertical_alignment="center")
save_clicked = save_col.button(
    "Save as new version", type="primary", icon=":material/save:", key="builder.save"
)
summary_col.caption(
    f"{len(draft.items)} exercise(s). Saving keeps earlier versions; prescriptions keep the "
    "version they were given."
)
if save_clicked and yaml_problem:
    st.error(
        "Not saved: the YAML tab has an error. Fix it, or undo your edit there, then save. "
        f"{yaml_problem}"
    )
elif save_clicked:
    try:
        routine = routine_draft.draft_to_routine(draft, library)
        info = clinic.plans.save_routine(dump_routine_yaml(routine), source="routine builder")
    except ExerciseDefinitionError as error:
        st.error(f"Not saved. {routine_draft.describe_error(error)}")
    except StoreError as error:
        st.error(f"Not saved: {plain(error)}")
    else:
        st.session_state[SELECTED_ROUTINE_KEY] = info.id
        st.success(f"Saved **{plain(info.name)}** as version {info.version}.")
        st.page_link("pages/therapist_prescribe.py", label="Prescribe it to a patient", icon="➡️")

builder_tab, yaml_tab = st.tabs(["Builder", "YAML"])
with builder_tab:
    left, right = st.columns([2, 3], gap="large")
    with left:
        builder_view.render_library(library, draft)
    with right:
        builder_view.render_items(library, draft)

with yaml_tab:
    current_yaml = routine_draft.draft_yaml(draft)
    if st.session_state.get(YAML_SHOWN_KEY) != current_yaml:
        # The builder changed the draft: show its YAML (the editor follows the builder).
        st.session_state[YAML_KEY] = current_yaml
        st.session_state[YAML_SHOWN_KEY] = current_yaml
    st.caption(
        "Edit the routine as YAML. It is checked as you type; valid changes update the builder."
    )
    typed = st.text_area("Routine YAML", key=YAML_KEY, height=420)
    if typed != current_yaml:
        parsed, problem = routine_draft.parse_yaml_draft(typed or "", library)
        if parsed is None:
            st.error(problem, icon=":material/error:")
        elif routine_draft.draft_yaml(parsed) != current_yaml:
            replace_draft(parsed)
            st.session_state[YAML_SHOWN_KEY] = routine_draft.draft_yaml(parsed)
            st.rerun()
        else:
            st.success("The YAML is valid.", icon=":material/check_circle:")
    else:
        st.success("The YAML is valid.", icon=":material/check_circle:")
