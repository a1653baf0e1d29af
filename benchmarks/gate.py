"""The push gate under load, with the default configuration (a 4 s time budget):

- one spam page amid 300 MB of filler pages (``--filler-mb``; 30 MB with
  ``--quick``).  The filler pages have title-like names and the spam page a
  plain one, so the spam is the last page the hook would reach: the wiki must
  refuse the push; the other repository must refuse it too, or (when the budget
  runs out first) accept it, queue what it could not judge, and ``spamgate audit
  --queue`` must then report the spam;
- 12 spam pushes to 12 wikis at once, each a spam page amid 40 filler pages:
  each must be refused as spam;
- a legitimate import of 2,000 commits (4,000 files): it must be accepted,
  judged in full.

Each push is made by ``git fast-import`` into a bare repository and left
unreferenced, as objects are while a pre-receive hook runs; the real hook runs
in the repository with stdin ``<zero> <new> refs/heads/main``.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path

from _common import git, git_env, installed, out_dir, print_row, row
from corpora import Corpus

ZERO = "0" * 40
VERSION = 1


def _import(repo: Path, commits: list[tuple[str, dict[str, bytes]]], env: dict) -> str:
    """A new bare repository holding ``commits`` on no ref; the tip."""
    shutil.rmtree(repo, ignore_errors=True)
    git("init", "-q", "--bare", str(repo), env=env)
    proc = subprocess.Popen(["git", "fast-import", "--quiet", "--done"], cwd=repo, stdin=subprocess.PIPE, env=env)
    w = proc.stdin.write
    for n, (message, files) in enumerate(commits):
        msg = message.encode()
        w(b"commit refs/heads/incoming\ncommitter Bench <bench@example.org> %d +0000\ndata %d\n%s\n"
          % (1767225600 + n, len(msg), msg))
        for path, data in files.items():
            w(b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode(), len(data), data))
    return end_import(proc, repo, env)


def end_import(proc: subprocess.Popen, repo: Path, env: dict) -> str:
    """End a ``git fast-import`` that wrote ``refs/heads/incoming``, and leave its tip on no ref, as
    a pushed tip is while the hook runs; the tip."""
    proc.stdin.write(b"done\n")
    proc.stdin.close()
    if proc.wait() != 0:
        raise SystemExit("benchmarks: git fast-import failed")
    new = git("rev-parse", "refs/heads/incoming", cwd=repo, env=env)
    git("update-ref", "-d", "refs/heads/incoming", cwd=repo, env=env)
    return new


def _pages(corpus: Corpus, count: int, size: int, title_like: bool) -> dict[str, bytes]:
    paragraphs = [corpus.english_paragraph() + "\n\n" for _ in range(400)]
    pages = {}
    for n in range(count):
        parts, total = [f"# Section {n}\n\n"], 0
        k = n
        while total < size:
            parts.append(paragraphs[k % len(paragraphs)])
            total += len(parts[-1])
            k += 7
        name = f"How-To-Tune-The-Build-Section-{n}.md" if title_like else f"notes/section-{n}.md"
        pages[name] = "".join(parts).encode()
    return pages


def _built(path: Path, want: dict, build) -> str:
    """The tip of a repository built by ``build`` (reused while ``want`` is unchanged)."""
    stamp = path.with_suffix(".json")
    if stamp.exists() and path.exists():
        data = json.loads(stamp.read_text())
        if {k: data.get(k) for k in want} == want:
            return data["new"]
    new = build()
    stamp.write_text(json.dumps(dict(want, new=new)) + "\n")
    return new


def _hook(exe: str, repo: Path, new: str, env: dict) -> tuple[float, int, str]:
    start = time.perf_counter()
    proc = subprocess.run([exe, "pre-receive"], cwd=repo, env=env, input=f"{ZERO} {new} refs/heads/main\n".encode(),
                          capture_output=True)
    return time.perf_counter() - start, proc.returncode, (proc.stdout + proc.stderr).decode("utf-8", "replace")


def _first(output: str) -> str:
    return output.strip().splitlines()[0][:180] if output.strip() else "(none)"


def run(args, spam_text: str, rows: list[dict]) -> None:
    base = out_dir("prereceive", "gate")
    env = git_env(base)
    env.pop("SPAMGATE_CONFIG", None)
    config = base / "gate.toml"
    state = base / "state"
    shutil.rmtree(state, ignore_errors=True)
    log = base / "decisions.jsonl"
    log.unlink(missing_ok=True)
    config.write_text(f'log_file = "{log}"\nstate_dir = "{state}"\n')  # otherwise the built-in settings
    hook_env = dict(env, SPAMGATE_CONFIG=str(config))
    exe = installed()[1]
    command = "python benchmarks/prereceive.py --gate-only" + (" --quick" if args.quick else "")
    mb = 30 if args.quick else args.filler_mb
    corpus = Corpus(7)

    # One spam page amid the filler, to a wiki and to another repository.
    count = mb * 1_000_000 // 60_000
    want = {"version": VERSION, "mb": mb}
    commits = None
    for name in ("filler.wiki.git", "filler.git"):
        def build():
            nonlocal commits
            if commits is None:
                commits = [("Import the build handbook", _pages(corpus, count, 60_000, True)),
                           ("Add notes", {"notes-17.md": spam_text.encode()})]
            return _import(base / name, commits, env)

        new = _built(base / name, want, build)
        seconds, status, out = _hook(exe, base / name, new, hook_env)
        wiki = name.endswith(".wiki.git")
        queued = "kept for a later check" in out
        refused = status == 1 and "looks like spam" in _first(out)
        decision = "refused as spam" if refused else "refused" if status == 1 else "accepted" + (", queued" if queued else "")
        rows.append(row(f"gate: one spam page amid {mb} MB of filler, {'wiki' if wiki else 'repository'}", seconds,
                        "s", target="refused" if wiki else "refused, or queued and then reported by the audit",
                        met=(status == 1) if wiki else (refused or queued), command=command,
                        note=f"{decision}; output: {_first(out)}"))
        print_row(rows[-1])
        if queued:
            start = time.perf_counter()
            drained = subprocess.run([exe, "audit", "--queue", "--config", str(config)], env=env, capture_output=True)
            seconds = time.perf_counter() - start
            found = "notes-17.md in commit" in drained.stdout.decode("utf-8", "replace")
            rows.append(row("gate: spamgate audit --queue after it", seconds, "s", target="reports the spam page",
                            met=drained.returncode == 1 and found, command=command,
                            note=f"exit status {drained.returncode}; "
                                 f"{_first(drained.stdout.decode('utf-8', 'replace'))}"))
            print_row(rows[-1])

    # Twelve spam pushes at once.
    tips = []
    for n in range(12):
        path = base / f"spam{n}.wiki.git"
        files = {"The-Secret-Of-FooBERT.md": spam_text.encode(), **_pages(Corpus(100 + n), 40, 60_000, False)}
        tips.append((path, _built(path, {"version": VERSION, "n": n}, lambda: _import(path, [("Add pages", files)], env))))
    start = time.perf_counter()
    procs = [(subprocess.Popen([exe, "pre-receive"], cwd=path, env=hook_env, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT), new) for path, new in tips]
    for proc, new in procs:
        proc.stdin.write(f"{ZERO} {new} refs/heads/main\n".encode())
        proc.stdin.close()
    outcomes = []
    for proc, _ in procs:
        out = proc.stdout.read().decode("utf-8", "replace")
        proc.wait()
        outcomes.append((proc.returncode, out))
    seconds = time.perf_counter() - start
    as_spam = sum(1 for status, out in outcomes if status == 1 and "looks like spam" in _first(out))
    rows.append(row("gate: 12 spam pushes at once (all hooks)", seconds, "s", target="12 refused as spam",
                    met=as_spam == 12, command=command, note=f"{as_spam} of 12 refused as spam"))
    print_row(rows[-1])

    # A legitimate import of 2,000 commits.
    path = base / "import.git"

    def build_import():
        page = corpus.english_paragraph().encode()
        return _import(path, [(f"Update the handbook, step {n}\n\n{corpus.english_sentence()}",
                               {f"docs/step-{n % 50}.md": b"# Step %d\n\n%s\n" % (n, page),
                                f"src/step_{n % 30}.py": b"STEP = %d\n" % n}) for n in range(2000)], env)

    new = _built(path, {"version": VERSION}, build_import)
    seconds, status, out = _hook(exe, path, new, hook_env)
    rows.append(row("gate: legitimate import of 2,000 commits", seconds, "s", target="accepted, judged in full",
                    met=status == 0 and not out.strip(), command=command,
                    note=f"exit status {status}; output: {_first(out)}"))
    print_row(rows[-1])
