"""mdm_lib.records and mdm_lib.shards: loss tables from evaluation records, LLaDA's likelihood bound, merging.

The references here are brute force: conditionals summed out of full tables, every mask enumerated, every
reveal order enumerated. The standard errors of the pooled table are tested by simulation on a Markov chain
whose curve is exact at any length (mdm_lib.MarkovChain, checked against its full table in test_markov.py).
"""

import itertools
import json
import math

import numpy as np
import pytest

import mdm_lib as mdm
from mdm_lib import (
    KLEstimate,
    RecordSums,
    evaluation_records,
    loss_table_from_records,
    loss_table_from_sums,
    merge_estimates,
    record_sums,
    run_in_shards,
)

# --------------------------------------------------------------------------- brute-force conditionals


def _conditional(table: np.ndarray, x: tuple[int, ...], revealed: frozenset[int], i: int) -> np.ndarray:
    """``P(X_i = . | x_revealed)`` summed out of a full table (natural units)."""
    index = tuple(x[j] if j in revealed else slice(None) for j in range(table.ndim))
    rest = table[index]
    free = [j for j in range(table.ndim) if j not in revealed]
    marginal = rest.sum(axis=tuple(k for k, j in enumerate(free) if j != i))
    return marginal / marginal.sum()


def _llada_expectation(table: np.ndarray, model: np.ndarray, x: tuple[int, ...]) -> float:
    """E over LLaDA's draws of its estimate of -log p(x): m uniform on 1..n, then m uniform positions masked,
    loss (n / m) sum_{i masked} -log model(x_i | x_unmasked); every (m, mask) enumerated."""
    n = table.ndim
    total = 0.0
    for m in range(1, n + 1):
        masks = list(itertools.combinations(range(n), m))
        for mask in masks:
            revealed = frozenset(range(n)) - frozenset(mask)
            loss = -sum(math.log(_conditional(model, x, revealed, i)[x[i]]) for i in mask)
            total += (1 / n) * (1 / len(masks)) * (n / m) * loss
    return total


def _any_order_nll(model: np.ndarray, x: tuple[int, ...]) -> float:
    """The mean over all n! reveal orders of sum_t -log model(x_{s_t} | x_{s_<t}) (one token per step)."""
    n = model.ndim
    orders = list(itertools.permutations(range(n)))
    total = 0.0
    for order in orders:
        for t, i in enumerate(order):
            total -= math.log(_conditional(model, x, frozenset(order[:t]), i)[x[i]])
    return total / len(orders)


# --------------------------------------------------------------------------- LLaDA's likelihood bound


def test_llada_bound_is_the_sum_of_per_level_cross_entropies():
    """LLaDA's get_log_likelihood (ML-GSAI/LLaDA, get_log_likelihood.py) draws m uniform on 1..L, masks m
    uniform positions and scores (L / m) * (summed cross-entropy of the masked tokens). Its expectation is
    sum_{r=0}^{L-1} CE_x(r), the sum of the per-level mean cross-entropies, for ANY model: here the mean over
    all reveal orders of the one-token-per-step likelihood, computed by enumerating orders. For the true
    conditionals it is -log mu(x) (every order's chain rule), and on average H(X) = H_n."""
    rng = np.random.default_rng(3)
    law = mdm.random_law((3, 2, 3, 2), rng=rng)
    other = mdm.random_law((3, 2, 3, 2), rng=rng)  # a model that is not the law
    support = list(itertools.product(*(range(q) for q in law.shape)))
    for x in support[::3]:
        assert _llada_expectation(law, law, x) == pytest.approx(-math.log(law[x]), abs=1e-9)
        assert _llada_expectation(law, other, x) == pytest.approx(_any_order_nll(other, x), abs=1e-9)
    average = sum(law[x] * _llada_expectation(law, law, x) for x in support)
    H = mdm.entropy_curve(law, base=math.e)
    assert average == pytest.approx(H[-1], abs=1e-9)
    assert np.diff(H).sum() == pytest.approx(average, abs=1e-9)  # sum_r CE(r) = sum_r (H_{r+1} - H_r)


