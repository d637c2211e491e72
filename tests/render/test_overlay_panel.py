"""The counter panel is drawn once per content and copied onto frames, pixel for pixel."""

from __future__ import annotations

import numpy as np
import pytest

from coach.render.overlay import counter_panel, draw_panel

#: Frame widths and overlay scales of a phone portrait clip, the 640×480 webcam and 720p.
SIZES = [(360, 0.5), (640, 0.6667), (1280, 1.0), (1920, 1.5)]
#: Texts with descenders and the longest status, where a glyph could reach below the band.
CONTENTS = [
    ("3/8", "Squat", "ready"),
    ("87/90 deg", "Sit to stand (gjpqy)", "get into position"),
    ("12.5/30 s", "Single-leg balance", "FALL DETECTED"),
]


@pytest.mark.parametrize(("width", "scale"), SIZES)
@pytest.mark.parametrize(("headline", "name", "status"), CONTENTS)
def test_the_cached_strip_equals_the_panel_drawn_on_a_frame_and_nothing_spills_below_it(
    width: int, scale: float, headline: str, name: str, status: str
) -> None:
    frame = np.random.default_rng(0).integers(0, 256, (1200, width, 3), dtype=np.uint8)
    before = frame.copy()
    draw_panel(frame, scale, headline, name, status)
    strip = counter_panel(width, scale, headline, name, status)
    assert np.array_equal(frame[: strip.shape[0]], strip)
    assert np.array_equal(frame[strip.shape[0] :], before[strip.shape[0] :])


def test_the_same_content_is_drawn_once_and_cannot_be_written_to() -> None:
    counter_panel.cache_clear()
    first = counter_panel(640, 0.6667, "1/8", "Squat", "moving")
    again = counter_panel(640, 0.6667, "1/8", "Squat", "moving")
    assert again is first and counter_panel.cache_info().misses == 1
    assert not first.flags.writeable
    assert counter_panel(640, 0.6667, "2/8", "Squat", "moving") is not first
