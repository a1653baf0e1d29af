"""Shared helpers for the benchmark scripts: timing, medians, peak memory, the machine.

Every benchmark prints figures and returns rows; none of them passes or fails.
Rows are dicts with: ``name``, ``value``, ``unit``, ``floor`` (what the figure is
compared with), ``floor_value``, ``ratio`` (as the target is phrased), ``target``
and ``command`` (how to reproduce the row).
"""
from __future__ import annotations

import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
PYTHON = sys.executable
BIN = Path(sys.executable).parent


def spamgate_exe() -> str:
    """The ``spamgate`` console script installed beside this interpreter."""
    exe = BIN / "spamgate"
    if exe.exists():
        return str(exe)
    from shutil import which

    found = which("spamgate")
    if not found:
        raise SystemExit("benchmarks: no 'spamgate' command beside %s or on PATH; run with the project's virtualenv python" % PYTHON)
    return found


def out_dir(*parts: str) -> Path:
    path = OUT.joinpath(*parts)
    path.mkdir(parents=True, exist_ok=True)
    return path


def scratch(*parts: str) -> Path:
    """A directory outside this repository (under the system's temporary directory), for
    inputs that must not find the repository's own pyproject.toml [tool.spamgate]."""
    import tempfile

    path = Path(tempfile.gettempdir(), f"spamgate-bench-{os.getuid() if hasattr(os, 'getuid') else 0}", *parts)
    path.mkdir(parents=True, exist_ok=True)
    for parent in path.parents:
        for name in (".spamgate.toml", "pyproject.toml"):
            if (parent / name).exists():
                raise SystemExit(f"benchmarks: {parent / name} would configure the inputs in {path}; "
                                 f"set TMPDIR to a directory without one above it")
    return path


def copy_tree(source: Path, name: str) -> Path:
    """``source`` copied into ``scratch(name)`` (again only when it changed), for a run outside the repository."""
    import shutil

    target = scratch(name)
    stamp = target.parent / f"{name}.source"
    state = "\n".join(f"{p.relative_to(source)} {p.stat().st_size} {p.stat().st_mtime_ns}"
                       for p in sorted(source.rglob("*")) if p.is_file())
    if not stamp.exists() or stamp.read_text() != state:
        shutil.rmtree(target)
        shutil.copytree(source, target)
        stamp.write_text(state)
    return target


INSTALL = OUT / "install"
_SOURCES = ("pyproject.toml", "spamgate", "rules", "hooks")


