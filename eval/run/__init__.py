"""A run: config -> generate (cached) -> score -> human ceiling -> aggregate -> run folder."""
