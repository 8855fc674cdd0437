"""Schedules: the shared :class:`Schedule` type, optimal schedules, released samplers' rules, the
theorems' constructions, and planning with an estimated curve.

* :mod:`~mdm_lib.schedules.schedule` -- the type, and simple schedules (balanced, random);
* :mod:`~mdm_lib.schedules.optimal` -- the best k-step schedule of a curve (Eq. 1, Theorem 4);
* :mod:`~mdm_lib.schedules.released` -- the count rules of samplers used in practice;
* :mod:`~mdm_lib.schedules.constructions` -- the schedules built by the paper's proofs (Theorem 9, Austin,
  Li–Cai, Corollary 34);
* :mod:`~mdm_lib.schedules.planning` -- an estimated curve projected onto monotone curves, then scheduled.

``k`` is always a number of steps, and every function that builds or scores a k-step schedule takes
``1 <= k <= MAX_SCHEDULE_STEPS`` (:math:`10^7`), also when ``k`` exceeds the length n: the schedule then has k
steps, and those that n tokens cannot fill are empty (size 0). A function whose schedules have no
empty steps by contract (``random_schedule`` without ``allow_empty``) refuses ``k > n`` with a message.
"""
