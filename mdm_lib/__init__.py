"""mdm_lib: the helper library of the companion book to Chen, Cong & Li (COLT 2026),
"Optimal Inference Schedules for Masked Diffusion Models".

A law over Σ^n is a numpy array of shape (q_1, ..., q_n). Information quantities
are in bits unless ``base=`` says otherwise.

The data flow, one module per arrow:

* a law: full tables (:mod:`~mdm_lib.laws`), Reed–Solomon codes (:mod:`~mdm_lib.codes`),
  or families known exactly at large n (:mod:`~mdm_lib.families`, :mod:`~mdm_lib.curves`);
* its information curve, TC and DTC (:mod:`~mdm_lib.information`);
* a schedule: optimal (:mod:`~mdm_lib.optimal`), a released sampler's rule
  (:mod:`~mdm_lib.schedules`), or a theorem's construction (:mod:`~mdm_lib.constructions`);
* its expected KL error (:mod:`~mdm_lib.kl`, Theorem 16), checked by enumerating the
  sampler (:mod:`~mdm_lib.sampler`, :mod:`~mdm_lib.oracle`), and the closed-form bounds
  (:mod:`~mdm_lib.bounds`, :mod:`~mdm_lib.lower_bounds`);
* a figure (:mod:`~mdm_lib.figures`).
"""

from types import ModuleType as _ModuleType

from .laws import as_law, markov_chain_law, mixture_law, product_law, random_law
from .codes import ReedSolomonOracle, reed_solomon_code, reed_solomon_law
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
from .curves import shaped_curve
from .information import (
    dual_total_correlation,
    entropy_curve,
    info_curve,
    subset_entropies,
    total_correlation,
)
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
from .kl import expected_kl, random_schedule, step_costs
from .sampler import mixture_kl, partition_law, random_partition_kl, sample, sampler_kl, sampler_law
from .oracle import TableOracle, UniformOracle
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
from .lower_bounds import lemma28_curve, lifted_curve
from .figures import house_style, plot_riemann, save_figure

__version__ = "0.1.0"

#: Every name imported above (functions and classes, not the submodules).
__all__ = sorted(
    name for name, value in globals().items() if not name.startswith("_") and not isinstance(value, _ModuleType)
)

# --- issue 10 exports ---
from .curves import iid_mixture_info_curve
from .estimation import (
    InfoCurveEstimate,
    KLEstimate,
    KLSplit,
    LossTable,
    Plan,
    ProductMixture,
    ProductMixtureFit,
    cross_entropy_table,
    curve_from_losses,
    estimate_info_curve,
    estimate_schedule_kl,
    fit_product_mixture,
    plan_schedule,
    released_rule_errors,
    schedule_kl_split,
)
from .models import MaskedMLP

__all__ = sorted({*__all__, "iid_mixture_info_curve", "InfoCurveEstimate", "KLEstimate", "KLSplit", "LossTable",
                  "Plan", "ProductMixture", "ProductMixtureFit", "cross_entropy_table", "curve_from_losses",
                  "estimate_info_curve", "estimate_schedule_kl", "fit_product_mixture", "plan_schedule",
                  "released_rule_errors", "schedule_kl_split", "MaskedMLP"})
