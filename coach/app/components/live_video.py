"""The webcam stream of a live session (streamlit-webrtc, SENDRECV).

The frame callback runs on a WebRTC thread: it only converts the frame and calls
:meth:`coach.live.controller.LiveSessionController.on_frame`, which never blocks on the model.
No ``st.*`` call happens there; the page reads results through the controller's queues.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
import numpy.typing as npt

from coach.live.settings import RtcConfiguration

if TYPE_CHECKING:
    import av

Frame = npt.NDArray[np.uint8]


class FrameSink(Protocol):
    """What the video callback hands frames to (a live session or a guided test run)."""

    def on_frame(self, frame_rgb: Frame, frame_time_s: float | None) -> Frame: ...


logger = logging.getLogger(__name__)

#: Camera resolution asked of the browser: enough for the model, light for two CPU cores.
VIDEO_CONSTRAINTS: dict[str, Any] = {
    "width": {"ideal": 640},
    "height": {"ideal": 480},
    "frameRate": {"ideal": 30},
}


def live_video(controller: FrameSink, rtc_configuration: RtcConfiguration, key: str) -> Any:
    """Render the camera panel and return the streamer context (``.state.playing``)."""
    from streamlit_webrtc import WebRtcMode, webrtc_streamer

    from coach.app.components import component_args
    from coach.live.frames import rgb_to_video_frame

    component_args.install()  # the camera panel's settings are dicts: no pandas for them

    def on_frame(frame: av.VideoFrame) -> av.VideoFrame:
        image = frame.to_ndarray(format="rgb24")
        # streamlit-webrtc copies pts and time_base onto the returned frame.
        return rgb_to_video_frame(controller.on_frame(image, frame.time))

    return webrtc_streamer(
        key=key,
        mode=WebRtcMode.SENDRECV,
        rtc_configuration=rtc_configuration,
        media_stream_constraints={"video": VIDEO_CONSTRAINTS, "audio": False},
        video_frame_callback=on_frame,
        async_processing=True,
        video_html_attrs={
            "style": {"width": "100%", "borderRadius": "12px"},
            "autoPlay": True,
            "controls": False,
            "muted": True,
        },
        translations={"start": "Start camera", "stop": "Stop camera"},
    )
