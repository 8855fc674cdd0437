"""Estimation in shards on a Dask cluster (two local worker processes, loopback only).

joblib is the hook: inside ``joblib.parallel_config(backend="dask")`` with a ``distributed.Client`` open,
``mdm_lib.run_in_shards`` sends each shard to a worker. The merged estimates must equal those computed in
one process from all rows with the same shards and seeds. Starting and stopping the cluster takes seconds,
so the test is marked slow.
"""

import math

import numpy as np
import pytest

import mdm_lib as mdm

pytestmark = pytest.mark.slow


def test_shards_on_a_dask_cluster_equal_the_one_process_estimates():
    distributed = pytest.importorskip("distributed")
    joblib = pytest.importorskip("joblib")
    chain = mdm.MarkovChain([[0.85, 0.1, 0.05], [0.1, 0.8, 0.1], [0.3, 0.1, 0.6]], 48)
    x = chain.sample(120, rng=0)
    shards, seed = 4, 5
    with (
        distributed.LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, host="127.0.0.1", dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        with distributed.get_task_stream(client) as stream, joblib.parallel_config(backend="dask"):
            sums = mdm.run_in_shards(
                mdm.cross_entropy_sums, x, chain, shards=shards, seed=seed, progress=False
            )
            curve = mdm.run_in_shards(
                mdm.estimate_info_curve, x, chain, shards=shards, seed=seed, progress=False, base=math.e
            )
        workers = {task["worker"] for task in stream.data}
    assert len(workers) == 2, "the shards did not run on both workers"

    # one process: the same rows and seeds per shard, everything computed from all rows at once
    parts = np.array_split(np.arange(x.shape[0]), shards)
    children = np.random.SeedSequence(seed).spawn(shards)
    records = [
        mdm.evaluation_records(x[p], chain, rng=np.random.default_rng(c), progress=False)
        for p, c in zip(parts, children, strict=True)
    ]
    one = mdm.loss_table_from_records(
        np.concatenate([r.masked for r in records]),
        np.concatenate([r.cross_entropy_sum for r in records]),
        48,
    )
    sharded = mdm.loss_table_from_sums(sums)
    np.testing.assert_allclose(sharded.cross_entropy, one.cross_entropy, rtol=0, atol=1e-12)
    np.testing.assert_allclose(sharded.standard_error, one.standard_error, rtol=0, atol=1e-12)
    np.testing.assert_allclose(sharded.Z_standard_error, one.Z_standard_error, rtol=0, atol=1e-12)

    estimates = [
        mdm.estimate_info_curve(x[p], chain, rng=np.random.default_rng(c), progress=False, base=math.e)
        for p, c in zip(parts, children, strict=True)
    ]
    terms = np.concatenate([e.terms for e in estimates])
    np.testing.assert_allclose(curve.Z, terms.mean(axis=0), rtol=0, atol=1e-12)
    np.testing.assert_allclose(
        curve.standard_error, terms.std(axis=0, ddof=1) / math.sqrt(120), rtol=0, atol=1e-12
    )
    assert curve.tc == pytest.approx(terms.sum(axis=1).mean(), abs=1e-12)
    # and the curve is the chain's, within its standard errors
    exact = chain.info_curve(base=math.e)
    assert np.all(np.abs(curve.Z[1:] - exact[1:]) < 5 * curve.standard_error[1:])
