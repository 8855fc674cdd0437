"""The command line: ``python -m mdm_lib {curve,kl,optimal,plan} ...``.

Numbers are printed in units of ``--base`` (default 2: bits). Every error is
one line on standard error and exit code 2. Heavy modules are imported only by
the command that needs them, so ``plan`` on a curve of :math:`10^5` positions starts
and finishes in about a second.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

import numpy as np

PROG = "python -m mdm_lib"

DESCRIPTION = """\
Information curves and optimal schedules for masked diffusion models
(Chen, Cong & Li, COLT 2026).

commands:
  curve FILE.npy                information curve, TC and DTC of a law (a full table saved with numpy.save)
  kl FILE.npy --sizes 4,5,2,2   exact expected KL error of a schedule (Theorem 4)
  optimal FILE.npy -k 8         the best 8-step schedule (Eq. 1); add --curve if FILE holds a curve
  plan --curve Z.csv -k 8       plan from an estimated curve (CSV header j,Z), a loss table
                                (--losses, CSV header revealed,cross_entropy) or evaluation records
                                (--records with --length n, CSV header masked,cross_entropy_sum):
                                project onto monotone curves, print the optimal schedule and the
                                released rules' errors

Add --json for one JSON object on standard output.
"""

EPILOG = """\
units: results are in units of --base (2: bits). A curve read from a file is taken to be in bits, and a
loss table or records in nats (the usual training loss), unless --input-base says otherwise.
"""


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors (``prog: error: message``) and exit code 2."""

    def error(self, message: str) -> NoReturn:
        _fail(f"{self.prog}: error: {message}")


class CliError(Exception):
    """A user error, reported as one line on stderr with exit code 2."""


def _fail(message: str) -> NoReturn:
    print(" ".join(str(message).split()), file=sys.stderr)
    raise SystemExit(2)


