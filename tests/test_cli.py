import numpy as np
import pytest

import mdm_lib as mdm
from mdm_lib.__main__ import main


@pytest.fixture
def law_file(tmp_path):
    path = tmp_path / "law.npy"
    np.save(path, mdm.markov_chain_law([[0.8, 0.2], [0.2, 0.8]], 5))
    return path


def test_curve(law_file, capsys):
    assert main(["curve", str(law_file)]) == 0
    out = capsys.readouterr().out
    Z = mdm.info_curve(np.load(law_file))
    assert out.splitlines()[0] == "Z: " + " ".join(f"{z:.6g}" for z in Z)
    assert f"TC: {Z.sum():.6g}" in out


def test_kl_and_optimal(law_file, tmp_path, capsys):
    Z = mdm.info_curve(np.load(law_file))
    assert main(["kl", str(law_file), "--sizes", "2,3"]) == 0
    assert float(capsys.readouterr().out) == pytest.approx(mdm.expected_kl(Z, [2, 3]))
    np.save(tmp_path / "Z.npy", Z)
    assert main(["optimal", str(tmp_path / "Z.npy"), "--curve", "-k", "2"]) == 0
    best = mdm.optimal_schedule(Z, 2)
    assert capsys.readouterr().out.splitlines()[0] == "sizes: " + ",".join(map(str, best.sizes))


def test_bad_input_is_reported(law_file, capsys):
    assert main(["kl", str(law_file), "--sizes", "2,2"]) == 2
    assert "sizes must sum to n = 5" in capsys.readouterr().err
