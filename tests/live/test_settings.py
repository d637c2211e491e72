"""Live settings from the environment: pose backend and ICE servers."""

from __future__ import annotations

import pytest

from coach.live.settings import load_live_settings, parse_ice_servers


def test_defaults_are_lightning_and_no_ice_servers_for_localhost() -> None:
    settings = load_live_settings({})
    assert settings.backend == "movenet-lightning"
    assert settings.rtc_configuration() == {"iceServers": []}


def test_ice_servers_from_json_become_the_rtc_configuration() -> None:
    env = {
        "COACH_POSE_BACKEND": "blazepose-full",
        "COACH_ICE_SERVERS": '[{"urls": "stun:stun.example.org:3478"},'
        ' {"urls": ["turn:turn.example.org:3478"], "username": "u", "credential": "p"}]',
    }
    settings = load_live_settings(env)
    assert settings.backend == "blazepose-full"
    assert settings.rtc_configuration() == {
        "iceServers": [
            {"urls": ["stun:stun.example.org:3478"]},
            {"urls": ["turn:turn.example.org:3478"], "username": "u", "credential": "p"},
        ]
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"urls": "stun:x"}', "must be a JSON list of servers, found dict"),
        ("[{urls: 1}]", r"not valid JSON \(line 1, column 3\)"),
        ('[{"urls": ["http://x"]}]', r"COACH_ICE_SERVERS\[0\] urls: .*stun:, turn: or turns:"),
        ('[{"urls": "stun:x", "password": "p"}]', r"\[0\] password: Extra inputs"),
    ],
)
def test_malformed_ice_servers_are_refused_with_the_entry_named(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_ice_servers(text)


def test_relay_policy_reaches_the_browser_configuration_beside_a_turn_server() -> None:
    env = {
        "COACH_ICE_SERVERS": '[{"urls": "turn:turn.example.org:3478", "username": "u",'
        ' "credential": "p"}]',
        "COACH_ICE_TRANSPORT_POLICY": "relay",
    }
    configuration = load_live_settings(env).rtc_configuration()
    assert configuration["iceTransportPolicy"] == "relay"
    assert configuration["iceServers"][0]["urls"] == ["turn:turn.example.org:3478"]
    assert "iceTransportPolicy" not in load_live_settings({}).rtc_configuration()


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"COACH_ICE_TRANSPORT_POLICY": "turn-only"}, r"'turn-only' is not a policy: expected all"),
        (
            {"COACH_ICE_TRANSPORT_POLICY": "relay", "COACH_ICE_SERVERS": '[{"urls": "stun:x"}]'},
            r"relay needs a turn: or turns: server in COACH_ICE_SERVERS",
        ),
    ],
)
def test_a_bad_transport_policy_is_refused_with_the_variable_named(
    env: dict[str, str], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        load_live_settings(env)
