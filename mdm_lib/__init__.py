"""mdm_lib: the helper library of the companion book to Chen, Cong & Li (COLT 2026),
"Optimal Inference Schedules for Masked Diffusion Models".

A law over Σ^n is a numpy array of shape (q_1, ..., q_n). Information quantities
are in bits unless ``base=`` says otherwise.

The data flow: a law -> its information curve (:mod:`mdm_lib.information`) ->
a schedule (:mod:`mdm_lib.optimal`) -> its expected KL error (:mod:`mdm_lib.kl`,
checked by exact enumeration in :mod:`mdm_lib.sampler`) -> a figure
(:mod:`mdm_lib.figures`).
"""

from .curves import shaped_curve
from .figures import house_style, plot_riemann, save_figure
from .bounds import (
    Cor34Bound,
    austin_step_bound,
    cor34_bound,
    lemma33_pinning_size,
    li_cai_bound,
    li_cai_sharp_bound,
    pinned_correlation,
    pinned_correlation_from_table,
    thm9_step_bound,
)
from .constructions import (
    SweepCandidate,
    austin_schedule,
    dtc_schedule,
    estimate_grid,
    hyperparameter_sweep,
    li_cai_schedule,
    square_root_schedule,
    tc_schedule,
    two_phase_schedule,
)
from .families import (
    CurveEstimate,
    estimate_product_mixture_info_curve,
    linear_code_law,
    markov_info_curve,
    mds_info_curve,
    paired_info_curve,
    paired_law,
    product_info_curve,
    product_mixture_info_curve,
    product_mixture_law,
    repetition_info_curve,
    single_parity_info_curve,
)
from .information import (
    dual_total_correlation,
    entropy_curve,
    info_curve,
    subset_entropies,
    total_correlation,
)
from .kl import expected_kl, random_schedule, step_costs
from .codes import ReedSolomonOracle, reed_solomon_code, reed_solomon_law
from .laws import as_law, markov_chain_law, mixture_law, product_law, random_law
from .lower_bounds import lemma28_curve, lifted_curve
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
    block_sampler_kl,
    dream_origin_reveal_probs,
    dream_schedule,
    geometric_decay_schedule,
    geometric_growth_schedule,
    geometric_rate_for_steps,
    llada_schedule,
    maskgit_cosine_schedule,
    md4_reveal_probs,
    mdlm_reveal_probs,
    practical_schedule_errors,
)
from .oracle import TableOracle, UniformOracle
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
    "geometric_rate_for_steps",
    "llada_schedule",
    "dream_schedule",
    "maskgit_cosine_schedule",
    "mdlm_reveal_probs",
    "md4_reveal_probs",
    "dream_origin_reveal_probs",
    "bernoulli_expected_sizes",
    "bernoulli_expected_kl",
    "block_sampler_kl",
    "practical_schedule_errors",
    "as_law",
    "random_law",
    "product_law",
    "markov_chain_law",
    "markov_info_curve",
    "product_info_curve",
    "mds_info_curve",
    "single_parity_info_curve",
    "repetition_info_curve",
    "linear_code_law",
    "paired_law",
    "paired_info_curve",
    "product_mixture_law",
    "product_mixture_info_curve",
    "CurveEstimate",
    "estimate_product_mixture_info_curve",
    "tc_schedule",
    "dtc_schedule",
    "austin_schedule",
    "two_phase_schedule",
    "li_cai_schedule",
    "square_root_schedule",
    "estimate_grid",
    "SweepCandidate",
    "hyperparameter_sweep",
    "thm9_step_bound",
    "austin_step_bound",
    "li_cai_bound",
    "li_cai_sharp_bound",
    "Cor34Bound",
    "cor34_bound",
    "pinned_correlation",
    "pinned_correlation_from_table",
    "lemma33_pinning_size",
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
    "shaped_curve",
    "optimal_errors",
    "min_steps_for_error",
    "monotone_projection",
    "partition_law",
    "sampler_law",
    "sampler_kl",
    "mixture_kl",
    "random_partition_kl",
    "sample",
    "reed_solomon_code",
    "reed_solomon_law",
    "ReedSolomonOracle",
    "TableOracle",
    "UniformOracle",
    "lifted_curve",
    "lemma28_curve",
    "house_style",
    "save_figure",
    "plot_riemann",
]
