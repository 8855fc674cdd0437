"""Lemma 35 with an imperfect oracle (mdm_lib.sampler.learned_oracle_kl), by exact enumeration."""

import pytest

import mdm_lib as mdm


@pytest.mark.parametrize(
    ("shape", "sizes", "seed"),
    [((2, 2), [1, 1], 0), ((2, 3, 2), [2, 1], 1), ((2, 2, 2, 2), [1, 2, 1], 2), ((3, 2, 2, 2), [4], 3)],
)
def test_identity_and_exact_part(shape: tuple[int, ...], sizes: list[int], seed: int) -> None:
    p = mdm.random_law(shape, rng=seed, concentration=0.5)
    out = mdm.learned_oracle_kl(p, sizes, 0.4, rng=seed)
    # Lemma 35, corrected: KL(p || nu_hat) = KL(p || nu) + error, partition by partition
    assert out.largest_gap < 1e-9
    assert abs(out.learned - out.exact - out.oracle_error) < 1e-9
    # the exact-oracle part is the sampler of Def 15, computed by the independent enumeration of sampler_kl
    assert abs(out.exact - mdm.sampler_kl(p, sizes)) < 1e-9
    assert out.oracle_error > 0 and out.learned > out.exact


def test_one_step_adds_the_error_to_the_total_correlation() -> None:
    p = mdm.random_law((2, 2, 3), rng=5, concentration=0.3)
    out = mdm.learned_oracle_kl(p, [3], 0.3, rng=1)
    assert abs(out.exact - mdm.total_correlation(p)) < 1e-9


def test_small_noise_gives_small_error_and_is_deterministic() -> None:
    p = mdm.random_law((2, 2, 2), rng=7)
    small, large = (mdm.learned_oracle_kl(p, [1, 2], noise, rng=3) for noise in (1e-4, 1.0))
    assert small.oracle_error < 1e-6 < large.oracle_error
    assert mdm.learned_oracle_kl(p, [1, 2], 1.0, rng=3) == large
    assert mdm.learned_oracle_kl(p, [1, 2], 1.0, rng=4) != large


def test_zero_size_steps_are_skipped() -> None:
    p = mdm.random_law((2, 2, 2), rng=8)
    assert mdm.learned_oracle_kl(p, [1, 0, 2], 0.5, rng=2) == mdm.learned_oracle_kl(p, [1, 2], 0.5, rng=2)


@pytest.mark.parametrize(
    ("sizes", "noise", "error", "match"),
    [
        ([1, 1], 0.0, ValueError, "noise"),
        ([1, 1], "a", TypeError, "noise"),
        ([1, 2], 0.5, ValueError, "sizes"),
    ],
)
def test_bad_input(sizes: list[int], noise: object, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        mdm.learned_oracle_kl([[0.25, 0.25], [0.25, 0.25]], sizes, noise)
