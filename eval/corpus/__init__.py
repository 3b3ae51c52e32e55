"""The corpus: its file format and validation, curation, quality checks and importers."""
