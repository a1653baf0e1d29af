"""Every regular expression in spamgate runs in (near) linear time on hostile input.

A worker process imports every spamgate module with ``re`` and ``regex``
compilation instrumented, runs sample documents through every rule (so
patterns compiled lazily or passed as strings to ``re.search`` are seen too),
and also collects compiled patterns held in module globals, containers and
class attributes.  It then drives each pattern with crafted strings built from
the pattern's own literals (runs of one character, alternating pairs, literal
words and near-miss prefixes, each with a trailing character that breaks the
match): first all of them at 2,000 characters, then the slowest at 8,000,
32,000 and 128,000 characters, timing ``finditer`` (exhausted), ``match`` and
``fullmatch``.  Quadrupling the input must not multiply the time by more than
about 4 (allowing noise), and no call may exceed the time budget.  The parent
watches the worker, so a catastrophic (exponential) pattern is reported by
name instead of hanging the suite.
"""
from __future__ import annotations

import json
import os
import re
import select
import subprocess
import sys
import time

import pytest

SIZES = (2_000, 8_000, 32_000, 128_000)
RATIO_LIMIT = 8.0  # linear: 4; quadratic: 16
NOISE_FLOOR = 0.04  # seconds of CPU; below this a ratio means nothing
BOUNDED_BUDGET = 0.25  # seconds of CPU for a pattern on the longest input it is ever given
FIRST_SIZE_BUDGET = 0.1  # seconds for one call on 2,000 characters
CALL_BUDGET = 3.0  # seconds of CPU for one call on 128,000 characters
STALL_TIMEOUT = 30  # seconds without progress: the pattern under test is catastrophic
TOTAL_TIMEOUT = 300
MAX_FAMILIES = 120  # adversarial strings tried per pattern at the first size


# =========================================================================== worker side

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


_ESCAPES = {
    "s": " \t\n", "S": "a", "d": "7", "D": "a", "w": "a_", "W": " .", "b": " ", "B": "a",
    "n": "\n", "r": "\r", "t": "\t", "f": "\x0c", "v": "\x0b", "A": "", "Z": "", "z": "",
}


def _pattern_chars(source) -> tuple[list[str], list[str]]:
    """Characters and literal words a pattern is built from."""
    if isinstance(source, bytes):
        source = source.decode("latin-1")
    chars: list[str] = []
    i = 0
    while i < len(source):
        c = source[i]
        if c == "\\" and i + 1 < len(source):
            nxt = source[i + 1]
            if nxt in "pP" and i + 2 < len(source) and source[i + 2] == "{":
                end = source.find("}", i)
                prop = source[i + 3:end if end > 0 else len(source)].lower()
                chars += {"cyrillic": ["\u0430", "\u043e"], "greek": ["\u03bf"], "latin": ["a", "\u0251"]}.get(
                    prop.split("=")[-1], ["a", "\u00e9", "\u0430"])
                i = end + 1 if end > 0 else len(source)
                continue
            if nxt == "u" and re.match(r"[0-9a-fA-F]{4}", source[i + 2:i + 6]):
                chars.append(chr(int(source[i + 2:i + 6], 16)))
                i += 6
                continue
            if nxt == "x" and re.match(r"[0-9a-fA-F]{2}", source[i + 2:i + 4]):
                chars.append(chr(int(source[i + 2:i + 4], 16)))
                i += 4
                continue
            chars += list(_ESCAPES.get(nxt, nxt))
            i += 2
            continue
        if c == ".":
            chars.append("x")
        elif c not in "()[]{}*+?|^$":
            chars.append(c)
        i += 1
    words = re.findall(r"[A-Za-z][A-Za-z'-]{2,}", re.sub(r"\\[pPN]\{[^}]*\}|\\.", " ", source))
    return chars, words


