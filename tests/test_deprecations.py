"""Names renamed by issue 14 still work for one version, with a DeprecationWarning that names the new one."""

import importlib

import numpy as np
import pytest

import mdm_lib as mdm

RENAMED = [
    ("mdm_lib", "thm9_step_bound", "correlation_step_bound"),
    ("mdm_lib", "cor34_bound", "two_phase_bound"),
    ("mdm_lib", "Cor34Bound", "TwoPhaseBound"),
    ("mdm_lib", "lemma33_pinning_size", "pinning_size"),
    ("mdm_lib", "lemma28_function", "geometric_staircase_function"),
    ("mdm_lib", "lemma28_curve", "geometric_staircase_curve"),
    ("mdm_lib.bounds", "thm9_step_bound", "correlation_step_bound"),
    ("mdm_lib.bounds", "cor34_bound", "two_phase_bound"),
    ("mdm_lib.bounds", "Cor34Bound", "TwoPhaseBound"),
    ("mdm_lib.bounds", "lemma33_pinning_size", "pinning_size"),
    ("mdm_lib.curves", "lemma28_function", "geometric_staircase_function"),
    ("mdm_lib.curves", "lemma28_curve", "geometric_staircase_curve"),
    ("mdm_lib.testing", "theorem16_cost", "signed_riemann_error"),
]


@pytest.mark.parametrize(("module", "old", "new"), RENAMED)
def test_old_name_warns_and_is_the_new_object(module, old, new):
    namespace = importlib.import_module(module)
    with pytest.warns(DeprecationWarning, match=rf"{module}\.{old} is deprecated .* use {module}\.{new}"):
        value = getattr(namespace, old)
    assert value is getattr(namespace, new)
    assert old not in getattr(namespace, "__all__", [])


def test_old_names_import_with_a_warning():
    with pytest.warns(DeprecationWarning, match="correlation_step_bound"):
        from mdm_lib import thm9_step_bound
    assert thm9_step_bound(100, 2, 0.5) == mdm.correlation_step_bound(100, 2, 0.5)


def test_unknown_names_still_raise_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'lemma29_curve'"):
        mdm.lemma29_curve  # noqa: B018
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        mdm.bounds.nothing  # noqa: B018


@pytest.mark.parametrize(
    ("call", "old", "new"),
    [
        (lambda: mdm.optimal_errors([0.0, 1.0, 1.5], kmax=2), "kmax", "k"),
        (lambda: mdm.best_piecewise_constant([0.0, 1.0, 1.5], pieces=2), "pieces", "k"),
        (lambda: mdm.constant_steps_strategy(6, budget=3), "budget", "k"),
        (lambda: mdm.random_steps_strategy(6, budget=3), "budget", "k"),
    ],
)
def test_old_keywords_warn_and_give_the_same_result(call, old, new):
    with pytest.warns(DeprecationWarning, match=rf"keyword {old}= .* use {new}="):
        result = call()
    assert result is not None


def test_old_and_new_keyword_together_is_an_error():
    with pytest.raises(TypeError, match="both kmax= and k="):
        mdm.optimal_errors([0.0, 1.0], kmax=2, k=2)


def test_old_attributes_warn_and_read_the_new_one():
    plan = mdm.plan_schedule([0.0, 0.5, 1.0, 1.0], 2)
    with pytest.warns(DeprecationWarning, match=r"Plan\.expected_kl .* use Plan\.error"):
        assert plan.expected_kl == plan.error
    bound = mdm.two_phase_bound(10, 1.0, 0.25)
    with pytest.warns(DeprecationWarning, match=r"TwoPhaseBound\.steps .* use TwoPhaseBound\.k"):
        assert bound.steps == bound.k == 5
    code = mdm.reed_solomon_code(4, 2, 5)
    with pytest.warns(DeprecationWarning, match=r"ReedSolomonCode\.k .* use ReedSolomonCode\.dimension"):
        assert code.k == code.dimension == 2
    strategy = mdm.constant_steps_strategy(6, 3)
    with pytest.warns(DeprecationWarning, match=r"Strategy\.budget .* use Strategy\.k"):
        assert strategy.budget == strategy.k == 3


def test_new_names_do_not_warn(recwarn):
    mdm.correlation_step_bound(10, 1.0, 0.5)
    mdm.geometric_staircase_curve(100, 0.1)
    mdm.optimal_errors(np.linspace(0, 1, 5), k=3)
    mdm.best_piecewise_constant([0.0, 1.0], k=1)
    mdm.constant_steps_strategy(6, k=3)
    assert not [w for w in recwarn if issubclass(w.category, DeprecationWarning)]
