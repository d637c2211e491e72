"""BlazePose backend (MediaPipe ``solutions.pose``): 33 landmarks, COCO-17 by name."""
