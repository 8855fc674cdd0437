"""The command-line reference, generated from the argparse parser itself.

A page holds one block naming the function that builds the parser::

    ```{mdm-cli} mdm_lib.cli:_build_parser
    ```

and this extension writes, when Sphinx reads the page, the program's usage and
description, then one section per subcommand: its usage line, its description, and every
option and positional argument with its help text, default, choices, and whether it is
required or excludes another (Sphinx's ``program`` and ``option`` directives, so options
can be linked as ``:option:`python -m mdm_lib plan --curve```). Nothing is typed by
hand, so the page cannot fall behind the parser; ``tests/test_book_pages.py`` checks
that every option of every subcommand is on it.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import textwrap

from sphinx.application import Sphinx

#: Usage lines are wrapped to this width, whatever the terminal that builds the book.
WIDTH = 80
_BLOCK = re.compile(
    r"^```\{mdm-cli\}[ \t]+(?P<target>[\w.]+:\w+)[ \t]*\n```[ \t]*$", re.MULTILINE
)


def build_parser(target: str) -> argparse.ArgumentParser:
    """Return the parser built by ``module:function``.

    Parameters
    ----------
    target : str
        ``"package.module:function"``; the function takes no argument.

    Returns
    -------
    argparse.ArgumentParser

    Raises
    ------
    ValueError
        If ``target`` is not of the form ``module:function``.
    """
    module, sep, function = target.partition(":")
    if not sep or not module or not function:
        raise ValueError(f"target must be 'module:function', got {target!r}")
    return getattr(importlib.import_module(module), function)()


def _usage(parser: argparse.ArgumentParser) -> str:
    previous = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = str(WIDTH + 2)  # argparse wraps at COLUMNS - 2
    try:
        usage = parser.format_usage().strip()
    finally:
        if previous is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = previous
    return _break_groups(usage)


def _break_groups(usage: str) -> str:
    """Break a usage line argparse could not (a long group of alternatives) at a bar."""
    lines = []
    for line in usage.splitlines():
        indent = " " * (len(line) - len(line.lstrip()) + 1)
        while len(line) > WIDTH and " | " in line[:WIDTH]:
            cut = line.rindex(" | ", 0, WIDTH)
            lines.append(line[: cut + 2])
            line = indent + line[cut + 3 :]
        lines.append(line)
    return "\n".join(lines)


def _subcommands(
    parser: argparse.ArgumentParser,
) -> list[tuple[str, str, argparse.ArgumentParser]]:
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {
                choice.dest: choice.help or "" for choice in action._choices_actions
            }
            found += [
                (name, helps.get(name, ""), sub) for name, sub in action.choices.items()
            ]
    return found


def _exclusive(parser: argparse.ArgumentParser, action: argparse.Action) -> list[str]:
    others = []
    for group in parser._mutually_exclusive_groups:
        if action in group._group_actions:
            others += [
                a.option_strings[-1] for a in group._group_actions if a is not action
            ]
    return others


def _rst_text(text: str) -> str:
    """Help text as reStructuredText: options as literals (no "--" turned into "–")."""
    text = " ".join(text.split()).replace("*", r"\*").replace("`", r"\`")
    return re.sub(r"(?<![\w-])(--?[A-Za-z][\w-]*)", r"``\1``", text)


def _option_lines(
    parser: argparse.ArgumentParser, action: argparse.Action
) -> list[str]:
    if action.option_strings:
        metavar = (
            "" if action.nargs == 0 else " " + (action.metavar or action.dest.upper())
        )
        signature = ", ".join(f"{flag}{metavar}" for flag in action.option_strings)
    else:
        signature = action.metavar or action.dest
    facts = []
    if action.required and action.option_strings:
        facts.append("required")
    if not action.option_strings:
        facts.append("positional")
    if action.choices:
        facts.append("one of " + ", ".join(f"``{c}``" for c in action.choices))
    stated = "default" in (
        action.help or ""
    )  # the help text gives the default in words
    if (
        action.default not in (None, False, argparse.SUPPRESS)
        and action.nargs != 0
        and not stated
    ):
        facts.append(f"default ``{action.default}``")
    if others := _exclusive(parser, action):
        facts.append("not with " + ", ".join(f"``{o}``" for o in others))
    help_text = _rst_text(action.help or "")
    if facts:
        help_text += f" ({'; '.join(facts)})"
    return [f".. option:: {signature}", "", f"   {help_text}", ""]


def cli_rst(parser: argparse.ArgumentParser) -> str:
    """Return the reStructuredText of a command-line reference for ``parser``.

    Parameters
    ----------
    parser : argparse.ArgumentParser
        The program's parser, with subcommands.

    Returns
    -------
    str

    Examples
    --------
    >>> parser = argparse.ArgumentParser(prog="tool", description="Does things.")
    >>> sub = parser.add_subparsers(dest="command", required=True)
    >>> run = sub.add_parser("run", help="run it")
    >>> _ = run.add_argument("--fast", action="store_true", help="go fast")
    >>> rst = cli_rst(parser)
    >>> ".. program:: tool run" in rst and ".. option:: --fast" in rst
    True
    """
    lines = [".. program:: " + parser.prog, ""]
    lines += [".. code-block:: text", "", textwrap.indent(_usage(parser), "   "), ""]
    if parser.description:  # its first paragraph; the commands it lists are below
        lines += [_rst_text(parser.description.strip().split("\n\n")[0]), ""]
    for action in parser._actions:
        if action.option_strings and not isinstance(action, argparse._SubParsersAction):
            lines += _option_lines(parser, action)
    if parser.epilog:
        lines += [_rst_text(parser.epilog), ""]
    for name, help_text, sub in _subcommands(parser):
        title = f"``{name}``: {_rst_text(help_text)}" if help_text else f"``{name}``"
        lines += [title, "~" * len(title), "", ".. program:: " + sub.prog, ""]
        lines += [".. code-block:: text", "", textwrap.indent(_usage(sub), "   "), ""]
        if sub.description:
            lines += [_rst_text(sub.description), ""]
        for action in sub._actions:
            if not isinstance(action, argparse._HelpAction):
                lines += _option_lines(sub, action)
    return "\n".join(lines)


def _source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    if "{mdm-cli}" in source[0]:
        source[0] = _BLOCK.sub(
            lambda m: "```{eval-rst}\n" + cli_rst(build_parser(m["target"])) + "\n```",
            source[0],
        )


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("source-read", _source_read)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