def installed() -> tuple[str, str]:
    """(python, spamgate) of a regular install of this checkout in a virtualenv of its own
    (benchmarks/out/install): ``pip install .``, as pre-commit installs a hook repository,
    without the import hooks an editable install adds to every process.  Made again when
    the sources change."""
    import hashlib
    import venv

    digest = hashlib.sha256()
    for name in _SOURCES:
        base = ROOT / name
        for path in sorted([base] if base.is_file() else base.rglob("*.py")):
            digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    stamp = INSTALL / "source.sha256"
    bin_dir = INSTALL / ("Scripts" if os.name == "nt" else "bin")
    python, exe = bin_dir / "python", bin_dir / "spamgate"
    if stamp.exists() and stamp.read_text() == digest.hexdigest() and exe.exists():
        return str(python), str(exe)
    print(f"benchmarks: installing this checkout into {INSTALL} (pip install .) ...", file=sys.stderr, flush=True)
    if not python.exists():
        venv.create(INSTALL, with_pip=True)
        extra: list[str] = []
    else:
        extra = ["--force-reinstall", "--no-deps"]
    result = subprocess.run([str(python), "-m", "pip", "install", "-q", *extra, str(ROOT)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"benchmarks: pip install of {ROOT} failed:\n{result.stderr[-2000:]}")
    stamp.write_text(digest.hexdigest())
    return str(python), str(exe)


def side_by_side(command, floor, runs: int, *, cwd=None, env=None) -> dict:
    """Run ``command`` and ``floor`` in turn, ``runs`` times each after one warm-up run of each,
    so that both see the same load; medians of wall and CPU time (seconds), of the ratios
    pair by pair, and the last exit status and the largest peak RSS (KiB) of each."""
    out = {"wall": [], "cpu": [], "floor_wall": [], "floor_cpu": [], "rss": 0, "floor_rss": 0}
    run_cpu(command, cwd=cwd, env=env)
    run_cpu(floor, cwd=cwd, env=env)
    for _ in range(runs):
        wall, cpu, out["status"], rss = run_cpu(command, cwd=cwd, env=env)
        floor_wall, floor_cpu, out["floor_status"], floor_rss = run_cpu(floor, cwd=cwd, env=env)
        out["wall"].append(wall)
        out["cpu"].append(cpu)
        out["floor_wall"].append(floor_wall)
        out["floor_cpu"].append(floor_cpu)
        out["rss"], out["floor_rss"] = max(out["rss"], rss), max(out["floor_rss"], floor_rss)
    for key in ("wall", "cpu", "floor_wall", "floor_cpu"):
        out[key + "_median"] = median(out[key])
    out["wall_ratio"] = median([a / b for a, b in zip(out["wall"], out["floor_wall"])])
    out["cpu_ratio"] = median([a / b for a, b in zip(out["cpu"], out["floor_cpu"])])
    return out


def run_timed(cmd, *, input: bytes | None = None, cwd=None, env=None, shell: bool = False) -> tuple[float, int, bytes]:
    """Run a command with output captured; return (seconds, exit status, stdout)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE if input is not None else subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd, env=env, shell=shell)
    out, _ = proc.communicate(input)
    return time.perf_counter() - start, proc.returncode, out


def run_cpu(cmd, *, cwd=None, env=None) -> tuple[float, float, int, int]:
    """Run a command, output discarded; (wall seconds, CPU seconds user+system, exit status, maxrss KiB).

    CPU time is what the process itself used, so it varies less than wall time
    when other work shares the machine.
    """
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            cwd=cwd, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, proc.returncode, usage.ru_maxrss


def median(values) -> float:
    return statistics.median(values)


def spread(values) -> str:
    """'median (min-max, n=N)' for a list of seconds."""
    return f"{median(values) * 1000:.1f} ms (min {min(values) * 1000:.1f}, max {max(values) * 1000:.1f}, n={len(values)})"


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        git = subprocess.run(["git", "--version"], capture_output=True, text=True).stdout.strip()
    except OSError:
        git = "git: not found"
    try:
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        load = "?"
    import regex
    import unicodedata2

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "system": f"{platform.system()} {platform.release()}",
        "git": git,
        "regex": getattr(regex, "__version__", "?"),
        "unicodedata2": _version("unicodedata2", unicodedata2),
        "loadavg": load,
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


def _version(dist: str, module) -> str:
    try:
        from importlib.metadata import version

        return version(dist)
    except Exception:
        return getattr(module, "__version__", "?")


def ratio_text(r: dict) -> str:
    """A row's ratio as its target is phrased: times as a multiple of the floor, speeds as a fraction of it."""
    if r["ratio"] is None:
        return ""
    if r["unit"] == "MB/s":
        return f"{r['ratio']:.2g} of floor" if r["ratio"] < 0.1 else f"{r['ratio']:.2f} of floor"
    return f"{r['ratio']:.2f}x floor"


def row(name, value, unit, *, floor=None, floor_value=None, ratio=None, target="", command="", note="",
        met: bool | None = None) -> dict:
    """One measured figure; ``met`` says whether it reaches its target (None: no target)."""
    return {"name": name, "value": value, "unit": unit, "floor": floor, "floor_value": floor_value,
            "ratio": ratio, "target": target, "command": command, "note": note,
            "met": None if value is None and met is None else met}


def fmt(value, unit: str) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        if unit in ("s",) and value < 1:
            return f"{value * 1000:.0f} ms"
        return f"{value:.3g} {unit}" if value < 100 else f"{value:.0f} {unit}"
    return f"{value} {unit}"


def print_row(r: dict) -> None:
    ratio = "" if r["ratio"] is None else f"  = {ratio_text(r)}"
    floor = "" if r["floor_value"] is None else f"  floor {fmt(r['floor_value'], r['unit'])} ({r['floor']})"
    target = f"  target {r['target']}" if r["target"] else ""
    if r.get("met") is not None:
        target += " (met)" if r["met"] else " (missed)"
    print(f"  {r['name']}: {fmt(r['value'], r['unit'])}{floor}{ratio}{target}", flush=True)
    if r.get("note"):
        print(f"    note: {r['note']}", flush=True)


def save_rows(name: str, rows: list[dict]) -> Path:
    path = out_dir() / f"{name}.json"
    path.write_text(json.dumps({"machine": machine(), "rows": rows}, indent=2, ensure_ascii=False) + "\n")
    return path


def command_line(argv) -> str:
    return " ".join(shlex.quote(a) for a in argv)


def git(*args, cwd=None, input: bytes | None = None, env=None) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, input=input, capture_output=True, env=env)
    if result.returncode != 0:
        raise SystemExit(f"benchmarks: git {' '.join(args)} failed: {result.stderr.decode(errors='replace').strip()}")
    return result.stdout.decode().strip()


def git_env(home: Path) -> dict:
    """An environment where git ignores the user's and system configuration."""
    env = dict(os.environ)
    env.update({
        "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull, "HOME": str(home),
        "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
        "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.org",
        "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z",
    })
    return env
