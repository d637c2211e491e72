"""Streaming analyzers: explicit state machines fed ``(timestamp_ms, values)``, emitting events.

No drawing and no I/O here; thresholds come from the exercise definition.
"""
