"""Routine builder: pick exercises, set the targets, edit as YAML, save a new version."""

from __future__ import annotations

import streamlit as st

from coach.app import builder_session, builder_view, routine_draft, routine_picker, state
from coach.app.resources import exercise_library
from coach.app.text import plain
from coach.exercises import ExerciseDefinitionError
from coach.exercises.library import dump_routine_yaml
from coach.store import Role, StoreError

state.require_role(Role.THERAPIST, Role.ADMIN)
clinic = state.service()
library = exercise_library()

# Before anything is drawn: a valid YAML-tab edit becomes the draft (name and id included).
yaml_problem = builder_session.take_up_yaml_edit(library)

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
            builder_session.replace_draft(opened)
            st.rerun()
    if new_button.button("New", icon=":material/add:", width="stretch"):
        builder_session.replace_draft(routine_draft.RoutineDraft())
        st.rerun()

draft = builder_session.current_draft()
builder_view.render_header(draft)

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
        "Not saved: the YAML tab has an error. Fix it in the YAML tab below, or undo your edit "
        f"there, then save.  \n{yaml_problem}"
    )
    builder_session.show_tab(builder_session.YAML_TAB)
elif save_clicked:
    try:
        routine = routine_draft.draft_to_routine(draft, library)
        info = clinic.plans.save_routine(dump_routine_yaml(routine), source="routine builder")
    except ExerciseDefinitionError as error:
        st.error(f"Not saved. {routine_draft.describe_error(error)}")
    except StoreError as error:
        st.error(f"Not saved: {plain(error)}")
    else:
        st.session_state[routine_picker.JUST_SAVED_KEY] = info.id
        st.success(f"Saved **{plain(info.name)}** as version {info.version}.")
        st.page_link("pages/therapist_prescribe.py", label="Prescribe it to a patient", icon="➡️")

# Above the tabs, so the therapist sees it on the Builder tab whose change caused it.
replaced_edit_notice = st.empty()
builder_tab, yaml_tab = st.tabs(
    list(builder_session.TABS), key=builder_session.TAB_KEY, on_change="rerun"
)
with builder_tab:
    left, right = st.columns([2, 3], gap="large")
    with left:
        builder_view.render_library(library, draft)
    with right:
        builder_view.render_items(library, draft)

with yaml_tab:
    builder_view.render_yaml_editor(draft, yaml_problem, replaced_edit_notice)
