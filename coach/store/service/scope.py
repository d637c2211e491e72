"""``ServiceScope``: what every service shares — the database, who is calling, and the library.

Every service method checks what the :class:`~coach.store.dto.Actor` may do before touching data
(one policy, :mod:`coach.store.service.access`), runs in its own transaction (writes are
committed before the method returns, so nothing recorded is lost if the process dies next),
writes an audit line for every change, and returns frozen records from :mod:`coach.store.dto`.
"""

from __future__ import annotations

from coach.exercises.library import ExerciseLibrary
from coach.store.dto import Actor
from coach.store.engine import Database


class ServiceScope:
    """The database and the actor a service acts for.

    Args:
        db: The open database (:func:`coach.store.open_database`).
        actor: Who is calling (:func:`coach.store.authenticate` or ``Actor.system()``).
        library: Exercise library that routines are validated against (default: the
            repository's ``exercises/``, loaded when first needed and then shared).
    """

    def __init__(
        self, db: Database, actor: Actor, *, library: ExerciseLibrary | None = None
    ) -> None:
        self.db = db
        self.actor = actor
        self._library = library

    @property
    def library(self) -> ExerciseLibrary:
        """The exercise library routines are validated against (loaded on first use)."""
        if self._library is None:
            from coach.store.library import load_exercise_library

            self._library = load_exercise_library()
        return self._library
