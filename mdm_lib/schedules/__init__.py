"""Schedules: the shared :class:`Schedule` type, optimal schedules, released samplers' rules, and the
theorems' constructions.

* :mod:`~mdm_lib.schedules.schedule` -- the type, and simple schedules (balanced, random);
* :mod:`~mdm_lib.schedules.optimal` -- the best k-step schedule of a curve (Eq. 1, Theorem 4);
* :mod:`~mdm_lib.schedules.released` -- the count rules of samplers used in practice;
* :mod:`~mdm_lib.schedules.constructions` -- the schedules built by the paper's proofs (Theorem 9, Austin,
  Li–Cai, Corollary 34).
"""