def test_records_of_every_mask_give_the_llada_bound_through_the_pooled_table():
    """A law uniform on its support, every (sequence, mask) a record: each count then holds many records,
    the table is not pooled, and the sum of its per-level cross-entropies is LLaDA's expected bound."""
    rng = np.random.default_rng(5)
    weights = (rng.random((3, 3, 2, 2)) < 0.6).astype(float)
    law = weights / weights.sum()
    model = mdm.random_law(law.shape, rng=rng)
    n = law.ndim
    support = [x for x in itertools.product(*(range(q) for q in law.shape)) if law[x] > 0]
    for conditionals in (law, model):
        masked, sums = [], []
        for x in support:
            for m in range(1, n + 1):
                for mask in itertools.combinations(range(n), m):
                    revealed = frozenset(range(n)) - frozenset(mask)
                    masked.append(m)
                    sums.append(
                        -sum(math.log(_conditional(conditionals, x, revealed, i)[x[i]]) for i in mask)
                    )
        table = loss_table_from_records(masked, sums, n, neighbours=2, base=math.e)
        assert (table.window == 0).all()
        bound = np.mean([_llada_expectation(law, conditionals, x) for x in support])
        assert table.cross_entropy.sum() == pytest.approx(bound, abs=1e-9)
        if conditionals is law:  # then CE(r) = H_{r+1} - H_r, and Z is the law's curve (Lemma 13)
            np.testing.assert_allclose(table.Z, mdm.info_curve(law, base=math.e), atol=1e-9)


# --------------------------------------------------------------------------- the pooled table


def test_unpooled_counts_are_the_plain_mean_and_standard_error():
    """With 4 * neighbours records at every count, neither the mean nor the variance is pooled."""
    rng = np.random.default_rng(0)
    n = 5
    masked = np.repeat(np.arange(1, n + 1), 80)
    sums = masked * (1 + 0.1 * masked) + rng.gamma(2.0, 0.3, masked.size)
    table = loss_table_from_records(masked, sums, n, neighbours=20, base=math.e)
    per_token = sums / masked
    for r in range(n):
        values = per_token[masked == n - r]
        assert table.cross_entropy[r] == pytest.approx(values.mean(), abs=1e-12)
        assert table.standard_error[r] == pytest.approx(
            values.std(ddof=1) / math.sqrt(values.size), abs=1e-12
        )
    assert (table.window == 0).all() and (table.records == 80).all()


def test_the_curve_is_the_loss_table_curve_and_units_scale():
    rng = np.random.default_rng(1)
    n = 40
    masked = rng.integers(1, n + 1, 60)
    sums = masked * (2.0 - 0.02 * (n - masked)) + rng.normal(0, 0.2, masked.size) * np.sqrt(masked)
    sums = np.abs(sums)
    bits = loss_table_from_records(masked, sums, n)
    nats = loss_table_from_records(masked, sums, n, base=math.e)
    np.testing.assert_allclose(bits.Z, mdm.curve_from_losses(bits.revealed, bits.cross_entropy), atol=1e-12)
    np.testing.assert_allclose(bits.cross_entropy * math.log(2), nats.cross_entropy, atol=1e-12)
    np.testing.assert_allclose(bits.Z_standard_error * math.log(2), nats.Z_standard_error, atol=1e-12)
    assert bits.Z[0] == 0.0 and bits.Z_standard_error[0] == 0.0
    assert bits.records.sum() == 60 and (bits.window > 0).any()


def test_predicted_kl_is_theorem_4_on_the_curve_and_linear_in_the_records():
    rng = np.random.default_rng(2)
    n = 30
    masked = rng.integers(1, n + 1, 50)
    sums = np.abs(masked * (1.5 - 0.03 * (n - masked)) + rng.normal(0, 0.3, masked.size))
    table = loss_table_from_records(masked, sums, n)
    sizes = [3, 5, 7, 15]
    estimate = table.predicted_kl(sizes)
    assert estimate.mean == pytest.approx(mdm.expected_kl(table.Z, sizes), abs=1e-12)
    assert estimate.num_samples == 50
    # the standard error is that of a linear function of CE: -a @ CE with a the Theorem 4 coefficients,
    # Cov(CE) = F F^T; compare with the covariance formed densely
    dense = table.covariance_factor.toarray()
    coefficients = np.ones(n)
    starts = np.cumsum([0] + sizes[:-1])
    coefficients[starts] -= sizes
    assert estimate.standard_error == pytest.approx(math.sqrt(coefficients @ dense @ dense.T @ coefficients))
    assert np.allclose(np.sqrt(np.diag(dense @ dense.T)), table.standard_error, atol=1e-12)
    # the estimate of each CE(r) is linear in the records' per-token means
    bumped = sums.copy()
    bumped[7] += masked[7] * 0.5
    delta = loss_table_from_records(masked, bumped, n).cross_entropy - table.cross_entropy
    twice = sums.copy()
    twice[7] += masked[7] * 1.0
    np.testing.assert_allclose(
        loss_table_from_records(masked, twice, n).cross_entropy - table.cross_entropy, 2 * delta, atol=1e-12
    )


