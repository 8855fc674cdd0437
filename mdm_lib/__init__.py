"""mdm_lib: the helper library of the companion book to Chen, Cong & Li (COLT 2026),
"Optimal Inference Schedules for Masked Diffusion Models".

A law over Σ^n is a numpy array of shape (q_1, ..., q_n). Information quantities
are in bits unless ``base=`` says otherwise. The public API is this namespace.

The modules follow the data flow law → curve → schedule → error → figure:

* :mod:`~mdm_lib.laws` -- every law built as a full table;
  :mod:`~mdm_lib.codes` -- Reed–Solomon codes over finite fields;
  :mod:`~mdm_lib.product_mixture` -- a mixture of product laws fitted to data;
* :mod:`~mdm_lib.information` -- table → subset entropies, entropy and information curves, TC, DTC;
  :mod:`~mdm_lib.curves` -- every curve known without a table (Markov chains, codes, mixtures, lifts);
  :mod:`~mdm_lib.estimation` -- curves estimated from samples and an oracle, or from losses;
  :mod:`~mdm_lib.records` -- loss tables from evaluation records (one masked count and loss per row);
  :mod:`~mdm_lib.shards` -- estimation in shards, merged, on any joblib engine (e.g. a Dask cluster);
  :mod:`~mdm_lib.markov` -- a Markov chain with exact conditionals at any n;
* :mod:`~mdm_lib.schedules` -- the :class:`Schedule` type, optimal schedules, released samplers' rules, the
  theorems' constructions, and planning with an estimated curve;
* :mod:`~mdm_lib.kl` -- exact expected errors (Theorem 4/16); :mod:`~mdm_lib.sampler` -- the sampler itself
  and its exact enumeration; :mod:`~mdm_lib.sampled_kl` -- errors measured by sampling;
  :mod:`~mdm_lib.oracle` -- conditional-marginal oracles;
  :mod:`~mdm_lib.bounds` -- closed-form bounds; :mod:`~mdm_lib.hardness` -- hard priors and query strategies;
* :mod:`~mdm_lib.figures` -- house style and :func:`save_figure` (matplotlib is imported only when a figure
  is drawn).
"""

from __future__ import annotations

from importlib import import_module as _import_module
from typing import TYPE_CHECKING as _TYPE_CHECKING
from typing import Any as _Any