def _skeletons(source) -> list[str]:
    """One plausible match per top-level alternative: classes become one member,
    quantifiers and groups are dropped (``<h[1-3][^>]*>`` -> ``<h1x>``)."""
    if isinstance(source, bytes):
        source = source.decode("latin-1")
    alternatives, current, depth, i = [], [], 0, 0
    while i < len(source):
        c = source[i]
        if c == "\\" and i + 1 < len(source):
            nxt = source[i + 1]
            if nxt in "pPN" and source[i + 2:i + 3] == "{":
                end = source.find("}", i)
                current.append("a")
                i = end + 1 if end > 0 else len(source)
                continue
            current.append(_ESCAPES.get(nxt, nxt)[:1])
            i += 2
            continue
        if c == "[":
            end = i + 1
            if source[end:end + 1] == "^":
                end += 1
            if source[end:end + 1] == "]":
                end += 1
            while end < len(source) and source[end] != "]":
                end += 2 if source[end] == "\\" else 1
            body = source[i + 1:end]
            if body.startswith("^"):
                current.append("x" if "x" not in body else "q")
            else:
                member = body[1:2] if body.startswith("\\") else body[:1]
                current.append(_ESCAPES.get(member, member)[:1] if body.startswith("\\") else member)
            i = end + 1
            continue
        if c == "(":
            depth += 1
            if source[i + 1:i + 2] == "?":
                j = i + 2
                if source[j:j + 2] in ("P<", "P=") or (source[j:j + 1] == "<" and source[j + 1:j + 2] not in "=!"):
                    j = source.find(">", j) + 1
                elif source[j:j + 1] in ":=!>|":
                    j += 1
                elif source[j:j + 2] in ("<=", "<!"):
                    j += 2
                else:
                    while j < len(source) and source[j] in "aiLmsuxbefprvwV0-":
                        j += 1
                    j += 1  # ':' or ')'
                i = j
                continue
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            alternatives.append("".join(current))
            current = []
        elif c == "|":
            # keep the first alternative of a group: skip to its closing parenthesis
            level, j = 0, i + 1
            while j < len(source):
                if source[j] == "\\":
                    j += 2
                    continue
                if source[j] == "[":
                    k = source.find("]", j + 2)
                    j = k + 1 if k > 0 else len(source)
                    continue
                if source[j] == "(":
                    level += 1
                elif source[j] == ")":
                    if level == 0:
                        break
                    level -= 1
                j += 1
            i = j
            continue
        elif c == "{":
            end = source.find("}", i)
            i = end + 1 if end > 0 else i + 1
            continue
        elif c == ".":
            current.append("x")
        elif c not in "*+?^$|":
            current.append(c)
        i += 1
    alternatives.append("".join(current))
    return [a for a in dict.fromkeys(alternatives) if a][:6]


GENERIC = [" ", "a", "A", "7", "\n", "\r\n", "-", ".", "/", ":", "<", "#", "[", "(", "\u00e9", "\u0430", "\u200b", "%", "="]
BREAKERS = ("", "\x00", "!")


