"""``python -m mdm_lib``: the command line of :mod:`mdm_lib.cli`."""

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
