"""Brute-force references for the tests: slow, direct from the definitions, and
sharing no code with mdm_lib (only numpy and the standard library)."""

from itertools import combinations
from math import comb

import numpy as np


def entropy_of(p, subset, base=2.0):
    """H(X_subset) by summing the full table over the other axes."""
    p = np.asarray(p, dtype=float)
    others = tuple(i for i in range(p.ndim) if i not in subset)
    m = p.sum(axis=others).ravel()
    m = m[m > 0]
    return float(-(m * np.log(m)).sum() / np.log(base))


def info_curve_by_definition(p, base=2.0):
    """Z_j = E_{|S|=j-1, i not in S} I(X_i; X_S) (Def 3), averaged over every (S, i)."""
    p = np.asarray(p, dtype=float)
    n = p.ndim
    Z = []
    for j in range(1, n + 1):
        total, count = 0.0, 0
        for S in combinations(range(n), j - 1):
            for i in range(n):
                if i in S:
                    continue
                mi = entropy_of(p, (i,), base) + entropy_of(p, S, base) - entropy_of(p, S + (i,), base)
                total += mi
                count += 1
        Z.append(total / count)
    return np.array(Z)


def entropy_curve_by_definition(p, base=2.0):
    p = np.asarray(p, dtype=float)
    n = p.ndim
    return np.array(
        [sum(entropy_of(p, S, base) for S in combinations(range(n), m)) / comb(n, m) for m in range(n + 1)]
    )


def compositions(n, k):
    """Every composition of n into k positive parts."""
    for cuts in combinations(range(1, n), k - 1):
        bounds = (0,) + cuts + (n,)
        yield [b - a for a, b in zip(bounds[:-1], bounds[1:])]


def riemann_error(Z, sizes):
    """||Z - Z^N||_1 of Def 2 / Eq. (1): left-Riemann steps at the nodes N_a."""
    Z = np.asarray(Z, dtype=float)
    approx = np.empty_like(Z)
    node = 0
    for s in sizes:
        approx[node : node + s] = Z[node] if s else 0.0
        node += s
    return float(np.abs(Z - approx).sum())
