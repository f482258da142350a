"""Teaching views of the core: worked examples, formulas, notations, paths, quizzes, presets, lessons,
diagnoses, edits and what the UI reads (view). Imports engine.core, engine.files and engine.text."""
