"""What textbooks bring: their notations, their worked examples as presets, the numbers and gradients they print."""
