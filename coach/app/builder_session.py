"""The routine builder's browser-session state: the draft, its header fields and the open tab.

Why the header fields are seeded through Session State rather than ``value=``: the name, id and
description inputs have fixed keys, so Streamlit keeps one widget for each across reruns, and the
browser keeps what the widget last showed. Replacing the draft (Open, New, a YAML-tab edit) and
merely dropping the widgets' state changes nothing in the browser: it still shows the old text
and sends it back on the next rerun, which silently undoes the new draft's name and id. A value
written to ``st.session_state[key]`` *before* the widget is drawn is sent to the browser, so
:func:`replace_draft` asks :func:`seed_header` to do exactly that before the fields are next drawn.
"""

from __future__ import annotations

import streamlit as st

from coach.app import routine_draft
from coach.app.routine_draft import RoutineDraft
from coach.exercises.library import ExerciseLibrary

DRAFT_KEY = "builder.draft"
NAME_KEY = "builder.name"
ID_KEY = "builder.id"
DESCRIPTION_KEY = "builder.desc"
YAML_KEY = "builder.yaml"
YAML_SHOWN_KEY = "builder.yaml_shown"
TAB_KEY = "builder.tab"
BUILDER_TAB = "Builder"
YAML_TAB = "YAML"
TABS = (BUILDER_TAB, YAML_TAB)
_RESEED_KEY = "builder.reseed_header"
#: The error of a YAML-tab edit found at the start of a run that ended before the YAML tab was
#: drawn (a Builder-tab change reruns at once): the next refill of the box replaces that edit.
_UNSHOWN_PROBLEM_KEY = "builder.yaml_problem_unshown"


def current_draft() -> RoutineDraft:
    """The draft of this browser session (an empty one on the first visit)."""
    draft: RoutineDraft = st.session_state.setdefault(DRAFT_KEY, RoutineDraft())
    return draft


def replace_draft(new_draft: RoutineDraft) -> None:
    """Make ``new_draft`` the draft; the header fields show it the next time they are drawn.

    Call :func:`streamlit.rerun` after it when the header fields were already drawn in this run.
    """
    st.session_state[DRAFT_KEY] = new_draft
    st.session_state[_RESEED_KEY] = True


def seed_header(draft: RoutineDraft) -> None:
    """Before the header fields are drawn: give them the draft's values when the draft was
    replaced, or when they have no state yet (first visit, or back from another page)."""
    reseed = bool(st.session_state.pop(_RESEED_KEY, False))
    for key, value in (
        (NAME_KEY, draft.name),
        (ID_KEY, draft.routine_id),
        (DESCRIPTION_KEY, draft.description),
    ):
        if reseed or key not in st.session_state:
            st.session_state[key] = value


def show_tab(label: str) -> None:
    """Open the tab ``label`` (one of :data:`TABS`) when the tabs are drawn in this run."""
    st.session_state[TAB_KEY] = label


def take_up_yaml_edit(library: ExerciseLibrary) -> str:
    """At the start of a run: a valid YAML-tab edit becomes the draft; an invalid one is kept.

    Done before anything is drawn, so the header fields show the edit's name and id in this
    very run and Save (drawn above the tab) stores what the YAML says.

    Returns:
        The error of a YAML-tab edit that does not validate (Markdown, data escaped), else
        ``""``.
    """
    typed_yaml = st.session_state.get(YAML_KEY)
    draft = current_draft()
    current_yaml = routine_draft.draft_yaml(draft)
    if typed_yaml is None or typed_yaml == current_yaml:
        return ""
    parsed, problem = routine_draft.parse_yaml_draft(typed_yaml, library)
    if parsed is None:
        st.session_state[_UNSHOWN_PROBLEM_KEY] = problem
        return problem
    parsed_yaml = routine_draft.draft_yaml(parsed)
    if parsed_yaml != current_yaml:
        replace_draft(parsed)
        # The editor keeps the therapist's text as typed; it follows the builder again only
        # when the builder changes the draft.
        st.session_state[YAML_SHOWN_KEY] = parsed_yaml
    return ""


def sync_yaml_editor(draft: RoutineDraft) -> str:
    """Before the YAML box is drawn: show the draft's YAML when the builder changed the draft
    since the box was last filled, or the box has no state (back from another page).

    Returns:
        The error of an edit in the box that did not validate and that this refill replaced
        (the therapist changed the draft in the Builder tab after it), else ``""``.
    """
    unshown_problem: str = st.session_state.pop(_UNSHOWN_PROBLEM_KEY, "")
    current_yaml = routine_draft.draft_yaml(draft)
    shown = st.session_state.get(YAML_SHOWN_KEY)
    if shown != current_yaml or YAML_KEY not in st.session_state:
        st.session_state[YAML_KEY] = current_yaml
        st.session_state[YAML_SHOWN_KEY] = current_yaml
        return unshown_problem
    return ""
