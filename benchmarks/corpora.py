"""Generate the benchmark corpora, deterministically, under benchmarks/out/corpora/.

    python benchmarks/corpora.py [--mb 10] [--force]

Three corpora of text files, each at least ``--mb`` megabytes:

- ``english``: English prose in markdown, with 1 % of the words carrying one
  look-alike letter (Cyrillic, Greek, Armenian, Latin IPA, Roman numeral);
- ``code``: ASCII source code (Python, C and JavaScript flavours);
- ``multilingual``: prose in Russian, Greek, Chinese and Vietnamese, with the
  English product names and shell commands such documents carry.

The word lists below are written for this generator; the sentences are random
arrangements of them, so the text is nonsense with the statistics of prose.
A seeded ``random.Random`` makes every run produce the same bytes; a stamp file
records the parameters, and a corpus is rebuilt only when they change.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import out_dir  # noqa: E402

VERSION = 3
SEED = 20261122

ENGLISH = """
the of and to in a is that for it as was with be by on not he this are or his from at which but have
an they you were her she there been one all we their has would when if so no will more can about said
what up its into than them only other time new some could these two may first then do any like my now
over such our man me even most made after also did many before must through back years where much your
way well down should because each just those people how too little state good very make world still own
see men work long get here between both life being under never day same another know while last might us
great old year off come since against go came right used take three states himself few house use during
without again place around however home small found thought went say part once general high upon school
every does got united left number course war until always away something fact though water less public put
think almost hand enough far took head yet government system better set told nothing night end why called
didn't eyes find going look asked later knew point next program city business give group toward young days
let room president side social given present several order national possible rather second face per among
form important often things looking early white case john become large big need four within felt along
children saw best church ever least power development light thing seemed family interest want members mind
country area others done turned although open god service certain kind problem began different door thus
help sense means whole matter perhaps itself york it's times law human line above name example action
company hands local show whether five history gave today either act feet across taken past quite anything
having seen death experience body word half really field am car words already themselves information tell
together college shall money period held keep sure free seems real behind cannot miss political air
question making office brought whose special heard major problems ago became federal moment study available
known result street economic boy position reason change south board individual job areas society west close
turn love community true court force full seem am policy voice common control data model training language
network repository release version branch merge commit review library install documentation module server
client request response cache memory thread process package build test feature option default output input
""".split()

TECH = """
transformer encoder decoder tokenizer embedding gradient optimizer checkpoint dataset benchmark latency
throughput inference pipeline container cluster scheduler webhook endpoint schema migration parser compiler
""".split()

# One look-alike per ASCII letter that the spam genre uses (code points only; no text copied).
LOOKALIKES = {
    "a": ["\u0430", "\u0251"], "c": ["\u0441", "\u217d"], "d": ["\u0501", "\u217e"], "e": ["\u0435"],
    "g": ["\u0261"], "h": ["\u04bb"], "i": ["\u0456"], "j": ["\u0458"], "l": ["\u217c"],
    "o": ["\u043e", "\u03bf", "\u0585"], "p": ["\u0440", "\u03c1"], "s": ["\u0455"], "u": ["\u057d"],
    "v": ["\u03bd"], "x": ["\u0445"], "y": ["\u0443", "\u028f"], "z": ["\u1d22"],
}

RUSSIAN = """
и в не на я быть он с что а по это она этот к но они мы как из у который то за свой весь год от так о
для ты же все тот мочь вы человек такой его сказать только или еще бы себя один как уже до время если
сам когда другой вот говорить наш мой знать стать при чтобы дело жизнь кто первый очень два день её
новый рука даже во со раз где там под можно ну какой после их работа без самый потом надо хотеть ли
слово идти большой должен место иметь ничего сейчас тут лицо каждый друг нет теперь ни глаз тоже тогда
видеть вопрос через да здесь дом сторона страна мир случай голова ребенок сила конец вид система часть
город отношение женщина деньги земля машина вода отец проблема час право нога решение дверь образ
история власть закон война бог голос тысяча книга возможность результат ночь стол никто имя область
статья число компания народ жена группа развитие процесс суд условие средство начало свет пора путь
душа уровень форма связь минута улица вечер качество мысль дорога мать действие месяц государство язык
любовь взгляд мама играть век школа цель общество деятельность организация президент комната порядок
момент театр следовать читать письмо помощь сервер файл ветка репозиторий сборка проверка настройка
установка пакет модуль функция значение параметр запрос ответ ошибка версия выпуск обновление
""".split()

GREEK = """
και το η της να του ο με που τα σε την για τον από δεν των στο θα είναι ότι οι στην ένα τη μια
στα αλλά πιο ή τους όταν μας αυτό έχει μου σας αν είχε ήταν αυτή μόνο όπως πολύ όλα καθώς στον
χρόνο μέρα άνθρωπος ζωή κόσμος χώρα πόλη σπίτι δουλειά νερό γη ουρανός θάλασσα δρόμος βιβλίο γλώσσα
λέξη φωνή ιστορία σχολείο παιδί μητέρα πατέρας φίλος όνομα αρχή τέλος ώρα νύχτα πρωί βράδυ καιρός
μεγάλος μικρός νέος παλιός καλός κακός πρώτος τελευταίος ίδιος άλλος κάθε πάντα ποτέ τώρα εδώ εκεί
γράφω διαβάζω μιλώ ακούω βλέπω ξέρω θέλω μπορώ κάνω πηγαίνω έρχομαι δίνω παίρνω βρίσκω μένω αρχίζω
σύστημα πρόγραμμα αρχείο έκδοση ρύθμιση εγκατάσταση δοκιμή σφάλμα διακομιστής αίτημα απάντηση
μονάδα συνάρτηση τιμή παράμετρος αποθετήριο κλάδος συγχώνευση αλλαγή έλεγχος ασφάλεια χρήστης
""".split()

CHINESE = """
我们 你们 他们 这个 那个 什么 时候 可以 因为 所以 但是 如果 已经 还是 就是 没有 知道 觉得 现在 今天
明天 昨天 工作 学习 生活 问题 方法 系统 程序 文件 版本 更新 安装 配置 服务 用户 数据 网络 安全 测试
代码 仓库 分支 合并 提交 发布 文档 说明 功能 模块 函数 参数 结果 错误 警告 信息 请求 响应 缓存 内存
进程 线程 性能 速度 时间 空间 中国 世界 国家 城市 社会 经济 文化 历史 科学 技术 教育 学校 老师 学生
朋友 家庭 孩子 父母 身体 健康 天气 春天 夏天 秋天 冬天 山水 河流 大海 森林 动物 植物 音乐 电影 书籍
语言 文字 汉字 翻译 阅读 写作 讨论 研究 发展 变化 重要 简单 复杂 容易 困难 需要 应该 希望 开始 结束
继续 完成 使用 支持 提供 包括 通过 进行 发现 解决 管理 设计 实现 运行 检查 修改 删除 添加 创建 保存
""".split()

VIETNAMESE = """
và của là có không được người những một các trong cho này với đã để từ khi như đến thì cũng nhưng
về sẽ ra nhiều làm đi nói năm mình nước tôi chúng ta họ đó rất lại còn theo vì nếu việc thể sau
trên nào biết phải thời gian ngày đây hơn cần đều bạn vào mới nhà chỉ hai điều đất trước thế giới
cuộc sống gia đình học sinh trường công ty thành phố quốc gia lịch sử văn hóa kinh tế xã hội khoa học
kỹ thuật phần mềm máy tính dữ liệu hệ thống chương trình tập tin phiên bản cập nhật cài đặt cấu hình
người dùng máy chủ yêu cầu phản hồi lỗi kiểm tra bảo mật mạng tốc độ bộ nhớ nhánh kho mã nguồn
đẹp tốt xấu lớn nhỏ mạnh yếu nhanh chậm nóng lạnh xanh đỏ vàng trắng đen sáng tối mưa nắng gió biển
""".split()

# Sentence punctuation per language: (sentence end, comma, join)
PUNCT = {"ru": (".", ",", " "), "el": (".", ",", " "), "zh": ("。", "，", ""), "vi": (".", ",", " ")}
WORDS = {"ru": RUSSIAN, "el": GREEK, "zh": CHINESE, "vi": VIETNAMESE}
HEADINGS = {"ru": "Описание", "el": "Περιγραφή", "zh": "说明", "vi": "Mô tả"}
COMMANDS = ["pip install spamgate", "git push origin main", "make test", "npm run build",
            "docker compose up -d", "cargo build --release", "python -m pytest -q"]


class Corpus:
    """Random text from fixed word lists; ``injected`` counts look-alike words."""

    def __init__(self, seed: int, lookalike_rate: float = 0.0):
        self.rng = random.Random(seed)
        self.rate = lookalike_rate
        self.injected = 0

    # English -----------------------------------------------------------------
    def english_word(self) -> str:
        rng = self.rng
        word = rng.choice(ENGLISH) if rng.random() < 0.97 else rng.choice(TECH)
        if self.rate and rng.random() < self.rate:
            spots = [i for i, ch in enumerate(word) if ch in LOOKALIKES]
            if spots:
                i = rng.choice(spots)
                word = word[:i] + rng.choice(LOOKALIKES[word[i]]) + word[i + 1:]
                self.injected += 1
        return word

    def english_sentence(self) -> str:
        rng = self.rng
        n = rng.randint(6, 22)
        words = [self.english_word() for _ in range(n)]
        if n > 10 and rng.random() < 0.5:
            words[rng.randint(3, n - 3)] += ","
        words[0] = words[0][:1].upper() + words[0][1:]
        return " ".join(words) + rng.choice(".....?!")

    def english_paragraph(self) -> str:
        rng = self.rng
        text = " ".join(self.english_sentence() for _ in range(rng.randint(2, 7)))
        if rng.random() < 0.15:
            word = self.english_word()
            text += f" See [{word}](https://docs.example.org/{word.lower()}/{rng.randint(1, 999)}) for more."
        if rng.random() < 0.1:
            text += f" Run `{rng.choice(COMMANDS)}` first."
        return text

    def english_document(self, size: int) -> str:
        rng = self.rng
        title = " ".join(self.english_word() for _ in range(rng.randint(2, 6))).title()
        parts = [f"# {title}", ""]
        total = len(title)
        while total < size:
            r = rng.random()
            if r < 0.08:
                block = "## " + " ".join(self.english_word() for _ in range(rng.randint(1, 5))).capitalize()
            elif r < 0.16:
                block = "\n".join("- " + self.english_sentence() for _ in range(rng.randint(2, 6)))
            else:
                block = self.english_paragraph()
            parts += [block, ""]
            total += len(block) + 1
        return "\n".join(parts)

    # Code --------------------------------------------------------------------
    def ident(self, camel: bool = False) -> str:
        rng = self.rng
        words = [w for w in (rng.choice(ENGLISH) for _ in range(rng.randint(1, 3))) if w.isalpha()] or ["value"]
        if camel:
            return words[0] + "".join(w.title() for w in words[1:])
        return "_".join(words)

    def python_function(self) -> str:
        rng = self.rng
        name, args = self.ident(), [self.ident() for _ in range(rng.randint(0, 4))]
        lines = [f"def {name}({', '.join(args)}):", f'    """{self.english_sentence()}"""']
        for _ in range(rng.randint(2, 12)):
            kind = rng.random()
            var = self.ident()
            if kind < 0.3:
                lines.append(f"    {var} = {rng.choice(args or ['None'])} + {rng.randint(0, 4096)}")
            elif kind < 0.5:
                lines.append(f"    # {self.english_sentence()}")
            elif kind < 0.7:
                lines.append(f"    if {var} is not None and len({var}) > {rng.randint(1, 80)}:")
                lines.append(f'        raise ValueError("{self.english_sentence()}")')
            elif kind < 0.85:
                lines.append(f"    for item in {var}:")
                lines.append(f"        {self.ident()}.append(item.{self.ident()}())")
            else:
                lines.append(f"    log.debug('%s: %d', {var!r}, {rng.randint(0, 99)})")
        lines.append(f"    return {rng.choice(args or ['None'])}")
        return "\n".join(lines) + "\n"

    def c_function(self) -> str:
        rng = self.rng
        name = self.ident()
        lines = [f"/* {self.english_sentence()} */", f"static int {name}(const char *buf, size_t len)", "{"]
        for _ in range(rng.randint(2, 12)):
            kind = rng.random()
            var = self.ident()
            if kind < 0.4:
                lines.append(f"    int {var} = buf[len % {rng.randint(1, 64)}] ^ 0x{rng.randint(0, 255):02x};")
            elif kind < 0.6:
                lines.append(f"    // {self.english_sentence()}")
            elif kind < 0.8:
                lines.append(f"    if (len > {rng.randint(1, 4096)}) {{ return -{rng.randint(1, 40)}; }}")
            else:
                lines.append(f'    fprintf(stderr, "{self.ident()}: %zu\\n", len);')
        lines.append("    return 0;\n}")
        return "\n".join(lines) + "\n"

    def js_function(self) -> str:
        rng = self.rng
        name = self.ident(camel=True)
        lines = [f"// {self.english_sentence()}", f"export async function {name}(options = {{}}) {{"]
        for _ in range(rng.randint(2, 10)):
            kind = rng.random()
            var = self.ident(camel=True)
            if kind < 0.4:
                lines.append(f"  const {var} = await fetch(`/api/{self.ident()}/${{options.id}}`);")
            elif kind < 0.6:
                lines.append(f"  // {self.english_sentence()}")
            else:
                lines.append(f"  if (!{var}) throw new Error('{self.english_sentence()}');")
        lines.append(f"  return {{ ok: true, count: {rng.randint(0, 100)} }};\n}}")
        return "\n".join(lines) + "\n"

    def code_file(self, size: int, flavour: str) -> str:
        make = {"py": self.python_function, "c": self.c_function, "js": self.js_function}[flavour]
        head = {"py": '"""%s"""\nimport os\nimport sys\n\n', "c": "/* %s */\n#include <stdio.h>\n#include <string.h>\n\n",
                "js": "// %s\n'use strict';\n\n"}[flavour] % self.english_sentence()
        parts, total = [head], len(head)
        while total < size:
            block = make() + "\n"
            parts.append(block)
            total += len(block)
        return "".join(parts)

    # Multilingual ------------------------------------------------------------
    def foreign_sentence(self, lang: str) -> str:
        rng = self.rng
        end, comma, join = PUNCT[lang]
        words = [rng.choice(WORDS[lang]) for _ in range(rng.randint(5, 18))]
        if rng.random() < 0.12:  # a product or tool name in ASCII, as real documents have
            words.insert(rng.randint(0, len(words)), rng.choice(["GitHub", "Python", "Linux", "API", "JSON", "HTTP", "Docker"]))
        if len(words) > 8 and rng.random() < 0.5:
            words[rng.randint(2, len(words) - 3)] += comma
        if lang != "zh":
            words[0] = words[0][:1].upper() + words[0][1:]
        text = join.join(words)
        return text + end

    def foreign_document(self, size: int, lang: str) -> str:
        rng = self.rng
        join = PUNCT[lang][2]
        parts = [f"# {HEADINGS[lang]}: {join.join(rng.choice(WORDS[lang]) for _ in range(3))}", ""]
        total = 0
        while total < size:
            r = rng.random()
            if r < 0.06:
                block = f"```sh\n{rng.choice(COMMANDS)}\n```"
            elif r < 0.14:
                block = "## " + join.join(rng.choice(WORDS[lang]) for _ in range(rng.randint(1, 4)))
            else:
                block = join.join(self.foreign_sentence(lang) for _ in range(rng.randint(2, 6)))
            parts += [block, ""]
            total += len(block.encode()) + 1
        return "\n".join(parts)


def _sizes(rng: random.Random, low: int, high: int):
    """File sizes spread log-uniformly between low and high bytes."""
    import math

    while True:
        yield int(math.exp(rng.uniform(math.log(low), math.log(high))))


def generate(name: str, target_bytes: int, seed: int = SEED) -> dict:
    """Write one corpus; return its stamp (files, bytes, look-alike words injected)."""
    directory = out_dir("corpora", name)
    for old in directory.rglob("*"):
        if old.is_file():
            old.unlink()
    corpus = Corpus(seed + hash_name(name), lookalike_rate=0.01 if name == "english" else 0.0)
    sizes = _sizes(random.Random(seed), 1500, 64000)
    total = files = 0
    while total < target_bytes:
        size = next(sizes)
        if name == "english":
            text, path = corpus.english_document(size), f"docs/{files // 100:02d}/page-{files:04d}.md"
        elif name == "code":
            flavour = ("py", "c", "js")[files % 3]
            text, path = corpus.code_file(size, flavour), f"src/pkg{files // 100:02d}/module_{files:04d}.{flavour}"
        else:
            lang = ("ru", "el", "zh", "vi")[files % 4]
            text, path = corpus.foreign_document(size, lang), f"{lang}/{files // 100:02d}/doc-{files:04d}.md"
        data = text.encode("utf-8")
        target = directory / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        total += len(data)
        files += 1
    return {"name": name, "files": files, "bytes": total, "lookalike_words": corpus.injected, "seed": seed,
            "version": VERSION}


def hash_name(name: str) -> int:
    """A stable per-corpus seed offset (``hash()`` of a str varies between runs)."""
    return sum(ord(c) * 31 ** i for i, c in enumerate(name)) % 1_000_003


NAMES = ("english", "code", "multilingual")


def ensure(mb: float = 10.0, force: bool = False, names=NAMES) -> dict[str, dict]:
    """Generate missing or outdated corpora; return their stamps."""
    stamps = {}
    for name in names:
        stamp_path = out_dir("corpora") / f"{name}.json"
        want = {"mb": mb, "seed": SEED, "version": VERSION}
        if not force and stamp_path.exists():
            stamp = json.loads(stamp_path.read_text())
            if all(stamp.get(k) == v for k, v in want.items()):
                stamps[name] = stamp
                continue
        print(f"generating corpus {name} ({mb} MB)...", file=sys.stderr, flush=True)
        stamp = generate(name, int(mb * 1_000_000))
        stamp.update(want)
        stamp_path.write_text(json.dumps(stamp, indent=2) + "\n")
        stamps[name] = stamp
    return stamps


def corpus_dir(name: str) -> Path:
    return out_dir("corpora", name)


def corpus_files(name: str) -> list[Path]:
    return sorted(p for p in corpus_dir(name).rglob("*") if p.is_file())


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--mb", type=float, default=10.0, help="size of each corpus in MB (default 10)")
    p.add_argument("--force", action="store_true", help="regenerate even when up to date")
    args = p.parse_args(argv)
    for name, stamp in ensure(args.mb, args.force).items():
        print(f"{name}: {stamp['files']} files, {stamp['bytes'] / 1e6:.1f} MB, "
              f"{stamp['lookalike_words']} look-alike words -> {corpus_dir(name)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
