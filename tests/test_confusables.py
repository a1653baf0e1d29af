"""The confusables rules (SG101-SG106): crafted positives and near-miss negatives.

Each case is a small real file; all cases are checked by one run of the real
``spamgate check`` command (JSON output), and each file's findings are compared
with what a user should see.
"""
from __future__ import annotations

import json
import time

import pytest

from support import ROOT, check_files, spamgate, spamgate_json, write

# name -> (text, expected [(code, word, suggestion)] in order)
POSITIVE = {
    "cyrillic-in-latin": ("The іntroduсtion is short.\n",
                          [("SG101", "іntroduсtion", "introduction")]),
    "greek-capital-iota": ("Ιntroduction\n", [("SG101", "Ιntroduction", "Introduction")]),
    "cyrillic-capital-i": ("An ІnstructGPT model.\n", [("SG101", "ІnstructGPT", "InstructGPT")]),
    "no-prototype-ka": ("The worқ is done and the кey is lost.\n",
                        [("SG101", "worқ", "work"), ("SG101", "кey", "key")]),
    "komi-de": ("A FeedforwarԀ layer.\n", [("SG101", "FeedforwarԀ", "Feedforward")]),
    "coptic-khi": ("In this conteⲭt we agree.\n", [("SG101", "conteⲭt", "context")]),
    "cherokee": ("ᏀPT is a model.\n", [("SG101", "ᏀPT", "GPT")]),
    "armenian": ("Tօ be or nօt.\n", [("SG101", "Tօ", "To"), ("SG101", "nօt", "not")]),
    "tai-digit-zero": ("Look ᧐ver there.\n", [("SG101", "᧐ver", "over")]),
    "nko-ee": ("Go tߋ town.\n", [("SG101", "tߋ", "to")]),
    "latin-alpha": ("Large Languɑge Models\n", [("SG102", "Languɑge", "Language")]),
    "script-g": ("A ɡreat idea.\n", [("SG102", "ɡreat", "great")]),
    "small-capital": ("Eaʏ ᴢone\n", [("SG102", "Eaʏ", "Eay"), ("SG102", "ᴢone", "zone")]),
    "roman-fifty": ("A ⅼanguage model.\n", [("SG102", "ⅼanguage", "language")]),
    "math-bold": ("𝐇ello there.\n", [("SG102", "𝐇ello", "Hello")]),
    "alpha-as-article": ("We saw ɑ user.\n", [("SG102", "ɑ", "a")]),
    "hook-d": ("The moɗels run.\n", [("SG103", "moɗels", "models")]),
    "hook-t": ("Ƭhe end.\n", [("SG103", "Ƭhe", "The")]),
    "stroke-r": ("Use BEɌT here.\n", [("SG103", "BEɌT", "BERT")]),
    "tone-six": ("Made ƅy hand.\n", [("SG103", "ƅy", "by")]),
    "cyrillic-article": ("This is а test of the system.\n", [("SG104", "а", "a")]),
    "cyrillic-pop": ("Play some рор music tonight.\n", [("SG104", "рор", "pop")]),
    "cyrillic-after-digit": ("GPT-Neo 2.7В has more layers.\n", [("SG104", "7В", "7B")]),
    "mixed-and-whole": ("Tһis іs а tеst.\n",
                        [("SG101", "Tһis", "This"), ("SG101", "іs", "is"), ("SG104", "а", "a"),
                         ("SG101", "tеst", "test")]),
    "latin-in-cyrillic": ("Это пpивет от нас и для вас.\n", [("SG101", "пpивет", None)]),
    "identifier": ("namespace Lessons.Lesson_AtomicIntroduсtion {}\n",
                   [("SG101", "AtomicIntroduсtion", "AtomicIntroduction")]),
    "zero-width-space": ("An in\u200bvisible word.\n", [("SG105", "in\u200bvisible", "invisible")]),
    "word-joiner": ("pass\u2060word\n", [("SG105", "pass\u2060word", "password")]),
    "soft-hyphen": ("hy\u00adphen\n", [("SG105", "hy\u00adphen", "hyphen")]),
    "tag-characters": ("note\U000E0068\U000E0069 end\n", [("SG105", "note\U000E0068\U000E0069", "note")]),
    "zwj-in-latin": ("ab\u200dcd\n", [("SG105", "ab\u200dcd", "abcd")]),
    "bidi-override": ("access \u202euser\u202c level\n", [("SG106", "\u202euser\u202c", None)]),
    "bidi-unpaired-isolate": ("/* admin \u2066 */ check();\n", [("SG106", "\u2066", None)]),
}

