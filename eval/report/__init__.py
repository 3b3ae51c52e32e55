"""Reports rendered from a run folder's files (so any finished run can be re-rendered)."""

from eval.report.render import write_reports

__all__ = ["write_reports"]
