"""Session layer: per-frame exercise tracking and offline video analysis."""
