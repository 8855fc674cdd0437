"""The numba-compiled kernels of :mod:`mdm_lib.information`, :mod:`mdm_lib.curves` and
:mod:`mdm_lib.schedules.optimal`.

They live in one private module so that ``import mdm_lib`` does not import numba: each public module
loads this one, through ``mdm_lib._kernels``, on its first call that needs a kernel. See the calling
modules for what each kernel computes.
"""

import math

import numba
import numpy as np

# --- information -----------------------------------------------------------------------------------------


@numba.njit(cache=True, nogil=True)
def _extend(values, ext, positions, step_axis, step_base, strides, sizes):
    """Subset-sum transform of the rows of ``values`` (K, Q) into ``ext`` (width * K, flat).

    ``ext`` holds entry ``j`` of row ``k`` at ``j * K + k``, so that a run of
    ``stride`` consecutive entries of every row is one contiguous stretch.
    Along axis ``a`` (last axes first), the run at slot ``q_a`` is the sum of
    the runs at slots ``0..q_a-1``, for every offset of the earlier axes on
    value slots: each summed entry is written once, from entries whose summed
    slots all lie after axis ``a``.
    """
    rows = values.shape[0]
    for first in range(0, rows, 32):  # a transposing copy, 32 rows at a time (cache lines reused)
        last = min(first + 32, rows)
        for i in range(positions.size):
            start = positions[i] * rows
            for k in range(first, last):
                ext[start + k] = values[k, i]
    for s in range(step_axis.size):
        a = step_axis[s]
        length = strides[a] * rows
        q = sizes[a]
        base = step_base[s] * rows
        target = base + q * length
        if q == 1:
            for j in range(length):
                ext[target + j] = ext[base + j]
            continue
        second = base + length
        for j in range(length):  # the first two slots in one pass: most axes are binary
            ext[target + j] = ext[base + j] + ext[second + j]
        for v in range(2, q):
            source = base + v * length
            for j in range(length):
                ext[target + j] += ext[source + j]


@numba.njit(cache=True, nogil=True)
def _collapse(column, sizes):
    """Sum the entries of each kept/summed pattern: along each axis in turn, the slots ``0..q-1``
    become one "kept" slot and slot ``q`` the "summed" one (few terms per addition: accurate)."""
    current = column
    extents = sizes + 1
    for a in range(sizes.size):
        outer = 1
        for b in range(a):
            outer *= extents[b]
        inner = 1
        for b in range(a + 1, sizes.size):
            inner *= extents[b]
        q = sizes[a]
        reduced = np.empty(outer * 2 * inner)
        for o in range(outer):
            for i in range(inner):
                total = 0.0
                for v in range(q):
                    total += current[(o * (q + 1) + v) * inner + i]
                reduced[2 * o * inner + i] = total
                reduced[(2 * o + 1) * inner + i] = current[(o * (q + 1) + q) * inner + i]
        current = reduced
        extents[a] = 2
    return current


# --- curves ----------------------------------------------------------------------------------------------