def test_standard_errors_cover_the_exact_curve_of_a_markov_chain():
    """Coverage by simulation: n = 256, 128 records (LLaDA's draw of counts), 150 independent replications.
    The 95 % intervals of CE(r), Z_j and three schedules' predicted errors must cover the exact values at
    their nominal rate, within 3 binomial standard errors of 150 replications, and the z-scores must have a
    standard deviation within 3 of its standard errors of 1."""
    P = np.array([[0.8, 0.15, 0.05], [0.1, 0.8, 0.1], [0.2, 0.2, 0.6]])
    n, rows, replications = 256, 128, 150
    chain = mdm.MarkovChain(P, n)
    Z = chain.info_curve(base=math.e)
    entropy = -(chain.initial * np.log(chain.initial)).sum()
    schedules = [
        mdm.optimal_schedule(Z, 8).sizes,
        mdm.llada_schedule(n, 8),
        mdm.maskgit_cosine_schedule(n, 4),
    ]
    levels = [0, 64, 128, 192, 255]
    z = {"CE": [], "Z": [], "KL": []}
    for replication in range(replications):
        rng = np.random.default_rng([17, replication])
        records = evaluation_records(chain.sample(rows, rng=rng), chain, rng=rng, progress=False)
        table = loss_table_from_records(*records, n, base=math.e)
        z["CE"].append(
            [(table.cross_entropy[r] - (entropy - Z[r])) / table.standard_error[r] for r in levels]
        )
        z["Z"].append([(table.Z[r] - Z[r]) / table.Z_standard_error[r] for r in levels[1:]])
        z["KL"].append(
            [
                (est.mean - mdm.expected_kl(Z, s)) / est.standard_error
                for s, est in ((s, table.predicted_kl(s)) for s in schedules)
            ]
        )
    band = 3 * math.sqrt(0.95 * 0.05 / replications)
    spread = 3 / math.sqrt(2 * replications)
    for family, values in z.items():
        values = np.array(values)
        coverage = float((np.abs(values) < 1.959963984540054).mean())
        assert abs(coverage - 0.95) < band, (family, coverage)
        assert abs(values.std() - 1) < spread, (family, values.std())
        assert abs(values.mean()) < 3 / math.sqrt(replications), (family, values.mean())


def test_pooling_uses_the_nearest_records():
    n = 100
    masked = np.array([100, 99, 98, 50, 49, 2, 1, 1])
    sums = masked * 1.0
    table = loss_table_from_records(masked, sums, n, neighbours=3)
    # the count r = 0 (100 masked) pools r = 0, 1, 2; r = 99 (1 masked) has 2 records of its own and one more
    assert table.window[0] == 2 and table.window[99] == 1 and table.records[99] == 2
    np.testing.assert_allclose(table.cross_entropy, 1 / math.log(2), atol=1e-12)  # a constant is kept exactly


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("masked", "sums", "n", "message"),
    [
        ([0, 2], [1.0, 1.0], 3, r"masked\[0\] = 0 is not a number of masked positions in 1..n \(n = 3\)"),
        ([1, 4], [1.0, 1.0], 3, r"masked\[1\] = 4"),
        ([1, 1.5], [1.0, 1.0], 3, r"masked\[1\] = 1.5"),
        ([1, 2], [1.0, -0.5], 3, r"cross_entropy_sum\[1\] = -0.5 is negative"),
        ([1, 2], [1.0], 3, "must have the same length"),
        ([1, 2], [1.0, float("nan")], 3, "cross_entropy_sum contains NaN"),
        ([[1, 2]], [1.0, 1.0], 3, "masked must be a 1-d array"),
        ([2, 2, 2], [1.0, 1.0, 1.0], 3, "fewer than 2 counts"),
    ],
)
def test_bad_records_raise_naming_the_entry(masked, sums, n, message):
    with pytest.raises(ValueError, match=message):
        loss_table_from_records(masked, sums, n)


