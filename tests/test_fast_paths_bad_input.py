"""Bad input to the fast paths (optimal schedules, Markov and MDS curves, subset entropies,
Reed–Solomon codes): a clear TypeError/ValueError naming the argument, or a correct answer,
never a silent wrong one, a hang or an unbounded allocation."""

import numpy as np
import pytest
from work_budget import REFUSAL_CALLS, REFUSAL_MEGABYTES, work_budget

import mdm_lib as mdm
from mdm_lib.schedules.optimal import MAX_DP_CELLS, MAX_SPLIT_POINTS

Z = np.array([0.0, 0.5, 0.8])
REDUCIBLE = np.eye(3)

CASES = [
    # optimal schedules
    (
        lambda: mdm.optimal_errors([0.0, 1e308, 1e308], 2),
        ValueError,
        "Z is so large that the error overflows",
    ),
    (lambda: mdm.optimal_errors(np.zeros(10**6), 10**6), ValueError, f"MAX_DP_CELLS = {MAX_DP_CELLS:,}"),
    (lambda: mdm.optimal_errors(np.zeros(10**6), 10**6), ValueError, "k = 1,000,000 with n = 1,000,000"),
    (
        lambda: mdm.optimal_schedule(np.zeros(10**6), 10**6),
        ValueError,
        f"MAX_SPLIT_POINTS = {MAX_SPLIT_POINTS:,}",
    ),
    (lambda: mdm.optimal_schedule(np.zeros(10**6), 10**6), ValueError, "k = 1,000,000 with n = 1,000,000"),
    (lambda: mdm.optimal_schedule(Z, True), TypeError, "k must be an integer, got bool"),
    (lambda: mdm.optimal_errors(Z, np.float64(2.0)), TypeError, "k must be an integer"),
    (lambda: mdm.min_steps_for_error(Z, True), TypeError, "eps must be a real number, got bool"),
    (
        lambda: mdm.min_steps_for_error(Z, np.float64(-1.1)),
        ValueError,
        "eps must be a finite number >= 0, got -1.1",
    ),
    (lambda: mdm.min_steps_for_error(Z, np.inf), ValueError, "eps must be a finite number >= 0, got inf"),
    (lambda: mdm.min_steps_for_error(Z, "0.1"), TypeError, "eps must be a real number, got str"),
    (lambda: mdm.min_steps_for_error(Z, [0.1]), TypeError, "eps must be a real number, got list"),
    # Markov curves
    (lambda: mdm.markov_info_curve(REDUCIBLE, 5), ValueError, "3 closed classes"),
    (lambda: mdm.markov_info_curve(REDUCIBLE, 5), ValueError, "pass initial="),
    (
        lambda: mdm.markov_info_curve(REDUCIBLE, 5, initial=[1.0, 0.0]),
        ValueError,
        "initial must be a law on the q = 3",
    ),
    (
        lambda: mdm.markov_info_curve([[0.9, 0.1], [0.2, 0.8]], 5, initial=[0.5, 0.5]),
        ValueError,
        "initial must be stationary",
    ),
    (
        lambda: mdm.markov_info_curve(REDUCIBLE, 5, initial=[0.5, 0.6, -0.1]),
        ValueError,
        "initial has negative entries",
    ),
    (
        lambda: mdm.markov_info_curve(REDUCIBLE, 5, initial="abc"),
        TypeError,
        "initial must be a numeric array",
    ),
    (
        lambda: mdm.markov_info_curve([[0.5, 0.5], [0.5, 0.5]], True),
        TypeError,
        "n must be an integer, got bool",
    ),
    # MDS curves
    (lambda: mdm.mds_info_curve(10, 3, 2), ValueError, "cannot exist: n > q + dimension - 1 = 4"),
    (lambda: mdm.mds_info_curve(6, 3, 4), ValueError, "is not known to exist"),
    (lambda: mdm.mds_info_curve(6, 3, 4), ValueError, "synthetic=True"),
    (lambda: mdm.mds_info_curve(6, 3, 4, synthetic="yes"), TypeError, "synthetic must be a bool"),
    (lambda: mdm.mds_info_curve(6, 7, 7), ValueError, "dimension must lie in [1, 6], got 7"),
    (lambda: mdm.mds_info_curve(6, 3, 7.0), TypeError, "q must be an integer, got float"),
    # subset entropies
    (
        lambda: mdm.subset_entropies(np.full((2, 2), 0.25), workers=0),
        ValueError,
        "workers must lie in [1, inf], got 0",
    ),
    (
        lambda: mdm.subset_entropies(np.full((2, 2), 0.25), workers=1.5),
        TypeError,
        "workers must be an integer",
    ),
    (
        lambda: mdm.subset_entropies(np.full((2, 2), 0.25), workers=True),
        TypeError,
        "workers must be an integer, got bool",
    ),
    # Reed–Solomon codes
    (
        lambda: mdm.ReedSolomonCode(3, 2, 5, points=[0, 1, 1], shift=[0, 0, 0]),
        ValueError,
        "points must be distinct",
    ),
    (
        lambda: mdm.ReedSolomonCode(3, 2, 6, points=[0, 1, 2], shift=[0, 0, 0]),
        ValueError,
        "q must be a prime power",
    ),
    (
        lambda: mdm.reed_solomon_code(4, 2, 6),
        ValueError,
        "q must be a prime power (the order of a finite field), got 6",
    ),
    (
        lambda: mdm.ReedSolomonCode(3, 2, 5, points=[0, 1, 5], shift=[0, 0, 0]),
        ValueError,
        "points must hold symbols 0..4",
    ),
    (
        lambda: mdm.ReedSolomonCode(3, 2, 5, points=[0, 1], shift=[0, 0, 0]),
        ValueError,
        "points must have n = 3",
    ),
    (
        lambda: mdm.ReedSolomonCode(3, 2, 5, points=[0, 1, 2], shift=[0.5, 0, 0]),
        ValueError,
        "shift must hold whole numbers",
    ),
    (
        lambda: mdm.reed_solomon_code(4, 2, 5).encode([1.5, 2]),
        ValueError,
        "messages must hold whole numbers 0..4, got 1.5",
    ),
    (lambda: mdm.reed_solomon_code(4, 2, 5).encode([True, False]), TypeError, "messages must hold integers"),
    (lambda: mdm.reed_solomon_code(4, 2, 5).encode([5, 0]), ValueError, "messages must hold symbols 0..4"),
    (lambda: mdm.reed_solomon_code(4, 2, 5).encode("ab"), TypeError, "messages must hold integers"),
    (lambda: mdm.reed_solomon_code(4, True, 5), TypeError, "dimension must be an integer, got bool"),
    (lambda: mdm.reed_solomon_code(30, 10, 31).codewords(), ValueError, "MAX_TABLE_ENTRIES"),
    (
        lambda: mdm.reed_solomon_law(30, 2, 31),
        ValueError,
        "q**n = 31**30 entries, more than MAX_TABLE_ENTRIES",
    ),
]


