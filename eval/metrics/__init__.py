"""Metrics: each returns per-item numbers only; aggregation lives in ``eval.stats``."""
