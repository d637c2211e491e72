"""Drawing of analysis results onto frames (consumes results, computes nothing)."""
