"""The ``judge`` metric end to end with a fake chat backend (and a tiny real model where ``hf``
can chat): values, evidence, unparseable answers, the cache, a killed run, bad configs."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import ClassVar

import pytest
from tiny_models import fixture_tiny_causal_model  # noqa: F401  (session fixture)

from briefing import registry
from briefing.base import ChatReply
from eval.corpus.format import Item
from eval.errors import EnvironmentProblem, UserError
from eval.metrics.base import Metric, runs_in_workers
from eval.metrics.judge import JudgeMetric
from eval.metrics.testing import MetricTestCases

ITEMS = [
    Item("a", "The council approved 12 new homes on Tuesday.", ("Homes approved.",)),
    Item("b", "Prices rose by 3.5 per cent in March.", ("Prices rose.",)),
    Item("c", "The harbour strike ended.", ("Strike over.",)),
]
BRIEFINGS = ["Council approves homes.", "Prices went up a lot in March this year.", "unparseable"]


class FakeJudge:
    """Grades a briefing by its word count (1 + words % 5); answers gibberish for 'unparseable'.

    ``mode``: ``logprobs`` (G-Eval alternatives: the grade 0.7, one grade lower 0.3), ``text``
    (no log-probabilities). ``fail_after`` raises after that many conversations, like a run
    killed halfway.
    """

    calls: ClassVar[list[str]] = []

    def __init__(self, budget=None, mode: str = "logprobs", fail_after: int | None = None):
        self.mode = mode
        self.fail_after = fail_after

    def signature(self) -> Mapping[str, str]:
        return {"model": "fake-judge", "mode": self.mode}

    def summarise(self, texts: Sequence[str]) -> list[str]:
        return ["" for _ in texts]

    def chat(self, conversations, *, max_tokens: int, logprobs: int = 0) -> list[ChatReply]:
        replies = []
        for conversation in conversations:
            if self.fail_after is not None and len(FakeJudge.calls) >= self.fail_after:
                raise RuntimeError("killed")
            text = conversation[-1]["content"]
            briefing = re.search(r"Briefing:\n(.*?)\n\n", text, re.S).group(1)
            dimension = re.search(r"one metric: (\w+)", text).group(1)
            FakeJudge.calls.append(f"{dimension}:{briefing}")
            if briefing == "unparseable":
                replies.append(ChatReply("I cannot say.", None))
                continue
            grade = 1 + len(briefing.split()) % 5
            if dimension == "fluency":
                grade = min(5, grade + 1)
            if self.mode == "logprobs" and logprobs:
                lower = max(1, grade - 1)
                top = [{f" {grade}": math.log(0.7), f" {lower}": math.log(0.3), "x": -9.0}]
                if lower == grade:
                    top = [{f" {grade}": 0.0}]
                replies.append(ChatReply(f" {grade}", top))
            else:
                replies.append(ChatReply(f"Score: {grade}", None))
        return replies


class NoChat:
    """A summariser that cannot chat."""

    def __init__(self, budget=None):
        pass

    def signature(self) -> Mapping[str, str]:
        return {"model": "no-chat"}

    def summarise(self, texts: Sequence[str]) -> list[str]:
        return ["" for _ in texts]


@pytest.fixture(autouse=True)
def fake_backend(monkeypatch):
    monkeypatch.setitem(registry.summarisers._builtins, "fakejudge", "test_judge:FakeJudge")
    monkeypatch.setitem(registry.summarisers._builtins, "nochat", "test_judge:NoChat")
    FakeJudge.calls = []


def metric(**args) -> JudgeMetric:
    mode = args.pop("mode", "logprobs")
    fail_after = args.pop("fail_after", None)
    judge_args = {"mode": mode} if fail_after is None else {"mode": mode, "fail_after": fail_after}
    return JudgeMetric(judge={"use": "fakejudge", "args": judge_args}, **args)


def test_contract():
    judge = metric()
    assert isinstance(judge, Metric)
    assert not runs_in_workers(judge)
    assert judge.compares_with == "source"
    assert [v.name for v in judge.values] == [
        "judge.consistency",
        "judge.relevance",
        "judge.coherence",
        "judge.fluency",
        "judge.ungraded",
    ]
    assert all(v.help and v.higher_is_better for v in judge.values[:-1])
    # how often the judge failed to grade is shown, but says nothing good or bad of a system
    assert judge.values[-1].higher_is_better is None and judge.values[-1].scale == 100


def test_logprob_weighted_scores_and_unparseable_answers():
    judge = metric(dimensions=["consistency", "fluency"])
    scores = judge.score(BRIEFINGS, ITEMS)
    # 3 words -> grade 4 (0.7) vs 3 (0.3) -> 3.7; fluency one higher: 5 (0.7) / 4 (0.3) -> 4.7
    assert scores[0].values["judge.consistency"] == pytest.approx(3.7)
    assert scores[0].values["judge.fluency"] == pytest.approx(4.7)
    # 9 words -> grade 5 (0.7) vs 4 (0.3) -> 4.7
    assert scores[1].values["judge.consistency"] == pytest.approx(4.7)
    assert scores[2].values == {
        "judge.consistency": None,
        "judge.fluency": None,
        "judge.ungraded": 1.0,
    }
    assert scores[0].values["judge.ungraded"] == 0.0
    assert scores[2].evidence["consistency"]["answer"] == "I cannot say."
    assert "no grade" in scores[2].evidence["consistency"]["error"]
    assert scores[0].evidence["consistency"]["probabilities"] == {"3": 0.3, "4": 0.7}
    assert judge.signature()["logprobs"] == "top5:used"


def test_without_logprobs_the_written_grade_is_used():
    judge = metric(mode="text", dimensions=["coherence"])
    scores = judge.score(BRIEFINGS[:2], ITEMS[:2])
    assert [s.values["judge.coherence"] for s in scores] == [4.0, 5.0]
    assert judge.signature()["logprobs"] == "top5:unavailable"
    assert metric(mode="text", logprobs=0).signature()["logprobs"] == "no"


def test_judgements_are_cached_and_a_killed_run_loses_none(tmp_path):
    first = metric(dimensions=["consistency"], batch_size=1, fail_after=2, cache_dir=str(tmp_path))
    with pytest.raises(EnvironmentProblem, match="cached"):
        first.score(BRIEFINGS, ITEMS)
    assert len(FakeJudge.calls) == 2
    FakeJudge.calls = []
    again = metric(dimensions=["consistency"], batch_size=1, cache_dir=str(tmp_path))
    scores = again.score(BRIEFINGS, ITEMS)
    assert len(FakeJudge.calls) == 1  # only the judgement the killed run had not finished
    FakeJudge.calls = []
    assert again.score(BRIEFINGS, ITEMS)[0].values == scores[0].values
    assert FakeJudge.calls == []
    assert list((tmp_path / "judgements").rglob("*.json"))
    # another rubric is another judgement
    metric(dimensions={"consistency": "Other words."}, cache_dir=str(tmp_path)).score(
        BRIEFINGS[:1], ITEMS[:1]
    )
    assert len(FakeJudge.calls) == 1


def test_no_cache_asks_every_time(tmp_path):
    judge = metric(dimensions=["fluency"], cache=False, cache_dir=str(tmp_path))
    judge.score(BRIEFINGS[:1], ITEMS[:1])
    judge.score(BRIEFINGS[:1], ITEMS[:1])
    assert len(FakeJudge.calls) == 2
    assert not (tmp_path / "judgements").exists()


def test_same_briefing_of_the_same_article_is_judged_once():
    judge = metric(dimensions=["fluency"], cache=False)
    judge.score([BRIEFINGS[0]] * 3, [ITEMS[0]] * 3)
    assert len(FakeJudge.calls) == 1


def test_a_subset_of_articles(tmp_path):
    judge = metric(dimensions=["fluency"], articles=2, cache_dir=str(tmp_path))
    scores = judge.score(BRIEFINGS[::-1], ITEMS[::-1])
    assert scores[0].values["judge.fluency"] is None  # article c: not among the first 2 ids
    assert "skipped" in scores[0].evidence["fluency"]
    assert scores[0].values["judge.ungraded"] is None  # not judged: no rate either
    assert scores[2].values["judge.ungraded"] == 0.0
    # The time the model took varies run to run: it stays in the cache, never in the scores.
    assert "seconds" not in scores[2].evidence["fluency"]
    assert scores[2].values["judge.fluency"] is not None
    listed = metric(dimensions=["fluency"], articles=["c"], cache_dir=str(tmp_path))
    assert [s.values["judge.fluency"] is None for s in listed.score(BRIEFINGS, ITEMS)] == [
        True,
        True,
        True,  # c's briefing is unparseable: None as well, but with an error
    ]


def test_signature_names_everything_that_changes_a_grade():
    base = metric().signature()
    assert base["model"] == "fake-judge"
    assert base["dims"] == "consistency,relevance,coherence,fluency"
    assert base["decoding"] == "greedy,max_tokens:16"
    changed = metric(prompt="Grade {dimension}: {source} / {briefing}").signature()
    assert changed["prompt"] != base["prompt"]
    assert metric(rubrics={"fluency": "Reads well."}).signature()["rubric"] != base["rubric"]
    assert metric(mode="text").signature()["model_sig"] != base["model_sig"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"prompt": "Rate {briefing} against {article}"}, "unknown placeholder"),
        ({"prompt": "Rate {briefing}"}, r"must contain \{source\}"),
        ({"prompt": "Rate {briefing {source}"}, "not a valid template"),
        ({"dimensions": ["Not A Name"]}, "not a usable dimension"),
        ({"dimensions": ["originality"]}, "no rubric"),
        ({"rubrics": {"originality": "x"}}, "not among the dimensions"),
        ({"scale": [5, 1]}, "args.scale"),
        ({"max_tokens": 0}, "args.max_tokens"),
        ({"articles": 0}, "args.articles"),
    ],
)
def test_bad_configs_are_user_errors(args, message):
    with pytest.raises(UserError, match=message):
        metric(**args)


def test_judge_must_be_a_summariser_config_that_chats():
    with pytest.raises(UserError, match="summariser config"):
        JudgeMetric(judge="hf")
    with pytest.raises(UserError, match="cannot chat"):
        JudgeMetric(judge={"use": "nochat"}).score(BRIEFINGS[:1], ITEMS[:1])
    with pytest.raises(UserError, match="unknown summariser"):
        JudgeMetric(judge={"use": "no-such-backend"}).signature()


def test_built_through_the_metric_registry():
    built = registry.metrics.build(
        "judge", {"judge": {"use": "fakejudge"}, "dimensions": ["fluency"]}, where="metrics[0]"
    )
    assert built.score(BRIEFINGS[:1], ITEMS[:1])[0].values["judge.fluency"] == pytest.approx(4.7)


def test_a_real_tiny_chat_model_through_hf(tiny_causal_model, tmp_path):
    """The whole path with the ``hf`` backend: random weights answer gibberish, so each value is
    a grade on the scale or None with the raw answer kept, and a second run only reads the cache."""
    from briefing.hf.summariser import HFSummariser

    if not hasattr(HFSummariser, "chat"):
        pytest.skip("the hf summariser cannot chat yet")
    args = {"model": str(tiny_causal_model), "device": "cpu"}
    judge = JudgeMetric(
        judge={"use": "hf", "args": args}, dimensions=["fluency"], cache_dir=str(tmp_path)
    )
    scores = judge.score(BRIEFINGS[:2], ITEMS[:2])
    for score in scores:
        value = score.values["judge.fluency"]
        assert value is None or 1 <= value <= 5
        assert isinstance(score.evidence["fluency"]["answer"], str)
        if value is None:
            assert score.evidence["fluency"]["error"]
    assert judge.signature()["logprobs"] == "top5:used"
    again = JudgeMetric(
        judge={"use": "hf", "args": args}, dimensions=["fluency"], cache_dir=str(tmp_path)
    )
    assert [s.values for s in again.score(BRIEFINGS[:2], ITEMS[:2])] == [s.values for s in scores]
    # every judgement came from the cache: the backend was built for its signature, never loaded
    assert again._backend._loaded is None


class TestJudgeKit(MetricTestCases):
    """The shared metric checks, with the fake judge (log-probability weighted grades)."""

    items = tuple(ITEMS)
    briefings = tuple(BRIEFINGS)
    golden: ClassVar = {
        0: {"judge.consistency": 3.7, "judge.fluency": 4.7},
        2: {"judge.fluency": None},
    }

    def make_metric(self):
        return metric(dimensions=["consistency", "fluency"], cache=False)