@pytest.mark.parametrize("call, error, words", CASES, ids=[c[2][:50] for c in CASES])
def test_bad_input_gets_a_clear_error(call, error, words):
    with work_budget(calls=REFUSAL_CALLS, megabytes=REFUSAL_MEGABYTES):  # before any large allocation or loop
        with pytest.raises(error) as info:
            call()
    message = str(info.value)
    assert words in message
    assert "np.float64" not in message and "np.int64" not in message


def test_huge_values_are_rescaled_not_nan():
    """Prefix sums of [0, 1e308, 1e308] overflow; the curve is scaled by a power of two first."""
    best = mdm.optimal_schedule([0, 1e308, 1e308], 2)
    assert best.sizes == [1, 2] and best.error == 0.0
    assert mdm.optimal_errors([0.0, 1e307, 1e307], 2).tolist() == [2e307, 0.0]
    assert mdm.min_steps_for_error([0.0, 1e308, 1e308], 0.0) == 2
    tiny = np.array([0.0, 1e-310, 2e-310])  # subnormal values keep their exact answer too
    assert mdm.optimal_errors(tiny, 3)[-1] == 0.0


def test_mds_curve_exists_where_a_code_does():
    assert (
        mdm.mds_info_curve(8, 3, 7).tolist() == mdm.mds_info_curve(8, dimension=3, q=7).tolist()
    )  # n = q + 1
    for dimension in (1, 9, 10):  # repetition, single parity, whole space: any q
        assert mdm.mds_info_curve(10, dimension, 2).shape == (10,)
    step = mdm.mds_info_curve(10, 3, 2, synthetic=True)
    assert step.tolist() == [0.0] * 3 + [1.0] * 7


def test_reducible_chain_with_an_explicit_stationary_start():
    """A reducible chain started in a chosen stationary law, against the full table built here."""
    P = np.array([[1.0, 0.0, 0.0], [0.0, 0.5, 0.5], [0.0, 0.5, 0.5]])
    initial = np.array([0.5, 0.25, 0.25])
    n = 6
    table = initial.copy()
    for _ in range(n - 1):
        table = table[..., None] * P[(None,) * (table.ndim - 1)]
    np.testing.assert_allclose(mdm.markov_info_curve(P, n, initial=initial), mdm.info_curve(table), atol=1e-9)
