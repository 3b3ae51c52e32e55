"""A background thread's failure during Ctrl-C is not shown; outside an interrupt it is."""

from __future__ import annotations

import threading

import pytest

from eval.cli import _thread_errors_held


def _fail_in_a_thread() -> None:
    def boom() -> None:
        raise BrokenPipeError("the worker's pipe is closed")

    thread = threading.Thread(target=boom)
    thread.start()
    thread.join()


@pytest.fixture(autouse=True)
def _default_thread_hook(monkeypatch):
    """Python's own hook, which prints to stderr (pytest's turns thread errors into warnings)."""
    monkeypatch.setattr(threading, "excepthook", threading.__excepthook__)


def test_a_thread_failing_while_the_user_interrupts_prints_nothing(capsys):
    with pytest.raises(KeyboardInterrupt), _thread_errors_held():
        _fail_in_a_thread()
        raise KeyboardInterrupt
    assert capsys.readouterr().err == ""


def test_a_thread_failing_in_a_normal_run_is_still_reported(capsys):
    with _thread_errors_held():
        _fail_in_a_thread()
        assert capsys.readouterr().err == ""  # held until the command ends
    err = capsys.readouterr().err
    assert "BrokenPipeError" in err and "Traceback" in err
