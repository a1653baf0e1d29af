"""Project configuration: discovery, every key, errors, --show-config, the CLI options."""
import json
import subprocess
import sys

import pytest

from support import spamgate, spamgate_json, spamgate_process, write

# A marker with no codes (SG901, a warning) and one disguised with a ratio sign
# for the colon (SG902, an error worth 3 points): findings that exist whatever else the
# rules flag, so configuration can be tested on them.
MARKERS = "plain text # spamgate: ignore\nspamgate\u2236 ignore[SG901]\n"


def codes(data, index=0):
    return [f["code"] for f in data["files"][index]["findings"]]


def test_no_config_reports_everything(tmp_path):
    f = write(tmp_path / "a.md", MARKERS)
    code, data = spamgate_json(str(f), cwd=tmp_path)
    assert code == 1
    assert {"SG901", "SG902"} <= set(codes(data))


def test_pyproject_ignore(tmp_path):
    write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n\n[tool.spamgate]\nignore = ["SG901"]\n')
    write(tmp_path / "a.md", MARKERS)
    code, data = spamgate_json("a.md", cwd=tmp_path)
    assert "SG901" not in codes(data) and "SG902" in codes(data)


def test_nearest_file_wins(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.spamgate]\nignore = ["SG901"]\n')
    write(tmp_path / "sub" / ".spamgate.toml", 'ignore = ["SG902"]\n')
    write(tmp_path / "sub" / "a.md", MARKERS)
    write(tmp_path / "b.md", MARKERS)
    code, data = spamgate_json("sub/a.md", "b.md", cwd=tmp_path)
    by_path = {e["path"]: [f["code"] for f in e["findings"]] for e in data["files"]}
    assert "SG902" not in by_path["sub/a.md"] and "SG901" in by_path["sub/a.md"]
    assert "SG901" not in by_path["b.md"] and "SG902" in by_path["b.md"]


def test_dot_spamgate_toml_beats_pyproject_in_same_directory(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.spamgate]\nignore = ["SG901"]\n')
    write(tmp_path / ".spamgate.toml", 'ignore = ["SG902"]\n')
    write(tmp_path / "a.md", MARKERS)
    _, data = spamgate_json("a.md", cwd=tmp_path)
    assert "SG901" in codes(data) and "SG902" not in codes(data)


def test_pyproject_without_table_is_passed_over(tmp_path):
    write(tmp_path / ".spamgate.toml", 'ignore = ["SG901"]\n')
    write(tmp_path / "pkg" / "pyproject.toml", '[project]\nname = "pkg"\n')
    write(tmp_path / "pkg" / "a.md", MARKERS)
    _, data = spamgate_json("pkg/a.md", cwd=tmp_path)
    assert "SG901" not in codes(data)


def test_pyproject_that_never_names_spamgate_is_not_parsed(tmp_path):
    write(tmp_path / ".spamgate.toml", 'ignore = ["SG901"]\n')
    write(tmp_path / "a" / "pyproject.toml", "[project\nname = 'broken, but not ours'\n")
    write(tmp_path / "a" / "x.md", MARKERS)
    write(tmp_path / "b" / "pyproject.toml", '[project]\ndependencies = ["spamgate>=0.1"]\n')
    write(tmp_path / "b" / "x.md", MARKERS)
    write(tmp_path / "c" / "pyproject.toml", '[tool."\\u0073pamgate"]\nignore = ["SG902"]\n')
    write(tmp_path / "c" / "x.md", MARKERS)
    _, data = spamgate_json("a/x.md", "b/x.md", "c/x.md", cwd=tmp_path)
    by_path = {e["path"]: [f["code"] for f in e["findings"]] for e in data["files"]}
    assert "SG901" not in by_path["a/x.md"] and "SG901" not in by_path["b/x.md"]
    assert by_path["c/x.md"] == ["SG901"]  # the key spelled with an escape is still found


START_UP = """
import sys
from spamgate.hooks.cli import main
code = main(["check", "a.md"])
print(code, [m for m in ("tomllib", "tomli", "spamgate.settings.show", "spamgate.settings.reference") if m in sys.modules])
"""


