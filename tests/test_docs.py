"""The README and the documentation site tell the truth.

Every `>>>` example prints what the page says (doctest); every other ```python block runs on
its own, from an empty folder, and writes nothing into the repository; the pictures of
docs/viz.md are what docs/make_pictures.py draws today; the site builds with `mkdocs build
--strict` (no broken link, no page left out of the navigation).
"""

from __future__ import annotations

import contextlib
import doctest
import importlib.util
import io
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from test_viz_svg import all_texts

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.rglob("*.md"))
FILES = [ROOT / "README.md", *PAGES]
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def name(path: Path) -> str:
    return str(path.relative_to(ROOT))


def plain_blocks() -> list[tuple[str, int, str]]:
    """(file, block number, code) of every ```python block that is not a doctest."""
    found = []
    for path in FILES:
        for k, code in enumerate(BLOCK.findall(path.read_text("utf-8"))):
            if ">>>" not in code:
                found.append((name(path), k, code))
    return found


def tracked_state() -> str:
    """What git sees as changed in the repository (tracked and untracked, out/ ignored)."""
    try:
        return subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True,
                              text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return ""


@pytest.mark.parametrize("path", FILES, ids=name)
def test_examples_print_what_the_page_says(path: Path) -> None:
    result = doctest.testfile(str(path), module_relative=False,
                              optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    assert result.failed == 0


def test_the_pages_have_examples() -> None:
    attempted = 0
    for path in FILES:
        parser = doctest.DocTestParser()
        attempted += len(parser.get_examples(path.read_text("utf-8")))
    assert attempted >= 80  # the engine, functional API, nn, tensors, errors, compatibility ...
    assert len(plain_blocks()) >= 10


@pytest.mark.parametrize("where,index,code", plain_blocks(),
                         ids=[f"{f}#{k}" for f, k, _ in plain_blocks()])
def test_code_block_runs_alone_and_writes_nothing_tracked(
        where: str, index: int, code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if re.search(r"^\s*(import .*\btorch\b|from torch\b)", code, re.M) and \
            importlib.util.find_spec("torch") is None:
        pytest.skip("needs torch (the extra `torch`)")
    before = tracked_state()
    monkeypatch.chdir(tmp_path)
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(code, f"{where} block {index}", "exec"), {"__name__": "__main__"})  # noqa: S102
    assert tracked_state() == before, f"{where} block {index} changed files in the repository"


def test_readme_is_short_and_names_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    assert len(readme.splitlines()) <= 300
    makefile = (ROOT / "Makefile").read_text("utf-8")
    for target in ("demo", "test", "docs"):
        assert f"make {target}" in readme
        assert f"\n{target}:" in makefile
    # every page of the README's links exists
    for link in re.findall(r"\]\((docs/[^)#]+)", readme):
        assert (ROOT / link).exists(), link


def test_every_lecture_topic_has_a_page_and_a_notebook() -> None:
    pages = {p.stem for p in (DOCS / "lectures").glob("*.md")}
    assert pages == {"paths", "forward-reverse", "backprop", "xor", "activations-losses",
                     "universal-approximation", "digits"}
    notebooks = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.py"))
    assert len(notebooks) == 7
    index = (DOCS / "index.md").read_text("utf-8")
    for notebook in notebooks:
        assert notebook in index


def test_pictures_are_what_the_code_draws(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("make_pictures", DOCS / "make_pictures.py")
    assert spec is not None and spec.loader is not None
    make_pictures = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_pictures)
    with contextlib.redirect_stdout(io.StringIO()):
        made = make_pictures.main(tmp_path)
    committed = sorted(p.relative_to(DOCS / "pictures") for p in (DOCS / "pictures").rglob("*.svg"))
    drawn = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.svg"))
    assert drawn == committed, "run: python docs/make_pictures.py"
    assert len(made) >= 12
    for rel in drawn:
        # Graphviz versions lay out differently; the words and numbers must be the same.
        new = sorted(all_texts((tmp_path / rel).read_text("utf-8")))
        old = sorted(all_texts((DOCS / "pictures" / rel).read_text("utf-8")))
        assert new == old, f"docs/pictures/{rel} is stale: run python docs/make_pictures.py"
    viz_page = (DOCS / "viz.md").read_text("utf-8")
    for rel in drawn:
        if "/" not in str(rel):
            assert f"pictures/{rel}" in viz_page  # every picture kind is shown


def test_the_lecture_picture_shows_the_lectures_numbers() -> None:
    texts = set(all_texts((DOCS / "pictures" / "both.svg").read_text("utf-8")))
    assert {"← ∂e/∂a = 2", "← ∂e/∂b = 5", "→ ∂e/∂b = 5", "∂e/∂c = d = 2", "∂e/∂d = c = 3"} <= texts


def test_every_command_line_example_runs(tmp_path: Path) -> None:
    page = (DOCS / "cli.md").read_text("utf-8")
    commands = re.findall(r"^python -m viz (.*?)(?:\s+#.*)?$", page, re.M)
    assert len(commands) >= 3
    for command in commands:
        args = shlex.split(command.replace("-o e.png", "-o e.dot"))  # PNG needs the system dot
        if ">" in args:
            args = args[:args.index(">")]
        proc = subprocess.run([sys.executable, "-m", "viz", *args], cwd=tmp_path, capture_output=True,
                              text=True, check=False, env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert proc.returncode == 0, f"python -m viz {command}: {proc.stderr}"
    assert "∂e/∂b = 5" in " ".join(all_texts((tmp_path / "e.svg").read_text("utf-8")))


def test_site_builds_strictly(tmp_path: Path) -> None:
    pytest.importorskip("mkdocs")
    pytest.importorskip("material")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir",
                           str(tmp_path / "site")], cwd=ROOT, capture_output=True, text=True,
                          env=env, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (tmp_path / "site" / "lectures" / "paths" / "index.html").exists()
    assert (tmp_path / "site" / "pictures" / "backprop" / "index.html").exists()
