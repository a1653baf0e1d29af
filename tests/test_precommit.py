"""The real pre-commit tool running spamgate's hooks, through real ``git commit``s.

Every test uses the same snapshot of this project and the same PRE_COMMIT_HOME
(conftest.py), so pre-commit installs the hooks once for the session.
"""
from __future__ import annotations

from support import ROOT, git, git_commit, hook_config, pre_commit, write


def install(repo, hook_repo, env, *hooks):
    snap, sha = hook_repo
    write(repo / ".pre-commit-config.yaml", hook_config(str(snap), sha, *hooks))
    git("add", ".pre-commit-config.yaml", cwd=repo)
    code, out = pre_commit("install", "--hook-type", "pre-commit", "--hook-type", "commit-msg", cwd=repo, env=env)
    assert code == 0, out


def add_and_commit(repo, env, message: str) -> tuple[int, str]:
    git("add", "-A", cwd=repo)
    return git_commit("-m", message, cwd=repo, env=env)


def last_subject(repo) -> str:
    return git("log", "-1", "--format=%s", cwd=repo).strip()


def test_manifest_is_valid(pre_commit_env):
    code, out = pre_commit("validate-manifest", str(ROOT / ".pre-commit-hooks.yaml"), cwd=ROOT, env=pre_commit_env)
    assert code == 0, out


def test_commit_with_a_lookalike_fails_and_names_the_character(repo, hook_repo, pre_commit_env):
    install(repo, hook_repo, pre_commit_env, "spamgate")
    write(repo / "docs" / "intro.md", "# Guide\n\nThis іntroduсtion explains the parser.\n")
    code, out = add_and_commit(repo, pre_commit_env, "Add the guide")
    assert code == 1, out
    assert "docs/intro.md:3:6: SG101" in out
    assert "U+0456" in out and "U+0441" in out and '"introduction"' in out
    assert "3 | This іntroduсtion explains the parser." in out  # the line, with the word marked
    assert "  |      ^^^^^^^^^^^^ SG101" in out
    assert last_subject(repo) == "initial"


def test_commit_of_multilingual_text_passes(repo, hook_repo, pre_commit_env):
    install(repo, hook_repo, pre_commit_env, "spamgate")
    write(repo / "README.md", (
        "# Проект / Project\n\n"
        "Это русский текст о программе. Ελληνικά: η εισαγωγή. Türkçe: ışık. Tiếng Việt: xin chào.\n"
        "日本語のテキスト。 Café, naïve, Zoë. “Curly quotes” — and 10 kΩ, 5 µs, α + β = Δ.\n"
    ))
    code, out = add_and_commit(repo, pre_commit_env, "Add the README")
    assert code == 0, out
    assert "Passed" in out
    assert last_subject(repo) == "Add the README"


def test_installed_hooks_block_commit_and_commit_message(repo, hook_repo, pre_commit_env):
    install(repo, hook_repo, pre_commit_env, "spamgate", "spamgate-commit-msg")
    write(repo / "notes.txt", "A wοrd with a Greek omicron.\n")
    code, out = add_and_commit(repo, pre_commit_env, "Add notes")
    assert code != 0, out
    assert "SG101" in out and "U+03BF GREEK SMALL LETTER OMICRON" in out
    assert last_subject(repo) != "Add notes"

    write(repo / "notes.txt", "A word with no tricks.\n")
    code, out = add_and_commit(repo, pre_commit_env, "Add nоtes")
    assert code != 0, out
    assert "U+043E CYRILLIC SMALL LETTER O" in out

    code, out = git_commit("-m", "Add notes", cwd=repo, env=pre_commit_env)
    assert code == 0, out
    assert last_subject(repo) == "Add notes"


def test_fix_hook_moves_stray_letters_into_the_word_script(repo, hook_repo, pre_commit_env):
    install(repo, hook_repo, pre_commit_env, "spamgate-fix", "spamgate")
    page = write(repo / "docs" / "page.md", (
        "# Gu\u0456de\r\n\r\n"
        "This \u0456ntrodu\u0441tion ex\u200bplains the parser. Caf\u00e9.\r\n"
        "\u041fp\u0438\u0432\u0435\u0442, \u043c\u0438\u0440! \u041c\u044b \u043co\u0440\u0435 \u043b\u044e\u0431\u0438\u043c.\r\n"
        "\u0391\u03b8\u03ae\u03bda \u03b5\u03af\u03bd\u03b1\u03b9 \u03c0\u03cc\u03bb\u03b7.\r\n"
    ))
    code, out = add_and_commit(repo, pre_commit_env, "Add the page")
    assert code == 1, out
    assert "Fixing docs/page.md" in out
    assert "files were modified by this hook" in out
    assert "Fixed 1 file: review the changes and stage them" in out
    # Latin words get ASCII letters; the Russian and Greek words get their own letters back.
    assert page.read_bytes() == (
        "# Guide\r\n\r\nThis introduction explains the parser. Caf\u00e9.\r\n"
        "\u041f\u0440\u0438\u0432\u0435\u0442, \u043c\u0438\u0440! \u041c\u044b \u043c\u043e\u0440\u0435 \u043b\u044e\u0431\u0438\u043c.\r\n"
        "\u0391\u03b8\u03ae\u03bd\u03b1 \u03b5\u03af\u03bd\u03b1\u03b9 \u03c0\u03cc\u03bb\u03b7.\r\n"
    ).encode("utf-8")
    assert last_subject(repo) == "initial"

    code, out = add_and_commit(repo, pre_commit_env, "Add the page")
    assert code == 0, out
    assert last_subject(repo) == "Add the page"


def test_fix_hook_leaves_a_word_of_unclear_script_and_says_so(repo, hook_repo, pre_commit_env):
    install(repo, hook_repo, pre_commit_env, "spamgate-fix")
    # "Теst": two Cyrillic letters, two Latin ones, alone on its line.
    page = write(repo / "a.md", "\u0422\u0435st\n")
    code, out = add_and_commit(repo, pre_commit_env, "Add a")
    assert code == 1, out
    assert ('not fixed: a.md:1:1: "\u0422\u0435st": it has as many Cyrillic as Latin letters, and its line '
            "does not say which script it is in; retype the word in one script") in out
    assert "a.md:1:1: SG101" in out  # the finding stays
    assert "Fixing" not in out
    assert page.read_text(encoding="utf-8") == "\u0422\u0435st\n"


def test_file_over_the_size_limit_fails_the_commit(repo, hook_repo, pre_commit_env):
    install(repo, hook_repo, pre_commit_env, "spamgate")
    article = "# The Pain of Nimbus-XL\n\n" + "The model reads the text and writes a summary. " * 120000
    write(repo / "wiki" / "The-Pain-of-Nimbus-XL.md", article)  # about 5.7 MB
    size = len(article.encode("utf-8"))
    code, out = add_and_commit(repo, pre_commit_env, "Add The Pain of Nimbus-XL")
    assert code == 1, out
    assert "Failed" in out and "Passed" not in out
    assert (f"wiki/The-Pain-of-Nimbus-XL.md: error: {size} bytes is over the 5242880-byte limit (5 MiB), so it was "
            "not scanned and fails") in out
    assert "max-file-size" in out and "exclude" in out
    assert "No findings in 1 file; 1 file too large to scan, failing." in out
    assert last_subject(repo) == "initial"