def test_bad_arguments_raise():
    with pytest.raises(TypeError, match="neighbours must be an integer"):
        loss_table_from_records([1, 2], [1.0, 1.0], 3, neighbours=2.5)
    with pytest.raises(ValueError, match="neighbours must lie in"):
        loss_table_from_records([1, 2], [1.0, 1.0], 3, neighbours=1)
    with pytest.raises(TypeError, match="sums must be a RecordSums"):
        loss_table_from_sums((np.ones(3), np.ones(3), np.ones(3)))
    with pytest.raises(ValueError, match="total_squares is smaller"):
        loss_table_from_sums(RecordSums(np.array([2, 1]), np.array([2.0, 1.0]), np.array([1.0, 1.0])))
    with pytest.raises(ValueError, match="alone in its window"):
        loss_table_from_records([1, 2], [1.0, 1.0], 3, neighbours=2)
    chain = mdm.MarkovChain([[0.9, 0.1], [0.1, 0.9]], 4)
    with pytest.raises(ValueError, match="one count per sample"):
        evaluation_records(chain.sample(3, rng=0), chain, masked=[1, 2])


# --------------------------------------------------------------------------- merging shards


def test_merged_record_sums_are_the_sums_of_all_records():
    rng = np.random.default_rng(4)
    n = 50
    masked = rng.integers(1, n + 1, 90)
    sums = rng.gamma(2.0, 1.0, 90) * masked
    parts = [record_sums(masked[s], sums[s], n) for s in (slice(0, 20), slice(20, 21), slice(21, 90))]
    merged = merge_estimates(parts)
    whole = record_sums(masked, sums, n)
    for a, b in zip(merged, whole, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)
    a, b = loss_table_from_sums(merged), loss_table_from_records(masked, sums, n)
    np.testing.assert_allclose(a.cross_entropy, b.cross_entropy, atol=1e-12)
    np.testing.assert_allclose(a.Z_standard_error, b.Z_standard_error, atol=1e-12)


def test_merged_kl_estimates_pool_mean_and_standard_error():
    values = np.random.default_rng(6).exponential(1.0, 37)
    pieces = np.split(values, [5, 6, 20])  # one piece has a single value
    parts = [
        KLEstimate(v.mean(), v.std(ddof=1) / math.sqrt(v.size) if v.size > 1 else 0.0, 0.0, 0.0, v.size)
        for v in pieces
    ]
    merged = merge_estimates(parts)
    assert merged.mean == pytest.approx(values.mean(), abs=1e-12)
    assert merged.standard_error == pytest.approx(values.std(ddof=1) / math.sqrt(37), abs=1e-12)
    assert merged.num_samples == 37 and merged.low < merged.mean < merged.high


def test_merged_curve_estimates_equal_the_estimate_of_all_rows(small_mixture):
    x = small_mixture.sample(60, rng=0)
    parts = [
        mdm.estimate_info_curve(x[s], small_mixture, rng=i, progress=False)
        for i, s in enumerate((slice(0, 25), slice(25, 60)))
    ]
    merged = merge_estimates(parts)
    terms = np.concatenate([p.terms for p in parts])
    np.testing.assert_allclose(merged.Z, terms.mean(axis=0), atol=1e-12)
    np.testing.assert_allclose(merged.standard_error, terms.std(axis=0, ddof=1) / math.sqrt(60), atol=1e-12)
    assert merged.tc == pytest.approx(terms.sum(axis=1).mean(), abs=1e-12)
    weights = np.array([25, 35]) / 60
    assert merged.dtc == pytest.approx(weights @ [p.dtc for p in parts], abs=1e-12)


def test_merge_refuses_what_it_cannot_merge():
    with pytest.raises(TypeError, match="non-empty sequence"):
        merge_estimates([])
    with pytest.raises(TypeError, match="cannot merge float"):
        merge_estimates([1.0, 2.0])
    with pytest.raises(TypeError, match="one type"):
        merge_estimates([record_sums([1], [1.0], 2), KLEstimate(0.0, 0.0, 0.0, 0.0, 3)])
    with pytest.raises(ValueError, match="one sequence length"):
        merge_estimates([record_sums([1], [1.0], 2), record_sums([1], [1.0], 3)])


