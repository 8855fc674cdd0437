"""TC and DTC agree with dit, an independent information-theory package."""

import dit
import numpy as np
import pytest
from dit.multivariate import dual_total_correlation as dit_dtc
from dit.multivariate import total_correlation as dit_tc

import mdm_lib as mdm


def _as_dit(p):
    outcomes = [tuple(int(v) for v in x) for x in np.ndindex(p.shape)]
    d = dit.Distribution(outcomes, [float(p[x]) for x in outcomes])
    d.set_base(2)
    return d


@pytest.mark.parametrize("seed", range(24))
def test_tc_dtc_match_dit(seed):
    rng = np.random.default_rng(1000 + seed)
    n = int(rng.integers(2, 6))
    shape = tuple(int(q) for q in rng.integers(2, 4, size=n))
    p = mdm.random_law(shape, rng=rng, concentration=float(rng.choice([0.2, 1.0, 3.0])))
    d = _as_dit(p)
    assert mdm.total_correlation(p) == pytest.approx(dit_tc(d), abs=1e-9)
    assert mdm.dual_total_correlation(p) == pytest.approx(dit_dtc(d), abs=1e-9)
    Z = mdm.info_curve(p)
    assert mdm.curve_total_correlation(Z) == pytest.approx(dit_tc(d), abs=1e-9)
    assert mdm.curve_dual_total_correlation(Z) == pytest.approx(dit_dtc(d), abs=1e-9)
