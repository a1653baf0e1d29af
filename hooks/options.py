"""Command-line options read without argparse on the hooks' start-up path.

A hook run by pre-commit or git is started for every batch of files or every
push, and importing and setting up argparse costs it more than reading a few
options does.  Each command declares its options once (``Option``); an
argument list in the plain forms (``--name VALUE``, ``--name=VALUE``, flags,
then or before the paths) is read here, and anything else -- ``--help``, an
abbreviated or unknown option, a value that is not one of the choices, ``--``
-- goes to the argparse parser built from the same declarations, which
answers as argparse does (help, usage errors with suggestions).
"""
from __future__ import annotations

from collections import namedtuple
from types import SimpleNamespace

# flags: its spellings; kind: "flag" (present or not), "text" or "int" (a value); group: the
# heading it is listed under in --help ("" for the general options).
Option = namedtuple("Option", "flags dest kind help choices default metavar group",
                    defaults=((), None, None, ""))
# A command's positional argument (or None for none): nargs "*" (any number) or None (exactly one).
Positional = namedtuple("Positional", "dest nargs metavar help")


class Command(namedtuple("Command", "prog description positional options")):
    """A command's declared arguments."""

    __slots__ = ()

    def parse(self, argv: list[str]):
        """The options and arguments in ``argv``; argparse's answer for anything unusual
        (it prints and exits for help and usage errors)."""
        quick = self.quick(argv)
        return quick if quick is not None else self.parser().parse_args(argv)

    def quick(self, argv: list[str]) -> SimpleNamespace | None:
        """``argv`` read as argparse reads it, or None when argparse must decide."""
        by_flag = {flag: option for option in self.options for flag in option.flags}
        values = {option.dest: False if option.kind == "flag" else option.default for option in self.options}
        positionals: list[str] = []
        seen = 0  # 1 while positionals are read, 2 after them: argparse takes one run of them only
        i = 0
        while i < len(argv):
            arg = argv[i]
            i += 1
            if arg == "-" or not arg.startswith("-"):
                if seen == 2:
                    return None
                seen = 1
                positionals.append(arg)
                continue
            seen = 2 if seen else 0
            name, eq, value = arg.partition("=")
            option = by_flag.get(name)
            if option is None or (eq and (option.kind == "flag" or not name.startswith("--"))):
                return None
            if option.kind == "flag":
                values[option.dest] = True
                continue
            if not eq:
                if i >= len(argv):
                    return None
                value = argv[i]
                i += 1
            if value.startswith("-") or (option.choices and value not in option.choices):
                return None
            if option.kind == "int":
                if not (value.isascii() and value.isdigit()):
                    return None
                value = int(value)
            values[option.dest] = value
        positional = self.positional
        if positional is None:
            if positionals:
                return None
        elif positional.nargs is None:
            if len(positionals) != 1:
                return None
            values[positional.dest] = positionals[0]
        else:
            values[positional.dest] = positionals
        return SimpleNamespace(**values)

    def parser(self):
        """The argparse parser of these declarations."""
        from spamgate.suggest import Parser

        p = Parser(prog=self.prog, description=self.description)
        positional = self.positional
        if positional is not None:
            p.add_argument(positional.dest, nargs=positional.nargs, metavar=positional.metavar, help=positional.help)
        groups = {"": p}
        for option in self.options:
            group = groups.get(option.group)
            if group is None:
                group = groups[option.group] = p.add_argument_group(option.group)
            if option.kind == "flag":
                group.add_argument(*option.flags, dest=option.dest, action="store_true", help=option.help)
            else:
                group.add_argument(*option.flags, dest=option.dest, type=int if option.kind == "int" else None,
                                   choices=option.choices or None, default=option.default, metavar=option.metavar,
                                   help=option.help)
        return p
