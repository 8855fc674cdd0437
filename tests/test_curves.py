"""Tests for mdm_lib.curves."""

import numpy as np
import pytest

from mdm_lib import CURVE_SHAPES as SHAPES
from mdm_lib import shaped_curve


@pytest.mark.parametrize("shape", sorted(SHAPES))
@pytest.mark.parametrize("n", [2, 3, 64, 1000])
def test_shapes_are_non_decreasing_from_zero_to_height(shape, n):
    Z = shaped_curve(shape, n, height=2.5)
    assert Z.shape == (n,) and Z[0] == 0.0
    assert Z[-1] == pytest.approx(2.5)
    assert np.all(np.diff(Z) >= 0)


def test_curvature_matches_the_name():
    concave, convex = shaped_curve("concave", 201), shaped_curve("convex", 201)
    assert np.all(np.diff(concave, 2) < 0) and np.all(np.diff(convex, 2) > 0)
    s = shaped_curve("s-shaped", 201)
    assert np.argmax(np.diff(s)) in (99, 100)


@pytest.mark.parametrize(
    "args, error, match",
    [
        (("wavy", 10), ValueError, "shape must be one of"),
        (("linear", 1), ValueError, "n must lie in"),
        (("linear", 2.0), TypeError, "n must be an integer"),
    ],
)
def test_bad_input(args, error, match):
    with pytest.raises(error, match=match):
        shaped_curve(*args)


def test_bad_height():
    with pytest.raises(ValueError, match="height must be a finite number > 0"):
        shaped_curve("linear", 5, height=-1.0)
