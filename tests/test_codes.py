"""Reed–Solomon codes: laws, step curves (Prop 20), TC/DTC, the linear-algebra oracle."""

from functools import cache
from itertools import combinations, product

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mdm_lib as mdm
from mdm_lib.codes import (
    ReedSolomonOracle,
    is_prime,
    reed_solomon_code,
    reed_solomon_law,
)
from mdm_lib.oracle import TableOracle

# (n, q) with q prime, q >= n and q**n small enough for an exact info_curve
SMALL = [(2, 2), (2, 3), (3, 3), (3, 5), (4, 5), (5, 5), (4, 7), (5, 7), (6, 7)]


def brute_codewords(n, k, q, points, shift):
    """Evaluate every polynomial of degree < k at the points, with Python integers."""
    words = set()
    for coeffs in product(range(q), repeat=k):
        words.add(
            tuple(
                (sum(c * a**r for r, c in enumerate(coeffs)) + b) % q
                for a, b in zip(points, shift, strict=True)
            )
        )
    return words


@st.composite
def random_codes(draw, pairs=tuple(SMALL)):
    """An RS code with random (n, q) from ``pairs``, random k, points and shift, and the rng used."""
    n, q = draw(st.sampled_from(pairs))
    k = draw(st.integers(1, n - 1))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    return reed_solomon_code(n, k, q, rng=rng, random_points=True), rng


@given(random_codes())
def test_law_is_uniform_on_the_polynomial_evaluations(code_rng):
    code, _ = code_rng
    n, k, q = code.n, code.dimension, code.q
    table = code.law()
    support = {tuple(x) for x in np.argwhere(table > 0)}
    assert support == brute_codewords(n, k, q, code.points.tolist(), code.shift.tolist())
    assert np.allclose(table[table > 0], q**-k, rtol=0, atol=1e-15)


@given(st.sampled_from(SMALL), st.data(), st.integers(0, 2**32 - 1))
def test_step_curve_and_exact_tc_dtc(nq, data, seed):
    """Prop 20 and Lemma 8 for parameters drawn at random, shifts drawn at random (reed_solomon_law itself)."""
    n, q = nq
    k = data.draw(st.integers(1, n - 1))
    p = reed_solomon_law(n, k, q, rng=np.random.default_rng(seed))
    step = np.log2(q) * (np.arange(1, n + 1) > k)
    assert np.abs(mdm.info_curve(p) - step).max() < 1e-9
    assert abs(mdm.total_correlation(p) - (n - k) * np.log2(q)) < 1e-9
    assert abs(mdm.dual_total_correlation(p) - k * np.log2(q)) < 1e-9


def test_curve_in_other_bases():
    assert (
        np.abs(mdm.info_curve(reed_solomon_law(5, 2, 7), base=np.e) - np.log(7) * (np.arange(1, 6) > 2)).max()
        < 1e-9
    )
    p = reed_solomon_law(4, 3, 5)
    assert abs(mdm.total_correlation(p, base=np.e) - np.log(5)) < 1e-9


def test_mds_every_k_positions_determine_the_codeword():
    code = reed_solomon_code(5, 3, 7, rng=np.random.default_rng(3))
    words = code.codewords()
    for S in combinations(range(5), 3):
        assert len({tuple(w) for w in words[:, S]}) == 7**3


def test_zero_shift_without_rng_and_deterministic_with_seed():
    assert reed_solomon_code(4, 2, 5).shift.tolist() == [0, 0, 0, 0]
    a = reed_solomon_law(4, 2, 5, rng=np.random.default_rng(9))
    b = reed_solomon_law(4, 2, 5, rng=np.random.default_rng(9))
    assert np.array_equal(a, b)
    assert a[(0,) * 4] == 0 or not np.array_equal(a, reed_solomon_law(4, 2, 5))


@pytest.mark.parametrize(
    "n, k, q, match",
    [
        (4, 2, 6, "q must be a prime power"),
        (4, 2, 12, "q must be a prime power"),
        (4, 2, 1, "q must lie"),
        (6, 2, 5, "q must be >= n"),
        (4, 0, 5, "dimension must lie"),
        (4, 4, 5, "dimension must lie"),
        (1, 1, 5, "n must lie"),
    ],
)
def test_bad_parameters(n, k, q, match):
    with pytest.raises(ValueError, match=match):
        reed_solomon_law(n, k, q)


