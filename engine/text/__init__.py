"""The text catalogues (English, Chinese) and the errors worded from them; imports nothing else of the engine."""
