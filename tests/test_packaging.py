"""`pip install .` into an empty virtual environment gives a package that imports and computes.

The package's own files (pyproject.toml, README.md, mdm_lib/) are copied to a temporary folder,
installed into a fresh venv without system site-packages, and used from a folder outside the repository
with a clean environment, so nothing can come from the working tree or the developer's environment. pip
resolves the dependencies that pyproject.toml declares, at the versions of the lock (requirements.txt as
constraints: it adds no package), so the test is reproducible. It downloads from the package index (or
pip's cache): marked slow, run by `make test`, skipped by `make test-fast`.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

import mdm_lib as mdm

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import json, sys, time
t0 = time.perf_counter()
import mdm_lib as mdm
import_seconds = time.perf_counter() - t0
from importlib.resources import files
p = mdm.markov_chain_law([[0.8, 0.2], [0.3, 0.7]], 8)
result = mdm.optimal_schedule(mdm.info_curve(p), 3)
print(json.dumps({
    "file": mdm.__file__,
    "sizes": list(result.sizes),
    "error": result.error,
    "py_typed": files("mdm_lib").joinpath("py.typed").is_file(),
    "matplotlib_loaded": "matplotlib" in sys.modules,
    "import_seconds": import_seconds,
}))
"""


def _run(args, cwd, env):
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, f"{args[:4]} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


@pytest.mark.slow
def test_pip_install_into_an_empty_venv_imports_and_computes(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(ROOT / "mdm_lib", source / "mdm_lib", ignore=shutil.ignore_patterns("__pycache__"))

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(system_site_packages=False, with_pip=True).create(env_dir)
    python = str(env_dir / "bin" / "python")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"

    lock = str(ROOT / "requirements.txt")
    _run(
        [python, "-m", "pip", "install", "--quiet", "--constraint", lock, str(source)], cwd=tmp_path, env=env
    )
    # only pyproject's runtime dependencies were installed: no test or book tool leaked in
    installed = _run([python, "-m", "pip", "list", "--format=json"], cwd=tmp_path, env=env)
    names = {package["name"].lower().replace("_", "-") for package in json.loads(installed)}
    assert {"mdm-lib", "numpy", "scipy", "numba", "matplotlib", "galois", "tqdm"} <= names
    assert not names & {"pytest", "hypothesis", "jupyter-book", "dit", "pandas"}

    out = json.loads(_run([python, "-c", PROBE], cwd=tmp_path, env=env))
    assert Path(out["file"]).is_relative_to(env_dir), "mdm_lib was not imported from the new environment"
    assert out["py_typed"], "py.typed is not installed"
    assert not out["matplotlib_loaded"], "import mdm_lib imported matplotlib"
    # the installed package computes the optimum: brute force over every 3-step schedule, on the curve
    # computed from the definition (mdm_lib.testing shares no code with the fast paths)
    Z = mdm.testing.info_curve_by_definition(mdm.markov_chain_law([[0.8, 0.2], [0.3, 0.7]], 8))
    assert len(out["sizes"]) == 3 and min(out["sizes"]) > 0 and sum(out["sizes"]) == 8
    assert abs(out["error"] - mdm.testing.brute_force_frontier(Z)[2]) <= 1e-9
    assert abs(mdm.testing.signed_riemann_error(Z, out["sizes"]) - out["error"]) <= 1e-9
    print(f"import mdm_lib in the fresh venv: {out['import_seconds']:.3f} s", file=sys.stderr)


def _readme_python_blocks():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)


def test_readme_examples_run():
    """The README's "Using the library" code is documentation: it must run as written."""
    blocks = _readme_python_blocks()
    assert blocks, "README.md has no python example"
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})
