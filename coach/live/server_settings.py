"""Settings of the app server read from the environment, checked once before it starts.

A bad value stops ``coach app`` with one line naming the variable, the value and what is
expected, instead of being ignored (``COACH_SESSION_IDLE_MIN=nan`` used to turn expiry off).

- ``COACH_SESSION_IDLE_MIN``: minutes without activity before a signed-in browser session
  ends (default 30; between 1 and 720: health data is never left signed in indefinitely).
- ``COACH_POSE_BACKEND`` (one of the pose backend names), ``COACH_ICE_SERVERS`` and
  ``COACH_ICE_TRANSPORT_POLICY``: see
  :mod:`coach.live.settings`.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass

from coach.live.settings import LiveSettings, load_live_settings

IDLE_ENV = "COACH_SESSION_IDLE_MIN"
#: Default idle time before a signed-in session expires, in minutes.
DEFAULT_IDLE_MIN = 30.0
MIN_IDLE_MIN = 1.0
MAX_IDLE_MIN = 720.0


class SettingsError(ValueError):
    """An environment variable holds a value coach cannot use; the message names it."""


@dataclass(frozen=True)
class ServerSettings:
    """Everything the server reads from its environment, validated."""

    session_idle_min: float
    live: LiveSettings


def parse_idle_minutes(raw: str) -> float:
    """``COACH_SESSION_IDLE_MIN`` as minutes (empty: the default).

    Raises:
        SettingsError: Not a number, not finite, or outside 1-720.
    """
    if not raw.strip():
        return DEFAULT_IDLE_MIN
    try:
        minutes = float(raw)
    except ValueError:
        raise SettingsError(
            f"{IDLE_ENV}={raw!r} is not a number: expected minutes between "
            f"{MIN_IDLE_MIN:g} and {MAX_IDLE_MIN:g}"
        ) from None
    if not math.isfinite(minutes) or not MIN_IDLE_MIN <= minutes <= MAX_IDLE_MIN:
        raise SettingsError(
            f"{IDLE_ENV}={raw!r} is out of range: expected minutes between "
            f"{MIN_IDLE_MIN:g} and {MAX_IDLE_MIN:g}"
        )
    return minutes


def load_server_settings(environ: Mapping[str, str] | None = None) -> ServerSettings:
    """Read and check every server setting (``os.environ`` by default).

    Raises:
        SettingsError: A variable holds a bad value; the message names the variable.
    """
    from coach.pose.factory import DETECTOR_NAMES

    env = os.environ if environ is None else environ
    idle_min = parse_idle_minutes(env.get(IDLE_ENV, ""))
    try:
        live = load_live_settings(env)
    except ValueError as exc:
        raise SettingsError(str(exc)) from None
    if live.backend not in DETECTOR_NAMES:
        raise SettingsError(
            f"COACH_POSE_BACKEND={live.backend!r} is not a pose backend: expected one of "
            + ", ".join(DETECTOR_NAMES)
        )
    return ServerSettings(session_idle_min=idle_min, live=live)