@numba.njit(cache=True)
def _gap_walk(g, n, tol):
    """``Z_m = sum_d g(d) [r(m, d) - r(m-1, d)]`` for m = 1..n, gaps d = 1..len(g).

    Walks m upwards keeping ``v_d = g(d) r(m, d)``, updated by the exact ratio
    ``r(m, d) / r(m-1, d) = m (n-m-d+2) / ((m-2)(n-m+1))``; the increment uses
    ``r(m-1, d) = r(m, d) (m-2)(n-m+1) / (m (n-d-m+2))`` where ``r(m, d) > 0``,
    and at the one gap ``d = n-m+2`` where ``r(m, d) = 0`` but
    ``r(m-1, d) = (m-2) / C(n, m-1)``. Gaps past the geometric tail bound of
    ``r(m-1, .)`` (see :func:`markov_info_curve`) are dropped for good, as the
    bound only shrinks with m.
    """
    Z = np.zeros(n)
    D = g.size
    if D == 0 or n < 2:
        return Z
    top = g.max()
    if top <= 0.0:
        return Z
    v = np.empty(D)
    for i in range(D):
        v[i] = g[i] * (n - i - 1.0) / (n * (n - 1.0) / 2.0)  # g(d) r(2, d)
    limit = D
    for m in range(2, n + 1):
        if m > 3:
            rho = (n - m + 1.0) / (n - 2.0)
            if rho <= 0.0:
                limit = min(limit, 1)
            else:
                bound = np.log(2.0 * m * m * (n - 2.0) / (n * (m - 3.0)) * top / tol) / -np.log(rho) + 2.0
                if bound < limit:
                    limit = int(bound)
        total, weighted = 0.0, 0.0
        factor = m / ((m - 2.0) * (n - m + 1.0)) if m > 2 else 0.0
        for i in range(limit):
            if m > 2:
                v[i] *= max(n + 1.0 - m - i, 0.0) * factor
            total += v[i]
            t = n - m - i + 1.0
            if t > 0.0:
                weighted += v[i] / t
        Z[m - 1] = total - (m - 2.0) * (n - m + 1.0) / m * weighted
        boundary = n - m + 2
        if m >= 3 and boundary <= D:
            log_binom = math.lgamma(n + 1.0) - math.lgamma(m) - math.lgamma(n - m + 2.0)
            Z[m - 1] -= g[boundary - 1] * (m - 2.0) * np.exp(-log_binom)
    return Z


# --- optimal ---------------------------------------------------------------------------------------------


@numba.njit(cache=True)
def _hull_pass(F_prev, prefix, Z, F_new, choice, first, penalty, hull_z, hull_c, hull_x, hull_line):
    """Monotone convex-hull trick over ``b = first+1, ..., n``; requires Z non-decreasing.

    ``F_new[b] = min_a F_prev[a] + penalty + c(a, b)`` and ``choice[b]`` its
    minimiser, for the ``a >= first`` (``F_prev[a]`` must be finite exactly
    there). Entries up to ``first`` are left to the caller. ``F_prev`` may be
    ``F_new`` itself: line ``b - 1`` is added just after ``F_new[b - 1]`` is
    written, which gives the one-dimensional (penalised) recursion.

    The hull is a queue of lines ``c - z b`` with strictly increasing ``z``
    from head to tail; ``hull_x[i]`` is the point from which line i beats line
    i - 1. A new line drops tail lines it beats before they take over; a query
    at b moves the head past lines whose successor has taken over. Each step
    therefore compares one stored crossing point with b instead of evaluating
    two lines, which shortens the chain of dependent loads that bounds the
    speed; the first move of the head is written without a branch, because it
    happens in most queries but unpredictably.
    """
    n = Z.size
    head, tail = 0, -1
    for b in range(first + 1, n + 1):
        a = b - 1
        z = Z[a]
        c = F_prev[a] - prefix[a] + a * z
        insert = True
        if tail >= head and hull_z[tail] == z:  # parallel to the tail line
            if c >= hull_c[tail]:
                insert = False  # never below it
            else:
                tail -= 1  # always below it
        if insert:
            x = -np.inf
            if tail >= head:
                x = (c - hull_c[tail]) / (z - hull_z[tail])
                while tail > head and x <= hull_x[tail]:
                    tail -= 1
                    x = (c - hull_c[tail]) / (z - hull_z[tail])
            tail += 1
            hull_z[tail], hull_c[tail], hull_x[tail], hull_line[tail] = z, c, x, a
        if head < tail:
            head += hull_x[head + 1] <= b
            while head < tail and hull_x[head + 1] <= b:
                head += 1
        best = hull_line[head]
        choice[b] = best
        F_new[b] = F_prev[best] + penalty + (prefix[b] - prefix[best]) - (b - best) * Z[best]


