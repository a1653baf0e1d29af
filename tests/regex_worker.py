"""The worker of tests/test_regex_linear.py, run as a process of its own.

It imports every spamgate module with ``re`` and ``regex`` compilation
instrumented, collects the patterns, drives each with crafted strings and
prints one JSON event per line; the test watches it.  See the test module.
"""
from __future__ import annotations

import json
import os
import re
import sys
import time


SIZES = (2_000, 8_000, 32_000, 128_000)
RATIO_LIMIT = 8.0  # linear: 4; quadratic: 16
NOISE_FLOOR = 0.04  # seconds of CPU; below this a ratio means nothing
BOUNDED_BUDGET = 0.25  # seconds of CPU for a pattern on the longest input it is ever given
FIRST_SIZE_BUDGET = 0.1  # seconds for one call on 2,000 characters
CALL_BUDGET = 3.0  # seconds of CPU for one call on 128,000 characters
STALL_TIMEOUT = 30  # seconds without progress: the pattern under test is catastrophic
TOTAL_TIMEOUT = 300
MAX_FAMILIES = 120  # adversarial strings tried per pattern at the first size

from regex_collect import SITE_FUNCTIONS, _project_dirs, collect_patterns  # noqa: E402


# =========================================================================== worker side

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


if __name__ == "__main__":
    worker(selftest="--selftest" in sys.argv)