def test_bad_types_and_sizes():
    with pytest.raises(TypeError, match="dimension must be an integer"):
        reed_solomon_law(4, 2.0, 5)
    with pytest.raises(TypeError, match="rng"):
        reed_solomon_law(4, 2, 5, rng=1.5)
    with pytest.raises(ValueError, match="more than"):
        reed_solomon_law(30, 2, 31)
    with pytest.raises(ValueError, match="random_points"):
        reed_solomon_code(4, 2, 5, random_points=True)
    code = reed_solomon_code(4, 2, 5)
    with pytest.raises(ValueError, match="distinct"):
        code.contains([0, 0], [1, 1])
    with pytest.raises(ValueError, match="values"):
        code.contains([0], [5])
    with pytest.raises(ValueError, match="length dimension = 2"):
        code.encode([1, 2, 3])


def test_is_prime():
    assert [q for q in range(30) if is_prime(q)] == [2, 3, 5, 7, 11, 13, 17, 19, 23, 29]


@given(random_codes(((4, 5), (5, 5), (5, 7))))
def test_rs_oracle_equals_table_oracle(code_rng):
    code, rng = code_rng
    n, q = code.n, code.q
    words = code.codewords()
    table, linear = TableOracle(code.law()), ReedSolomonOracle(code)
    for _ in range(20):
        size = int(rng.integers(0, n))
        S = rng.permutation(n)[:size]
        x = words[rng.integers(len(words))][S] if rng.random() < 0.5 else rng.integers(q, size=size)
        a, b = table(S, x), linear(S, x)
        assert list(a) == list(b)
        assert all(np.abs(a[i] - b[i]).max() < 1e-12 for i in a)
    assert linear.queries == table.queries == 20


def test_rs_oracle_without_table_at_n_200():
    n, k, q = 200, 70, 211
    rng = np.random.default_rng(5)
    code = reed_solomon_code(n, k, q, rng=rng, random_points=True)
    oracle = ReedSolomonOracle(code)
    word = code.encode(rng.integers(q, size=k))
    order = rng.permutation(n)
    # fewer than k pinned, even consistently: uniform
    answer = oracle(order[: k - 1], word[order[: k - 1]])
    assert all(np.allclose(m, 1 / q) for m in answer.values())
    # exactly k pinned: the codeword is determined
    answer = oracle(order[:k], word[order[:k]])
    assert all(m[word[i]] == 1.0 for i, m in answer.items())
    # more than k pinned, one symbol off: inconsistent, uniform answers
    wrong = word.copy()
    wrong[order[k]] = (wrong[order[k]] + 1) % q
    assert not code.contains(order[: k + 1], wrong[order[: k + 1]])
    assert all(np.allclose(m, 1 / q) for m in oracle(order[: k + 1], wrong[order[: k + 1]]).values())


def test_solve_matches_brute_force_count():
    code = reed_solomon_code(5, 3, 7, rng=np.random.default_rng(11))
    words = code.codewords()
    rng = np.random.default_rng(12)
    for _ in range(40):
        S = rng.permutation(5)[: rng.integers(0, 5)]
        x = rng.integers(7, size=S.size)
        matches = int((words[:, S] == x).all(axis=1).sum())
        solution = code.solve(S, x)
        assert (solution is not None) == (matches > 0)
        if solution is not None:
            assert matches == 7 ** solution[1].shape[0]


def test_random_shift_codes_are_balanced_exhaustively():
    """Def 18 / Lemma 21 over all q**n shifts: P[x in (V+b)_S] = q**(k - |S|)."""
    from mdm_lib.codes import consistency_probabilities

    for n, q in [(3, 3), (4, 5)]:
        for k in range(1, n):
            probs = consistency_probabilities(n, k, q)
            assert len(probs) == sum(1 for s in range(1 << n) if bin(s).count("1") >= k)
            for S, p in probs.items():
                assert p.shape == (q,) * len(S)
                assert np.abs(p - float(q) ** (k - len(S))).max() < 1e-12


