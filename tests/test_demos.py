"""The demos run with --quick and print what the lectures say, checked against independent
references: forward sweeps = n and reverse sweeps = m, 3^k paths, XOR's truth table, the
derivative table's closed forms (written out again here), 3N + 1 parameters. No timings."""

from __future__ import annotations

import math
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = ["forward_vs_reverse", "paths", "xor", "chain_rule", "moons", "universal_approximation"]


def cells(line: str) -> list[str]:
    """A table line's cells: they are separated by two or more spaces."""
    return re.split(r"\s{2,}", line.strip())


def rows_after(text: str, *headers: str) -> list[list[str]]:
    """The rows of the first table whose header starts with the cells ``headers`` (the table
    ends at the first blank line)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if cells(line)[:len(headers)] == list(headers))
    rows = []
    for line in lines[start + 2:]:
        if not line.strip():
            break
        rows.append(cells(line))
    return rows


def run(capsys: pytest.CaptureFixture[str], module: str, *argv: str) -> str:
    demo = __import__(f"demos.{module}", fromlist=["main"])
    assert demo.main(list(argv)) == 0
    return capsys.readouterr().out


def assert_svg(path: Path) -> None:
    assert path.is_file(), f"{path} was not written"
    assert "<svg" in path.read_text(encoding="utf-8")[:2000]


# ----------------------------------------------------------------------------- forward vs reverse


def test_forward_vs_reverse_quick(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = run(capsys, "forward_vs_reverse", "--quick", "--out", str(tmp_path))
    rows = rows_after(out, "n", "m")
    grid = {(int(r[0]), int(r[1])) for r in rows}
    assert grid == {(n, m) for n in (1, 10, 100) for m in (1, 10, 100)}
    for r in rows:
        n, m = int(r[0]), int(r[1])
        assert int(r[3]) == n, f"forward sweeps for n={n}"  # forward pays per input
        assert int(r[6]) == m, f"reverse sweeps for m={m}"  # reverse pays per output
        assert float(r[10]) < 1e-12, f"Jacobians differ at (n, m) = ({n}, {m})"
    for r in rows_after(out, "P", "layers"):
        assert float(r[-1]) < 1e-12, f"forward and reverse gradients differ at P = {r[0]}"
    assert f"wrote {tmp_path / 'forward_vs_reverse.svg'}" in out
    assert_svg(tmp_path / "forward_vs_reverse.svg")
    assert_svg(tmp_path / "colah.svg")


def test_counting_sweeps_count_edges() -> None:
    """y = x1 * x2: a forward sweep from x1 multiplies on 1 edge, a reverse sweep on 2."""
    import autograd as ag
    from demos._sweeps import CountingSweeps

    x1, x2 = ag.Value(3.0), ag.Value(4.0)
    y = x1 * x2
    forward, reverse = CountingSweeps(ag.topological_order(y)), CountingSweeps(ag.topological_order(y))
    assert forward.jacobian_forward([x1, x2], [y]) == [[4.0, 3.0]]
    assert reverse.jacobian_reverse([x1, x2], [y]) == [[4.0, 3.0]]
    assert (forward.sweeps, forward.edge_visits) == (2, 2)
    assert (reverse.sweeps, reverse.edge_visits) == (1, 2)


def test_forward_vs_reverse_plot_without_matplotlib(monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path) -> None:
    from demos import forward_vs_reverse

    monkeypatch.setattr(forward_vs_reverse, "pyplot", lambda: None)
    assert forward_vs_reverse.plot([], [], tmp_path / "x.svg") is None
    assert "matplotlib is not installed" in capsys.readouterr().out
    assert not (tmp_path / "x.svg").exists()


# ----------------------------------------------------------------------------- paths


def test_paths_quick(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = run(capsys, "paths", "--quick", "--out", str(tmp_path))
    rows = rows_after(out, "k", "paths")
    assert [int(r[0]) for r in rows][:3] == [1, 2, 3]
    summed = 0
    for r in rows:
        k = int(r[0])
        assert int(r[1]) == 3 ** k
        assert int(r[4]) == 3 * k  # forward: the 3 parallel edges of each diamond
        assert int(r[6]) == 6 * k  # reverse: those and the 3 edges from the weights
        assert float(r[9]) < 1e-12
        summed += r[3] != "skipped"
    assert summed >= 5  # the path sum ran for the small chains, then stopped
    assert rows[-1][3] == "skipped"
    assert_svg(tmp_path / "paths.svg")


def test_paths_lecture_example() -> None:
    """k = 2: the 9 products of the lecture's slide sum to (α+β+γ)(δ+ε+ζ)."""
    import autograd as ag
    from demos.paths import Diamonds

    chain = Diamonds(2)
    (a, b, g), (d, e, z) = chain.weights
    assert ag.count_paths(chain.y, chain.x) == 9
    assert ag.path_sum(chain.y, chain.x) == pytest.approx((a + b + g) * (d + e + z), rel=1e-12)


# ----------------------------------------------------------------------------- xor


