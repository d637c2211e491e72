"""The webcam session without Streamlit.

Frame processor, camera set-up check, set/rest flow and the recorder.
"""
