"""No text runs out of its node's shape, measured in headless Chromium (skipped without it):
with the SVG's own fonts, with DejaVu Sans forced (the wide sans metric) and with Liberation
Sans forced (Helvetica's metric), for each kind of picture. A small page embeds the SVG and a
script writes, for every text of every node, whether its box lies inside the node's shape."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

import autograd as ag
import nn
from autograd import Value
from viz import draw_graph, draw_network
from viz.render import ENV_VAR
from viz.svgtext import FONT

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
pytestmark = pytest.mark.skipif(BROWSER is None, reason="headless Chromium not installed")

FONTS = {"own": "", "dejavu": "'DejaVu Sans'", "liberation": "'Liberation Sans'"}

MEASURE = """
<script>
var out = [];
document.querySelectorAll("g.node").forEach(function (node) {
  var shapes = node.querySelectorAll("polygon, ellipse, path, polyline");
  if (!shapes.length) { return; }
  var box = null;
  shapes.forEach(function (s) {
    var b = s.getBBox();
    box = box ? {x0: Math.min(box.x0, b.x), y0: Math.min(box.y0, b.y),
                 x1: Math.max(box.x1, b.x + b.width), y1: Math.max(box.y1, b.y + b.height)}
              : {x0: b.x, y0: b.y, x1: b.x + b.width, y1: b.y + b.height};
  });
  var ellipse = shapes[0].tagName === "ellipse" ? shapes[0] : null;
  node.querySelectorAll("text").forEach(function (t) {
    if (!t.textContent.trim()) { return; }
    var b = t.getBBox(), tol = 1.0, inside;
    if (ellipse) {
      var cx = +ellipse.getAttribute("cx"), cy = +ellipse.getAttribute("cy");
      var rx = +ellipse.getAttribute("rx") + tol, ry = +ellipse.getAttribute("ry") + tol;
      // the text's ink sits in the middle of its line box: check the baseline-ish band
      var ys = [b.y + 0.25 * b.height, b.y + 0.75 * b.height], xs = [b.x, b.x + b.width];
      inside = xs.every(function (x) { return ys.every(function (y) {
        return Math.pow((x - cx) / rx, 2) + Math.pow((y - cy) / ry, 2) <= 1; }); });
    } else {
      inside = b.x >= box.x0 - tol && b.x + b.width <= box.x1 + tol;
    }
    out.push({node: node.querySelector("title").textContent, text: t.textContent,
              inside: inside, width: b.width});
  });
});
var pre = document.createElement("pre");
pre.id = "result";
pre.textContent = JSON.stringify(out);
document.body.appendChild(pre);
</script>
"""


def measure(svg: str, font: str, tmp_path: Path) -> list[dict[str, object]]:
    css = f"svg text {{ font-family: {font} !important; }}" if font else ""
    page = tmp_path / f"fit_{abs(hash((svg, font)))}.html"
    page.write_text(f"<!DOCTYPE html><html><head><meta charset='utf-8'><style>{css}</style></head>"
                    f"<body>{re.sub(r'^<[?!][^>]*>', '', svg, flags=re.MULTILINE)}{MEASURE}</body></html>",
                    "utf-8")
    profile = tmp_path / "profile"
    proc = subprocess.run(
        [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
        capture_output=True, check=False, timeout=120)
    match = re.search(r'<pre id="result">(.*?)</pre>', proc.stdout.decode("utf-8"), re.DOTALL)
    assert match, proc.stderr.decode("utf-8", "replace")[-2000:]
    text = match.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"') \
        .replace("&amp;", "&")
    return json.loads(text)


def pictures() -> dict[str, str]:
    a, b = Value(2.0, label="a"), Value(1.0, label="b")
    c, d = a + b, b + 1
    e = c * d
    c.label, d.label, e.label = "c", "d", "e"
    neuron = nn.Neuron(2, activation="tanh", w=[0.5, -1.0], b=0.25)
    mlp = nn.MLP(2, [4, 4, 1], seed=0)
    y = mlp([2.0, -1.0])
    x = Value(0.7, label="α")
    paths = ag.dot([x, x, x], [Value(1.5, label="X"), Value(-2.0, label="Y"), x])
    return {
        "lecture both": draw_graph(e, mode="both", wrt=b).svg(),
        "neuron": draw_graph(neuron([1.0, 2.0])).svg(),
        "mlp": draw_graph((y - 1.0) ** 2).svg(),
        "mlp collapsed": draw_graph((y - 1.0) ** 2, collapse=True).svg(),
        "n-ary": draw_graph(paths, mode="both", wrt=x).svg(),
        "network": draw_network(mlp).svg(),
        "small network": draw_network(nn.MLP(2, [2, 1], seed=0)).svg(),
        "tensor": tensor_picture(),
        **frame_pictures(),
    }


def frame_pictures() -> dict[str, str]:
    """A step of the stepper, whose shapes are sized once for the widest text of all steps."""
    import tempfile

    from viz import backprop_frames
    model = nn.MLP(2, [3, 1], seed=0)
    loss = (model([2.0, -1.0]) - 1.0) ** 2
    found = {}
    with tempfile.TemporaryDirectory() as out:
        for collapse in (False, True):
            backprop_frames(loss, out, collapse=collapse)
            steps = sorted(Path(out).glob("step_*.svg"))
            found[f"frame collapse={collapse}"] = steps[len(steps) // 2].read_text("utf-8")
    return found


def tensor_picture() -> str:
    x = ag.Tensor(np.arange(6.0).reshape(2, 3) / 4, label="x")
    w = ag.Tensor(np.ones((3, 2)), requires_grad=True, label="W")
    return draw_graph((x @ w).tanh().sum(), mode="both", wrt=w).svg()


BACKENDS = ["wasm"] + (["dot"] if shutil.which("dot") else [])


@pytest.fixture(scope="module", params=BACKENDS)
def svgs(request: pytest.FixtureRequest) -> dict[str, str]:
    """The pictures laid out by the in-process wasm Graphviz (text sized from its tables of
    font metrics) and by the system ``dot`` (sized with the fonts it finds)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(ENV_VAR, request.param)
        return pictures()


