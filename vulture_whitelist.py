"""Names vulture cannot see used: set by or read through frameworks, or kept as documented data.

Run by ``make lint`` (settings in ``pyproject.toml``, ``[tool.vulture]``). Each entry says who
uses the name. Add to this file only for such framework entry points, never for dead code.
"""

# PyAV: attributes of streams and containers that the encoder/decoder reads.
_.pix_fmt
_.bit_rate
_.thread_type
# sqlite3 / SQLAlchemy: connection attribute and the TypeDecorator protocol.
_.isolation_level
_.impl
_.cache_ok
_.process_bind_param
_.process_result_value
# Selenium: ChromeOptions attribute read by the driver.
_.binary_location
# pydantic models serialised whole (model_dump) for streamlit-webrtc's RTC configuration.
_.urls
_.credential
# models/manifest.yaml provenance fields: validated, printed by people reading the file.
_.licence
_.upstream
_.tfhub_handle
# StrEnum member chosen by value (`ExportFormat("csv")`).
_.CSV
# ORM columns written by the library sync and kept for provenance.
_.source_path
_.synced_at
# coach bench live: result fields written whole to --json (dataclasses.asdict).
_.pose_age_ms_p50
# app_servers.hostname: written with each lease so an operator can tell servers apart.
_.hostname
# ServerSettings is returned by the start-up check (tests read it); the Streamlit process reads
# COACH_SESSION_IDLE_MIN itself through the same parser.
_.session_idle_min
# fpdf2 calls FPDF.footer() on every page break.
_.footer
# patient_profiles.updated_at: when the therapist last changed the profile (audit trail).
_.updated_at
# allowed_exercises.revoked_by: who took an extra exercise off a patient's list, kept with the row.
_.revoked_by
# rep_events column read and written by name through REP_COLUMNS (coach/store/service/rep_rows.py).
_.concentric_ms
