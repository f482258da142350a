"""What the step on screen shows and lets a user do: the revealed view, figure ids, diagnoses, the surface, edits."""
