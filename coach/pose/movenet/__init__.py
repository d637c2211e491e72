"""MoveNet backends: SinglePose Lightning / Thunder (smart crop + One Euro) and MultiPose."""
