"""mdm_lib.schedules.planning: an estimated curve projected onto monotone curves, then scheduled."""

import numpy as np
import pytest

import mdm_lib as mdm
from mdm_lib import plan_schedule


def test_plan_projects_and_reports_the_shift():
    Z = np.array([0.0, 0.2, 0.5, 0.4, 0.9, 1.0, 0.95, 1.2])
    plan = plan_schedule(Z, 3)
    assert np.all(np.diff(plan.curve) >= 0)
    np.testing.assert_allclose(plan.curve, mdm.monotone_projection(Z))
    assert plan.max_shift == pytest.approx(np.abs(plan.curve - Z).max())
    assert plan.l1_shift == pytest.approx(np.abs(plan.curve - Z).sum())
    assert sum(plan.sizes) == 8 and len(plan.sizes) == 3 and all(isinstance(s, int) for s in plan.sizes)
    assert plan.error == pytest.approx(mdm.expected_kl(plan.curve, plan.sizes))
    assert plan.released_rules == mdm.released_rule_errors(plan.curve, 3)
    assert all(r.error >= plan.error - 1e-12 for r in plan.released_rules)
    by_eps = plan_schedule(Z, eps=plan.error)
    assert by_eps.k <= 3 and by_eps.error <= plan.error + 1e-12
    assert plan_schedule(Z, 1).released_rules == []
    with pytest.raises(ValueError, match="exactly one"):
        plan_schedule(Z)
    with pytest.raises(ValueError, match="exactly one"):
        plan_schedule(Z, 2, eps=0.1)
