"""The harness that judges briefings: corpus, metrics, statistics, runs and reports."""

__version__ = "0.1.0"