@pytest.mark.parametrize("config, loaded", [
    (None, []),
    (("pyproject.toml", '[project]\nname = "x"\n'), []),
    ((".spamgate.toml", 'ignore = ["SG901"]\n'), ["tomllib"]),
])
def test_start_up_parses_toml_only_for_a_configuration_file(tmp_path, config, loaded):
    """What a fresh ``spamgate check`` process imports (the process is what this is about).  The
    first run may parse the rules' data files, to keep what it derives from them; the second finds
    that kept."""
    write(tmp_path / "a.md", "fine\n")
    if config:
        write(tmp_path / config[0], config[1])
    for _ in range(2):
        proc = subprocess.run([sys.executable, "-c", START_UP], cwd=tmp_path, capture_output=True, text=True)
    assert proc.stdout.splitlines()[-1] == f"0 {loaded}", proc.stderr


def test_config_option_overrides_discovery(tmp_path):
    write(tmp_path / ".spamgate.toml", 'ignore = ["SG901"]\n')
    other = write(tmp_path / "elsewhere" / "strict.toml", 'ignore = ["SG902"]\n')
    write(tmp_path / "a.md", MARKERS)
    _, data = spamgate_json("--config", str(other), "a.md", cwd=tmp_path)
    assert "SG901" in codes(data) and "SG902" not in codes(data)


def test_config_option_missing_file(tmp_path):
    proc = spamgate("check", "--config", tmp_path / "nope.toml", "x", cwd=tmp_path)
    assert proc.returncode == 2
    assert "nope.toml" in proc.stderr and "no such configuration file" in proc.stderr


def test_config_option_accepts_pyproject(tmp_path):
    cfg = write(tmp_path / "conf" / "pyproject.toml", '[tool.spamgate]\nselect = ["SG902"]\n')
    write(tmp_path / "a.md", MARKERS)
    _, data = spamgate_json("--config", str(cfg), "a.md", cwd=tmp_path)
    assert codes(data) == ["SG902"]


def test_select_by_prefix_and_command_line(tmp_path):
    write(tmp_path / ".spamgate.toml", 'select = ["SG902"]\n')
    write(tmp_path / "a.md", MARKERS)
    _, data = spamgate_json("a.md", cwd=tmp_path)
    assert codes(data) == ["SG902"]
    # --select replaces the file's select
    _, data = spamgate_json("--select", "SG901", "a.md", cwd=tmp_path)
    assert codes(data) == ["SG901"]
    # prefixes
    _, data = spamgate_json("--select", "SG90", "--ignore", "sg902", "a.md", cwd=tmp_path)
    assert codes(data) == ["SG901"]


def test_extend_select(tmp_path):
    write(tmp_path / ".spamgate.toml", 'select = ["SG901"]\nextend-select = ["SG902"]\n')
    write(tmp_path / "a.md", MARKERS)
    _, data = spamgate_json("a.md", cwd=tmp_path)
    assert set(codes(data)) == {"SG901", "SG902"}


def test_command_line_ignore_adds_to_config(tmp_path):
    write(tmp_path / ".spamgate.toml", 'ignore = ["SG901"]\n')
    write(tmp_path / "a.md", MARKERS)
    code, data = spamgate_json("--ignore", "SG902", "a.md", cwd=tmp_path)
    assert codes(data) == [] and code == 0


