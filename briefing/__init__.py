"""Summarisers that write short news briefings: extractive baselines and Hugging Face models."""

__version__ = "0.1.0"
