"""Finding every regular expression spamgate compiles, for tests/regex_worker.py.

Compilation through ``re`` and ``regex`` is instrumented while every spamgate
module is imported and sample documents run through every rule (so patterns
compiled lazily, or passed as strings to ``re.search``, are seen too); compiled
patterns held in module globals, containers and class attributes are collected
as well.
"""
from __future__ import annotations

import os
import re
import sys

# Where each pattern was compiled -> the function that compiled it.
SITE_FUNCTIONS: dict[str, str] = {}


def _project_dirs():
    import spamgate
    import spamgate.hooks
    import spamgate.rules

    dirs = {os.path.dirname(os.path.abspath(spamgate.__file__))}
    dirs.update(os.path.abspath(p) for p in spamgate.rules.__path__)
    dirs.update(os.path.abspath(p) for p in spamgate.hooks.__path__)
    return tuple(d + os.sep for d in dirs)


def _instrument(found: dict) -> None:
    """Record every pattern compiled from project code, by call site."""
    import regex
    import regex._main as regex_main

    project = _project_dirs()
    engine_files = (os.path.dirname(os.path.abspath(re.__file__)) + os.sep,
                    os.path.dirname(os.path.abspath(regex.__file__)) + os.sep)

    def caller():
        f = sys._getframe(2)
        while f is not None and f.f_code.co_filename.startswith(engine_files):
            f = f.f_back
        if f is None:
            return None
        name = os.path.abspath(f.f_code.co_filename)
        if name.startswith(project):
            where = f"{os.path.relpath(name)}:{f.f_lineno}"
            SITE_FUNCTIONS[where] = f.f_code.co_name
            return where
        return None

    real_re = re._compile
    real_regex = regex_main._compile

    def re_compile(pattern, flags, *args, **kwargs):
        compiled = real_re(pattern, flags, *args, **kwargs)
        where = caller()
        if where and isinstance(compiled, re.Pattern):
            found.setdefault(("re", compiled.pattern, compiled.flags), (compiled, where))
        return compiled

    def regex_compile(pattern, flags, *args, **kwargs):
        compiled = real_regex(pattern, flags, *args, **kwargs)
        where = caller()
        if where:
            found.setdefault(("regex", compiled.pattern, compiled.flags), (compiled, where))
        return compiled

    re._compile = re_compile
    regex_main._compile = regex_compile


def _walk_globals(found: dict) -> None:
    """Compiled patterns held by project modules (also in containers and classes)."""
    import regex

    pattern_types = (re.Pattern, type(regex.compile("x")))

    def visit(value, where, depth=0):
        if isinstance(value, pattern_types):
            kind = "re" if isinstance(value, re.Pattern) else "regex"
            found.setdefault((kind, value.pattern, value.flags), (value, where))
        elif depth < 3 and isinstance(value, (list, tuple, set, frozenset)):
            for item in value:
                visit(item, where, depth + 1)
        elif depth < 3 and isinstance(value, dict):
            for item in value.values():
                visit(item, where, depth + 1)
        elif depth == 0 and isinstance(value, type):
            for name, attr in vars(value).items():
                visit(attr, f"{where}.{name}", depth + 1)

    for name, module in list(sys.modules.items()):
        if not (name == "spamgate" or name.startswith("spamgate.")):
            continue
        for attr, value in list(vars(module).items()):
            visit(value, f"{name}.{attr}")


def _import_everything() -> list[str]:
    import importlib
    import pkgutil

    import spamgate

    errors = []
    for info in pkgutil.walk_packages(spamgate.__path__, "spamgate.", onerror=lambda n: errors.append(n)):
        if info.name.rsplit(".", 1)[-1] == "__main__":
            continue
        try:
            importlib.import_module(info.name)
        except Exception as exc:  # reported, the rest still runs
            errors.append(f"{info.name}: {type(exc).__name__}: {exc}")
    return errors


SAMPLE_DOCUMENTS = [
    ("The-Pain-of-GPT-Neo.md",
     "# The Pain of GPT-Neo\n\nIntroduction\n\nIn the realm of natural language processing, "
     "t\u04bbe m\u043edel \u0456s fast.\n\nOkay, the user wants me to write an article.\n\n"
     "If you loved this article and you would like to get more info about "
     "[GPT-Neo](https://example.com/redirect?url=https%3A%2F%2Fspam.example) kindly check out our own web site.\n"),
    ("README.md", "# Project\n\nSee https://pin.it/abc and <a href=\"/extern/link.php?url=x\">here</a>.\n"
                  "spamgate: ignore[SG101]\n\u041f\u0440\u0438\u0432\u0435\u0442 \u043c\u0438\u0440\n"
                  "/\u02c8l\u0251\u02d0\u0261/ \u00b5s k\u2126 \ufb01le w\u200bord \u202eevil\n"),
    ("H%D0%BEw-To-Find-InstructGPT-Online.-.md", "title: 9 Tips For BERT\n---\nWant To Have A More Appealing T5? Read This!\n"),
]


def _exercise_rules() -> None:
    """Run every rule and every CLI-level helper once so lazy patterns get compiled."""
    from spamgate.engine import scan_document
    from spamgate.model import Document

    from spamgate.registry import all_rules

    for path, text in SAMPLE_DOCUMENTS:
        for kind in ("file", "commit-message"):
            try:
                scan_document(Document(path=path, text=text, kind=kind, commit_subject="Add " + text[:40]),
                              profile="push")
            except Exception:
                pass
    # Modules that compile patterns only on first need say how to compile them all.
    all_rules()
    for name, module in list(sys.modules.items()):
        compile_all = getattr(module, "compile_all", None)
        if (name == "spamgate" or name.startswith("spamgate.")) and callable(compile_all):
            compile_all()


def collect_patterns() -> tuple[list[tuple], list[str]]:
    found: dict = {}
    _instrument(found)
    errors = _import_everything()
    _exercise_rules()
    _walk_globals(found)
    patterns = [(kind, compiled, where) for (kind, _, _), (compiled, where) in found.items()]
    patterns.sort(key=lambda p: (p[2], str(p[1].pattern)))
    return patterns, errors
