"""Spoken coaching cues through the browser's own speech synthesis (nothing leaves the browser).

A zero-height HTML snippet calls ``window.speechSynthesis`` of the app page (the component
iframe shares its origin, and the page already has the user's click, which browsers require
before they speak). Each new cue renders a new snippet (its ``serial`` changes), so a cue is
said once; the pacing (one at a time, cooldown per cue) is decided by
:class:`coach.live.spoken_cues.CueAnnouncer`.
"""

from __future__ import annotations

import html
import json

import streamlit as st

_SCRIPT = """
<script>
(function () {{
  const target = (window.parent && window.parent.speechSynthesis) ? window.parent : window;
  const synth = target.speechSynthesis;
  if (!synth) return;
  const words = {text};
  const utterance = new target.SpeechSynthesisUtterance(words);
  utterance.rate = 0.95;
  if (!synth.speaking) synth.speak(utterance);
}})();
</script>
<!-- cue {serial} -->
"""


def speech_script(text: str, serial: int) -> str:
    """The HTML snippet that says ``text`` once (``serial`` makes each utterance distinct).

    The words are a JSON string with ``</`` escaped, so no cue text can close the script.
    """
    words = json.dumps(html.unescape(text)).replace("</", "<\\/")
    return _SCRIPT.format(text=words, serial=int(serial))


def speak(text: str, *, serial: int, muted: bool) -> None:
    """Say ``text`` once in the patient's browser, unless ``muted``.

    Args:
        text: The words to say (a cue, in plain language).
        serial: Identifies this utterance; the same serial is not said twice.
        muted: The patient turned speech off.
    """
    if muted or not text.strip():
        return
    from streamlit.components.v1 import html as render_html

    render_html(speech_script(text, serial), height=0)


def mute_toggle(key: str = "live.speak") -> bool:
    """The *Speak tips out loud* switch; returns True when speech is muted."""
    speak_on = st.toggle("Speak the tips out loud", value=True, key=key)
    return not speak_on
