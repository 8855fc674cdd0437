"""Command line: ``python -m mdm_lib {curve,kl,optimal} FILE.npy ...``.

FILE holds either a law (an array of shape (q_1, ..., q_n) saved with
``numpy.save``) or, if it is 1-d with ``--curve``, an information curve.

Examples::

    python -m mdm_lib curve law.npy                 # Z_1..Z_n, TC and DTC in bits
    python -m mdm_lib kl law.npy --sizes 4,5,2,2    # exact expected KL of a schedule
    python -m mdm_lib optimal Z.npy --curve -k 8    # best 8-step schedule for a curve
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import numpy as np

from .information import dual_total_correlation, info_curve, total_correlation
from .kl import expected_kl
from .schedules.optimal import optimal_schedule


def _load_curve(args: argparse.Namespace) -> np.ndarray:
    data = np.load(args.file)
    return data if args.curve else info_curve(data, base=args.base)


def _sizes(text: str) -> list[int]:
    try:
        return [int(v) for v in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"--sizes must be comma-separated integers, got {text!r}") from None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mdm_lib", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name, help_text in [
        ("curve", "information curve, TC and DTC of a law"),
        ("kl", "exact expected KL error of a schedule (Theorem 4/16)"),
        ("optimal", "the optimal k-step schedule (Eq. 1)"),
    ]:
        p = sub.add_parser(name, help=help_text)
        p.add_argument("file", help=".npy file: a law, or a curve with --curve")
        p.add_argument("--base", type=float, default=2.0, help="logarithm base (default 2: bits)")
        if name != "curve":
            p.add_argument("--curve", action="store_true", help="the file holds a curve Z_1..Z_n, not a law")
        if name == "kl":
            p.add_argument("--sizes", type=_sizes, required=True, help="step sizes, e.g. 4,5,2,2")
        if name == "optimal":
            p.add_argument("-k", type=int, required=True, help="number of steps")
    args = parser.parse_args(argv)
    try:
        if args.command == "curve":
            law = np.load(args.file)
            Z = info_curve(law, base=args.base)
            print("Z:", " ".join(f"{z:.6g}" for z in Z))
            print(f"TC: {total_correlation(law, base=args.base):.6g}")
            print(f"DTC: {dual_total_correlation(law, base=args.base):.6g}")
        elif args.command == "kl":
            print(f"{expected_kl(_load_curve(args), args.sizes):.10g}")
        else:
            best = optimal_schedule(_load_curve(args), args.k)
            print("sizes:", ",".join(str(s) for s in best.sizes))
            print(f"error: {best.error:.10g}")
    except (ValueError, TypeError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