@pytest.mark.parametrize("value, note", [
    ("SG1O1", " (did you mean SG101?)"), ("XY", ""), ("SG98", ", which matches no rule (see 'spamgate rules')"),
    ("SG9999", ""),
])
def test_bad_command_line_code(tmp_path, value, note):
    proc = spamgate("check", "--select", value, "a.md", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr == (f'spamgate check: --select: expected a list of rule codes or prefixes (like SG101 or SG1), '
                           f'got "{value}" in the list{note}\n')


def test_bad_command_line_size(tmp_path):
    proc = spamgate("check", "--max-file-size", "0", "a.md", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr == "spamgate check: --max-file-size: expected a positive whole number of bytes, got 0\n"


def test_per_file_ignores(tmp_path):
    write(tmp_path / ".spamgate.toml",
          '[per-file-ignores]\n"tests/**" = ["SG902"]\n"*.txt" = ["SG9"]\n')
    write(tmp_path / "tests" / "deep" / "a.md", MARKERS)
    write(tmp_path / "docs" / "a.md", MARKERS)
    write(tmp_path / "docs" / "b.txt", MARKERS)
    _, data = spamgate_json("tests", "docs", cwd=tmp_path)
    by_path = {e["path"]: [f["code"] for f in e["findings"]] for e in data["files"]}
    assert by_path["tests/deep/a.md"] == ["SG901"]
    assert set(by_path["docs/a.md"]) == {"SG901", "SG902"}
    assert by_path["docs/b.txt"] == []


def test_per_file_ignores_relative_to_config_directory(tmp_path):
    write(tmp_path / "proj" / "pyproject.toml", '[tool.spamgate.per-file-ignores]\n"docs/*.md" = ["SG902"]\n')
    write(tmp_path / "proj" / "docs" / "a.md", MARKERS)
    # run from outside the project: globs still count from the config file's directory
    _, data = spamgate_json(str(tmp_path / "proj" / "docs" / "a.md"), cwd=tmp_path)
    assert codes(data) == ["SG901"]


def test_exclude_applies_to_walks_and_named_files(tmp_path):
    write(tmp_path / ".spamgate.toml", 'exclude = ["vendor", "generated/*.md"]\n')
    write(tmp_path / "vendor" / "lib" / "a.md", MARKERS)
    write(tmp_path / "generated" / "x.md", MARKERS)
    write(tmp_path / "generated" / "keep.txt", MARKERS)
    write(tmp_path / "src" / "ok.md", "fine\n")
    _, data = spamgate_json(".", cwd=tmp_path)
    paths = sorted(e["path"] for e in data["files"])
    assert paths == ["./.spamgate.toml", "./generated/keep.txt", "./src/ok.md"]
    # named explicitly, as pre-commit does: still excluded
    code, data = spamgate_json("vendor/lib/a.md", "generated/x.md", cwd=tmp_path)
    assert data["files"] == [] and code == 0
    proc = spamgate("check", "-v", "vendor/lib/a.md", cwd=tmp_path)
    assert "excluded by configuration" in proc.stdout


def test_exclude_option_adds_to_the_setting(tmp_path):
    write(tmp_path / ".spamgate.toml", 'exclude = ["vendor"]\n')
    write(tmp_path / "vendor" / "a.md", MARKERS)
    write(tmp_path / "report.json", MARKERS)
    write(tmp_path / "logs" / "b.md", MARKERS)
    write(tmp_path / "src" / "ok.md", "fine\n")
    _, data = spamgate_json("--exclude", "report.json, logs", ".", cwd=tmp_path)
    assert sorted(e["path"] for e in data["files"]) == ["./.spamgate.toml", "./src/ok.md"]
    proc = spamgate("check", "--show-config", "--exclude", "report.json", cwd=tmp_path)
    assert "command line (--exclude)" in proc.stdout


def test_max_file_size_from_config_and_option(tmp_path):
    write(tmp_path / ".spamgate.toml", "max-file-size = 10\n")
    write(tmp_path / "a.md", "x" * 50 + "\n")
    code, data = spamgate_json("a.md", cwd=tmp_path)
    assert data["files"][0]["skipped"]["reason"] == "too-large"
    code, data = spamgate_json("--max-file-size", "1000", "a.md", cwd=tmp_path)
    assert "skipped" not in data["files"][0]


def test_profile_and_thresholds(tmp_path):
    write(tmp_path / "a.md", MARKERS)
    # commit profile: the SG902 error fails
    code, _ = spamgate_json("a.md", cwd=tmp_path)
    assert code == 1
    # push profile from the config: one disguised marker alone is not spam
    write(tmp_path / ".spamgate.toml", 'profile = "push"\n')
    code, data = spamgate_json("a.md", cwd=tmp_path)
    assert code == 0 and data["profile"] == "push"
    assert data["files"][0]["verdict"] == "clean"
    # a spam article fails under push; thresholds high enough let it through
    from article_fixtures import REPORT, SPAM_CLOSERS

    write(tmp_path / "The-Pain-of-Nimbus-XL.md", REPORT + "\n" + SPAM_CLOSERS[0] + "\n")
    code, data = spamgate_json("The-Pain-of-Nimbus-XL.md", cwd=tmp_path)
    assert code == 1 and data["files"][0]["verdict"] == "spam"
    write(tmp_path / ".spamgate.toml", 'profile = "push"\n[thresholds]\nspam = 90\nsuspicious = 80\n')
    code, data = spamgate_json("The-Pain-of-Nimbus-XL.md", cwd=tmp_path)
    assert code == 0 and data["files"][0]["verdict"] == "clean"
    # --profile on the command line wins
    code, data = spamgate_json("--profile", "commit", "a.md", cwd=tmp_path)
    assert data["profile"] == "commit"


@pytest.mark.parametrize("content, key, problem", [
    ('colour = "red"\n', "colour", "unknown key; known keys: select, extend-select, "),
    ('per_file_ignores = {}\n', "per_file_ignores", "unknown key (did you mean per-file-ignores?)"),
    ('selct = ["SG1"]\n', "selct", "unknown key (did you mean select?)"),
    ('time_budget = 3\n', "time_budget", "unknown key: time_budget is a server setting"),
    ('select = ["SG1O1"]\n', "select", 'got "SG1O1" in the list (did you mean SG101?)'),
    ('select = "SG901, SG902"\n', "select", 'got "SG901, SG902" in the list'),
    ('ignore = [1]\n', "ignore", "got 1 in the list"),
    ('extend-select = ["XX"]\n', "extend-select", 'got "XX" in the list'),
    ('profile = "production"\n', "profile", 'expected "commit" or "push", got "production"'),
    ('max-file-size = -1\n', "max-file-size", "expected a positive whole number of bytes, got -1"),
    ('max-file-size = true\n', "max-file-size", "expected a positive whole number of bytes, got true"),
    ('max-file-size = 1.5\n', "max-file-size", "expected a positive whole number of bytes, got 1.5"),
    ('exclude = "vendor"\nexclude2 = 1\n', "exclude2", "unknown key (did you mean exclude?)"),
    ('allowed-scripts = ["Klingon"]\n', "allowed-scripts",
     'expected a list of Unicode script names or codes (like Greek or Grek), got "Klingon" in the list'),
    ('allowed-characters = ["U+ZZZZ"]\n', "allowed-characters", 'got "U+ZZZZ" in the list'),
    ('allowed-characters = ["U+0400..U+0300"]\n', "allowed-characters",
     'got "U+0400..U+0300" in the list, not a range from a lower to a higher code point'),
    ('allowed-characters = ["U+0000..U+10FFFF"]\n', "allowed-characters", "a range wider than 65,536 code points"),
    ('allowed-words = [""]\n', "allowed-words", 'expected a list of words, got "" in the list'),
    ('thresholds = 5\n', "thresholds", "expected a table (spam, suspicious), got 5"),
    ('[thresholds]\nspam = "high"\n', "thresholds.spam", 'expected a positive number, got "high"'),
    ('[thresholds]\nspam = 0\n', "thresholds.spam", "expected a positive number, got 0"),
    ('[thresholds]\nsuspicious = -1\n', "thresholds.suspicious", "expected a positive number, got -1"),
    ('[thresholds]\nspam = nan\n', "thresholds.spam", "expected a positive number, got nan"),
    ('[thresholds]\nspam = 3\nsuspicious = 5\n', "thresholds",
     "expected suspicious at most spam, got suspicious = 5 and spam = 3"),
    ('[thresholds]\nsuspicious = 12\n', "thresholds",
     "expected suspicious at most spam, got suspicious = 12 and spam = 10"),
    ('[thresholds]\nham = 3\n', "thresholds.ham", "unknown key; known keys: spam, suspicious"),
    ('[thresholds]\nspma = 3\n', "thresholds.spma", "unknown key (did you mean spam?); known keys: spam, suspicious"),
    ('[per-file-ignores]\n"docs/**" = ["SG000"]\n', 'per-file-ignores."docs/**"', 'got "SG000" in the list'),
    ('per-file-ignores = ["docs"]\n', "per-file-ignores", "expected a table of glob = list of codes or prefixes"),
])
def test_bad_config_exits_2_naming_file_key_expected_and_found(tmp_path, content, key, problem):
    cfg = write(tmp_path / ".spamgate.toml", content)
    write(tmp_path / "a.md", "fine\n")
    proc = spamgate("check", "a.md", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.startswith(f"spamgate check: {cfg}: {key}: ")
    assert problem in proc.stderr
    assert proc.stderr.count("\n") == 1


def test_bad_config_through_the_command(tmp_path):
    cfg = write(tmp_path / ".spamgate.toml", '[thresholds]\nspam = "high"\n')
    write(tmp_path / "a.md", "fine\n")
    proc = spamgate_process("check", "a.md", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr == f"spamgate check: {cfg}: thresholds.spam: expected a positive number, got \"high\"\n"


def test_unknown_key_suggests_spelling(tmp_path):
    write(tmp_path / ".spamgate.toml", "max_file_size = 10\n")
    proc = spamgate("check", "x", cwd=tmp_path)
    assert proc.returncode == 2
    assert "did you mean max-file-size?" in proc.stderr


def test_pyproject_table_errors_name_the_key_in_the_table(tmp_path):
    cfg = write(tmp_path / "pyproject.toml", '[tool.spamgate.thresholds]\nspam = 0\n')
    proc = spamgate("check", "a.md", cwd=tmp_path)
    assert proc.stderr == f"spamgate check: {cfg}: thresholds.spam: expected a positive number, got 0\n"


def test_invalid_toml(tmp_path):
    cfg = write(tmp_path / "pyproject.toml", "[tool.spamgate\nselect = [\n")
    proc = spamgate("check", "a.md", cwd=tmp_path)
    assert proc.returncode == 2
    assert str(cfg) in proc.stderr and "not valid TOML" in proc.stderr


def test_tool_spamgate_not_a_table(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool]\nspamgate = "on"\n')
    proc = spamgate("check", "a.md", cwd=tmp_path)
    assert proc.returncode == 2 and "tool.spamgate" in proc.stderr


def test_show_config_defaults(tmp_path):
    proc = spamgate("check", "--show-config", cwd=tmp_path)
    assert proc.returncode == 0
    assert "(none found; defaults)" in proc.stdout
    assert 'profile            = "commit"    # default' in proc.stdout
    assert "max-file-size      = 5242880    # default" in proc.stdout


def test_show_config_sources(tmp_path):
    cfg = write(tmp_path / "pyproject.toml",
                '[tool.spamgate]\nignore = ["SG901"]\nallowed-scripts = ["Greek"]\n'
                'allowed-characters = ["U+00B5"]\n[tool.spamgate.thresholds]\nspam = 12\n')
    proc = spamgate("check", "--show-config", "--ignore", "SG903", "--profile", "push", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert f"# configuration file: {cfg}" in out
    assert f'ignore             = ["SG901", "SG903"]    # {cfg} + command line (--ignore)' in out
    assert f'allowed-scripts    = ["Greek"]    # {cfg}' in out
    assert f'allowed-characters = ["U+00B5"]    # {cfg}' in out
    assert 'profile            = "push"    # command line (--profile)' in out
    assert f'thresholds         = {{ spam = 12, suspicious = 4 }}    # {cfg}' in out
    assert "select             = (all rules)    # default" in out


def test_show_config_json_for_a_path(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.spamgate]\nignore = ["SG901"]\n')
    sub = write(tmp_path / "sub" / ".spamgate.toml", 'select = ["SG9"]\n')
    proc = spamgate("check", "--show-config", "--format", "json", "sub", cwd=tmp_path)
    data = json.loads(proc.stdout)
    assert data["config"] == str(sub)
    assert data["settings"]["select"] == {"value": ["SG9"], "source": str(sub)}
    # the nearest file wins whole: the parent's ignore does not apply
    assert data["settings"]["ignore"] == {"value": [], "source": "default"}


def test_show_config_reports_config_errors(tmp_path):
    write(tmp_path / ".spamgate.toml", "bogus = 1\n")
    proc = spamgate("check", "--show-config", cwd=tmp_path)
    assert proc.returncode == 2 and "bogus" in proc.stderr


def test_glob_matching():
    from spamgate.config import glob_match

    assert glob_match("vendor", "vendor/a/b.md")
    assert glob_match("vendor", "src/vendor/x.md")
    assert not glob_match("vendor", "vendors/x.md")
    assert glob_match("*.min.js", "web/app.min.js")
    assert glob_match("docs/*.md", "docs/a.md")
    assert not glob_match("docs/*.md", "docs/sub/a.md")
    assert glob_match("docs/**", "docs/sub/a.md")
    assert glob_match("docs/**/*.md", "docs/a.md")
    assert glob_match("docs/**/*.md", "docs/x/y/a.md")
    assert not glob_match("docs/*.md", "other/docs/a.md")
    assert glob_match("/docs/", "docs/a.md")
    assert glob_match("file?.txt", "file1.txt") and not glob_match("file?.txt", "file10.txt")
    assert glob_match("[ab].md", "a.md") and not glob_match("[!ab].md", "a.md")
    assert not glob_match("docs/*.md", "../docs/a.md")


def test_allowed_characters_parsing():
    from spamgate.settings.kinds import Characters, expand_characters

    specs = Characters().parse(["µ", "U+2126", "U+0391..U+0393", "αβ"], None)
    assert specs == ("µ", "U+2126", "U+0391..U+0393", "αβ")
    assert expand_characters(specs) == {"µ", "\u2126", "\u0391", "\u0392", "\u0393", "α", "β"}


def test_reference_example_is_a_valid_config(tmp_path):
    """The example in the reference parses and sets every key."""
    from spamgate.settings.reference import reference

    example = reference("project").split("```toml\n", 1)[1].split("```", 1)[0]
    write(tmp_path / "pyproject.toml", example)
    write(tmp_path / "a.md", "fine\n")
    proc = spamgate("check", "--show-config", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "# default" not in proc.stdout.split("\n", 1)[1]


# ---------------------------------------------------------------- allowed characters, scripts, words

GREEK_AND_CYRILLIC = "The \u039datural way and the \u03bfther one.\nA w\u043erd with Cyrillic.\n"


def sg1(data):
    return sorted((f["line"], f["text"]) for f in data["files"][0]["findings"] if f["code"].startswith("SG1"))


def test_allowed_scripts(tmp_path):
    write(tmp_path / "a.md", GREEK_AND_CYRILLIC)
    _, data = spamgate_json("a.md", cwd=tmp_path)
    assert [t for _, t in sg1(data)] == ["\u039datural", "\u03bfther", "w\u043erd"]
    write(tmp_path / ".spamgate.toml", 'allowed-scripts = ["Greek"]\n')
    _, data = spamgate_json("a.md", cwd=tmp_path)
    assert sg1(data) == [(2, "w\u043erd")]
    write(tmp_path / ".spamgate.toml", 'allowed-scripts = ["Grek", "Cyrillic"]\n')
    code, data = spamgate_json("a.md", cwd=tmp_path)
    assert sg1(data) == [] and code == 0


def test_allowed_characters(tmp_path):
    write(tmp_path / "a.md", GREEK_AND_CYRILLIC)
    write(tmp_path / ".spamgate.toml", 'allowed-characters = ["U+039D", "\u043e"]\n')
    _, data = spamgate_json("a.md", cwd=tmp_path)
    assert sg1(data) == [(1, "\u03bfther")]
    write(tmp_path / ".spamgate.toml", 'allowed-characters = ["U+0390..U+03CF"]\n')
    _, data = spamgate_json("a.md", cwd=tmp_path)
    assert sg1(data) == [(2, "w\u043erd")]


def test_allowed_words(tmp_path):
    write(tmp_path / "a.md", GREEK_AND_CYRILLIC)
    write(tmp_path / ".spamgate.toml", 'allowed-words = ["\u03bdATURAL", "w\u043erd"]\n')
    _, data = spamgate_json("a.md", cwd=tmp_path)
    assert sg1(data) == [(1, "\u03bfther")]


def test_stdin_filename_gets_per_file_ignores_and_exclude(tmp_path):
    write(tmp_path / ".spamgate.toml", '[per-file-ignores]\n"docs/*" = ["SG902"]\n')
    proc = spamgate("check", "--format", "json", "--stdin-filename", "docs/page.md", "-", input=MARKERS, cwd=tmp_path)
    assert [f["code"] for f in json.loads(proc.stdout)["files"][0]["findings"]] == ["SG901"]
    write(tmp_path / ".spamgate.toml", 'exclude = ["docs"]\n')
    proc = spamgate("check", "--format", "json", "--stdin-filename", "docs/page.md", "-", input=MARKERS, cwd=tmp_path)
    assert json.loads(proc.stdout)["files"] == [] and proc.returncode == 0
