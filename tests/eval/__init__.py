"""Evaluation: the team's own annotated test set (articles/) and the scripts that score it."""
