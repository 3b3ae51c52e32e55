"""Longest common subsequences for ROUGE-L and ROUGE-Lsum: bit-parallel, rouge-score's answers.

rouge-score fills an (m+1) x (n+1) table in pure Python for every pair of token sequences and,
for ROUGE-Lsum, for every pair of sentences; that table is most of the plain loop's time. Here
each row of the table is one Python integer (Allison & Dix 1986; Hyyro 2004): bit ``j`` of row
``i`` is 1 when ``T[i][j+1] == T[i][j]``, so ``T[i][j]`` is the number of 0 bits among the low
``j`` bits. A row costs a handful of integer operations instead of ``n`` comparisons.

ROUGE-Lsum needs *which* tokens are in the LCS, not just how many, and rouge-score picks one LCS
among many by a fixed backtracking rule. ``lcs_indices`` walks the same path with the same rule,
reading table cells from the bit rows, so the union of LCS tokens (and so every hit count) is
exactly rouge-score's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

Tokens = Sequence[str]
Masks = Mapping[str, int]


def match_masks(tokens: Tokens) -> dict[str, int]:
    """For each distinct token, an integer with bit ``j`` set where ``tokens[j]`` is that token.

    Built once per candidate sequence and reused for every sequence it is compared with.
    """
    masks: dict[str, int] = {}
    for position, token in enumerate(tokens):
        masks[token] = masks.get(token, 0) | (1 << position)
    return masks


def _rows(reference: Tokens, masks: Masks, width: int) -> list[int]:
    """Bit rows ``V_0 .. V_m`` of the LCS table of ``reference`` (rows) vs the masked sequence."""
    full = (1 << width) - 1
    row = full
    rows = [row]
    for token in reference:
        carry = row & masks.get(token, 0)
        row = ((row + carry) | (row - carry)) & full
        rows.append(row)
    return rows


def lcs_length(reference: Tokens, masks: Masks, width: int) -> int:
    """Length of the LCS of ``reference`` and the ``width`` tokens that ``masks`` describes."""
    if not reference or not width:
        return 0
    full = (1 << width) - 1
    row = full
    for token in reference:
        carry = row & masks.get(token, 0)
        row = ((row + carry) | (row - carry)) & full
    return width - row.bit_count()


def lcs_indices(reference: Tokens, candidate: Tokens, masks: Masks) -> list[int]:
    """Indices into ``reference`` of one LCS: the one ``rouge_scorer.lcs_ind`` returns.

    rouge-score backtracks from the bottom-right corner: on a token match it steps diagonally;
    otherwise it steps left when ``T[i][j-1] > T[i-1][j]`` and up otherwise. Same walk here,
    with the comparison read off the bit rows: ``T[i][j-1]`` is ``T[i][j]`` when bit ``j-1`` of
    row ``i`` is set (else one less), and ``T[i-1][j]`` is ``T[i][j]`` or one less, so left wins
    only when that bit is set and the cell above is one less.
    """
    width = len(candidate)
    if not reference or not width:
        return []
    rows = _rows(reference, masks, width)
    if rows[-1] == rows[0]:  # nothing in common
        return []
    found: list[int] = []
    i, j = len(reference), width
    while i > 0 and j > 0:
        if reference[i - 1] == candidate[j - 1]:
            found.append(i - 1)
            i -= 1
            j -= 1
        elif (rows[i] >> (j - 1)) & 1:
            prefix = (1 << j) - 1
            # T[i][j] - T[i-1][j] = ones(row i-1) - ones(row i) among the low j bits.
            if (rows[i - 1] & prefix).bit_count() - (rows[i] & prefix).bit_count() == 1:
                j -= 1
            else:
                i -= 1
        else:
            i -= 1
    found.reverse()
    return found


def summary_level_hits(
    reference_sentences: Sequence[Tokens],
    candidate_sentences: Sequence[Tokens],
    candidate_masks: Sequence[Masks],
) -> int:
    """Hits of ROUGE-Lsum (Lin 2004, section 3.2) counted as ``rouge_scorer._summary_level_lcs``.

    For each reference sentence, the union of its LCS with every candidate sentence; each token
    counts at most as often as it occurs in both texts (ROUGE-1.5.5's guard against double
    counting), in the same order rouge-score consumes the counts.
    """
    remaining_reference: Counter[str] = Counter()
    remaining_candidate: Counter[str] = Counter()
    for sentence in reference_sentences:
        remaining_reference.update(sentence)
    for sentence in candidate_sentences:
        remaining_candidate.update(sentence)
    hits = 0
    for sentence in reference_sentences:
        union: set[int] = set()
        for candidate, masks in zip(candidate_sentences, candidate_masks, strict=True):
            union.update(lcs_indices(sentence, candidate, masks))
        for index in sorted(union):
            token = sentence[index]
            if remaining_candidate[token] > 0 and remaining_reference[token] > 0:
                hits += 1
                remaining_candidate[token] -= 1
                remaining_reference[token] -= 1
    return hits
