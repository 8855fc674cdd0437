"""Best piecewise-constant L1 approximations (mdm_lib.approximation) against brute force."""

from itertools import combinations, pairwise

import numpy as np
import pytest

import mdm_lib as mdm


def _brute_force(f: np.ndarray, pieces: int) -> float:
    """Smallest L1 error over every set of at most ``pieces - 1`` breakpoints.

    Each level is the best of all values.
    """
    n = f.size
    best = np.inf
    for count in range(pieces):
        for cuts in combinations(range(1, n), count):
            edges = (0, *cuts, n)
            error = 0.0
            for a, b in pairwise(edges):
                piece = f[a:b]
                # an L1 optimum is attained at a data value
                error += min(np.abs(piece - c).sum() for c in piece)
            best = min(best, error)
    return best


@pytest.mark.parametrize("seed", range(12))
def test_matches_brute_force_over_all_breakpoints(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 9))
    f = np.cumsum(rng.exponential(size=n) * (rng.random(n) < 0.7))
    if seed % 2:
        f = f[::-1].copy()  # non-increasing, like Lemma 28's f
    fit = mdm.best_piecewise_constant(f, n)
    for pieces in range(1, n + 1):
        assert abs(fit.errors[pieces - 1] - _brute_force(f, pieces)) < 1e-9
    for pieces in range(1, n + 1):
        one = mdm.best_piecewise_constant(f, pieces)
        assert abs(one.error - _brute_force(f, pieces)) < 1e-9
        assert len(one.sizes) <= pieces and sum(one.sizes) == n
        assert abs(np.abs(f - one.values).sum() - one.error) < 1e-12
        assert len(set(np.round(one.values, 12))) <= pieces


def test_never_worse_than_the_optimal_left_riemann_schedule() -> None:
    Z = mdm.geometric_staircase_curve(300, 0.1)
    fit = mdm.best_piecewise_constant(Z, 12)
    riemann = mdm.optimal_errors(Z, 12)
    assert (fit.errors <= riemann + 1e-12).all()
    assert (fit.errors[1:] < riemann[1:]).all()
    assert (np.diff(fit.errors) <= 1e-15).all()


def test_exact_on_a_step_function() -> None:
    f = np.repeat([0.0, 1.0, 3.0], [4, 3, 5])
    assert mdm.best_piecewise_constant(f, 3).error == 0.0
    assert mdm.best_piecewise_constant(f, 3).sizes == (4, 3, 5)
    assert mdm.best_piecewise_constant(f, 2).error == pytest.approx(3.0)  # merge the 3 ones into a neighbour


@pytest.mark.parametrize(
    ("f", "k", "error", "match"),
    [
        ([0.0, 2.0, 1.0], 2, ValueError, "monotone"),
        ([0.0, np.nan], 1, ValueError, "NaN"),
        ([[0.0, 1.0]], 1, ValueError, "1-d"),
        ([0.0, 1.0], 3, ValueError, r"k must lie in \[1, 2\]"),
        ([0.0, 1.0], 0, ValueError, r"k must lie in \[1, 2\]"),
        ([0.0, 1.0], 1.5, TypeError, "k must be an integer"),
    ],
)
def test_bad_input(f: object, k: object, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        mdm.best_piecewise_constant(f, k)