def test_shards_in_this_process_equal_the_records_of_all_rows():
    """run_in_shards's contract: shard i holds numpy.array_split(range(N), shards)[i] and draws from
    default_rng(SeedSequence(seed).spawn(shards)[i]). Its merged sums equal the records of all rows."""
    chain = mdm.MarkovChain([[0.7, 0.3], [0.2, 0.8]], 32)
    x = chain.sample(50, rng=0)
    merged = run_in_shards(mdm.cross_entropy_sums, x, chain, shards=3, seed=11, progress=False)
    children = np.random.SeedSequence(11).spawn(3)
    records = [
        evaluation_records(x[part], chain, rng=np.random.default_rng(child), progress=False)
        for part, child in zip(np.array_split(np.arange(50), 3), children, strict=True)
    ]
    one = loss_table_from_records(
        np.concatenate([r.masked for r in records]),
        np.concatenate([r.cross_entropy_sum for r in records]),
        32,
    )
    sharded = loss_table_from_sums(merged)
    np.testing.assert_allclose(sharded.cross_entropy, one.cross_entropy, atol=1e-12)
    np.testing.assert_allclose(sharded.Z_standard_error, one.Z_standard_error, atol=1e-12)


def test_run_in_shards_checks_its_arguments():
    chain = mdm.MarkovChain([[0.7, 0.3], [0.2, 0.8]], 4)
    x = chain.sample(5, rng=0)
    with pytest.raises(ValueError, match="shards must lie in"):
        run_in_shards(mdm.cross_entropy_sums, x, chain, shards=6, seed=0)
    with pytest.raises(TypeError, match="seed must be an integer"):
        run_in_shards(mdm.cross_entropy_sums, x, chain, shards=2, seed=1.5)


# --------------------------------------------------------------------------- the command line


def test_plan_from_records_is_the_library_plan(tmp_path):
    from test_cli import run, write_csv

    chain = mdm.MarkovChain([[0.8, 0.15, 0.05], [0.1, 0.8, 0.1], [0.2, 0.2, 0.6]], 96)
    records = evaluation_records(chain.sample(40, rng=0), chain, rng=1, progress=False)
    nats = write_csv(tmp_path / "nats.csv", "masked,cross_entropy_sum", zip(*records, strict=True))
    bits = write_csv(
        tmp_path / "bits.csv",
        "masked,cross_entropy_sum",
        zip(records.masked, records.cross_entropy_sum / math.log(2), strict=True),
    )
    plan = json.loads(
        run("plan", "--records", nats, "--length", 96, "-k", 6, "--neighbours", 8, "--json").stdout
    )
    table = loss_table_from_records(*records, 96, neighbours=8)
    expected = mdm.plan_schedule(table.Z, 6)
    assert plan["sizes"] == [int(s) for s in expected.sizes]
    assert plan["expected_kl"] == pytest.approx(expected.error, rel=1e-12)
    assert plan["records"]["records"] == 40 and plan["records"]["neighbours"] == 8
    assert plan["records"]["expected_kl_standard_error"] == pytest.approx(
        table.predicted_kl(expected.sizes).standard_error, rel=1e-12
    )
    in_bits = json.loads(
        run(
            "plan", "--records", bits, "--length", 96, "-k", 6, "--neighbours", 8, "--input-base", 2, "--json"
        ).stdout
    )
    assert in_bits["sizes"] == plan["sizes"] and in_bits["expected_kl"] == pytest.approx(plan["expected_kl"])
    text = run("plan", "--records", nats, "--length", 96, "-k", 6).stdout
    assert "records: 40 at " in text and "standard error of the expected KL, from the records" in text
    # a plan scored on other records, and windows chosen by cross-validation
    other = evaluation_records(chain.sample(60, rng=2), chain, rng=3, progress=False)
    check = write_csv(tmp_path / "check.csv", "masked,cross_entropy_sum", zip(*other, strict=True))
    scored = json.loads(
        run(
            "plan",
            "--records",
            nats,
            "--length",
            96,
            "-k",
            6,
            "--neighbours",
            "cv",
            "--score-records",
            check,
            "--json",
        ).stdout
    )
    chosen = loss_table_from_records(*records, 96, neighbours="cv")
    sizes = mdm.plan_schedule(chosen.Z, 6).sizes
    assert scored["sizes"] == [int(s) for s in sizes]
    assert scored["records"]["neighbours"] == chosen.neighbours
    expected = loss_table_from_records(*other, 96, neighbours="cv").predicted_kl(sizes)
    assert scored["records"]["scored"]["records"] == 60
    assert scored["records"]["scored"]["expected_kl"] == pytest.approx(expected.mean, rel=1e-12)
    assert scored["records"]["scored"]["standard_error"] == pytest.approx(expected.standard_error, rel=1e-12)


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (
            "masked,cross_entropy_sum\n3,1.0\n\n0,2\n",
            ["--length", "4"],
            "c.csv, line 4: masked must be a whole",
        ),
        (
            "masked,cross_entropy_sum\n3,1.0\n5,2\n",
            ["--length", "4"],
            "line 3: masked must be a whole number",
        ),
        ("masked,cross_entropy_sum\n3,1.0\n2.5,2\n", ["--length", "4"], "in 1..4 (--length 4), got 2.5"),
        (
            "masked,cross_entropy_sum\n3,1.0\n2,-2\n",
            ["--length", "4"],
            "line 3: cross_entropy_sum must be >= 0",
        ),
        (
            "masked,cross_entropy_sum\n3,1.0\n2,x\n",
            ["--length", "4"],
            "line 3: cross_entropy_sum is not a number",
        ),
        (
            "masked,cross_entropy_sum\n3,1.0\n2,inf\n",
            ["--length", "4"],
            "line 3: cross_entropy_sum must be finite",
        ),
        ("masked,loss\n3,1.0\n", ["--length", "4"], "the header must be masked,cross_entropy_sum"),
        ("masked,cross_entropy_sum\n3,1.0\n2,1\n", [], "--records needs --length N"),
        ("masked,cross_entropy_sum\n3,1.0\n2,1\n", ["--length", "0"], "--length must be a whole number >= 1"),
        ("masked,cross_entropy_sum\n3,1.0\n3,2\n", ["--length", "4"], "records at fewer than 2 counts"),
        (
            "masked,cross_entropy_sum\n3,1.0\n2,2\n",
            ["--length", "4", "--neighbours", "1"],
            "neighbours must lie in",
        ),
        (
            "masked,cross_entropy_sum\n3,1.0\n2,2\n",
            ["--length", "4", "--neighbours", "x"],
            "whole number or 'cv'",
        ),
        (
            "masked,cross_entropy_sum\n4,2\n3,1.5\n2,1\n1,0.4\n4,2.2\n",
            ["--length", "4", "--score-records", "no.csv"],
            "cannot read no.csv",
        ),
    ],
)
def test_bad_records_file_is_one_line_and_exit_2(tmp_path, content, args, message):
    from test_cli import run

    (tmp_path / "c.csv").write_text(content)
    out = run("plan", "--records", "c.csv", "-k", "2", *args, cwd=tmp_path)
    assert out.returncode == 2 and out.stdout == ""
    assert len(out.stderr.strip().splitlines()) == 1, out.stderr
    assert message in out.stderr