# --- prime-power fields (galois) -------------------------------------------------------------------

POWERS = [(3, 4), (4, 4), (4, 8), (5, 8), (4, 9), (3, 9)]


@cache
def _gf_tables(q):
    """Addition and multiplication tables of GF(q), q = p**m, written from the definition:
    polynomials over F_p in base-p digits, reduced modulo galois's irreducible polynomial
    (only the symbol convention is taken from galois)."""
    import galois

    field = galois.GF(q)
    p, m = field.characteristic, field.degree
    modulus = [int(c) for c in field.irreducible_poly.coeffs[::-1]]  # lowest degree first, monic

    def digits(x):
        return [(x // p**i) % p for i in range(m)]

    def number(coeffs):
        return sum(c * p**i for i, c in enumerate(coeffs))

    add = np.zeros((q, q), dtype=np.int64)
    mul = np.zeros((q, q), dtype=np.int64)
    for x in range(q):
        for y in range(q):
            add[x, y] = number([(a + b) % p for a, b in zip(digits(x), digits(y), strict=True)])
            prod = [0] * (2 * m - 1)
            for i, a in enumerate(digits(x)):
                for j, b in enumerate(digits(y)):
                    prod[i + j] = (prod[i + j] + a * b) % p
            for d in range(2 * m - 2, m - 1, -1):
                c = prod[d]
                for i in range(m + 1):
                    prod[d - m + i] = (prod[d - m + i] - c * modulus[i]) % p
            mul[x, y] = number(prod[:m])
    return add, mul


@pytest.mark.parametrize("n, q", POWERS)
def test_prime_power_codes_are_the_polynomial_evaluations(n, q):
    """Codewords against polynomial evaluation with field arithmetic written out here."""
    rng = np.random.default_rng(q * 10 + n)
    for k in range(1, n):
        code = reed_solomon_code(n, k, q, rng=rng, random_points=True)
        add, mul = _gf_tables(q)
        words = {tuple(w) for w in code.codewords()}
        expected = set()
        for coeffs in product(range(q), repeat=k):
            word = []
            for a, b in zip(code.points.tolist(), code.shift.tolist(), strict=True):
                value, power = 0, 1
                for c in coeffs:
                    value = add[value, mul[c, power]]
                    power = mul[power, a]
                word.append(int(add[value, b]))
            expected.add(tuple(word))
        assert words == expected and len(words) == q**k


@pytest.mark.parametrize("n, q", POWERS)
def test_prime_power_codes_have_the_mds_step_curve(n, q):
    for k in range(1, n):
        p = reed_solomon_law(n, k, q, rng=np.random.default_rng(k))
        np.testing.assert_allclose(mdm.info_curve(p), mdm.mds_info_curve(n, k, q), atol=1e-9)


@pytest.mark.parametrize("n, k, q", [(4, 2, 4), (5, 2, 8), (4, 3, 9), (5, 3, 7)])
def test_oracle_and_solve_equal_the_table_for_prime_powers(n, k, q):
    rng = np.random.default_rng(n + k + q)
    code = reed_solomon_code(n, k, q, rng=rng, random_points=True)
    words = code.codewords()
    table, linear = TableOracle(code.law()), ReedSolomonOracle(code)
    for _ in range(25):
        S = rng.permutation(n)[: rng.integers(0, n)]
        x = words[rng.integers(len(words))][S] if rng.random() < 0.6 else rng.integers(q, size=S.size)
        a, b = table(S, x), linear(S, x)
        assert list(a) == list(b) and all(np.abs(a[i] - b[i]).max() < 1e-12 for i in a)
        matches = int((words[:, S] == x).all(axis=1).sum())
        solution = code.solve(S, x)
        assert (solution is not None) == (matches > 0) == code.contains(S, x)
        if solution is not None:
            assert matches == q ** solution[1].shape[0]


def test_whole_float_messages_are_accepted():
    code = reed_solomon_code(4, 2, 5)
    assert code.encode([1.0, 2.0]).tolist() == code.encode([1, 2]).tolist()
