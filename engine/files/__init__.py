"""Files: traces and scenarios as JSON with their schemas, CSV tables. Imports engine.core and engine.text."""
