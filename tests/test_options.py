"""Options read without argparse: what is read agrees with argparse, and the rest goes to argparse."""
import io
import contextlib

import pytest
from hypothesis import given, settings, strategies as st

from spamgate.hooks.check import COMMAND as CHECK
from spamgate.hooks.commit_msg import COMMAND as COMMIT_MSG
from spamgate.hooks.pre_receive import COMMAND as PRE_RECEIVE

COMMANDS = {"check": CHECK, "commit-msg": COMMIT_MSG, "pre-receive": PRE_RECEIVE}
VALUES = ["json", "text", "push", "commit", "never", "xml", "", "a.md", "-", "-x", "--format", "12", "1_0", " 3",
          "SG101,SG2", "notes dir/x.md", "=", "--", "-v"]


def tokens(command):
    words = []
    for option in command.options:
        for flag in option.flags:
            words.append(flag)
            if option.kind != "flag":
                words += [f"{flag}={v}" for v in ("json", "", "-x", "7")]
            words.append(flag[:-1])  # an abbreviation, or an unknown short option
    return st.lists(st.one_of(st.sampled_from(words), st.sampled_from(VALUES)), max_size=7)


def argparse_answer(command, argv):
    """argparse's namespace as a dict, or the exit status it ends with."""
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        try:
            return vars(command.parser().parse_args(argv))
        except SystemExit as exc:
            return exc.code


@pytest.mark.parametrize("name", COMMANDS)
def test_what_is_read_without_argparse_is_what_argparse_reads(name):
    command = COMMANDS[name]

    @settings(max_examples=400, deadline=None)
    @given(tokens(command))
    def agree(argv):
        quick = command.quick(argv)
        if quick is not None:
            assert vars(quick) == argparse_answer(command, argv), argv

    agree()


@pytest.mark.parametrize("name, argv", [
    ("check", []),
    ("check", ["a.md", "docs/b.py", "-"]),
    ("check", ["--format", "json", "--select=SG1,SG2", "-v", "--max-file-size", "2048", "x.md", "y.md"]),
    ("check", ["--fix", "--ignore", "SG103", "--stdin-filename", "n.md", "-"]),
    ("check", ["a.md", "--exit-zero", "--color", "never"]),
    ("commit-msg", [".git/COMMIT_EDITMSG"]),
    ("commit-msg", ["--config", "x.toml", "--profile", "push", "MSG"]),
    ("pre-receive", []),
    ("pre-receive", ["--config=/etc/spamgate.toml", "--gitlab"]),
])
def test_the_forms_hooks_are_run_with_are_read_without_argparse(name, argv):
    command = COMMANDS[name]
    quick = command.quick(argv)
    assert quick is not None
    assert vars(quick) == argparse_answer(command, argv)


@pytest.mark.parametrize("argv", [["--help"], ["--form", "json"], ["a", "--fix", "b"], ["--", "-x"],
                                  ["--format", "xml"], ["--max-file-size", "1_000"], ["-vv"]])
def test_anything_unusual_is_left_to_argparse(argv):
    assert CHECK.quick(argv) is None
