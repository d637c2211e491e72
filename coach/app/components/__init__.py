"""Small Streamlit components of the patient pages: live video and spoken cues."""
