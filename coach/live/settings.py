"""Settings of the live session: pose backend and WebRTC ICE servers.

Read from the environment so that a clinic can serve the app remotely without code changes:

- ``COACH_POSE_BACKEND``: registry name of the pose backend (default ``movenet-lightning``).
- ``COACH_ICE_SERVERS``: JSON list of RTCIceServer objects, e.g.
  ``[{"urls": ["stun:stun.example.org:3478"]},
  {"urls": ["turn:turn.example.org:3478"], "username": "u", "credential": "p"}]``.
  Empty by default: on one machine (or one LAN) host candidates connect without STUN or TURN.
- ``COACH_ICE_TRANSPORT_POLICY``: ``all`` (default) or ``relay``. With ``relay`` the browser
  only uses TURN candidates, so the video always goes through the clinic's TURN server (for
  networks that must not expose the patient's address, and to test a TURN server).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

DEFAULT_BACKEND = "movenet-lightning"
POLICY_ENV = "COACH_ICE_TRANSPORT_POLICY"
IceTransportPolicy = Literal["all", "relay"]


#: The browser's ``RTCConfiguration``: ``{"iceServers": [{"urls": [...], "username": ...}]}``.
RtcConfiguration = dict[str, str | list[dict[str, str | list[str]]]]


class IceServer(BaseModel):
    """One STUN or TURN server, in the browser's ``RTCIceServer`` shape."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    urls: tuple[str, ...] = Field(description="stun:/turn:/turns: URLs of one server.")
    username: str | None = Field(default=None, description="TURN user name.")
    credential: str | None = Field(default=None, description="TURN password.")

    @field_validator("urls", mode="before")
    @classmethod
    def _one_url_is_a_list(cls, value: object) -> object:
        return (value,) if isinstance(value, str) else value

    @field_validator("urls")
    @classmethod
    def _urls_are_stun_or_turn(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value:
            raise ValueError("an ICE server needs at least one URL")
        for url in value:
            if not url.startswith(("stun:", "turn:", "turns:")):
                raise ValueError(f"ICE URL must start with stun:, turn: or turns:, got {url!r}")
        return value


class LiveSettings(BaseModel):
    """What the live session page needs to know about its environment."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    backend: str = Field(
        default=DEFAULT_BACKEND, description="Pose backend registry name for live sessions."
    )
    ice_servers: tuple[IceServer, ...] = Field(
        default=(), description="STUN/TURN servers; empty works on localhost and most LANs."
    )
    ice_transport_policy: IceTransportPolicy = Field(
        default="all",
        description="Candidates the browser may use: all, or relay (TURN only).",
    )

    def rtc_configuration(self) -> RtcConfiguration:
        """The ``RTCConfiguration`` dictionary handed to the browser and to aiortc.

        ``iceTransportPolicy`` is only set for ``relay``: the browser's ``RTCPeerConnection``
        reads it; streamlit-webrtc builds aiortc's configuration from ``iceServers`` alone.
        """
        configuration: RtcConfiguration = {
            "iceServers": [
                server.model_dump(exclude_none=True, mode="json") for server in self.ice_servers
            ]
        }
        if self.ice_transport_policy == "relay":
            configuration["iceTransportPolicy"] = "relay"
        return configuration


def parse_ice_servers(text: str) -> tuple[IceServer, ...]:
    """Parse ``COACH_ICE_SERVERS`` JSON into validated servers.

    Raises:
        ValueError: the text is not JSON, not a list, or a server is malformed; the message
            names the variable and the offending entry.
    """
    if not text.strip():
        return ()
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(
            f"COACH_ICE_SERVERS is not valid JSON (line {exc.lineno}, column {exc.colno}): "
            f"{exc.msg}"
        ) from None
    if not isinstance(raw, list):
        raise ValueError(
            f"COACH_ICE_SERVERS must be a JSON list of servers, found {type(raw).__name__}"
        )
    servers = []
    for index, entry in enumerate(raw):
        try:
            servers.append(IceServer.model_validate(entry))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "entry"
            raise ValueError(
                f"COACH_ICE_SERVERS[{index}] {where}: {first['msg']} (found {entry!r})"
            ) from None
    return tuple(servers)


def parse_ice_transport_policy(text: str, *, has_turn: bool) -> IceTransportPolicy:
    """Parse ``COACH_ICE_TRANSPORT_POLICY`` (empty: ``all``).

    Raises:
        ValueError: Not ``all`` or ``relay``, or ``relay`` without a ``turn:``/``turns:``
            server in ``COACH_ICE_SERVERS`` (no video could ever connect).
    """
    value = text.strip().lower() or "all"
    if value == "all":
        return "all"
    if value != "relay":
        raise ValueError(f"{POLICY_ENV}={text!r} is not a policy: expected all or relay")
    if not has_turn:
        raise ValueError(
            f"{POLICY_ENV}=relay needs a turn: or turns: server in COACH_ICE_SERVERS"
        )
    return "relay"


def load_live_settings(environ: Mapping[str, str] | None = None) -> LiveSettings:
    """Build :class:`LiveSettings` from the environment (``os.environ`` by default)."""
    env = os.environ if environ is None else environ
    ice_servers = parse_ice_servers(env.get("COACH_ICE_SERVERS", ""))
    has_turn = any(url.startswith(("turn:", "turns:")) for s in ice_servers for url in s.urls)
    return LiveSettings(
        backend=env.get("COACH_POSE_BACKEND", "").strip() or DEFAULT_BACKEND,
        ice_servers=ice_servers,
        ice_transport_policy=parse_ice_transport_policy(
            env.get(POLICY_ENV, ""), has_turn=has_turn
        ),
    )
