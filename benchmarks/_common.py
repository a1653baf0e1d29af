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
