"""python -m viz: the lecture example drawn from the command line with ∂e/∂a = 2, ∂e/∂b = 5
(e = (a + b)(b + 1) at a = 2, b = 1: ∂e/∂c = b + 1 = 2, ∂e/∂d = a + b = 3), and code refused
without being run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_viz_svg import all_texts, edge_triples, nodes_by_id

from viz.cli import main
from viz.expression import ExpressionError, build, functions

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "viz", *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=120, check=False)


def test_lecture_example_both_modes(tmp_path: Path) -> None:
    proc = run("e = (a + b) * (b + 1)", "--at", "a=2", "b=1", "--mode", "both", "--wrt", "b",
               "-o", "e.svg", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    svg = (tmp_path / "e.svg").read_text("utf-8")
    nodes = {n.first: n.texts for n in nodes_by_id(svg).values()}
    assert nodes["a"][-2:] == ["← ∂e/∂a = 2", "→ ∂a/∂b = 0"]
    assert nodes["b"][-2:] == ["← ∂e/∂b = 5", "→ ∂b/∂b = 1"]
    assert nodes["a+b"][-2] == "← ∂e/∂(a+b) = 2" and nodes["b+1"][-2] == "← ∂e/∂(b+1) = 3"
    assert {("a+b", "e = (a+b)·(b+1)", "∂e/∂(a+b) = b+1 = 2"),
            ("b+1", "e = (a+b)·(b+1)", "∂e/∂(b+1) = a+b = 3")} <= set(edge_triples(svg))


def test_the_issues_command_names_the_output_after_its_file(tmp_path: Path) -> None:
    """The command exactly as the issue writes it, without "e =": -o e.svg names the output e."""
    proc = run("(a + b) * (b + 1)", "--at", "a=2", "b=1", "--mode", "both", "--wrt", "b",
               "-o", "e.svg", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    nodes = {n.first: n.texts for n in nodes_by_id((tmp_path / "e.svg").read_text("utf-8")).values()}
    assert nodes["a"][-2] == "← ∂e/∂a = 2" and nodes["b"][-2] == "← ∂e/∂b = 5"


def test_unnamed_output_to_stdout_and_a_highlighted_path(tmp_path: Path) -> None:
    proc = run("(a + b) * (b + 1)", "--at", "a=2", "b=1", "--wrt", "b", "--highlight-path", "2",
               cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    texts = all_texts(proc.stdout)
    assert "∂y/∂a = 2" in texts and "∂y/∂b = 5" in texts
    paths = [t for t in texts if t.startswith("path b")]
    assert len(paths) == 1 and paths[0].endswith(("= 2", "= 3"))


@pytest.mark.parametrize("text, why", [
    ("__import__('os')", "a call of an unknown function"),
    ("__import__('os').system('touch pwned')", "a call of an unknown function"),
    ("a.real", "a Attribute"), ("[a][0]", "a Subscript"), ("sin(x=a)", "takes exactly one"),
    ("'a' * 3", "a str constant"), ("lambda: 0", "a Lambda"), ("a if a else b", "a IfExp"),
    ("(a := 3)", "a NamedExpr"), ("a; b", "2 statements"), ("a +", "not valid syntax"),
])
def test_code_is_refused_without_running(text: str, why: str, tmp_path: Path) -> None:
    proc = run(text, "--at", "a=1", "b=2", "x=3", cwd=tmp_path)
    assert proc.returncode == 2 and why in proc.stderr and "Traceback" not in proc.stderr
    assert list(tmp_path.iterdir()) == []  # nothing ran, nothing written
    with pytest.raises(ExpressionError, match="expression"):
        build(text, {"a": 1.0, "b": 2.0, "x": 3.0})


def test_errors_name_the_problem(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["a * q", "--at", "a=1"]) == 2
    assert "no value for 'q'; give one with --at q=NUMBER" in capsys.readouterr().err
    assert main(["a * b", "--at", "a=1", "b=2", "--mode", "forward"]) == 2
    assert "need --wrt NAME (one of a, b)" in capsys.readouterr().err
    assert main(["a * b", "--at", "a=1", "b=2", "--wrt", "b", "--highlight-path", "3"]) == 2
    assert "there are 1 path(s) from b" in capsys.readouterr().err
    assert main(["log(a)", "--at", "a=-1"]) == 2
    assert "log" in capsys.readouterr().err
    assert main(["2 + 3", "--at", "a=1"]) == 2
    assert "no variable to differentiate" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        main(["a", "--at", "a=one"])
    assert exit_info.value.code == 2 and "'one' is not a number" in capsys.readouterr().err


def test_function_table_comes_from_the_primitives() -> None:
    from autograd.primitives import UNARY
    table = functions()
    assert {"sin", "exp", "tanh", "log", "sigmoid", "relu"} <= set(table)
    assert set(table) - {"abs"} <= set(UNARY) and "__import__" not in table
    y, used = build("sin(x) ** 2 + tanh(x * y)", {"x": 0.5, "y": 2.0})
    import math
    assert y.data == pytest.approx(math.sin(0.5) ** 2 + math.tanh(1.0)) and set(used) == {"x", "y"}
