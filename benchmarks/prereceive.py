"""Pre-receive: the real ``spamgate pre-receive`` on a large push and on one spam wiki page.

    python benchmarks/prereceive.py [--quick] [--commits 2000] [--blobs 10000] [--filler-mb 300]

The large push: ``git fast-import`` writes 2,000 commits adding or changing
10,000 text blobs (about 43 MB: source code, English and multilingual
markdown, no spam; ``--commits 10000 --blobs 50000`` makes one of about
215 MB) into a bare repository on top of an existing branch
``base``, then the temporary ref is deleted.  The objects are present and no
ref points at them, as in a pre-receive hook before the refs are updated
(without the quarantine directory), so the hook runs in the bare repository
with stdin ``<zero> <new> refs/heads/main``.

Floor, on the same push: ``git rev-list --objects <new> --not --all |
git cat-file --batch=...`` (reading every pushed object once).  The hook runs
with a server configuration whose time budget (``--budget``, 120 s) lets it scan everything
(a run that exhausts it is reported as such, its time a lower bound);
a second run with the default configuration shows what a stock install does.

Peak memory: the high-water mark ``VmHWM`` from ``/proc`` of the hook process
and of each process below it, sampled every 0.1 s while the hook runs (Linux):
the scanning process the hook forks, the helper that process forks to scan on
the second core, and the largest git child; the row reports the largest
spamgate process.  Without ``/proc``, the hook process alone
(``getrusage(RUSAGE_SELF)`` at exit, which can include the high-water mark of
the process it was started from) and its largest child (``RUSAGE_CHILDREN``).

The push gate under load (``gate.py``): one spam page amid 300 MB of filler
pages to a wiki and to another repository (then ``spamgate audit --queue``), 12
spam pushes at once, and a legitimate import of 2,000 commits, all with the
default time budget.

The spam page: a Gitea-style wiki repository (``demo.wiki.git``) receives one
commit adding a crafted spam article under a Gitea wiki file name; the whole
hook (a fresh ``spamgate`` process) is timed, and the same for a legitimate page.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import random
import subprocess
import sys
import threading
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import git, git_env, installed, median, out_dir, print_row, row, save_rows  # noqa: E402

from corpora import Corpus, PUNCT  # noqa: E402
from gate import end_import  # noqa: E402

VERSION = 3
ZERO = "0" * 40
PUSH_TARGET = 3.0  # the whole hook on the legitimate push, as a multiple of the git floor
FLOOR_FORMAT = "%(objectname) %(objecttype) %(objectsize) %(rest)"

# Runs the hook exactly as the console script does, then reports its own and
# its children's peak RSS (KiB) on the descriptor named by BENCH_RSS_FD.
LAUNCHER = """
import os, resource, sys
from spamgate.hooks.cli import main
rc = main(['pre-receive', *sys.argv[1:]])
sys.stdout.flush(); sys.stderr.flush()
with os.fdopen(int(os.environ['BENCH_RSS_FD']), 'w') as f:
    f.write('%d %d' % (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                       resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.exit(rc)
"""


# ----------------------------------------------------------------------------- the big push
class Pools:
    """Pre-generated blocks of text from which blobs are assembled quickly."""

    def __init__(self, seed: int):
        c = Corpus(seed)
        self.rng = random.Random(seed + 1)
        self.blocks = {
            "md": [c.english_paragraph() + "\n\n" for _ in range(3000)],
            "py": [c.python_function() + "\n" for _ in range(1500)],
            "c": [c.c_function() + "\n" for _ in range(1000)],
            "js": [c.js_function() + "\n" for _ in range(1000)],
            "ru": [], "el": [], "zh": [], "vi": [],
        }
        for lang in ("ru", "el", "zh", "vi"):
            join = PUNCT[lang][2]
            self.blocks[lang] = [join.join(c.foreign_sentence(lang) for _ in range(4)) + "\n\n" for _ in range(400)]
        self.subjects = [c.english_sentence().rstrip(".?!") for _ in range(2000)]

    def blob(self, kind: str, number: int, size: int) -> bytes:
        head = {"py": "# revision %d\n", "c": "/* revision %d */\n", "js": "// revision %d\n"}.get(kind, "<!-- revision %d -->\n") % number
        if kind in ("ru", "el", "zh", "vi"):
            head += "# " + self.blocks[kind][number % 400][:40].strip() + "\n\n"
        parts, total = [head], len(head)
        blocks = self.blocks[kind]
        choice = self.rng.choice
        while total < size:
            b = choice(blocks)
            parts.append(b)
            total += len(b)
        return "".join(parts).encode("utf-8")


def _kind_and_path(rng: random.Random, file_no: int) -> tuple[str, str]:
    r = (file_no * 2654435761) % 100
    if r < 20:
        return "py", f"src/pkg{file_no % 97:02d}/mod_{file_no}.py"
    if r < 40:
        return "c", f"native/lib{file_no % 53:02d}/unit_{file_no}.c"
    if r < 60:
        return "js", f"web/components/c{file_no % 61:02d}/part_{file_no}.js"
    if r < 90:
        return "md", f"docs/section{file_no % 41:02d}/page-{file_no}.md"
    lang = ("ru", "el", "zh", "vi")[file_no % 4]
    return lang, f"i18n/{lang}/guide-{file_no}.md"


def build_push(repo: Path, commits: int, blobs: int, seed: int = 4242) -> str:
    """Create the bare repository with ``base`` and the unreferenced push; return the new tip."""
    stamp_path = repo.with_suffix(".json")
    want = {"commits": commits, "blobs": blobs, "seed": seed, "version": VERSION}
    if stamp_path.exists() and repo.exists():
        stamp = json.loads(stamp_path.read_text())
        if all(stamp.get(k) == v for k, v in want.items()):
            return stamp["new"]
    import shutil

    shutil.rmtree(repo, ignore_errors=True)
    env = git_env(repo.parent)
    git("init", "-q", "--bare", "-b", "base", str(repo), env=env)
    print(f"generating push: {commits} commits, {blobs} blobs -> {repo} ...", file=sys.stderr, flush=True)
    started = time.perf_counter()
    pools = Pools(seed)
    rng = random.Random(seed)
    proc = subprocess.Popen(["git", "fast-import", "--quiet", "--done"], cwd=repo, stdin=subprocess.PIPE, env=env)
    w = proc.stdin.write
    readme = b"# Project\n\nThe existing history of this repository.\n"
    w(b"commit refs/heads/base\ncommitter Bench <bench@example.org> 1767225600 +0000\ndata 8\nInitial\n"
      b"M 100644 inline README.md\ndata %d\n%s\n" % (len(readme), readme))
    per_commit = [blobs // commits + (1 if i < blobs % commits else 0) for i in range(commits)]
    files_known = 0
    total_bytes = 0
    sizes_lo, sizes_hi = math.log(800), math.log(10000)
    number = 0
    for i in range(commits):
        subject = f"{pools.subjects[i % len(pools.subjects)]} ({i})".encode()
        w(b"commit refs/heads/incoming\ncommitter Bench <bench@example.org> %d +0000\ndata %d\n%s\n"
          % (1767225600 + 60 * (i + 1), len(subject), subject))
        if i == 0:
            w(b"from refs/heads/base\n")
        touched = set()
        for _ in range(per_commit[i]):
            # Two in five changes edit an existing file, the rest add a new one.
            if files_known and rng.random() < 0.4:
                file_no = rng.randrange(files_known)
            else:
                file_no = files_known
                files_known += 1
            if file_no in touched:
                file_no = files_known
                files_known += 1
            touched.add(file_no)
            kind, path = _kind_and_path(rng, file_no)
            data = pools.blob(kind, number, int(math.exp(rng.uniform(sizes_lo, sizes_hi))))
            number += 1
            total_bytes += len(data)
            w(b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode(), len(data), data))
        w(b"\n")
    new = end_import(proc, repo, env)
    stamp = dict(want, new=new, bytes=total_bytes, files=files_known,
                 seconds=round(time.perf_counter() - started, 1))
    stamp_path.write_text(json.dumps(stamp, indent=2) + "\n")
    print(f"  {total_bytes / 1e6:.0f} MB of blobs in {stamp['seconds']} s", file=sys.stderr, flush=True)
    return new


def floor_run(repo: Path, new: str, env: dict) -> tuple[float, int]:
    """Time ``rev-list --objects | cat-file --batch`` over the push; (seconds, peak RSS KiB)."""
    script = f"git rev-list --objects {new} --not --all | git cat-file --batch='{FLOOR_FORMAT}' >/dev/null"
    start = time.perf_counter()
    proc = subprocess.Popen(["sh", "-c", script], cwd=repo, env=env, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"benchmarks: floor pipeline failed: {proc.stderr.read().decode(errors='replace')}")
    proc.stderr.close()
    return seconds, usage.ru_maxrss


class Descendants(threading.Thread):
    """Samples the peak RSS (``VmHWM``, KiB) of ``root`` and every process below it while they run (Linux ``/proc``).

    ``peaks`` maps pid -> [depth below root, command name, highest VmHWM seen].
    """

    def __init__(self, root: int, interval: float = 0.1):
        super().__init__(daemon=True)
        self.root, self.interval = root, interval
        self.peaks: dict[int, list] = {}
        self.done = threading.Event()
        self.available = os.path.isdir("/proc/self")

    @staticmethod
    def _stat(pid: str) -> tuple[int, str] | None:
        try:
            with open(f"/proc/{pid}/stat", "rb") as f:
                data = f.read()
        except OSError:
            return None
        close = data.rfind(b")")
        return int(data[close + 2:].split()[1]), data[data.find(b"(") + 1:close].decode("ascii", "replace")

    @staticmethod
    def _hwm(pid: int) -> int:
        try:
            with open(f"/proc/{pid}/status", "rb") as f:
                for line in f:
                    if line.startswith(b"VmHWM:"):
                        return int(line.split()[1])
        except (OSError, ValueError, IndexError):
            pass
        return 0

    def sample(self) -> None:
        parents = {}
        for name in os.listdir("/proc"):
            if name.isdigit():
                info = self._stat(name)
                if info:
                    parents[int(name)] = info
        depth = {self.root: 0}
        changed = True
        while changed:
            changed = False
            for pid, (ppid, _) in parents.items():
                if pid not in depth and ppid in depth:
                    depth[pid] = depth[ppid] + 1
                    changed = True
        for pid, d in depth.items():
            if pid not in parents:
                continue
            hwm = self._hwm(pid)
            entry = self.peaks.setdefault(pid, [d, parents[pid][1], 0])
            entry[2] = max(entry[2], hwm)

    def run(self) -> None:
        if not self.available:
            return
        while not self.done.wait(self.interval):
            self.sample()

    def stop(self) -> None:
        self.done.set()
        self.join()

    def summary(self) -> dict:
        """Largest peak (KiB) of: forked Python processes at depth 1 (scanner) and 2 (helper), and git processes."""
        out = {"hook": 0, "scanner": 0, "helper": 0, "git": 0}
        for d, name, hwm in self.peaks.values():
            key = "git" if name.startswith("git") else ("hook", "scanner", "helper")[d] if d <= 2 else "git"
            out[key] = max(out[key], hwm)
        return out


def hook_run(repo: Path, stdin: str, env: dict, args=(), sample: bool = False) -> dict:
    """Run the real hook through the launcher; time, status, output and peak RSS (``sample``: of its descendants too)."""
    read_fd, write_fd = os.pipe()
    start = time.perf_counter()
    proc = subprocess.Popen([installed()[0], "-c", LAUNCHER, *args], cwd=repo, env=dict(env, BENCH_RSS_FD=str(write_fd)),
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, pass_fds=(write_fd,))
    os.close(write_fd)
    sampler = Descendants(proc.pid)
    sampler.available = sampler.available and sample
    sampler.start()
    out, err = proc.communicate(stdin.encode())
    seconds = time.perf_counter() - start
    sampler.stop()
    with os.fdopen(read_fd) as f:
        rss = f.read().split()
    own, children = (int(rss[0]), int(rss[1])) if len(rss) == 2 else (0, 0)
    return {"seconds": seconds, "status": proc.returncode, "out": (out + err).decode("utf-8", "replace"),
            "rss_self": own, "rss_children": children, "rss_sampled": sampler.available,
            **{"rss_" + k: v for k, v in sampler.summary().items()}}


def hook_available() -> bool:
    return (Path(__file__).resolve().parent.parent / "hooks" / "pre_receive.py").exists()


def big_push(args, rows: list[dict]) -> None:
    commits, blobs = args.commits, args.blobs
    if args.quick and not args.full_push:
        commits, blobs = commits // 10, blobs // 10
    base = out_dir("prereceive")
    repo = base / f"push-{commits}x{blobs}.git"
    new = build_push(repo, commits, blobs)
    stamp = json.loads(repo.with_suffix(".json").read_text())
    env = git_env(base)
    env.pop("SPAMGATE_CONFIG", None)
    config = base / "unlimited.toml"
    config.write_text(f'time_budget = {args.budget:g}\nlog_file = "{base / "decisions.jsonl"}"\n'
                      f'state_dir = "{base / "state"}"\n')
    runs = 1 if args.quick else 3
    floors = [floor_run(repo, new, env) for _ in range(runs)]
    floor = median([f[0] for f in floors])
    floor_rss = max(f[1] for f in floors)
    size = f"{commits} commits, {blobs} blobs, {stamp['bytes'] / 1e6:.0f} MB"
    print(f"pre-receive, push of {size}: floor {floor:.2f} s (median of {runs}), floor peak RSS {floor_rss / 1024:.0f} MB", flush=True)
    if not hook_available():
        print("  spamgate pre-receive is not there yet (hooks/pre_receive.py); only the floor was measured")
        rows.append(row(f"pre-receive, {size}", None, "s", floor="rev-list --objects | cat-file --batch",
                        floor_value=floor, target=f"<= {PUSH_TARGET:g}x floor", note="spamgate pre-receive missing"))
        return
    stdin = f"{ZERO} {new} refs/heads/main\n"
    full_env = dict(env, SPAMGATE_CONFIG=str(config))
    runs_hook = [hook_run(repo, stdin, full_env, sample=True)]
    while len(runs_hook) < runs and runs_hook[0]["seconds"] < 20:  # repeat only what is quick to repeat
        runs_hook.append(hook_run(repo, stdin, full_env, sample=True))
    seconds = median([r["seconds"] for r in runs_hook])
    last = runs_hook[-1]
    rss_self = max(r["rss_self"] for r in runs_hook)
    rss_child = max(r["rss_children"] for r in runs_hook)
    first_lines = " | ".join(last["out"].strip().splitlines()[:2])[:200]
    command = "python benchmarks/prereceive.py --push-only" + (" --quick" if args.quick and not args.full_push else "")
    timed_out = "could not be checked" in last["out"]
    rows.append(row(f"pre-receive, {size}" + (" (time budget used up: a lower bound)" if timed_out else ""), seconds, "s", floor="rev-list --objects | cat-file --batch",
                    floor_value=floor, ratio=seconds / floor, target=f"<= {PUSH_TARGET:g}x floor", met=seconds / floor <= PUSH_TARGET,
                    command=command,
                    note=f"exit status {last['status']}; n={len(runs_hook)}; "
                         + ("" if timed_out else f"{stamp['bytes'] / 1e6 / seconds:.1f} MB/s; ") + f"output: {first_lines or '(none)'}"))
    scanner = max(r["rss_scanner"] for r in runs_hook)
    helper = max(r["rss_helper"] for r in runs_hook)
    git_peak = max(r["rss_git"] for r in runs_hook)
    hook_sampled = max(r["rss_hook"] for r in runs_hook)
    if last["rss_sampled"] and scanner:
        # VmHWM, not getrusage, for the hook process too: getrusage's figure can carry the
        # high-water mark of the benchmark process the launcher was forked from.
        peak = max(hook_sampled, scanner, helper)
        note = (f"largest spamgate process; VmHWM sampled every 0.1 s: hook process {hook_sampled / 1024:.0f} MB, "
                f"the scanning process it forks {scanner / 1024:.0f} MB, the helper that one forks "
                f"{helper / 1024:.0f} MB; largest git child {git_peak / 1024:.0f} MB")
    else:
        peak = rss_self
        note = (f"hook process alone (getrusage RUSAGE_SELF; the forked scanning process and helper not sampled); "
                f"its largest child {rss_child / 1024:.0f} MB")
    rows.append(row(f"pre-receive peak RSS, {size}", peak / 1024, "MB", floor="cat-file --batch process",
                    floor_value=floor_rss / 1024, ratio=None, target="< 100 MB", met=peak / 1024 < 100,
                    command=command, note=note))
    for r in rows[-2:]:
        print_row(r)
    if not args.quick:
        stock = hook_run(repo, stdin, env)
        print(f"  stock configuration (default time budget): {stock['seconds']:.2f} s, exit status {stock['status']}; "
              f"{' | '.join(stock['out'].strip().splitlines()[:2])[:200]}", flush=True)
        rows.append(row(f"pre-receive, {size}, default config", stock["seconds"], "s",
                        floor="rev-list --objects | cat-file --batch", floor_value=floor,
                        ratio=stock["seconds"] / floor, target="(time budget)",
                        command=command, note=f"exit status {stock['status']}; "
                                             f"{' | '.join(stock['out'].strip().splitlines()[:1])[:200]}"))


# ----------------------------------------------------------------------------- one spam wiki page
SPAM_TITLE = "How To Find Fаlcon-7B Online?"  # the a is U+0430
SPAM_FILE = "How-To-Find-F%D0%B0lcon-7B-Online%3F.-.md"
SPAM_PAGE = """\
In the rаpidly evolving world of artificiаl intelligence, Fаlcon-7B has emerged аs a remаrkаble
model that reshаpes how developers аpproаch text generаtion. This report delves into its
аrchitecture, its trаining dаtа and the reаsons why so mаny teаms аdopt it todаy.

## Introduction

Lаrge lаnguаge models hаve trаnsformed the lаndscаpe of nаturаl lаnguаge processing. Fаlcon-7B
stаnds out for its efficient аttention, its permissive licence аnd its strong benchmаrk results,
mаking it а populаr choice for reseаrchers аnd businesses аlike.

## Conclusion

In conclusion, Fаlcon-7B offers аn impressive bаlаnce of speed аnd quаlity for modern workloаds.

If you cherished this write-up аnd you would like to obtаin more detаils regаrding
[Fаlcon-7B](https://example.net/extern/link.php?url=https%3A%2F%2Fexample.com%2Foffer) kindly visit
our own web-pаge.
"""
HAM_FILE = "Installation.md"
HAM_PAGE = """\
# Installation

Install the package with `pip install demo`, then run `demo --help` to list the commands.
The configuration lives in `demo.toml`; see the Configuration page for every key.

For more information, visit our website or open an issue on the tracker.
"""


def wiki_push(repo: Path, name: str, text: str, env: dict) -> tuple[str, str]:
    """Add one page as a new commit on master without moving the ref; (old, new)."""
    old = git("rev-parse", "refs/heads/master", cwd=repo, env=env)
    blob = git("hash-object", "-w", "--stdin", cwd=repo, env=env, input=text.encode())
    tree = git("ls-tree", "refs/heads/master", cwd=repo, env=env)
    tree = git("mktree", cwd=repo, env=env, input=(tree + f"\n100644 blob {blob}\t{name}\n").encode())
    title = name.replace("%3F", "?").replace("%D0%B0", "\u0430").rsplit(".-.md", 1)[0].rsplit(".md", 1)[0].replace("-", " ")
    new = git("commit-tree", tree, "-p", old, "-m", f"Add {title}", cwd=repo, env=env)
    return old, new


def timed_hook(exe: str, repo: Path, env: dict, stdin: bytes) -> tuple[float, float, int, bytes]:
    """One run of ``spamgate pre-receive``: (wall s, CPU s of it and its children, status, output)."""
    import tempfile

    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen([exe, "pre-receive"], cwd=repo, env=env, stdin=subprocess.PIPE, stdout=out,
                                stderr=subprocess.STDOUT)
        proc.stdin.write(stdin)
        proc.stdin.close()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        return seconds, usage.ru_utime + usage.ru_stime, proc.returncode, out.read()


def spam_page(args, rows: list[dict]) -> None:
    base = out_dir("prereceive")
    repo = base / "demo.wiki.git"
    env = git_env(base)
    env.pop("SPAMGATE_CONFIG", None)
    if not repo.exists():
        git("init", "-q", "--bare", "-b", "master", str(repo), env=env)
        blob = git("hash-object", "-w", "--stdin", cwd=repo, env=env, input=b"# Home\n\nWelcome to the demo wiki.\n")
        tree = git("mktree", cwd=repo, env=env, input=f"100644 blob {blob}\tHome.md\n".encode())
        commit = git("commit-tree", tree, "-m", "Initial Home page", cwd=repo, env=env)
        git("update-ref", "refs/heads/master", commit, cwd=repo, env=env)
    if not hook_available():
        print("pre-receive, one wiki page: spamgate pre-receive is not there yet")
        return
    gitea = dict(env, GITEA_REPO_USER_NAME="demo", GITEA_REPO_NAME="demo", GITEA_REPO_IS_WIKI="true",
                 GITEA_PUSHER_NAME="newcomer", GITEA_PUSHER_ID="42", GITEA_REPO_ID="7")
    exe = installed()[1]
    runs = 5 if args.quick else 11
    for label, name, text in (("spam", SPAM_FILE, SPAM_PAGE), ("legitimate", HAM_FILE, HAM_PAGE)):
        old, new = wiki_push(repo, name, text, env)
        stdin = f"{old} {new} refs/heads/master\n".encode()
        times, cpu, status, output = [], [], None, b""
        timed_hook(exe, repo, gitea, stdin)  # warm
        for _ in range(runs):
            seconds, used, status, output = timed_hook(exe, repo, gitea, stdin)
            times.append(seconds)
            cpu.append(used)
        first = " | ".join(output.decode("utf-8", "replace").strip().splitlines()[:2])[:160]
        r = row(f"pre-receive, one {label} wiki page (whole hook)", median(times), "s",
                target="< 0.2 s", met=median(times) < 0.2, command="python benchmarks/prereceive.py --page-only",
                note=f"exit status {status} ({'refused' if status == 1 else 'accepted' if status == 0 else 'error'}); "
                     f"CPU time {median(cpu) * 1000:.0f} ms (hook and its git children); "
                     f"min {min(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms, n={runs}; output: {first or '(none)'}")
        print_row(r)
        rows.append(r)


def main(argv=None) -> list[dict]:
    p = argparse.ArgumentParser(description="spamgate pre-receive against rev-list | cat-file --batch")
    p.add_argument("--quick", action="store_true", help="one run each, and a push a tenth the size")
    p.add_argument("--full-push", action="store_true", help="with --quick, keep the full-size push")
    p.add_argument("--commits", type=int, default=2_000)
    p.add_argument("--blobs", type=int, default=10_000)
    p.add_argument("--budget", type=float, default=120.0,
                   help="time budget given to the hook on the large push (default 120 s; a run that uses it all "
                        "is reported as a lower bound)")
    p.add_argument("--filler-mb", type=int, default=300, help="filler around the spam page in the gate rows")
    p.add_argument("--page-only", action="store_true", help="only the one-page wiki pushes")
    p.add_argument("--push-only", action="store_true", help="only the large push")
    p.add_argument("--gate-only", action="store_true", help="only the push gate under load (see gate.py)")
    args = p.parse_args(argv)
    rows: list[dict] = []
    only = args.page_only or args.push_only or args.gate_only
    if args.push_only or not only:
        big_push(args, rows)
    if args.page_only or not only:
        spam_page(args, rows)
    if args.gate_only or not only:
        import gate

        gate.run(args, SPAM_PAGE, rows)
    save_rows("prereceive", rows)
    return rows


if __name__ == "__main__":
    main()