NEGATIVE = {
    "russian": "Это короткое описание проекта. Здесь есть буквы а, о и с, и ещё ж, ш.\n",
    "russian-one-letter-words": "Я и ты, а он у дома. В саду о нас говорят с любовью.\n",
    "ukrainian": "Ця програма перевіряє файли. Вона знає про літери ї, є та ґ.\n",
    "serbian": "Ово је кратак текст на српском језику, са словима ђ, ћ, џ и љ.\n",
    "greek": "Η βιβλιοθήκη ελέγχει κάθε λέξη. Ο έλεγχος είναι γρήγορος. Το έργο.\n",
    "armenian": "Բարև ձեզ, սա հայերեն տեքստ է, որը պետք է անցնի։\n",
    "cherokee": "ᏣᎳᎩ ᎦᏬᏂᎯᏍᏗ is the Cherokee language; Ꭰ Ꭱ Ꭲ Ꭳ Ꭴ Ꭵ are its vowels.\n",
    "turkish": "Işık ve ılık sözcükleri, sanırdım ki doğru. İstanbul'da çalışıyoruz.\n",
    "vietnamese": "Công cụ này kiểm tra từng từ trong văn bản tiếng Việt.\n",
    "names-nfc": "José Martínez, Zoë Brontë, Dvořák, Søren and Łódź.\n",
    "names-nfd": "Jose\u0301 Marti\u0301nez and Zoe\u0308.\n",
    "japanese": "このツールはコミットの前に確認します。Pythonの場合は pip を使います。Cの入門。\n",
    "chinese": "该项目致力于提供高质量的软件 README_繁体中文 解决方案。\n",
    "korean": "이 도구는 커밋 전에 파일을 확인합니다. Git을 사용하세요.\n",
    "punctuation": "“Curly quotes”, ‘single’ — dashes – it’s fine\u00a0here… ½ ± × °C\n",
    "emoji": "Ship it 🚀 ✨ ❤️ 👨\u200d👩\u200d👧 🏴\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F 1\ufe0f\u20e3\n",
    "units": "A 10 kΩ resistor, 220 Ω, 5 µs, 3 μs, 100 μF and 2 MΩ.\n",
    "maths": "Let α be the rate and β the momentum; Δx → 0 and dθ is small, Δ = b·h/2, λ2.\n",
    "roman-numerals": "Chapter Ⅻ follows Ⅺ; see part ⅲ.\n",
    "ligatures": "The ﬁle has a ﬂag.\n",
    "ipa-slashes": "English large is /lɑːdʒ/ and go is [ɡoʊ] or /ɡəʊ/.\n",
    "ipa-beside": "The vowel ɑː as in father, and ɡ in tʃɑɡ.\n",
    "printf": 'msgstr "%sЭта папка пуста" и "%dФайлов", "\\nПривет", "&nbsp;Текст"\n',
    "loanword-affix": "Налаштування SELinux_ის და Linuxის, USBшка, Wi-Fi-роутер.\n",
    "persian-zwnj": "می\u200cخواهم این را بخوانم\n",
    "indic-zwj": "क्\u200dष और र\u200dय\n",
    "thai-zwsp": "ภาษา\u200bไทย\u200bง่าย\n",
    "cjk-variation": "葛\U000E0100飾 and ❤\ufe0f\n",
    "rtl-isolates": "שלום \u2067עולם\u2069 and مرحبا \u2066abc\u2069 world\n",
    "marks-in-rtl": "שלום\u200f world\n",
    "hausa": "Ɗan ɗaki yana da ƙofa da ɓera.\n",
    "fullwidth-words": "ＰＤＦファイルを開きます。\n",
    "math-styled": "𝐀𝐁𝐂 and 𝑥 as a variable.\n",
    "greek-in-formula": "with ε small, σ, τ and φ.\n",
}


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    files = {"pos": {f"{name}.txt": text for name, (text, _) in POSITIVE.items()},
             "neg": {f"{name}.txt": text for name, text in NEGATIVE.items()}}
    report = check_files(tmp_path_factory.mktemp("cases"), files, "--select", "SG1")
    return {(kind, name[:-4]): entry for (kind, name), entry in report.items()}


@pytest.mark.parametrize("name", sorted(POSITIVE))
def test_positive(results, name):
    text, expected = POSITIVE[name]
    entry = results[("pos", name)]
    got = [(f["code"], f["text"], f["suggestion"]) for f in entry["findings"]]
    assert got == expected
    for f in entry["findings"]:
        assert f["characters"], f
        assert all(c.startswith("U+") for c in f["characters"])
        for c in f["characters"]:
            assert c.split(" ", 1)[0] in f["message"]
        # The message is readable in a plain terminal: no invisible or control characters.
        assert not any(ch in f["message"] for ch in "\u200b\u2060\u00ad\u200d\u202e\u202c\u2066")
        assert not any(0xE0000 <= ord(ch) <= 0xE007F for ch in f["message"])
        assert f["severity"] == ("warning" if f["code"] == "SG103" else "error")
        assert text.splitlines()[f["line"] - 1][f["column"] - 1:f["end_column"] - 1] == f["text"]


@pytest.mark.parametrize("name", sorted(NEGATIVE))
def test_negative(results, name):
    entry = results[("neg", name)]
    assert entry["findings"] == [], [f["message"] for f in entry["findings"]]


