"""Benchmarks of the pose engine (``coach bench pose``) and other pipeline stages."""
