"""Hypothesis strategies for random laws as full tables, with curves of every shape.

Dirichlet tables give convex information curves only, so they are not neutral test cases. The
strategy here mixes four families:

* ``dirichlet``: a Dirichlet table (convex curve);
* ``product mixture``: a mixture of two or three product laws (the curve rises early: concave);
* ``markov``: a stationary Markov chain with a random transition matrix (concave);
* ``parity``: the uniform law on a random linear code over F_2 or F_3, mixed with a little uniform
  noise (the curve is flat, then jumps: a step).
"""

import numpy as np
from hypothesis import strategies as st

import mdm_lib as mdm

KINDS = ("dirichlet", "product mixture", "markov", "parity")


def build_law(kind, n, q, seed):
    """A law on ``q`` symbols per position (``q`` in {2, 3}), of length ``n``, from the family ``kind``."""
    rng = np.random.default_rng(seed)
    if kind == "dirichlet":
        return mdm.random_law((q,) * n, rng=rng, concentration=float(rng.choice([0.2, 1.0, 4.0])))
    if kind == "product mixture":
        m = int(rng.integers(2, 4))
        return mdm.product_mixture_law(rng.dirichlet(np.ones(m)), rng.dirichlet(np.full(q, 0.3), size=(m, n)))
    if kind == "markov":
        return mdm.markov_chain_law(rng.dirichlet(np.full(q, 0.5), size=q) * 0.98 + 0.02 / q, n)
    if kind == "parity":
        d = int(rng.integers(1, n + 1))
        code = mdm.linear_code_law(rng.integers(0, q, size=(n, d)), q)
        noise = float(rng.uniform(0.0, 0.2))
        return mdm.mixture_law([1.0 - noise, noise], [code, np.full((q,) * n, float(q) ** -n)])
    raise ValueError(kind)


@st.composite
def laws(draw, min_n=1, max_n=5):
    """A law from one of :data:`KINDS`, with 2 or 3 symbols per position."""
    kind = draw(st.sampled_from(KINDS))
    n = draw(st.integers(min_n, max_n))
    q = draw(st.sampled_from([2, 3])) if n <= 4 else 2
    return build_law(kind, n, q, draw(st.integers(0, 2**31)))
