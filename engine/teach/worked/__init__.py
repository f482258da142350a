"""A step worked out with the engine's numbers: formulas, update lines, worked examples, paths, the phase line."""
