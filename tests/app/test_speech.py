"""The speech snippet: says the cue through the page's speechSynthesis, safely quoted."""

from __future__ import annotations

import json
import re

from coach.app.components.speech import speech_script


def test_the_snippet_speaks_the_cue_through_the_parent_pages_speech_synthesis() -> None:
    script = speech_script("Keep your chest up and look ahead.", serial=3)
    assert "window.parent.speechSynthesis" in script
    assert "SpeechSynthesisUtterance(words)" in script
    assert '"Keep your chest up and look ahead."' in script
    assert "if (!synth.speaking)" in script  # one at a time: never talks over itself
    assert script != speech_script("Keep your chest up and look ahead.", serial=4)


def test_cue_text_cannot_break_out_of_the_script() -> None:
    script = speech_script('Stop</script><img src=x onerror=alert(1)> "now"', serial=1)
    assert script.count("</script>") == 1  # only the snippet's own closing tag
    quoted = re.search(r"const words = (.*);", script)
    assert quoted is not None
    assert json.loads(quoted.group(1).replace("<\\/", "</")) == (
        'Stop</script><img src=x onerror=alert(1)> "now"'
    )