def _positive_base(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a logarithm base must be a number, got {text!r}") from None
    if not math.isfinite(value) or value <= 0 or value == 1:
        raise argparse.ArgumentTypeError(f"a logarithm base must be > 0 and not 1, got {text!r}")
    return value


def _sizes(text: str) -> list[int]:
    try:
        return [int(v) for v in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"--sizes must be comma-separated integers, got {text!r}") from None


def _neighbours(text: str) -> int | str:
    if text == "cv":
        return text
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number or 'cv', got {text!r}") from None


def _build_parser() -> argparse.ArgumentParser:
    from . import __version__

    parser = _Parser(
        prog=PROG,
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"mdm_lib {__version__}")
    sub = parser.add_subparsers(
        dest="command",
        required=True,
        metavar="{curve,kl,optimal,plan}",
        parser_class=_Parser,
    )
    common = _Parser(add_help=False)
    common.add_argument(
        "--base",
        type=_positive_base,
        default=2.0,
        help="units of the results (default 2: bits)",
    )
    common.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    npy = _Parser(add_help=False)
    npy.add_argument("file", help=".npy file: a law (full table), or a curve Z_1..Z_n with --curve")
    curve_flag = _Parser(add_help=False)
    curve_flag.add_argument(
        "--curve",
        action="store_true",
        help="the file holds a curve Z_1..Z_n, not a law",
    )
    curve_flag.add_argument(
        "--input-base",
        type=_positive_base,
        default=2.0,
        help="units of a curve file (default 2: bits)",
    )
    sub.add_parser("curve", parents=[npy, common], help="information curve, TC and DTC of a law")
    kl = sub.add_parser(
        "kl",
        parents=[npy, curve_flag, common],
        help="exact expected KL error of a schedule",
    )
    kl.add_argument("--sizes", type=_sizes, required=True, help="step sizes, e.g. 4,5,2,2")
    optimal = sub.add_parser("optimal", parents=[npy, curve_flag, common], help="the optimal k-step schedule")
    optimal.add_argument("-k", "--steps", dest="k", type=int, required=True, help="number of steps")
    plan = sub.add_parser(
        "plan",
        parents=[common],
        help="optimal schedule for an estimated curve or a loss table",
        description="Project an estimated information curve onto monotone curves, then print the optimal "
        "schedule, its expected KL error and, for the same number of steps, the errors of the released "
        "count rules (LLaDA, Dream, MaskGIT, MDLM, MD4, geometric).",
    )
    source = plan.add_mutually_exclusive_group(required=True)
    source.add_argument("--curve", metavar="CURVE.csv", help="CSV with header j,Z (j = 1..n)")
    source.add_argument(
        "--losses",
        metavar="LOSSES.csv",
        help="CSV with header revealed,cross_entropy (revealed = 0..n-1)",
    )
    source.add_argument(
        "--records",
        metavar="RECORDS.csv",
        help="CSV with header masked,cross_entropy_sum: one evaluated row each (masked = 1..n), as "
        "masked diffusion models' evaluation code scores them; needs --length",
    )
    budget = plan.add_mutually_exclusive_group(required=True)
    budget.add_argument("-k", "--steps", dest="k", type=int, help="number of steps")
    budget.add_argument(
        "--max-error",
        type=float,
        metavar="EPS",
        help="the fewest steps with expected KL <= EPS",
    )
    plan.add_argument(
        "--input-base",
        type=_positive_base,
        default=None,
        help="units of the input file (default: 2 for a curve, e for a loss table or records)",
    )
    plan.add_argument(
        "--length",
        type=int,
        metavar="N",
        help="with --records: the sequence length n, the number of positions a row can mask",
    )
    plan.add_argument(
        "--neighbours",
        type=_neighbours,
        default=16,
        metavar="NEIGHBOURS",
        help="with --records: records pooled at each count of masked tokens (default 16), or 'cv' to "
        "choose them by cross-validation",
    )
    plan.add_argument(
        "--score-records",
        metavar="RECORDS.csv",
        help="with --records: records of other rows, on which the plan's error is predicted again; a plan "
        "scored on the records that chose it is optimistic",
    )
    return parser


def _read_csv(path: str, header: tuple[str, str]) -> tuple[np.ndarray, np.ndarray]:
    """Two numeric columns of a CSV file with exactly the given header."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:  # a byte-order mark is not data
            rows = list(csv.reader(handle))
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise CliError(f"{path} is not a CSV text file: {exc}") from None
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows or tuple(cell.strip() for cell in rows[0]) != header:
        found = ",".join(rows[0]) if rows else "an empty file"
        raise CliError(f"{path}: the header must be {','.join(header)}, found {found!r}")
    if len(rows) < 2:
        raise CliError(f"{path}: no data rows")
    values = np.empty((len(rows) - 1, 2))
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != 2:
            raise CliError(f"{path}, line {line}: expected 2 values, found {len(row)}")
        for col, cell in enumerate(row):
            try:
                values[line - 2, col] = float(cell)
            except ValueError:
                raise CliError(
                    f"{path}, line {line}: {header[col]} is not a number: {cell.strip()!r}"
                ) from None
            if not math.isfinite(values[line - 2, col]):
                raise CliError(f"{path}, line {line}: {header[col]} must be finite, got {cell.strip()!r}")
    return values[:, 0], values[:, 1]


def _read_curve_csv(path: str) -> np.ndarray:
    j, Z = _read_csv(path, ("j", "Z"))
    order = np.argsort(j, kind="stable")
    if not np.array_equal(j[order], np.arange(1, j.size + 1)):
        raise CliError(f"{path}: column j must hold 1, 2, ..., n once each (n = {j.size})")
    return Z[order]


def _load_npy(path: str) -> np.ndarray:
    try:
        return np.load(path, allow_pickle=False)
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise CliError(f"{path} is not a .npy array: {exc}") from None


def _units(base: float) -> str:
    return {2.0: "bits", math.e: "nats"}.get(base, f"log base {base:g}")


def _emit(args: argparse.Namespace, record: dict[str, Any], lines: list[str]) -> None:
    if args.json:
        print(json.dumps(record))
    else:
        print("\n".join(lines))


def _curve_command(args: argparse.Namespace) -> None:
    from .information import dual_total_correlation, info_curve, total_correlation

    law = _load_npy(args.file)
    Z = info_curve(law, base=args.base)
    tc, dtc = (
        total_correlation(law, base=args.base),
        dual_total_correlation(law, base=args.base),
    )
    record = {"Z": Z.tolist(), "tc": tc, "dtc": dtc, "units": _units(args.base)}
    _emit(
        args,
        record,
        ["Z: " + " ".join(f"{z:.6g}" for z in Z), f"TC: {tc:.6g}", f"DTC: {dtc:.6g}"],
    )


def _npy_curve(args: argparse.Namespace) -> np.ndarray:
    data = _load_npy(args.file)
    if args.curve:
        from ._validate import as_curve  # checked before any conversion: a complex file is refused

        return as_curve(data, "the curve in " + args.file) * (math.log(args.input_base) / math.log(args.base))
    from .information import info_curve

    return info_curve(data, base=args.base)


def _kl_command(args: argparse.Namespace) -> None:
    from .kl import expected_kl

    error = float(expected_kl(_npy_curve(args), args.sizes))
    _emit(args, {"expected_kl": error, "units": _units(args.base)}, [f"{error:.10g}"])


def _optimal_command(args: argparse.Namespace) -> None:
    from .schedules.optimal import optimal_schedule

    best = optimal_schedule(_npy_curve(args), args.k)
    sizes = [int(s) for s in best.sizes]
    record = {
        "sizes": sizes,
        "expected_kl": float(best.error),
        "units": _units(args.base),
    }
    _emit(
        args,
        record,
        ["sizes: " + ",".join(map(str, sizes)), f"error: {best.error:.10g}"],
    )


def _data_line_numbers(path: str) -> list[int]:
    """The line number of each data row of a CSV file (after the header; blank rows skipped)."""
    with open(path, newline="") as handle:
        reader = csv.reader(handle)
        numbers = [reader.line_num for row in reader if any(cell.strip() for cell in row)]
    return numbers[1:]


def _read_records_csv(path: str, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Records (masked counts, summed cross-entropies) of a CSV file, each row checked."""
    masked, sums = _read_csv(path, ("masked", "cross_entropy_sum"))
    bad_count = np.flatnonzero((masked != np.round(masked)) | (masked < 1) | (masked > n))
    if bad_count.size:
        line = _data_line_numbers(path)[bad_count[0]]
        raise CliError(
            f"{path}, line {line}: masked must be a whole number of masked positions in 1..{n} "
            f"(--length {n}), got {masked[bad_count[0]]:g}"
        )
    negative = np.flatnonzero(sums < 0)
    if negative.size:
        line = _data_line_numbers(path)[negative[0]]
        raise CliError(
            f"{path}, line {line}: cross_entropy_sum must be >= 0 (a sum of cross-entropies), "
            f"got {sums[negative[0]]:g}"
        )
    return masked.astype(np.int64), sums


def _records_table(args: argparse.Namespace, path: str) -> Any:
    """The pooled loss table of a records file (in units of ``--base``)."""
    from .records import loss_table_from_records

    if args.length is None:
        raise CliError(
            "--records needs --length N, the sequence length (the number of positions a row can mask)"
        )
    if args.length < 1:
        raise CliError(f"--length must be a whole number >= 1, got {args.length}")
    masked, sums = _read_records_csv(path, args.length)
    nats = sums * math.log(args.input_base or math.e)
    return loss_table_from_records(masked, nats, args.length, neighbours=args.neighbours, base=args.base)


def _plan_command(args: argparse.Namespace) -> None:
    from .estimation import curve_from_losses
    from .schedules.planning import plan_schedule

    for option, value in (("--length", args.length), ("--score-records", args.score_records)):
        if value is not None and args.records is None:
            raise CliError(f"{option} is used only with --records")
    table = None
    if args.curve is not None:
        Z, input_base = _read_curve_csv(args.curve), args.input_base or 2.0
    elif args.records is not None:
        table = _records_table(args, args.records)
        Z, input_base = table.Z, args.base  # already in units of --base
    else:
        revealed, losses = _read_csv(args.losses, ("revealed", "cross_entropy"))
        Z, input_base = curve_from_losses(revealed, losses), args.input_base or math.e
    Z = Z * (math.log(input_base) / math.log(args.base))
    n = Z.size
    if args.max_error is not None and not (math.isfinite(args.max_error) and args.max_error >= 0):
        raise CliError(f"--max-error must be a finite number >= 0, got {args.max_error}")
    plan = plan_schedule(Z, args.k, eps=args.max_error)
    units = _units(args.base)
    record = {
        "n": n,
        "k": plan.k,
        "sizes": plan.sizes,
        "expected_kl": plan.error,
        "released_rules": {r.rule: r.error for r in plan.released_rules},
        "projection": {"max_shift": plan.max_shift, "l1_shift": plan.l1_shift},
        "units": units,
    }
    lines = [
        f"n = {n}, k = {plan.k} steps; units: {units}",
        f"monotone projection moved the curve by at most {plan.max_shift:.3g} (L1 {plan.l1_shift:.3g})",
        "optimal sizes: " + ",".join(map(str, plan.sizes)),
        f"expected KL: {plan.error:.6g}",
    ]
    if table is not None:
        scoring = None if args.score_records is None else _records_table(args, args.score_records)
        _add_records_report(table, scoring, plan, record, lines)
    if plan.released_rules:
        lines.append(f"released rules with k = {plan.k} (expected KL, ratio to optimal):")
        from .schedules.released import RELEASED_RULES

        width = max(len(RELEASED_RULES[r.rule]) for r in plan.released_rules)
        for rule, error in plan.released_rules:
            ratio = error / plan.error if plan.error > 0 else math.inf
            lines.append(f"  {RELEASED_RULES[rule]:<{width}}  {error:.6g}  {ratio:.3g}x")
    _emit(args, record, lines)


def _add_records_report(
    table: Any, scoring: Any, plan: Any, record: dict[str, Any], lines: list[str]
) -> None:
    """What the records are and how sure the plan's error is: lines of text, and a JSON entry."""
    count, covered = int(table.records.sum()), int(np.count_nonzero(table.records))
    error = table.predicted_kl(plan.sizes).standard_error
    record["records"] = {
        "records": count,
        "counts_with_records": covered,
        "neighbours": table.neighbours,
        "largest_window": int(table.window.max()),
        "expected_kl_standard_error": error,
    }
    lines[1:1] = [
        f"records: {count} at {covered} of {table.Z.size} counts",
        f"pooled at each count: its {table.neighbours} nearest records (windows up to "
        f"+-{int(table.window.max())} counts)",
    ]
    lines.append(f"standard error of the expected KL, from the records: {error:.3g}")
    if scoring is not None:
        scored = scoring.predicted_kl(plan.sizes)
        record["records"]["scored"] = {
            "records": int(scoring.records.sum()),
            "expected_kl": scored.mean,
            "standard_error": scored.standard_error,
        }
        lines.append(
            f"expected KL on the {int(scoring.records.sum())} scoring records: {scored.mean:.6g} "
            f"(standard error {scored.standard_error:.3g})"
        )


_COMMANDS = {
    "curve": _curve_command,
    "kl": _kl_command,
    "optimal": _optimal_command,
    "plan": _plan_command,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0, or 2 after a one-line error on stderr).

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments without the program name (default ``sys.argv[1:]``).

    Examples
    --------
    >>> main(["optimal", "missing.npy", "-k", "2"])
    2
    """
    try:
        args = _build_parser().parse_args(argv)
        _COMMANDS[args.command](args)
    except SystemExit as exc:  # --help, --version, and argparse errors (already printed)
        return int(exc.code or 0) if not isinstance(exc.code, str) else 2
    except (CliError, ValueError, TypeError, OverflowError) as exc:
        print(f"{PROG}: error: {' '.join(str(exc).split())}", file=sys.stderr)
        return 2
    except MemoryError:
        print(f"{PROG}: error: not enough memory for this input", file=sys.stderr)
        return 2
    return 0
