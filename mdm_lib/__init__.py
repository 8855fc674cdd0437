"""mdm_lib: the helper library of the companion book to Chen, Cong & Li (COLT 2026),
"Optimal Inference Schedules for Masked Diffusion Models".

A law over Σ^n is a numpy array of shape (q_1, ..., q_n). Information quantities
are in bits unless ``base=`` says otherwise.

The data flow: a law -> its information curve (:mod:`mdm_lib.information`) ->
a schedule (:mod:`mdm_lib.optimal`) -> its expected KL error (:mod:`mdm_lib.kl`,
checked by exact enumeration in :mod:`mdm_lib.sampler`) -> a figure
(:mod:`mdm_lib.figures`).
"""

from .figures import house_style, plot_riemann, save_figure
from .families import markov_info_curve
from .information import (
    dual_total_correlation,
    entropy_curve,
    info_curve,
    subset_entropies,
    total_correlation,
)
from .kl import expected_kl, random_schedule, step_costs
from .laws import as_law, markov_chain_law, mixture_law, product_law, random_law
from .optimal import (
    OptimalSchedule,
    min_steps_for_error,
    monotone_projection,
    optimal_errors,
    optimal_schedule,
)
from .schedules import (
    bernoulli_expected_kl,
    bernoulli_expected_sizes,
    dream_origin_reveal_probs,
    dream_schedule,
    geometric_decay_schedule,
    geometric_growth_schedule,
    llada_schedule,
    maskgit_cosine_schedule,
    md4_reveal_probs,
    mdlm_reveal_probs,
)
from .sampler import (
    mixture_kl,
    partition_law,
    random_partition_kl,
    sample,
    sampler_kl,
    sampler_law,
)

__version__ = "0.1.0"

__all__ = [
    "geometric_growth_schedule",
    "geometric_decay_schedule",
    "llada_schedule",
    "dream_schedule",
    "maskgit_cosine_schedule",
    "mdlm_reveal_probs",
    "md4_reveal_probs",
    "dream_origin_reveal_probs",
    "bernoulli_expected_sizes",
    "bernoulli_expected_kl",
    "as_law",
    "random_law",
    "product_law",
    "markov_chain_law",
    "markov_info_curve",
    "mixture_law",
    "subset_entropies",
    "entropy_curve",
    "info_curve",
    "total_correlation",
    "dual_total_correlation",
    "expected_kl",
    "step_costs",
    "random_schedule",
    "OptimalSchedule",
    "optimal_schedule",
    "optimal_errors",
    "min_steps_for_error",
    "monotone_projection",
    "partition_law",
    "sampler_law",
    "sampler_kl",
    "mixture_kl",
    "random_partition_kl",
    "sample",
    "house_style",
    "save_figure",
    "plot_riemann",
]
