"""Prompt templates and output clean-up (pure functions; no model needed)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefing.base import Budget
from briefing.prompts import DEFAULT_INSTRUCTION, PromptTemplate, limit_phrase, output_sentences
from eval.errors import UserError


def test_default_instruction_states_the_budget_and_forbids_invented_numbers() -> None:
    prompt = PromptTemplate.build(None, None, causal=True)
    text = prompt.render("ARTICLE BODY", Budget(max_sentences=2, max_words=50))
    assert prompt.template == DEFAULT_INSTRUCTION
    assert "at most 2 sentences and 50 words" in text
    assert "do not invent" in text
    assert text.endswith("ARTICLE BODY")


def test_seq2seq_default_is_the_bare_article() -> None:
    assert PromptTemplate.build(None, None, causal=False).render("Body.", Budget()) == "Body."


def test_template_without_article_placeholder_is_a_prefix() -> None:
    prompt = PromptTemplate.build("summarize: ", None, causal=False)
    assert prompt.render("The text.", Budget()) == "summarize: The text."


def test_prefix_may_use_budget_placeholders() -> None:
    prompt = PromptTemplate.build("In {max_words} words: ", None, causal=False)
    assert prompt.render("X", Budget(max_words=30)) == "In 30 words: X"


@pytest.mark.parametrize(
    ("budget", "expected"),
    [
        (Budget(3, 80), " in at most 3 sentences and 80 words"),
        (Budget(1, None), " in at most 1 sentence"),
        (Budget(None, 40), " in at most 40 words"),
        (Budget(None, None), ""),
    ],
)
def test_limit_phrase(budget: Budget, expected: str) -> None:
    assert limit_phrase(budget) == expected


@pytest.mark.parametrize("template", ["Sum up {artcle}", "Text {0}", "Broken {article"])
def test_bad_templates_are_user_errors_naming_the_key(template: str) -> None:
    with pytest.raises(UserError, match=r"args\.prompt"):
        PromptTemplate.build(template, None, causal=True)


def test_system_prompt_cannot_hold_the_article() -> None:
    with pytest.raises(UserError, match=r"args\.system_prompt.*\{article\}"):
        PromptTemplate.build(None, "Here: {article}", causal=True)


def test_digest_changes_with_template_and_system_turn() -> None:
    base = PromptTemplate.build(None, None, causal=True)
    assert base.digest() == PromptTemplate.build(None, None, causal=True).digest()
    assert base.digest() != PromptTemplate.build("Brief: {article}", None, causal=True).digest()
    assert base.digest() != PromptTemplate.build(None, "Be terse.", causal=True).digest()


@given(st.text())
def test_article_is_inserted_verbatim_even_with_braces(article: str) -> None:
    prompt = PromptTemplate.build("<<{article}>>", None, causal=True)
    assert prompt.render(article, Budget()) == f"<<{article}>>"


def test_output_sentences_cleans_bart_and_pegasus_noise() -> None:
    # BART: leading space; Pegasus: "<n>" between sentences; chat models: bullets.
    assert output_sentences(" The mayor resigned.  Voters were  surprised.") == [
        "The mayor resigned.",
        "Voters were surprised.",
    ]
    assert output_sentences("Rates rose<n>Shares fell.") == ["Rates rose", "Shares fell."]
    assert output_sentences("- First point\n* Second point\n2. Third") == [
        "First point",
        "Second point",
        "Third",
    ]
    assert output_sentences("   \n") == []