@numba.njit(cache=True)
def _layer_li_chao(F_prev, prefix, Z, F_new, choice, intercept, tree):
    """Li Chao tree over b in [1, size]: exact lower envelope for lines in any slope order."""
    n = Z.size
    size = tree.size // 2
    tree[:] = -1
    F_new[0] = np.inf
    for b in range(1, n + 1):
        a = b - 1
        if np.isfinite(F_prev[a]):
            intercept[a] = F_prev[a] - prefix[a] + a * Z[a]
            line, node, lo, hi = a, 1, 1, size
            while True:
                cur = tree[node]
                if cur < 0:
                    tree[node] = line
                    break
                mid = (lo + hi) // 2
                if intercept[line] - Z[line] * mid < intercept[cur] - Z[cur] * mid:
                    tree[node] = line
                    line, cur = cur, line
                if lo == hi:
                    break
                if intercept[line] - Z[line] * lo < intercept[cur] - Z[cur] * lo:
                    node, hi = 2 * node, mid
                elif intercept[line] - Z[line] * hi < intercept[cur] - Z[cur] * hi:
                    node, lo = 2 * node + 1, mid + 1
                else:
                    break
        best, best_value = -1, np.inf
        node, lo, hi = 1, 1, size
        while True:
            cur = tree[node]
            if cur >= 0:
                value = intercept[cur] - Z[cur] * b
                if value < best_value:
                    best, best_value = cur, value
            if lo == hi:
                break
            mid = (lo + hi) // 2
            if b <= mid:
                node, hi = 2 * node, mid
            else:
                node, lo = 2 * node + 1, mid + 1
        choice[b] = best
        F_new[b] = np.inf if best < 0 else F_prev[best] + (prefix[b] - prefix[best]) - (b - best) * Z[best]


@numba.njit(cache=True)
def _prefix_sums(Z):
    """Prefix sums with Kahan compensation: each is within a few roundings of exact, at any n."""
    prefix = np.zeros(Z.size + 1)
    total, carry = 0.0, 0.0
    for j in range(Z.size):
        y = Z[j] - carry
        t = total + y
        carry = (t - total) - y
        total = t
        prefix[j + 1] = total
    return prefix


@numba.njit(cache=True)
def _run_dp(Z, kmax, monotone, choices, target):
    """Run layers 1..kmax (stop early once ``F_m(n) <= target``); return ``F_m(n)`` per layer.

    ``choices`` is a (kmax, n + 1) table of split points to fill, or has no
    rows when the schedule is not needed.
    """
    n = Z.size
    prefix = _prefix_sums(Z)
    size = 1
    while size < n:
        size *= 2
    n_hull = n if monotone else 0  # buffers of the path not taken stay empty
    hull_z, hull_c, hull_x = np.empty(n_hull), np.empty(n_hull), np.empty(n_hull)
    hull_line = np.empty(n_hull, dtype=np.int32)
    intercept = np.empty(n - n_hull)
    tree = np.empty(0 if monotone else 2 * size, dtype=np.int32)
    scratch = np.empty(n + 1, dtype=np.int32)
    F = np.full(n + 1, np.inf)
    F[0] = 0.0
    F_new = np.empty(n + 1)
    errors = np.empty(kmax)
    for m in range(kmax):
        choice = choices[m] if choices.shape[0] > 0 else scratch
        if monotone:
            F_new[: m + 1] = np.inf
            choice[: m + 1] = -1
            _hull_pass(F, prefix, Z, F_new, choice, m, 0.0, hull_z, hull_c, hull_x, hull_line)
        else:
            _layer_li_chao(F, prefix, Z, F_new, choice, intercept, tree)
        F, F_new = F_new, F
        errors[m] = F[n]
        if errors[m] <= target:
            return errors[: m + 1]
    return errors


@numba.njit(cache=True)
def _penalised_nodes(Z, prefix, penalty, F, choice, hull_z, hull_c, hull_x, hull_line):
    """Nodes ``0 < ... < n`` of one minimiser of ``error + penalty * steps`` (Z non-decreasing)."""
    n = Z.size
    F[0] = 0.0
    _hull_pass(F, prefix, Z, F, choice, 0, penalty, hull_z, hull_c, hull_x, hull_line)
    steps, b = 0, n
    while b > 0:
        b = choice[b]
        steps += 1
    nodes = np.empty(steps + 1, dtype=np.int64)
    b = n
    for i in range(steps, -1, -1):
        nodes[i] = b
        if b > 0:
            b = choice[b]
    return nodes