from ._version import __version__ as __version__
from .approximation import PiecewiseConstantFit, best_piecewise_constant
from .bounds import (
    TwoPhaseBound,
    austin_step_bound,
    correlation_step_bound,
    li_cai_bound,
    li_cai_sharp_bound,
    pinned_correlation,
    pinned_correlation_from_table,
    pinning_size,
    two_phase_bound,
)
from .codes import (
    ReedSolomonCode,
    ReedSolomonOracle,
    consistency_probabilities,
    is_prime,
    reed_solomon_code,
    reed_solomon_law,
)
from .corpora import Corpus, chromosome_corpus, shakespeare_corpus, split_words
from .curves import (
    CURVE_SHAPES,
    geometric_staircase_curve,
    geometric_staircase_function,
    iid_mixture_info_curve,
    lifted_curve,
    markov_info_curve,
    mds_info_curve,
    monotone_projection,
    paired_info_curve,
    product_info_curve,
    product_mixture_info_curve,
    repetition_info_curve,
    shaped_curve,
    single_parity_info_curve,
)
from .estimation import (
    InfoCurveEstimate,
    LossTable,
    cross_entropy_table,
    curve_from_losses,
    estimate_info_curve,
    estimate_product_mixture_info_curve,
)
from .hardness import (
    HardPrior,
    PriorTVEstimate,
    RandomNodes,
    Strategy,
    StrategyCosts,
    StrategyRun,
    binary_search_strategy,
    code_hit_probability,
    code_probabilities,
    constant_steps_strategy,
    doubling_probe_strategy,
    geometric_steps_strategy,
    leaf_hit_probabilities,
    monte_carlo_prior_tv,
    random_probe_strategy,
    random_steps_strategy,
    strategy_costs,
    worst_case_step_kl,
)
from .information import (
    curve_dual_total_correlation,
    curve_total_correlation,
    dual_total_correlation,
    entropy_curve,
    info_curve,
    subset_entropies,
    total_correlation,
)
from .judges import KmerDistance, NgramModel, kmer_frequencies, kmer_total_variation, word_share
from .kl import bernoulli_expected_kl, bernoulli_expected_sizes, expected_kl, step_costs
from .laws import (
    as_law,
    linear_code_law,
    markov_chain_law,
    mixture_law,
    paired_law,
    product_law,
    product_mixture_law,
    random_law,
    stationary_law,
)
from .markov import MarkovChain
from .models import MaskedMLP
from .oracle import (
    ConditionalMarginalOracle,
    QueryBudgetExceeded,
    TableOracle,
    UniformOracle,
    answer_is_deterministic,
    answer_is_uniform,
)
from .oracle_sampler import bernoulli_step_sizes, sample_with_oracle, sampler_log_likelihood
from .product_mixture import ProductMixture, ProductMixtureFit, fit_product_mixture
from .records import (
    Records,
    RecordsLossTable,
    RecordSums,
    cross_entropy_sums,
    evaluation_records,
    loss_table_from_records,
    loss_table_from_sums,
    record_sums,
)
from .sampled_kl import KLEstimate, KLSplit, estimate_schedule_kl, schedule_kl_split
from .sampler import (
    LearnedOracleKL,
    block_sampler_kl,
    learned_oracle_kl,
    mixture_kl,
    partition_law,
    random_partition_kl,
    sample,
    sampler_kl,
    sampler_law,
)
from .schedules.constructions import (
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
from .schedules.optimal import OptimalSchedule, min_steps_for_error, optimal_errors, optimal_schedule
from .schedules.planning import Plan, plan_schedule
from .schedules.released import (
    RELEASED_RULES,
    RuleError,
    dream_origin_reveal_probs,
    dream_schedule,
    geometric_decay_schedule,
    geometric_growth_schedule,
    geometric_rate_for_steps,
    llada_schedule,
    maskgit_cosine_schedule,
    md4_reveal_probs,
    mdlm_reveal_probs,
    released_rule_errors,
    released_rule_steps,
)
from .schedules.schedule import Schedule, balanced_schedule, random_schedule, schedule_from_nodes
from .shards import merge_estimates, run_in_shards
from .tables import round_table
from .torch_bridge import torch_oracle

#: Names served from :mod:`mdm_lib.figures`, which imports matplotlib, and from :mod:`mdm_lib.networks`, which
#: imports torch: loaded on first use.
_LAZY = {
    "COLORS": "figures",
    "figures_directory": "figures",
    "house_style": "figures",
    "plot_riemann": "figures",
    "publish_figure": "figures",
    "save_figure": "figures",
    "rule_style": "figures",
    "MaskedTransformer": "networks",
    "TrainingRun": "networks",
    "TransformerConfig": "networks",
    "load_network": "networks",
    "save_network": "networks",
    "train_masked_transformer": "networks",
}


#: Submodules that are part of the public API, loaded on first use: ``mdm.testing`` holds the brute-force
#: references shared by the tests and the notebooks, ``mdm.palette`` the book's colours and markers by
#: concept, ``mdm.report`` what a chapter shows (glued numbers, tables, the summary of its checks).
_LAZY_SUBMODULES = ("testing", "palette", "report")


if _TYPE_CHECKING:  # type checkers and IDEs see the lazy names with their types
    from . import palette, report, testing
    from .figures import (
        COLORS,
        figures_directory,
        house_style,
        plot_riemann,
        publish_figure,
        rule_style,
        save_figure,
    )
    from .networks import (
        MaskedTransformer,
        TrainingRun,
        TransformerConfig,
        load_network,
        save_network,
        train_masked_transformer,
    )


#: Names before issue 14 (they said the theorem, not the concept), served with a DeprecationWarning.
_RENAMED = {
    "thm9_step_bound": "correlation_step_bound",
    "cor34_bound": "two_phase_bound",
    "Cor34Bound": "TwoPhaseBound",
    "lemma33_pinning_size": "pinning_size",
    "lemma28_function": "geometric_staircase_function",
    "lemma28_curve": "geometric_staircase_curve",
}


def __getattr__(name: str) -> _Any:
    if name in _RENAMED:
        from ._deprecation import warn_renamed

        warn_renamed(f"mdm_lib.{name}", f"mdm_lib.{_RENAMED[name]}")
        return globals()[_RENAMED[name]]
    if name in _LAZY_SUBMODULES:
        return _import_module(f".{name}", __name__)
    if name in _LAZY:
        value = getattr(_import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'mdm_lib' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY) | set(_LAZY_SUBMODULES))