def test_length_without_records_is_an_error(tmp_path):
    from test_cli import run, write_csv

    path = write_csv(tmp_path / "z.csv", "j,Z", [(1, 0.0), (2, 1.0)])
    out = run("plan", "--curve", path, "-k", "1", "--length", "2")
    assert out.returncode == 2 and "--length is used only with --records" in out.stderr
    out = run("plan", "--curve", path, "-k", "1", "--score-records", path)
    assert out.returncode == 2 and "--score-records is used only with --records" in out.stderr


def test_predicted_errors_accept_empty_steps(small_mixture):
    """Plans end with empty steps when k exceeds what the curve needs; both predictions must take them."""
    rng = np.random.default_rng(8)
    masked = rng.integers(1, 7, 40)
    table = loss_table_from_records(masked, masked * 0.8 + rng.random(40), 6)
    estimate = mdm.estimate_info_curve(small_mixture.sample(30, rng=0), small_mixture, rng=1, progress=False)
    for predict, Z in ((table.predicted_kl, table.Z), (estimate.predicted_kl, estimate.Z)):
        with_empty, without = predict([2, 4, 0, 0]), predict([2, 4])
        assert with_empty.mean == without.mean == pytest.approx(mdm.expected_kl(Z, [2, 4], strict=False))
        assert with_empty.standard_error == without.standard_error


def test_cross_validation_pools_widely_on_a_line_and_narrowly_at_a_jump():
    rng = np.random.default_rng(9)
    n, rows = 200, 400
    masked = rng.integers(1, n + 1, rows)
    revealed = n - masked
    noise = rng.normal(0, 0.3, rows) / np.sqrt(masked)
    line = loss_table_from_records(masked, masked * (1.0 - 0.002 * revealed + noise), n, neighbours="cv")
    jump = loss_table_from_records(
        masked, masked * (np.where(revealed < 100, 1.0, 0.2) + noise / 10), n, neighbours="cv"
    )
    assert line.neighbours >= 128 and jump.neighbours <= 16
    assert loss_table_from_records(masked, masked * 1.0, n).neighbours == 16
    with pytest.raises(TypeError, match="neighbours must be an integer"):
        loss_table_from_records(masked, masked * 1.0, n, neighbours="wide")
