"""What a server process holds after a patient's pages and a live set: no table or report stack.

pandas + pyarrow (~63 MB resident), matplotlib + fpdf2 (~54 MB) are imported only when a page
that needs them is opened (a therapist's table or chart, a PDF report). The check runs in a
fresh interpreter, since this test session imports them for other tests: the patient signs in
(*Today*), opens *Exercise now*, and a squat set runs through the same calls as the page's
video callback (PyAV frame → RGB → :class:`~coach.live.controller.LiveSessionController` →
``yuv420p`` frame back), with the real model and the reps stored. The camera panel itself
(streamlit-webrtc) needs a browser: its component arguments go through the check that
:mod:`coach.app.components.component_args` keeps from importing pandas.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.support.resources import require_model

pytestmark = [pytest.mark.models, pytest.mark.shared]

TIMEOUT_S = 300
#: Modules a live session must not pull into the server (the page that needs them does).
HEAVY_MODULES = ("pandas", "pyarrow", "matplotlib", "fpdf", "tensorflow", "mediapipe")
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def test_patient_pages_and_a_live_set_leave_pandas_pyarrow_matplotlib_and_fpdf_unimported(
    tmp_path: Path, tfjs_media: Path
) -> None:
    require_model("movenet-lightning")
    script = tmp_path / "probe.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import json, os, sys, time
            import av
            from streamlit.testing.v1 import AppTest
            from coach.app.components.live_video import live_video  # the page's import
            from coach.exercises.library import load_library
            from coach.live.controller import LiveSessionController, library_tracker_factory
            from coach.live.frames import rgb_to_video_frame
            from coach.live.plan import single_exercise_plan
            from coach.store import ClinicService, authenticate
            from tests.support.accounts import PASSWORD
            from tests.support.app_clinic import MAIN_SCRIPT, build_clinic, sign_in

            clinic = build_clinic({f"sqlite:///{tmp_path / 'coach.db'}"!r})
            os.environ["COACH_DATABASE_URL"] = clinic.url
            app = AppTest.from_file(str(MAIN_SCRIPT), default_timeout=60)
            sign_in(app.run(), "patient")
            today = app.title[0].value
            app.switch_page("pages/patient_session.py").run()
            pages = [today, app.title[0].value, [str(e) for e in app.exception]]

            import streamlit_webrtc  # imported by live_video when the camera panel is drawn
            library = load_library()
            service = ClinicService(clinic.db, authenticate(clinic.db, "patient", PASSWORD))
            controller = LiveSessionController(
                service=service, patient_id=clinic.patient_id,
                plan=single_exercise_plan(library.exercise("squat")),
                tracker_factory=library_tracker_factory(library),
            )
            assert controller.processor.wait_until_ready(120), controller.processor.detector_error
            controller.start_set()
            with av.open({str(tfjs_media / "pose_squats.mp4")!r}) as container:
                for count, frame in enumerate(container.decode(video=0), start=1):
                    rgb = frame.to_ndarray(format="rgb24")
                    sent = rgb_to_video_frame(controller.on_frame(rgb, frame.time))
                    while controller.processor.stats().frames_processed < count:
                        time.sleep(0.002)
            controller.finish_set()
            detail = controller.finish()
            heavy = [m for m in {HEAVY_MODULES!r} if m in sys.modules]
            # The camera panel's component call checks its dict arguments for dataframes.
            from coach.app.components import component_args
            from streamlit import dataframe_util
            from streamlit.components.v1 import custom_component
            component_args.install()
            settings = {{"video": {{"width": {{"ideal": 640}}}}, "audio": False}}
            patched_says = custom_component.is_dataframe_like(settings)
            pandas_after_patched = "pandas" in sys.modules
            streamlit_says = dataframe_util.is_dataframe_like(settings)
            print(json.dumps({{
                "component_check": [patched_says, pandas_after_patched, streamlit_says,
                                    "pandas" in sys.modules],
                "pages": pages,
                "sent_format": sent.format.name,
                "reps_stored": sum(s.achieved_reps or 0 for s in detail.sets),
                "heavy": heavy,
            }}))
            """
        ),
        encoding="utf-8",
    )
    completed = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=TIMEOUT_S,
        check=False, cwd=PROJECT_ROOT, env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr[-3000:]
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    assert result["pages"] == ["Hello, Pat Patient", "Exercise now", []]
    assert result["sent_format"] == "yuv420p"
    assert result["reps_stored"] == 2  # the clip's two full squats, counted and stored
    assert result["heavy"] == []
    # The camera panel's settings: no dataframe, and no pandas to say so (Streamlit's own
    # check would import it).
    assert result["component_check"] == [False, False, False, True]