__all__ = [
    # laws
    "as_law",
    "random_law",
    "product_law",
    "markov_chain_law",
    "stationary_law",
    "mixture_law",
    "product_mixture_law",
    "linear_code_law",
    "paired_law",
    "ReedSolomonCode",
    "ReedSolomonOracle",
    "reed_solomon_code",
    "reed_solomon_law",
    "consistency_probabilities",
    "is_prime",
    # information measures of a table, and of a curve
    "subset_entropies",
    "entropy_curve",
    "info_curve",
    "total_correlation",
    "dual_total_correlation",
    "curve_total_correlation",
    "curve_dual_total_correlation",
    # curves known without a table
    "product_info_curve",
    "markov_info_curve",
    "mds_info_curve",
    "single_parity_info_curve",
    "repetition_info_curve",
    "paired_info_curve",
    "lifted_curve",
    "product_mixture_info_curve",
    "estimate_product_mixture_info_curve",
    "geometric_staircase_function",
    "geometric_staircase_curve",
    "shaped_curve",
    "CURVE_SHAPES",
    "monotone_projection",
    "iid_mixture_info_curve",
    # curves and laws estimated from data
    "fit_product_mixture",
    "ProductMixture",
    "ProductMixtureFit",
    "estimate_info_curve",
    "InfoCurveEstimate",
    "cross_entropy_table",
    "LossTable",
    "curve_from_losses",
    "MarkovChain",
    # loss tables from evaluation records, and estimation in shards
    "Records",
    "evaluation_records",
    "RecordSums",
    "record_sums",
    "cross_entropy_sums",
    "RecordsLossTable",
    "loss_table_from_records",
    "loss_table_from_sums",
    "merge_estimates",
    "run_in_shards",
    "MaskedMLP",
    "PiecewiseConstantFit",
    "best_piecewise_constant",
    # schedules
    "Schedule",
    "schedule_from_nodes",
    "balanced_schedule",
    "random_schedule",
    "OptimalSchedule",
    "optimal_schedule",
    "optimal_errors",
    "min_steps_for_error",
    "llada_schedule",
    "dream_schedule",
    "maskgit_cosine_schedule",
    "geometric_growth_schedule",
    "geometric_decay_schedule",
    "geometric_rate_for_steps",
    "mdlm_reveal_probs",
    "md4_reveal_probs",
    "dream_origin_reveal_probs",
    "RELEASED_RULES",
    "RuleError",
    "released_rule_errors",
    "released_rule_steps",
    "tc_schedule",
    "dtc_schedule",
    "austin_schedule",
    "li_cai_schedule",
    "two_phase_schedule",
    "square_root_schedule",
    "estimate_grid",
    "SweepCandidate",
    "hyperparameter_sweep",
    "plan_schedule",
    "Plan",
    # errors
    "expected_kl",
    "step_costs",
    "bernoulli_expected_sizes",
    "bernoulli_expected_kl",
    "sample",
    "sampler_law",
    "sampler_kl",
    "mixture_kl",
    "partition_law",
    "random_partition_kl",
    "block_sampler_kl",
    "estimate_schedule_kl",
    "KLEstimate",
    "schedule_kl_split",
    "KLSplit",
    "LearnedOracleKL",
    "learned_oracle_kl",
    "ConditionalMarginalOracle",
    "TableOracle",
    "UniformOracle",
    "QueryBudgetExceeded",
    "answer_is_uniform",
    "answer_is_deterministic",
    # bounds
    "correlation_step_bound",
    "austin_step_bound",
    "li_cai_bound",
    "li_cai_sharp_bound",
    "TwoPhaseBound",
    "two_phase_bound",
    "pinned_correlation",
    "pinned_correlation_from_table",
    "pinning_size",
    # hardness
    "HardPrior",
    "RandomNodes",
    "Strategy",
    "StrategyRun",
    "constant_steps_strategy",
    "geometric_steps_strategy",
    "doubling_probe_strategy",
    "binary_search_strategy",
    "random_probe_strategy",
    "random_steps_strategy",
    "code_probabilities",
    "leaf_hit_probabilities",
    "code_hit_probability",
    "StrategyCosts",
    "strategy_costs",
    "PriorTVEstimate",
    "monte_carlo_prior_tv",
    "worst_case_step_kl",
    # real data, networks and judges of their samples
    "Corpus",
    "shakespeare_corpus",
    "chromosome_corpus",
    "split_words",
    "TransformerConfig",
    "MaskedTransformer",
    "TrainingRun",
    "train_masked_transformer",
    "save_network",
    "load_network",
    "torch_oracle",
    "sample_with_oracle",
    "sampler_log_likelihood",
    "bernoulli_step_sizes",
    "NgramModel",
    "word_share",
    "kmer_frequencies",
    "KmerDistance",
    "kmer_total_variation",
    # tables and figures
    "round_table",
    "COLORS",
    "house_style",
    "save_figure",
    "plot_riemann",
    "publish_figure",
    "figures_directory",
    "rule_style",
    "palette",
    "report",
    # brute-force references (a submodule, like numpy.testing)
    "testing",
]