def test_message_names_characters_and_plain_spelling(tmp_path):
    f = write(tmp_path / "a.md", "Read the іntroduсtion first.\n")
    proc = spamgate("check", "--select", "SG1", f)
    assert proc.returncode == 1
    assert ('SG101 Word "іntroduсtion" mixes Cyrillic into Latin: U+0456 CYRILLIC SMALL LETTER '
            'BYELORUSSIAN-UKRAINIAN I, U+0441 CYRILLIC SMALL LETTER ES; plain spelling "introduction"') in proc.stdout
    assert f"{f}:1:10:" in proc.stdout


def test_whole_word_lookalike_needs_a_document_without_that_script(tmp_path):
    # Only Latin-looking Cyrillic letters: the "а" is suspect.
    suspect = write(tmp_path / "en.md", "This is а test.\n")
    # The same sentence in a document that really uses Cyrillic (б д ж ш ...): fine.
    russian = write(tmp_path / "ru.md", "This is а test.\nЭто другой дом, где живут ваши друзья.\n")
    _, data = spamgate_json("--select", "SG1", str(suspect), str(russian))
    by_path = {e["path"]: e for e in data["files"]}
    assert [f["code"] for f in by_path[str(suspect)]["findings"]] == ["SG104"]
    assert by_path[str(russian)]["findings"] == []


def test_tag_characters_reveal_hidden_text(tmp_path):
    hidden = "".join(chr(0xE0000 + ord(c)) for c in "rm -rf")
    f = write(tmp_path / "t.md", f"Harmless{hidden} words.\n")
    proc = spamgate("check", "--select", "SG105", f)
    assert proc.returncode == 1
    assert 'tag characters spell hidden text "rm -rf"' in proc.stdout


def test_examples_only_the_spam_one_is_flagged():
    # --isolated: the project's own settings leave the spam example out.
    proc = spamgate("check", "--isolated", "--format", "json", ROOT / "examples")
    assert proc.returncode == 1, proc.stderr
    files = {e["path"].replace("\\", "/").rsplit("/", 1)[-1]: e for e in json.loads(proc.stdout)["files"]}
    assert set(files) == {"spam-like-article.md", "multilingual-notes.md"}
    assert files["multilingual-notes.md"]["findings"] == []
    assert files["multilingual-notes.md"]["verdict"] == "clean"
    codes = {f["code"] for f in files["spam-like-article.md"]["findings"]}
    assert {"SG101", "SG102", "SG103", "SG104", "SG105"} <= codes
    assert files["spam-like-article.md"]["failed"]


def test_rules_command_documents_every_check():
    for code, name in (("SG101", "mixed-script-word"), ("SG102", "restricted-latin-lookalike"),
                       ("SG103", "rare-latin-letter"), ("SG104", "whole-word-lookalike"),
                       ("SG105", "invisible-character"), ("SG106", "bidi-control")):
        proc = spamgate("rules", code)
        assert proc.returncode == 0, proc.stderr
        assert code in proc.stdout and name in proc.stdout


def test_deconfuse_api():
    from spamgate.deconfuse import prototype, to_ascii

    assert to_ascii("іntroduсtion Ιntroduction worқ ⅿe ᧐ver") == "introduction Introduction work me over"
    assert to_ascii("plain ASCII, unchanged!") == "plain ASCII, unchanged!"
    assert prototype("а") == "a" and prototype("І") == "I" and prototype("ɗ") == "d"
    assert prototype("a") is None and prototype("д") is None


def test_speed_of_rule_on_large_text():
    """Per-word work only where non-ASCII characters are: 1 MB of prose with look-alikes."""
    from spamgate.model import Document
    from spamgate.rules import confusables, invisible

    para = ("The quick brown fox jumps over the lazy dog while the model reads the іntroduсtion "
            "of a long report about language processing and its many applications.\n")
    text = para * (1_000_000 // len(para))
    doc = Document(path="big.md", text=text)
    list(confusables.find(Document(path="warm.md", text=para)))
    t0 = time.perf_counter()
    found = list(confusables.find(doc)) + list(invisible.find(doc))
    elapsed = time.perf_counter() - t0
    assert len(found) == text.count("іntroduсtion")
    assert elapsed < 5.0, elapsed


@pytest.mark.parametrize("text", [
    "а" * 200_000,                      # one enormous word
    "аb " * 30_000,                     # a finding on every word
    "a\u200b" * 50_000,                # invisible characters all through one word
    "\u202e" * 50_000,                 # one line of bidi overrides
    "/" + "ɑ " * 40_000,               # an IPA opener that never closes
    "а " * 50_000,                     # whole-word look-alikes without Latin context
    "%Эта" * 25_000,                    # placeholders glued to every word
    "Pythonの" * 25_000,                 # scripts without spaces glued to Latin
], ids=["huge-word", "many-findings", "zwsp-flood", "bidi-flood", "open-slash", "lookalike-words",
        "placeholders", "nospace"])
def test_hostile_input_takes_linear_time(text):
    from spamgate.model import Document
    from spamgate.rules import confusables, invisible

    doc = Document(path="hostile.txt", text=text)
    t0 = time.perf_counter()
    for f in [*confusables.find(doc), *invisible.find(doc)]:
        assert doc.text[f.offset:f.end_offset] == f.text
    assert time.perf_counter() - t0 < 10.0
