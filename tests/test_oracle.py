"""The conditional marginal oracle of Def 11."""

from itertools import product

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from law_strategies import laws

import mdm_lib as mdm
from mdm_lib.oracle import (
    QueryBudgetExceeded,
    TableOracle,
    UniformOracle,
    answer_is_deterministic,
    answer_is_uniform,
)


def brute_conditional(p, positions, values, i):
    """mu(X_i | X_positions = values) by a loop over every outcome."""
    out = np.zeros(p.shape[i])
    for x in product(*(range(a) for a in p.shape)):
        if all(x[s] == v for s, v in zip(positions, values, strict=True)):
            out[x[i]] += p[x]
    return out / out.sum() if out.sum() > 0 else np.full(p.shape[i], 1 / p.shape[i])


@st.composite
def dirichlet_law_with_a_zero(draw):
    shape = tuple(draw(st.lists(st.integers(2, 3), min_size=1, max_size=4)))
    p = mdm.random_law(shape, rng=draw(st.integers(0, 2**32 - 1)))
    p[tuple(0 for _ in shape)] = 0.0  # a zero-probability outcome
    return p / p.sum()


@given(st.one_of(dirichlet_law_with_a_zero(), laws(max_n=4)), st.integers(0, 2**32 - 1))
def test_table_oracle_matches_brute_force(p, seed):
    rng = np.random.default_rng(seed)
    shape = p.shape
    oracle = TableOracle(p)
    n = len(shape)
    for _ in range(5):
        S = rng.permutation(n)[: rng.integers(0, n)]
        x = [int(rng.integers(shape[s])) for s in S]
        answer = oracle(S, x)
        assert list(answer) == [i for i in range(n) if i not in set(S.tolist())]
        for i, marginal in answer.items():
            assert np.abs(marginal - brute_conditional(p, S, x, i)).max() < 1e-12


def test_impossible_pinning_gets_uniform_answer():
    oracle = TableOracle([[0.5, 0.0], [0.0, 0.5]])
    assert oracle([0, 1], [0, 1]) == {}
    p = np.zeros((2, 2, 3))
    p[0, 0, 0] = p[1, 1, 2] = 0.5
    answer = TableOracle(p)([0, 1], [0, 1])
    assert answer_is_uniform(answer) and answer[2].size == 3


def test_budget_and_counter():
    oracle = UniformOracle((2, 2, 2), budget=2)
    oracle([], [])
    oracle([1], [0])
    assert oracle.queries == 2
    with pytest.raises(QueryBudgetExceeded):
        oracle([], [])
    assert oracle.queries == 2


def test_uniform_oracle_and_predicates():
    answer = UniformOracle((2, 3, 4))([1], [2])
    assert list(answer) == [0, 2] and answer_is_uniform(answer) and not answer_is_deterministic(answer)
    assert answer_is_deterministic({0: np.array([0.0, 1.0, 0.0])})
    assert not answer_is_uniform({0: np.array([0.2, 0.8])})


@pytest.mark.parametrize(
    "positions, values, error, match",
    [
        ([0, 0], [1, 1], ValueError, "distinct"),
        ([3], [0], ValueError, "positions must lie"),
        ([-1], [0], ValueError, "positions must lie"),
        ([0], [2], ValueError, "values must lie"),
        ([0, 1], [0], ValueError, "same length"),
        ([0.5], [0], TypeError, "positions must hold integers"),
        ([True], [0], TypeError, "positions must hold integers"),
        ([0], [True], TypeError, "values must hold integers"),
    ],
)
def test_bad_queries(positions, values, error, match):
    oracle = TableOracle(np.full((2, 2, 2), 1 / 8))
    with pytest.raises(error, match=match):
        oracle(positions, values)
    assert oracle.queries == 0


def test_bad_tables_and_budgets():
    with pytest.raises(ValueError, match="sum to 1"):
        TableOracle([0.5, 0.6])
    with pytest.raises(ValueError, match="budget"):
        TableOracle([0.5, 0.5], budget=-1)
    with pytest.raises(ValueError, match="alphabet_sizes"):
        UniformOracle(())
