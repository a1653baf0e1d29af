"""The real ``pre-commit run --all-files`` over a repository of 1,000 files.

    python benchmarks/precommit.py [--quick] [--files 1000]

The repository (outside this one, under the system's temporary directory)
holds 1,000 committed text files: source code, English markdown and
multilingual markdown, about 5 KB each, without look-alikes.  Its
``.pre-commit-config.yaml`` uses a ``repo: local`` hook with ``language:
system`` whose entry is ``spamgate check`` of the regular install in
benchmarks/out/install, so the figure is pre-commit's own overhead (file
listing, identify, batching, parallel runs on every core) plus spamgate's
start-up per batch and its scanning, with no hook-environment install in the
way.

Floor: the same pre-commit run with a hook whose entry is the install's
interpreter importing regex and unicodedata2 and reading and decoding the
files it is given, the least any Python hook with spamgate's dependencies pays.
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import BIN, PYTHON, git, git_env, installed, median, print_row, row, save_rows, scratch  # noqa: E402

from corpora import Corpus  # noqa: E402

VERSION = 2

FLOOR_ENTRY = ("import sys, regex, unicodedata2\n"
               "for p in sys.argv[1:]:\n"
               "    open(p, 'rb').read().decode('utf-8')\n")


def config_text(entry: str, hook_id: str) -> str:
    return (
        "repos:\n"
        "  - repo: local\n"
        "    hooks:\n"
        f"      - id: {hook_id}\n"
        f"        name: {hook_id}\n"
        f"        entry: {entry}\n"
        "        language: system\n"
        "        types: [text]\n"
    )


def build_repo(path: Path, files: int, env: dict) -> None:
    stamp = path / ".bench-version"
    if stamp.exists() and stamp.read_text() == f"{VERSION} {files}":
        return
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    git("init", "-q", "-b", "main", str(path), env=env)
    corpus = Corpus(99)
    rng = random.Random(99)
    for i in range(files):
        size = rng.randint(1500, 9000)
        r = i % 10
        if r < 6:
            flavour = ("py", "c", "js")[i % 3]
            name, text = f"src/m{i % 20:02d}/f{i:04d}.{flavour}", corpus.code_file(size, flavour)
        elif r < 9:
            name, text = f"docs/d{i % 10}/p{i:04d}.md", corpus.english_document(size)
        else:
            lang = ("ru", "el", "zh", "vi")[i % 4]
            name, text = f"i18n/{lang}/g{i:04d}.md", corpus.foreign_document(size, lang)
        target = path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    (path / ".pre-commit-config.yaml").write_text(config_text(f"{installed()[1]} check", "spamgate"))
    git("add", "-A", cwd=path, env=env)
    git("commit", "-q", "-m", "Files to check", cwd=path, env=env)
    stamp.write_text(f"{VERSION} {files}")


def pre_commit_exe() -> list[str]:
    exe = BIN / "pre-commit"
    if exe.exists():
        return [str(exe)]
    return [PYTHON, "-m", "pre_commit"]


def run(repo: Path, config: Path, env: dict) -> tuple[float, int, str]:
    start = time.perf_counter()
    result = subprocess.run([*pre_commit_exe(), "run", "--all-files", "--config", str(config)], cwd=repo, env=env,
                            capture_output=True, text=True)
    return time.perf_counter() - start, result.returncode, (result.stdout + result.stderr).strip()


def main(argv=None) -> list[dict]:
    p = argparse.ArgumentParser(description="pre-commit run --all-files with spamgate over 1,000 files")
    p.add_argument("--quick", action="store_true")
    p.add_argument("--files", type=int, default=1000)
    args = p.parse_args(argv)
    base = scratch("precommit")
    repo = base / "repo"
    env = git_env(base)
    env["PRE_COMMIT_HOME"] = str(base / "pre-commit-home")
    env.pop("SPAMGATE_CONFIG", None)
    build_repo(repo, args.files, env)
    spamgate_config = base / "spamgate.yaml"
    python, exe = installed()
    spamgate_config.write_text(config_text(f"{exe} check", "spamgate"))
    floor_config = base / "floor.yaml"
    import json

    floor_config.write_text(
        "repos:\n  - repo: local\n    hooks:\n      - id: floor\n        name: floor\n"
        f"        entry: {python} -c\n"
        f"        args: [{json.dumps(FLOOR_ENTRY)}]\n"
        "        language: system\n        types: [text]\n")
    runs = 3 if args.quick else 5
    run(repo, spamgate_config, env)  # warm caches
    spam_times, floor_times = [], []
    status = floor_status = None
    output = ""
    for _ in range(runs):
        seconds, floor_status, floor_out = run(repo, floor_config, env)
        floor_times.append(seconds)
        seconds, status, output = run(repo, spamgate_config, env)
        spam_times.append(seconds)
        if sum(spam_times) > (20 if args.quick else 45):  # enough for a median when each run is slow
            break
    if floor_status != 0:
        print(f"  (the floor hook failed: {floor_out[-300:]})")
    t, f = median(spam_times), median(floor_times)
    count = sum(1 for line in subprocess.run(["git", "ls-files"], cwd=repo, capture_output=True, text=True, env=env).stdout.splitlines())
    r = row(f"pre-commit run --all-files, {count} files", t, "s", floor="same run, hook = import regex, unicodedata2 + read files",
            floor_value=f, ratio=t / f, target="(no target; start-up per batch)",
            command=f"cd {repo} && pre-commit run --all-files --config ../spamgate.yaml",
            note=f"exit status {status}; min {min(spam_times):.2f} s, floor min {min(floor_times):.2f} s, n={runs}; "
                 f"{os.cpu_count()} cores; output: {' | '.join(output.splitlines()[:1])[:120]}")
    print_row(r)
    save_rows("precommit", [r])
    return [r]


if __name__ == "__main__":
    main()