@pytest.mark.parametrize("font", list(FONTS))
def test_no_text_overflows_its_node(font: str, svgs: dict[str, str], tmp_path: Path) -> None:
    for kind, svg in svgs.items():
        found = measure(svg, FONTS[font], tmp_path)
        assert len(found) > 3, kind  # the page measured something
        assert all(float(r["width"]) > 0 for r in found), kind  # the font drew text
        over = [(r["node"], r["text"]) for r in found if not r["inside"]]
        assert over == [], f"{kind} with font {font}: text outside its shape: {over[:5]}"


def test_nodes_sized_for_helvetica_would_overflow_in_dejavu(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    # Why the pictures name DejaVu Sans: a box sized for Helvetica is too small for DejaVu.
    from viz.render import render
    monkeypatch.setenv(ENV_VAR, "wasm")
    source = 'digraph { node [shape=box, fontname="%s", margin=0]; a [label="∂L/∂w[2][1,1] = -0.2665"] }'
    narrow = render(source % "Helvetica", "svg").decode("utf-8")
    wide = render(source % FONT, "svg").decode("utf-8")
    assert [r["inside"] for r in measure(narrow, "'DejaVu Sans'", tmp_path)] == [False]
    assert [r["inside"] for r in measure(wide, "'DejaVu Sans'", tmp_path)] == [True]


def test_the_check_catches_an_overflow(tmp_path: Path) -> None:
    # a fixed-size box far too small for its text: the measurement must say so
    from viz.render import render
    svg = render('digraph { a [shape=box, fixedsize=true, width=0.3, label="far too long a label"] }',
                 "svg").decode("utf-8")
    assert [r["inside"] for r in measure(svg, "", tmp_path)] == [False]
