"""The judge through the ``endpoint`` backend against a real llama.cpp server (SmolLM2-135M):
llama_cpp.server returns ``top_logprobs`` for chat completions, so grades are weighted by
probability; a second metric on the same cache asks the server nothing.

Skipped, with the reason, where llama-cpp-python[server] or the packaged GGUF is missing.
"""

from __future__ import annotations

from llama_server import ALIAS, llama_server  # noqa: F401  (session fixture)

from eval.corpus.format import Item
from eval.metrics.judge import JudgeMetric

ARTICLE = Item(
    "harbour",
    "The harbour authority hired 40 new pilots on Monday. It said the cost was $3 million. "
    "Ships had waited up to nine days to dock. The union welcomed the decision.",
    ("The harbour hired 40 pilots.",),
)
BRIEFINGS = [
    "The harbour hired 40 pilots for $3 million after ships waited nine days.",
    "The airport fired 400 pilots on Friday.",
]

PROMPT = (
    "Rate the {dimension} of this summary from {low} to {high}.\n\nArticle: {source}\n\n"
    "Summary: {briefing}\n\nScore:"
)


def judge(server, cache) -> JudgeMetric:
    metric = JudgeMetric(
        judge={
            "use": "endpoint",
            "args": {"base_url": server.base_url, "model": ALIAS, "concurrency": 1},
        },
        dimensions=["consistency"],
        # SmolLM2-135M answers the default prompt with a sentence and no grade on this short
        # article; after a bare "Score:" cue it writes "The score is 4." (greedy, measured).
        prompt=PROMPT,
    )
    metric.use_run_cache(cache)
    return metric


def test_grades_are_weighted_by_the_servers_log_probabilities(llama_server, tmp_path):  # noqa: F811
    first = judge(llama_server, tmp_path)
    scores = first.score(BRIEFINGS, [ARTICLE, ARTICLE])
    assert first.asked == 2
    for score in scores:
        value = score.values["judge.consistency"]
        evidence = score.evidence["consistency"]
        assert isinstance(evidence["answer"], str)
        if value is None:  # a 135M model may answer without a grade: recorded, never 0
            assert evidence["error"] and score.values["judge.ungraded"] == 1.0
        else:
            assert 1 <= value <= 5
            assert abs(sum(evidence["probabilities"].values()) - 1) < 1e-5
    assert any("probabilities" in s.evidence["consistency"] for s in scores)
    assert first.signature()["logprobs"] == "top5:used"
    again = judge(llama_server, tmp_path)
    assert [s.values for s in again.score(BRIEFINGS, [ARTICLE, ARTICLE])] == [
        s.values for s in scores
    ]
    assert again.asked == 0  # every judgement came from the cache
