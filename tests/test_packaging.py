"""The built package: one import name, the Unicode license beside the tables."""
import subprocess
import sys
import zipfile

from support import ROOT


def test_wheel_installs_everything_under_one_import_name(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                           "-w", str(tmp_path), str(ROOT)], capture_output=True, text=True)
    if proc.returncode != 0 and "setuptools" in proc.stderr:
        proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(ROOT)],
                              capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    [wheel] = list(tmp_path.glob("spamgate-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    top = {n.split("/", 1)[0] for n in names}
    assert {t for t in top if not t.endswith(".dist-info")} == {"spamgate"}
    for expected in ("spamgate/rules/confusables.py", "spamgate/hooks/cli.py", "spamgate/ucd/tables.py",
                     "spamgate/ucd/LICENSE-UNICODE.txt", "spamgate/server/prereceive.py"):
        assert expected in names
    entry_points = zipfile.ZipFile(wheel).read(
        next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "spamgate = spamgate.hooks.cli:main" in entry_points
