"""The committed networks and evaluation tables of chapter 9 (trained/): present, loadable, as documented.

Other pages and tools read these files (the loss records in particular, in the format of LLaDA's
get_log_likelihood), so their layout is a contract: the columns, units and sizes documented in
trained/evaluate.py.
"""

import json

import numpy as np
import pandas as pd
import pytest
from repo_files import ROOT

import mdm_lib as mdm

TRAINED = ROOT / "trained"
EVALUATED = ("shakespeare", "chromosome")
COLUMNS = {
    "cross_entropy": ["revealed", "masked", "cross_entropy_nats", "standard_error_nats"],
    "records": ["masked", "cross_entropy_sum"],
    "curve": ["j", "Z_bits", "standard_error_bits"],
    "training": ["step", "mean_loss_nats"],
}


@pytest.mark.parametrize("name", [*EVALUATED, "chromosome_6mers"])
def test_weights_load_with_their_documents(name):
    model = mdm.load_network(TRAINED / f"{name}.pt")
    meta = model.metadata
    corpus = {"shakespeare": mdm.shakespeare_corpus, "chromosome": mdm.chromosome_corpus}[meta["corpus"]]()
    assert model.config.q == corpus.q and meta["alphabet"] == corpus.alphabet
    documents = (
        set(meta["train_documents"]) | set(meta["validation_documents"]) | set(meta["judge_documents"])
    )
    assert documents == set(corpus.documents)
    assert not set(meta["train_documents"]) & (
        set(meta["validation_documents"]) | set(meta["judge_documents"])
    )
    assert (TRAINED / f"{name}.pt").stat().st_size < 2_000_000


@pytest.mark.parametrize("name", EVALUATED)
def test_tables_have_the_documented_layout(name):
    summary = json.loads((TRAINED / f"{name}_summary.json").read_text())
    n = summary["n"]
    tables = {what: pd.read_csv(TRAINED / f"{name}_{what}.csv") for what in COLUMNS}
    for what, columns in COLUMNS.items():
        assert list(tables[what].columns) == columns, what
    assert tables["cross_entropy"]["revealed"].tolist() == list(range(n))
    assert (tables["cross_entropy"]["masked"] == n - tables["cross_entropy"]["revealed"]).all()
    records = tables["records"]
    assert len(records) == summary["rows"]
    assert records["masked"].between(1, n).all() and (records["cross_entropy_sum"] >= 0).all()
    assert tables["curve"]["j"].tolist() == list(range(1, n + 1)) and tables["curve"]["Z_bits"][0] == 0
    sampling = pd.read_csv(TRAINED / f"{name}_sampling.csv")
    assert set(sampling["schedule"]) == {"held-out data", "optimal", *mdm.RELEASED_RULES}
    samples = pd.read_csv(TRAINED / f"{name}_samples.csv", keep_default_na=False, na_values=[""])
    assert (samples["text"].str.len() == n).all()


@pytest.mark.parametrize("name", EVALUATED)
def test_records_pool_to_the_loss_table(name):
    """Records and the loss table are independent draws on the same windows: they agree per level."""
    table = pd.read_csv(TRAINED / f"{name}_cross_entropy.csv")
    records = pd.read_csv(TRAINED / f"{name}_records.csv")
    per_token = records["cross_entropy_sum"] / records["masked"]
    pooled = per_token.groupby(records["masked"]).agg(["mean", "std", "count"])
    pooled = pooled[pooled["count"] >= 10]
    expected = table.set_index("masked").loc[pooled.index]
    z = (pooled["mean"] - expected["cross_entropy_nats"]) / np.hypot(
        pooled["std"] / np.sqrt(pooled["count"]), expected["standard_error_nats"]
    )
    assert np.abs(z).max() < 4.5 and (np.abs(z) < 2).mean() > 0.8
