"""eval.stats against independent implementations (plain loops, scipy) and its invariants."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import stats as scipy_stats

from eval import stats

values = st.lists(
    st.one_of(st.none(), st.floats(-100, 100, allow_nan=False)), min_size=1, max_size=25
)


def _loop_interval(data, indices, confidence):
    """The percentile bootstrap written as plainly as possible."""
    means = []
    for row in indices:
        drawn = [data[i] for i in row if data[i] is not None]
        if drawn:
            means.append(sum(drawn) / len(drawn))
    alpha = (1 - confidence) / 2
    return sorted(means), alpha


def test_interval_equals_a_plain_loop_on_the_same_resamples() -> None:
    rng = np.random.default_rng(0)
    data = [None if i % 7 == 3 else float(x) for i, x in enumerate(rng.normal(5, 2, 40))]
    indices = stats.resample_indices(len(data), 500, seed=42)
    result = stats.bootstrap_interval(data, indices, 0.9)
    means, alpha = _loop_interval(data, indices, 0.9)
    present = [x for x in data if x is not None]
    assert result.n == len(present)
    assert result.mean == pytest.approx(sum(present) / len(present), abs=1e-12)
    assert result.ci_low == pytest.approx(np.quantile(means, alpha), abs=1e-9)
    assert result.ci_high == pytest.approx(np.quantile(means, 1 - alpha), abs=1e-9)


def test_interval_agrees_with_scipy_bootstrap() -> None:
    data = np.random.default_rng(1).exponential(2.0, 60)
    ours = stats.bootstrap_interval(list(data), stats.resample_indices(60, 20000, seed=3), 0.95)
    theirs = scipy_stats.bootstrap(
        (data,), np.mean, n_resamples=20000, method="percentile", confidence_level=0.95, rng=4
    ).confidence_interval
    width = theirs.high - theirs.low
    assert ours.ci_low == pytest.approx(theirs.low, abs=0.03 * width)
    assert ours.ci_high == pytest.approx(theirs.high, abs=0.03 * width)


@settings(max_examples=60, deadline=None)
@given(values, st.floats(-50, 50, allow_nan=False), st.floats(0.1, 10))
def test_interval_invariants(data, shift, scale) -> None:
    present = [x for x in data if x is not None]
    indices = stats.resample_indices(len(data), 200, seed=9)
    base = stats.bootstrap_interval(data, indices)
    assert base.n == len(present)
    if not present:
        assert base.mean is None and base.ci_low is None
        return
    assert base.ci_low is not None and base.ci_high is not None
    assert min(present) - 1e-9 <= base.ci_low <= base.ci_high <= max(present) + 1e-9
    moved = stats.bootstrap_interval(
        [None if x is None else x * scale + shift for x in data], indices
    )
    tol = 1e-6 * (1 + abs(shift) + scale * max(abs(x) for x in present))
    assert moved.mean == pytest.approx(base.mean * scale + shift, abs=tol)
    assert moved.ci_low == pytest.approx(base.ci_low * scale + shift, abs=tol)
    assert moved.ci_high == pytest.approx(base.ci_high * scale + shift, abs=tol)


def test_constant_data_has_a_zero_width_interval() -> None:
    result = stats.bootstrap_interval([0.3] * 12, stats.resample_indices(12, 300, seed=1))
    assert result.ci_low == result.mean == result.ci_high == 0.3


def test_resamples_are_seeded_and_independent_of_other_streams() -> None:
    a = stats.resample_indices(10, 50, seed=5)
    assert a.shape == (50, 10) and a.min() >= 0 and a.max() <= 9
    assert np.array_equal(a, stats.resample_indices(10, 50, seed=5))
    assert not np.array_equal(a, stats.resample_indices(10, 50, seed=6))
    # Running a randomisation test draws from its own stream: the resamples do not move.
    stats.paired_test([1.0] * 10, [0.0] * 10, a, seed=5)
    assert np.array_equal(a, stats.resample_indices(10, 50, seed=5))


def test_randomisation_p_value_approaches_the_exact_permutation_test() -> None:
    system = [0.61, 0.55, 0.43, 0.70, 0.52, 0.48, 0.66, 0.59, 0.41, 0.57, 0.62]
    baseline = [0.58, 0.50, 0.45, 0.61, 0.49, 0.50, 0.60, 0.52, 0.44, 0.51, 0.55]
    exact = scipy_stats.permutation_test(
        (system, baseline),
        lambda x, y, axis: np.mean(x - y, axis=axis),
        permutation_type="samples",
        alternative="two-sided",
        n_resamples=math.inf,
    ).pvalue
    indices = stats.resample_indices(len(system), 1000, seed=1)
    result = stats.paired_test(system, baseline, indices, seed=1, permutations=40000)
    assert result.p_randomisation == pytest.approx(exact, abs=0.006)


def _enumerated_p(diffs: list[float]) -> float:
    observed = abs(sum(diffs) / len(diffs))
    flips = list(itertools.product((-1, 1), repeat=len(diffs)))
    hits = sum(
        abs(sum(s * d for s, d in zip(signs, diffs, strict=True)) / len(diffs)) >= observed - 1e-12
        for signs in flips
    )
    return hits / len(flips)


def test_randomisation_matches_full_enumeration_on_a_small_case() -> None:
    system, baseline = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0], [2.0, 1.5, 3.0, 0.0, 4.0, 6.0, 2.5]
    expected = _enumerated_p([a - b for a, b in zip(system, baseline, strict=True)])
    result = stats.paired_test(
        system, baseline, stats.resample_indices(7, 100, seed=2), seed=2, permutations=50000
    )
    assert result.p_randomisation == pytest.approx(expected, abs=0.01)


def test_paired_bootstrap_equals_a_plain_loop() -> None:
    rng = np.random.default_rng(7)
    system = list(rng.normal(0.5, 0.1, 30))
    baseline = [x - 0.02 + float(rng.normal(0, 0.05)) for x in system]
    indices = stats.resample_indices(30, 400, seed=11)
    result = stats.paired_test(system, baseline, indices, seed=11, confidence=0.95)
    diffs = [a - b for a, b in zip(system, baseline, strict=True)]
    observed = sum(diffs) / len(diffs)
    means = [sum(diffs[i] for i in row) / len(row) for row in indices]
    extreme = sum(abs(m - observed) >= abs(observed) - 1e-12 for m in means)
    assert result.delta == pytest.approx(observed, abs=1e-12)
    assert result.p_bootstrap == pytest.approx((1 + extreme) / (len(means) + 1), abs=1e-12)
    assert result.ci_low == pytest.approx(np.quantile(means, 0.025), abs=1e-9)
    assert result.n == 30


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1)), min_size=2, max_size=20))
def test_swapping_system_and_baseline_negates_the_difference(pairs) -> None:
    a = [x for x, _ in pairs]
    b = [y for _, y in pairs]
    indices = stats.resample_indices(len(pairs), 200, seed=4)
    forward = stats.paired_test(a, b, indices, seed=4)
    backward = stats.paired_test(b, a, indices, seed=4)
    assert backward.delta == pytest.approx(-forward.delta, abs=1e-9)
    assert backward.p_randomisation == forward.p_randomisation
    assert backward.p_bootstrap == forward.p_bootstrap
    assert backward.significant == forward.significant
    assert 0 < forward.p_randomisation <= 1 and 0 < forward.p_bootstrap <= 1


def test_identical_systems_are_never_significant_and_clear_wins_are() -> None:
    same = [0.1, 0.5, 0.3, 0.9, 0.2, 0.4]
    indices = stats.resample_indices(6, 500, seed=1)
    tie = stats.paired_test(same, same, indices, seed=1)
    assert tie.delta == 0 and tie.p_bootstrap == 1 and tie.p_randomisation == 1
    assert not tie.significant
    better = [x + 0.2 + 0.01 * i for i, x in enumerate(same * 5)]
    indices = stats.resample_indices(30, 500, seed=1)
    win = stats.paired_test(better, same * 5, indices, seed=1)
    assert win.significant and win.p_randomisation < 0.01 and win.ci_low > 0


def test_missing_values_are_left_out_pairwise() -> None:
    system = [0.5, None, 0.7, 0.2]
    baseline = [0.4, 0.3, None, 0.1]
    result = stats.paired_test(system, baseline, stats.resample_indices(4, 200, seed=1), seed=1)
    assert result.n == 2
    assert result.delta == pytest.approx(0.1)
    empty = stats.paired_test([None, None], [0.1, 0.2], stats.resample_indices(2, 100, 1), seed=1)
    assert empty.n == 0 and empty.delta is None and not empty.significant


@settings(max_examples=30, deadline=None)
@given(values)
def test_same_seed_same_numbers(data) -> None:
    assume(any(x is not None for x in data))
    first = stats.bootstrap_interval(data, stats.resample_indices(len(data), 100, seed=8))
    second = stats.bootstrap_interval(data, stats.resample_indices(len(data), 100, seed=8))
    assert first == second


def _per_cell_means(values: np.ndarray, indices: np.ndarray) -> np.ndarray:
    """The resampled means as first written: draw, then mask and count every drawn cell."""
    drawn = values[indices]
    present = ~np.isnan(drawn)
    counts = present.sum(axis=1)
    sums = np.where(present, drawn, 0.0).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = sums / counts
    return means[counts > 0]


@settings(max_examples=80, deadline=None)
@given(values, st.integers(1, 300), st.integers(0, 2**32))
def test_resampled_means_are_bit_identical_to_masking_every_drawn_cell(data, rounds, seed) -> None:
    """Masking once per article before drawing (issue 14, speed) changes no bit of any mean:
    intervals, p-values and so aggregate.json stay byte-identical."""
    array = stats._as_array(data)
    indices = stats.resample_indices(len(data), rounds, seed)
    fast = stats._resampled_means(array, indices)
    assert fast.dtype == np.float64
    assert fast.tobytes() == _per_cell_means(array, indices).tobytes()


@pytest.mark.parametrize("missing", [0.0, 0.3])
def test_resampled_means_are_bit_identical_at_the_size_of_a_run(missing: float) -> None:
    """1,000 articles (numpy sums long rows pairwise, unlike the short lists above)."""
    rng = np.random.default_rng(5)
    array = rng.random(1000)
    array[rng.random(1000) < missing] = np.nan
    indices = stats.resample_indices(1000, 200, seed=12345)
    fast = stats._resampled_means(array, indices)
    assert fast.size == 200
    assert fast.tobytes() == _per_cell_means(array, indices).tobytes()


def test_resampled_means_of_nothing_are_empty() -> None:
    assert stats._resampled_means(np.array([]), np.zeros((5, 0), dtype=np.int64)).size == 0
    all_missing = stats._as_array([None, None, None])
    assert stats._resampled_means(all_missing, stats.resample_indices(3, 7, 1)).size == 0
