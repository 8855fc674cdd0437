import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mdm_lib as mdm
from mdm_lib.testing import entropy_curve_by_definition, entropy_of, info_curve_by_definition


def _law(seed, shape, concentration=0.5):
    return mdm.random_law(shape, rng=np.random.default_rng(seed), concentration=concentration)


laws = st.builds(
    _law,
    st.integers(0, 2**31),
    st.lists(st.integers(2, 4), min_size=1, max_size=5).map(tuple),
    st.sampled_from([0.1, 0.5, 1.0, 5.0]),
)


@pytest.mark.parametrize("shape", [(2,), (3, 2), (2, 3, 4), (2,) * 7, (3,) * 5, (4, 2, 3, 2, 3)])
def test_subset_entropies_match_direct_marginals(shape):
    p = _law(1, shape)
    h = mdm.subset_entropies(p)
    n = p.ndim
    for mask in range(1 << n):
        subset = tuple(i for i in range(n) if mask >> i & 1)
        assert h[mask] == pytest.approx(entropy_of(p, subset), abs=1e-12)


def test_subset_entropies_large_blocks_match(monkeypatch):
    """The block split and the Kronecker tail agree with direct marginals on a 12-axis table."""
    p = _law(2, (2, 3) * 6, concentration=1.0)
    h = mdm.subset_entropies(p)
    rng = np.random.default_rng(0)
    for mask in rng.integers(0, 1 << 12, size=40):
        subset = tuple(i for i in range(12) if mask >> i & 1)
        assert h[mask] == pytest.approx(entropy_of(p, subset), abs=1e-10)


@given(laws)
def test_lemma13_info_curve_equals_definition(p):
    """Lemma 13: the fast Z (from H_m) equals the average mutual information of Def 3."""
    np.testing.assert_allclose(mdm.info_curve(p), info_curve_by_definition(p), atol=1e-9)


@given(laws)
def test_entropy_curve_equals_definition(p):
    np.testing.assert_allclose(mdm.entropy_curve(p), entropy_curve_by_definition(p), atol=1e-9)


@given(laws)
def test_info_curve_starts_at_zero_and_is_non_decreasing(p):
    Z = mdm.info_curve(p)
    assert Z[0] == 0.0
    assert np.all(np.diff(Z) >= -1e-12)
    assert Z[-1] <= np.log2(max(p.shape)) + 1e-12


@given(laws)
def test_lemma8_tc_and_dtc_from_the_curve(p):
    """Lemma 8: sum Z = TC and n Z_n - TC = DTC, with TC, DTC computed directly."""
    Z = mdm.info_curve(p)
    tc = mdm.total_correlation(p)
    dtc = mdm.dual_total_correlation(p)
    assert Z.sum() == pytest.approx(tc, abs=1e-9)
    assert p.ndim * Z[-1] - Z.sum() == pytest.approx(dtc, abs=1e-9)


def test_tc_and_dtc_by_definition():
    p = _law(3, (2, 3, 2))

    def H(S):
        return entropy_of(p, S)

    tc = H((0,)) + H((1,)) + H((2,)) - H((0, 1, 2))
    dtc = H((0, 1, 2)) - sum(H((0, 1, 2)) - H(tuple(j for j in range(3) if j != i)) for i in range(3))
    assert mdm.total_correlation(p) == pytest.approx(tc, abs=1e-12)
    assert mdm.dual_total_correlation(p) == pytest.approx(dtc, abs=1e-12)


def test_base_changes_units():
    p = _law(4, (3, 3, 2))
    np.testing.assert_allclose(mdm.info_curve(p, base=np.e), mdm.info_curve(p) * np.log(2), atol=1e-12)
    assert mdm.total_correlation(p, base=3) == pytest.approx(mdm.total_correlation(p) * np.log(2) / np.log(3))


def test_known_curves():
    fair = mdm.product_law([[0.5, 0.5]] * 4)
    np.testing.assert_allclose(mdm.info_curve(fair), 0.0, atol=1e-12)
    repetition = np.zeros((2,) * 4)
    repetition[0, 0, 0, 0] = repetition[1, 1, 1, 1] = 0.5
    np.testing.assert_allclose(mdm.info_curve(repetition), [0, 1, 1, 1], atol=1e-12)
    parity = np.zeros((2,) * 4)
    for x in np.ndindex(parity.shape):
        parity[x] = (sum(x) % 2 == 0) / 8
    np.testing.assert_allclose(mdm.info_curve(parity), [0, 0, 0, 1], atol=1e-12)


def test_single_position():
    p = np.array([0.2, 0.8])
    assert mdm.info_curve(p).tolist() == [0.0]
    assert mdm.total_correlation(p) == pytest.approx(0.0, abs=1e-15)
    assert mdm.dual_total_correlation(p) == pytest.approx(0.0, abs=1e-15)


def test_zero_entries_are_fine():
    p = np.zeros((3, 3, 3))
    p[0, 1, 2] = 0.5
    p[2, 1, 0] = 0.5
    Z = mdm.info_curve(p)
    assert np.isfinite(Z).all()
    np.testing.assert_allclose(Z, info_curve_by_definition(p), atol=1e-12)
