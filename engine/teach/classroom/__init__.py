"""The classroom: lessons (the built-in ones in lessons/) and the quiz."""