def test_xor_quick(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = run(capsys, "xor", "--quick", "--out", str(tmp_path))
    hand = rows_after(out, "x1", "x2", "a1")
    assert len(hand) == 4
    for x1, x2, a1, a2, y, _ in (map(int, r) for r in hand):
        assert a1 == (x1 | x2)
        assert a2 == 1 - (x1 & x2)
        assert y == x1 ^ x2
    learned = rows_after(out, "x1", "x2", "p = h(x)")
    assert sorted((int(r[0]), int(r[1])) for r in learned) == [(0, 0), (0, 1), (1, 0), (1, 1)]
    for r in learned:
        assert int(r[3]) == int(r[0]) ^ int(r[1])
    gap = float(re.search(r"max \|difference\| = (\S+);", out).group(1))
    assert gap < 1e-9  # forward-mode gradient descent and backprop: the same steps
    for name in ("xor_hand_built", "xor_network", "xor_loss", "xor_boundary"):
        assert_svg(tmp_path / f"{name}.svg")


# ----------------------------------------------------------------------------- chain rule

X = 0.6
sin, cos, sqrt, log, exp = math.sin, math.cos, math.sqrt, math.log, math.exp
CLOSED_FORMS = {  # d/dx at x = 0.6, a = 2, n = 3, f = sin x, g = x^2 + 1
    "constant": 0.0,
    "power": 3 * X ** 2,
    "square": 2 * X,
    "sqrt": 1 / (2 * sqrt(X)),
    "exp": exp(X),
    "a^x": log(2) * 2 ** X,
    "ln": 1 / X,
    "log_a": 1 / (X * log(2)),
    "sin": cos(X),
    "cos": -sin(X),
    "tan": 1 / cos(X) ** 2,
    "asin": 1 / sqrt(1 - X ** 2),
    "acos": -1 / sqrt(1 - X ** 2),
    "atan": 1 / (1 + X ** 2),
    "multiple": 2 * cos(X),
    "sum": cos(X) + 2 * X,
    "difference": cos(X) - 2 * X,
    "product": cos(X) * (X ** 2 + 1) + sin(X) * 2 * X,
    "quotient": (cos(X) * (X ** 2 + 1) - sin(X) * 2 * X) / (X ** 2 + 1) ** 2,
    "reciprocal": -2 * X / (X ** 2 + 1) ** 2,
    "chain": cos(X ** 2 + 1) * 2 * X,
    # lecture 001: f = 2g^2 - 3g + 1, g = x^3 + 2x
    "univariate": (4 * (X ** 3 + 2 * X) - 3) * (3 * X ** 2 + 2),
    # lecture 001: f = 2 g1^2 - 3 g1 g2 + 1, g1 = 3x, g2 = x^2 + 2x, i.e. f = 1 - 9x^3
    "multivariate": -27 * X ** 2,
}


def test_chain_rule_rows_match_closed_forms(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = run(capsys, "chain_rule", "--quick", "--out", str(tmp_path))
    rows = {r[0]: r for r in rows_after(out, "rule", "f(x)")}
    assert set(rows) == set(CLOSED_FORMS)
    for name, expected in CLOSED_FORMS.items():
        engine, closed, diff = (float(v) for v in rows[name][-3:])
        assert engine == pytest.approx(expected, rel=1e-10, abs=1e-12), name
        assert closed == pytest.approx(expected, rel=1e-10, abs=1e-12), name
        assert diff < 1e-12, name  # reverse, forward and dual numbers all agree
    assert_svg(tmp_path / "chain_rule.svg")


# ----------------------------------------------------------------------------- training demos


def test_moons_quick(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = run(capsys, "moons", "--quick", "--no-progress", "--out", str(tmp_path))
    accuracy = float(re.search(r"accuracy (\d+)%", out.split("after training")[1]).group(1))
    assert accuracy >= 90
    assert_svg(tmp_path / "moons_loss.svg")
    assert_svg(tmp_path / "moons_boundary.svg")


def test_universal_approximation_quick(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = run(capsys, "universal_approximation", "--quick", "--out", str(tmp_path))
    rows = rows_after(out, "N (hidden units)")
    assert [int(r[0]) for r in rows] == [1, 2, 4]
    for r in rows:
        assert int(r[1]) == 3 * int(r[0]) + 1  # N weights in, N biases, N weights out, 1 bias
    assert_svg(tmp_path / "universal_approximation.svg")


def test_two_moons_data() -> None:
    from demos._data import two_moons

    X, y = two_moons(41, noise=0.0, seed=1)
    assert len(X) == 41 and sorted(set(y)) == [-1.0, 1.0] and y.count(-1.0) == 20
    for (a, b), label in zip(X, y):  # noise 0: exactly on the two half circles
        centre = (0.0, 0.0) if label < 0 else (1.0, 0.5)
        assert math.hypot(a - centre[0], b - centre[1]) == pytest.approx(1.0)


# ----------------------------------------------------------------------------- as scripts


@pytest.mark.parametrize("script", SCRIPTS)
def test_script_help(script: str) -> None:
    """Each script runs as `python demos/<name>.py` (as `make demo` does) and documents --quick."""
    proc = subprocess.run([sys.executable, str(ROOT / "demos" / f"{script}.py"), "--help"],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "--quick" in proc.stdout and "--out" in proc.stdout


# ----------------------------------------------------------------------------- what they print

PROGRESS = {"moons", "digits"}  # these draw a progress bar, which tqdm fits to the terminal


@pytest.mark.parametrize("script", [*SCRIPTS, "digits", "quickstart"])
def test_output_fits_100_columns_and_says_how_to_view_the_pictures(
        script: str, capsys: pytest.CaptureFixture[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    if script == "digits":
        pytest.importorskip("sklearn", reason="the digits come with scikit-learn (extra `data`)")
    monkeypatch.chdir(tmp_path)  # the default out/, as a user sees it
    demo = __import__(f"demos.{script}", fromlist=["main"])
    if script == "quickstart":
        demo.main()
    else:
        assert demo.main(["--quick", *(["--no-progress"] if script in PROGRESS else [])]) == 0
    out = capsys.readouterr().out
    wide = [line for line in out.splitlines() if len(line) > 100]
    assert not wide, f"{script} prints lines wider than 100 columns: {wide[:3]}"
    written = re.findall(r"^wrote (\S+)", out, re.M)
    if script != "quickstart":
        assert written and all(Path(path).is_file() for path in written)
        assert all(path.startswith("out/") for path in written)
        assert "open the .svg files in a web browser" in out
