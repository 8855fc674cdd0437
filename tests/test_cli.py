"""The command line, run as a user runs it: ``python -m mdm_lib ...`` in a subprocess."""

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import mdm_lib as mdm

ROOT = Path(__file__).resolve().parents[1]


def run(*args, cwd=None):
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
    }
    return subprocess.run(
        [sys.executable, "-m", "mdm_lib", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
        check=False,
    )


def write_csv(path, header, rows):
    path.write_text(header + "\n" + "".join(",".join(map(str, row)) + "\n" for row in rows))
    return path


@pytest.fixture(scope="module")
def law_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "law.npy"
    np.save(path, mdm.markov_chain_law([[0.8, 0.2], [0.2, 0.8]], 5))
    return path


def test_curve_kl_optimal(law_file, tmp_path):
    law = np.load(law_file)
    Z = mdm.info_curve(law)
    out = run("curve", law_file)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[0] == "Z: " + " ".join(f"{z:.6g}" for z in Z)
    assert f"TC: {mdm.total_correlation(law):.6g}" in out.stdout
    out = run("kl", law_file, "--sizes", "2,3", "--json")
    assert json.loads(out.stdout)["expected_kl"] == pytest.approx(mdm.expected_kl(Z, [2, 3]), abs=1e-12)
    np.save(tmp_path / "Z.npy", Z)
    out = run("optimal", tmp_path / "Z.npy", "--curve", "-k", "2", "--json")
    best = mdm.optimal_schedule(Z, 2)
    assert json.loads(out.stdout)["sizes"] == [int(s) for s in best.sizes]


def test_base_is_honoured_with_a_curve(law_file, tmp_path):
    Z = mdm.info_curve(np.load(law_file))
    np.save(tmp_path / "Z.npy", Z)
    in_bits = json.loads(run("kl", tmp_path / "Z.npy", "--curve", "--sizes", "2,3", "--json").stdout)
    in_nats = json.loads(
        run(
            "kl",
            tmp_path / "Z.npy",
            "--curve",
            "--sizes",
            "2,3",
            "--json",
            "--base",
            math.e,
        ).stdout
    )
    assert in_nats["expected_kl"] == pytest.approx(in_bits["expected_kl"] * math.log(2), rel=1e-12)
    from_law = json.loads(run("kl", law_file, "--sizes", "2,3", "--json", "--base", str(math.e)).stdout)
    assert from_law["expected_kl"] == pytest.approx(in_nats["expected_kl"], rel=1e-12)


def test_plan_from_a_curve_it_has_never_seen(tmp_path):
    rng = np.random.default_rng(11)
    n, k = 300, 7
    Z = np.cumsum(rng.gamma(0.3, size=n)) / n
    Z[0] = 0.0
    noisy = Z + rng.normal(0, 1e-3, n)
    path = write_csv(
        tmp_path / "curve.csv",
        "j,Z",
        [(j, repr(float(z))) for j, z in enumerate(noisy, 1)],
    )
    out = run("plan", "--curve", path, "-k", k, "--json")
    assert out.returncode == 0, out.stderr
    plan = json.loads(out.stdout)
    projected = mdm.monotone_projection(noisy)
    best = mdm.optimal_schedule(projected, k)
    assert plan["sizes"] == [int(s) for s in best.sizes]
    assert isinstance(plan["expected_kl"], float) and plan["expected_kl"] == pytest.approx(
        best.error, rel=1e-12
    )
    released = mdm.released_rule_errors(projected, k)
    assert plan["released_rules"] == pytest.approx({r.rule: r.error for r in released})
    assert plan["projection"]["max_shift"] == pytest.approx(np.abs(projected - noisy).max())
    text = run("plan", "--curve", path, "--steps", k)
    assert "optimal sizes: " + ",".join(map(str, plan["sizes"])) in text.stdout
    assert "LLaDA linear" in text.stdout


def test_plan_from_losses_and_max_error(tmp_path):
    revealed = np.arange(40)
    losses = 0.69 - 0.3 * (1 - np.exp(-revealed / 6.0))  # nats
    path = write_csv(
        tmp_path / "losses.csv",
        "revealed,cross_entropy",
        zip(revealed[::-1], losses[::-1], strict=True),
    )
    plan = json.loads(run("plan", "--losses", path, "-k", 5, "--json").stdout)
    Z_bits = (losses[0] - losses) / math.log(2)
    assert plan["sizes"] == [int(s) for s in mdm.optimal_schedule(Z_bits, 5).sizes]
    eps = 0.05
    by_eps = json.loads(run("plan", "--losses", path, "--max-error", eps, "--json").stdout)
    k_star = mdm.min_steps_for_error(Z_bits, eps)
    assert by_eps["k"] == k_star == len(by_eps["sizes"]) and by_eps["expected_kl"] <= eps
    assert mdm.optimal_errors(Z_bits, k_star)[-2] > eps


def test_version_and_plain_help():
    out = run("--version")
    assert out.returncode == 0 and out.stdout.strip() == f"mdm_lib {mdm.__version__}"
    for args in (["--help"], ["plan", "--help"], ["optimal", "--help"]):
        out = run(*args)
        assert out.returncode == 0
        assert "``" not in out.stdout and ":func:" not in out.stdout and ":mod:" not in out.stdout


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (
            None,
            ["plan", "--curve", "missing.csv", "-k", "2"],
            "cannot read missing.csv",
        ),
        ("x,y\n1,0\n", ["plan", "--curve", "c.csv", "-k", "1"], "header must be j,Z"),
        (
            "j,Z\n1,0\n2,abc\n",
            ["plan", "--curve", "c.csv", "-k", "1"],
            "Z is not a number",
        ),
        (
            "j,Z\n1,0\n2,nan\n",
            ["plan", "--curve", "c.csv", "-k", "1"],
            "must be finite",
        ),
        ("j,Z\n1,0\n3,1\n", ["plan", "--curve", "c.csv", "-k", "1"], "1, 2, ..., n"),
        (
            "j,Z\n1,0\n2,1\n",
            ["plan", "--curve", "c.csv", "-k", "0"],
            "k must lie in [1, 10000000], got 0",
        ),
        (
            "j,Z\n1,0\n2,1\n",
            ["plan", "--curve", "c.csv", "-k", "two"],
            "invalid int value",
        ),
        (
            "j,Z\n1,0\n2,1\n",
            ["plan", "--curve", "c.csv"],
            "one of the arguments -k/--steps --max-error",
        ),
        (
            "revealed,cross_entropy\n0,1\n1,inf\n",
            ["plan", "--losses", "c.csv", "-k", "1"],
            "must be finite",
        ),
        (
            "j,Z\n1,0\n2,1\n",
            ["plan", "--curve", "c.csv", "--max-error", "-1"],
            "--max-error must be",
        ),
        (
            "j,Z\n1,0\n2,1\n",
            ["plan", "--curve", "c.csv", "-k", "1", "--base", "1"],
            "base must be > 0",
        ),
        (None, ["kl", "missing.npy", "--sizes", "1,2"], "cannot read missing.npy"),
        (None, ["frobnicate"], "invalid choice"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path, content, args, message):
    if content is not None:
        (tmp_path / "c.csv").write_text(content)
    out = run(*args, cwd=tmp_path)
    assert out.returncode == 2
    assert out.stdout == ""
    assert len(out.stderr.strip().splitlines()) == 1, out.stderr
    assert message in out.stderr


def test_schedule_that_does_not_sum_to_n(law_file):
    out = run("kl", law_file, "--sizes", "2,2")
    assert out.returncode == 2 and "sizes must sum to n = 5" in out.stderr


def _one_line_exit_2(out, message):
    assert out.returncode == 2, out.stderr
    assert out.stdout == "" and "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1, out.stderr
    assert message in out.stderr


def test_sizes_whose_int64_sum_wraps_are_one_line_and_exit_2(law_file):
    """[2**62] * 4 + [3] "sums" to 3 in int64 arithmetic; it used to die with a traceback and exit 1."""
    out = run("kl", law_file, "--sizes", ",".join(map(str, [2**62] * 4 + [3])))
    _one_line_exit_2(out, "got sum 18446744073709551619")
    out = run("kl", law_file, "--sizes", f"{2**70},1")
    _one_line_exit_2(out, "above 2**62")


def test_a_complex_curve_file_is_refused_not_truncated(tmp_path):
    """np.asarray(..., float64) dropped the imaginary part with exit 0; the curve is checked first."""
    path = tmp_path / "Z.npy"
    np.save(path, np.array([0.0, 1.0 + 2.0j, 1.5]))
    for args in (["optimal", path, "--curve", "-k", "2"], ["kl", path, "--curve", "--sizes", "1,2"]):
        _one_line_exit_2(run(*args), "must be a numeric array, got dtype complex128")
    np.save(path, np.array([[0.0, 1.0]]))
    _one_line_exit_2(run("optimal", path, "--curve", "-k", "1"), "must be 1-d")


def test_a_csv_file_with_a_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "c.csv"
    path.write_bytes("\ufeffj,Z\n1,0\n2,0.5\n3,1\n4,1\n".encode())
    out = run("plan", "--curve", path, "-k", "2", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["sizes"] == [int(s) for s in mdm.plan_schedule([0, 0.5, 1, 1], 2).sizes]