def adversarial_strings(source) -> list[tuple[str, callable]]:
    """(family name, builder n -> string) pairs for one pattern."""
    chars, words = _pattern_chars(source)
    seen = []
    for c in chars + GENERIC:
        if c and c not in seen:
            seen.append(c)
    seen = seen[:28]
    words = list(dict.fromkeys(words))[:12]
    out = []

    def rep(unit: str, breaker: str):
        return lambda n: (unit * (n // max(1, len(unit)) + 1))[:n] + breaker

    for c in seen:
        for b in BREAKERS:
            out.append((f"{c!r}*n+{b!r}", rep(c, b)))
    for a in seen[:10]:
        for b in seen[:10]:
            if a != b:
                out.append((f"({a + b!r})*n+'\\x00'", rep(a + b, "\x00")))
    for w in words:
        for sep in (" ", "", "\n", "-"):
            out.append((f"({w + sep!r})*n", rep(w + sep, "\x00")))
            out.append((f"({w[:-1] + sep!r})*n", rep(w[:-1] + sep, "!")))
    if words:
        phrase = " ".join(words)
        for k in range(1, len(words) + 1):
            near = " ".join(words[:k])[:-1] + " "
            out.append((f"near-miss prefix {k}", rep(near, "\x00")))
        out.append(("all literals", rep(phrase + " ", "\x00")))
        out.append(("literals without spaces", rep("".join(words), "\x00")))
    for alt, skel in enumerate(_skeletons(source)):
        for k in range(1, min(len(skel), 24) + 1):
            out.append((f"skeleton {alt} prefix {skel[:k]!r}", rep(skel[:k], "\x00")))
    if len(out) > MAX_FAMILIES:  # keep a deterministic, spread-out sample
        step = len(out) / MAX_FAMILIES
        out = [out[int(i * step)] for i in range(MAX_FAMILIES)]
    out.append(("spaces then word", lambda n: " " * n + "a\x00"))
    out.append(("word then spaces", lambda n: "a" * (n // 2) + " " * (n // 2) + "\x00"))
    out.append(("lines of spaces", rep(" " * 40 + "\n", "\x00")))
    out.append(("open brackets", rep("[(<{", "")))
    out.append(("url-ish", rep("http://a.b/?url=", "\x00")))
    return out


# Patterns that project code only ever applies to input of bounded length:
# (file, pattern) -> the bound.  They must be fast at that bound, not linear.
BOUNDED = {
    # first_heading() looks at the first 8,000 characters only.
    ("spamgate/titles.py", r"<[^>]+>"): 8000,
    ("spamgate/titles.py", r"<h[1-3][^>]*>(.*?)</h[1-3]>"): 8000,
    ("spamgate/titles.py", r"^title:\s*[\"']?(.+?)[\"']?\s*$"): 8000,
    ("spamgate/titles.py", r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$"): 8000,
}


# Compile sites whose patterns only ever see bounded input: (file, function) ->
# a function returning the bound.
BOUNDED_SITES = {
    # title templates: match_template() sees normalize_title(text[:MAX_TITLE]) only
    ("rules/title.py", "_families"): lambda: __import__("spamgate.rules.title", fromlist=["x"]).MAX_TITLE,
}
SITE_FUNCTIONS: dict[str, str] = {}


def _bound_for(where: str, source) -> int | None:
    file = where.rsplit(":", 1)[0]
    for (site_file, function), bound in BOUNDED_SITES.items():
        if file == site_file and SITE_FUNCTIONS.get(where) == function:
            try:
                return int(bound())
            except Exception:
                return None
    for (suffix, pattern), bound in BOUNDED.items():
        if pattern == source and (file.endswith(suffix) or where.startswith(suffix[:-3].replace("/", "."))):
            return bound
    return None


OPS = {
    "finditer": lambda p, s: sum(1 for _ in p.finditer(s)),
    "match": lambda p, s: p.match(s),
    "fullmatch": lambda p, s: p.fullmatch(s),
}


def _time(op, pattern, s, repeat=1) -> float:
    """CPU seconds of the fastest of ``repeat`` runs (CPU time, so other
    processes on a busy machine do not count; garbage collection off)."""
    import gc

    best = float("inf")
    gc.disable()
    try:
        for _ in range(repeat):
            t0 = time.process_time()
            op(pattern, s)
            best = min(best, time.process_time() - t0)
    finally:
        gc.enable()
    return best


def _confirm_ratio(op, pattern, build, n, as_bytes) -> bool:
    """Measure n/4 and n again: a super-linear pattern shows the same growth twice."""
    small, big = build(n // 4), build(n)
    if as_bytes:
        small, big = small.encode("utf-8", "replace"), big.encode("utf-8", "replace")
    t_small, t_big = _time(op, pattern, small, repeat=5), _time(op, pattern, big, repeat=2)
    return t_big > NOISE_FLOOR and t_big / max(t_small, 1e-6) > RATIO_LIMIT


def _emit(**event):
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


_METHOD_OPS = {"search": "finditer", "finditer": "finditer", "findall": "finditer", "sub": "finditer",
               "subn": "finditer", "split": "finditer", "scanner": "finditer",
               "match": "match", "fullmatch": "fullmatch"}
_SOURCES: dict = {}


def _project_source(path: str) -> str:
    if path not in _SOURCES:
        try:
            with open(path, encoding="utf-8") as fh:
                _SOURCES[path] = fh.read()
        except OSError:
            _SOURCES[path] = ""
    return _SOURCES[path]


def usage_ops(where: str) -> set[str]:
    """How project code calls a pattern, read from its source: a pattern only
    ever used with ``match`` need not be linear under ``finditer``.  Unknown
    usage means every operation."""
    import importlib

    name = None
    module_file = None
    if ":" in where:  # file:line of the compile call
        module_file, line = where.rsplit(":", 1)
        lines = _project_source(module_file).splitlines()
        text = lines[int(line) - 1] if line.isdigit() and 0 < int(line) <= len(lines) else ""
        inline = set(re.findall(r"\b(?:re|regex)\.(search|finditer|findall|sub|subn|split|match|fullmatch)\(", text))
        if inline:
            return {_METHOD_OPS[m] for m in inline}
        m = re.match(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?:re|regex)\.compile\(", text)
        name = m.group(1) if m else None
    else:  # module.attribute of a global
        module_name, _, name = where.rpartition(".")
        try:
            module_file = importlib.import_module(module_name).__file__
        except Exception:
            return set(OPS)
    if not name:
        return set(OPS)
    ops = set()
    used_otherwise = False
    for path in _project_files():
        src = _project_source(path)
        if name not in src:
            continue
        for m in re.finditer(r"\b%s\b(\.(\w+)\()?" % re.escape(name), src):
            if m.group(2) in _METHOD_OPS:
                ops.add(_METHOD_OPS[m.group(2)])
            elif m.group(1) is None:
                following = src[m.end():m.end() + 40]
                preceding = src[max(0, m.start() - 20):m.start()]
                if re.match(r"\s*=\s*(?:re|regex)\.compile", following) or "import" in preceding:
                    continue
                used_otherwise = True  # passed around: it may be called any way
    return set(OPS) if used_otherwise or not ops else ops


def _project_files() -> list[str]:
    out = []
    for d in _project_dirs():
        for root, _, files in os.walk(d):
            out += [os.path.join(root, f) for f in files if f.endswith(".py")]
    return sorted(out)


def check_pattern(index: int, kind: str, pattern, where: str) -> None:
    source = pattern.pattern
    ops = usage_ops(where)
    bound = _bound_for(where, source)
    sizes = SIZES if bound is None else (min(SIZES[0], bound // 4), bound)
    candidates = []
    for family, build in adversarial_strings(source):
        s = build(sizes[0])
        if isinstance(source, bytes):
            s = s.encode("utf-8", "replace")
        for opname in sorted(ops):
            candidates.append((_time(OPS[opname], pattern, s), family, build, opname))
    candidates.sort(key=lambda c: -c[0])
    for _, family, build, opname in candidates[:2]:
        op = OPS[opname]
        previous = None
        for n in sizes:
            s = build(n)
            if isinstance(source, bytes):
                s = s.encode("utf-8", "replace")
            _emit(event="start", index=index, where=where, family=family, op=opname, n=n)
            t = _time(op, pattern, s, repeat=3 if n < SIZES[-1] else 1)
            problem = None
            if n == SIZES[0] and bound is None and t > FIRST_SIZE_BUDGET:
                problem = f"{opname} on {n} characters took {t * 1000:.0f} ms (a linear pattern takes about 1 ms)"
            elif bound is not None and n == bound and t > BOUNDED_BUDGET:
                problem = (f"{opname} on {n} characters (the most this pattern is given) took {t * 1000:.0f} ms"
                           f" (budget {BOUNDED_BUDGET * 1000:.0f} ms)")
            elif t > CALL_BUDGET:
                problem = f"{opname} on {n} characters took {t:.2f}s (budget {CALL_BUDGET}s)"
            elif (bound is None and previous is not None and t > NOISE_FLOOR and t / max(previous, 1e-6) > RATIO_LIMIT
                  and _confirm_ratio(op, pattern, build, n, isinstance(source, bytes))):
                problem = (f"{opname}: {previous * 1000:.1f} ms at {n // 4} characters but {t * 1000:.1f} ms at {n}"
                           f" (x{t / max(previous, 1e-6):.0f} for 4x input)")
            if problem:
                _emit(event="fail", index=index, kind=kind, where=where, pattern=str(source)[:300],
                      family=family, detail=problem)
                return
            previous = t


def worker(selftest: bool = False) -> None:
    if selftest:
        # A pattern known to be quadratic: the harness must catch it.
        patterns = [("re", re.compile(r"\s+$"), "selftest:quadratic"),
                    ("re", re.compile(r"\b[A-Za-z]+\b"), "selftest:linear")]
        errors = []
    else:
        patterns, errors = collect_patterns()
    for e in errors:
        _emit(event="import-error", detail=e)
    _emit(event="collected", count=len(patterns),
          patterns=[{"where": w, "kind": k, "pattern": str(p.pattern)[:200]} for k, p, w in patterns])
    for i, (kind, pattern, where) in enumerate(patterns):
        _emit(event="pattern", index=i, where=where)
        check_pattern(i, kind, pattern, where)
    _emit(event="done")


# =========================================================================== test side

def run_worker(*extra) -> tuple[list[dict], str | None]:
    """Run the worker; returns its events and, if it stalled, what it was doing."""
    proc = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--worker", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    events: list[dict] = []
    stalled = None
    start = last = time.monotonic()
    buffer = ""
    try:
        while True:
            ready, _, _ = select.select([proc.stdout], [], [], 1.0)
            now = time.monotonic()
            if ready:
                chunk = os.read(proc.stdout.fileno(), 65536).decode("utf-8", "replace")
                if not chunk:
                    break
                buffer += chunk
                while "\n" in buffer:
                    line, buffer = buffer.split("\n", 1)
                    events.append(json.loads(line))
                last = now
            elif now - last > STALL_TIMEOUT or now - start > TOTAL_TIMEOUT:
                current = [e for e in events if e["event"] in ("start", "pattern")]
                stalled = json.dumps(current[-1]) if current else "before the first pattern"
                break
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
    if stalled is None and not any(e["event"] == "done" for e in events):
        raise AssertionError(f"the worker died: {proc.stderr.read()[-3000:]}")
    return events, stalled


def _describe(events, index):
    collected = next(e for e in events if e["event"] == "collected")
    return collected["patterns"][index]


def test_harness_catches_a_quadratic_pattern():
    events, stalled = run_worker("--selftest")
    assert stalled is None
    failures = [e for e in events if e["event"] == "fail"]
    assert [f["where"] for f in failures] == ["selftest:quadratic"], failures


@pytest.fixture(scope="module")
def linear_run():
    return run_worker()


def test_patterns_are_collected(linear_run):
    events, stalled = linear_run
    assert not [e for e in events if e["event"] == "import-error"], \
        [e["detail"] for e in events if e["event"] == "import-error"]
    collected = next(e for e in events if e["event"] == "collected")
    wheres = {p["where"].split(":")[0] for p in collected["patterns"]}
    # The title heuristics compile patterns at import: the collector must see them.
    assert any(w.endswith("titles.py") or w.startswith("spamgate.titles") for w in wheres), sorted(wheres)


def test_every_pattern_runs_in_linear_time(linear_run):
    events, stalled = linear_run
    problems = []
    if stalled:
        event = json.loads(stalled) if stalled.startswith("{") else {}
        if "index" in event:
            p = _describe(events, event["index"])
            problems.append(f"{p['where']}: {p['pattern']!r} made no progress for {STALL_TIMEOUT}s "
                            f"(catastrophic backtracking) on {event.get('family', '?')} / {event.get('op', '?')}"
                            f" at {event.get('n', '?')} characters")
        else:
            problems.append(f"the worker stalled {stalled}")
    for e in events:
        if e["event"] == "fail":
            problems.append(f"{e['where']}: {e['pattern']!r} on {e['family']}: {e['detail']}")
    assert not problems, "super-linear regular expressions:\n" + "\n".join(problems)


if __name__ == "__main__" and "--worker" in sys.argv:
    worker(selftest="--selftest" in sys.argv)
