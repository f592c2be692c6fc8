"""viz.backprop_frames / forward_frames: each step's numbers against closed forms for
e = (a + b) * (b + 1), the pictures parsed as SVG, and the page stepped in headless Chromium."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from test_viz_svg import all_texts, nodes_by_id, parse_svg, shapes

import autograd as ag
import nn
from autograd import Value
from viz import backprop_frames, forward_frames
from viz.format import factor
from viz.frames import forward_steps, reverse_steps
from viz.scene import Scene

A, B = 0.5, 3.0


def colah() -> tuple[Value, ...]:
    a, b = Value(A, label="a"), Value(B, label="b")
    c = a + b
    d = b + 1
    e = c * d
    c.label, d.label, e.label = "c", "d", "e"
    return a, b, c, d, e


# ----------------------------------------------------------------------------- the steps


def test_reverse_steps_accumulate_adjoints_as_the_chain_rule_says() -> None:
    a, b, c, d, e = colah()
    assert d.inputs == (b,)  # d = b + 1 is one node "+1": the 1 is no node and has no edge
    frames = reverse_steps(Scene(e))
    # Seed, one step per operation (e, then c and d in some order), done.
    assert len(frames) == 5 and frames[0].numbers == {e: 1.0} and frames[0].current is e
    order = [f.current for f in frames[1:-1]]
    assert order[0] is e and set(order[1:]) == {c, d}
    # Contributions from the closed forms: via c the edge c<-b carries 1·(b+1), via d 1·(a+b).
    via = {c: {a: B + 1, b: B + 1}, d: {b: A + B}, e: {c: B + 1, d: A + B}}
    done_ops: list[Value] = []
    for frame in frames[1:-1]:
        done_ops.append(frame.current)
        expected: dict[Value, float] = {e: 1.0}
        for op in done_ops:
            for node, amount in via[op].items():
                expected[node] = expected.get(node, 0.0) + amount
        assert frame.numbers == pytest.approx(expected)
        assert set(frame.edges) == {(x, frame.current, i) for i, x in enumerate(frame.current.inputs)}
    # b is final only once both c and d have passed: "so far" until then.
    assert b not in frames[2].done and b in frames[3].done
    final = frames[-1].numbers
    assert final[a] == B + 1 and final[b] == A + 2 * B + 1
    assert final == pytest.approx(ag.reverse_sweep(e))
    assert frames[-1].caption == f"done: ∂e/∂a = {B + 1:g}, ∂e/∂b = {A + 2 * B + 1:g}"


def test_reverse_caption_uses_symbols_for_local_derivatives() -> None:
    *_, e = colah()
    first = reverse_steps(Scene(e))[1].caption.split("\n")
    assert first[0] == "step 1: e = c·d passes its adjoint ∂e/∂e = 1 down its 2 edge(s)"
    assert first[1] == f"∂e/∂c += d · ∂e/∂e = {B + 1:g} · 1 = {B + 1:g}  → {B + 1:g}"
    assert first[2] == f"∂e/∂d += c · ∂e/∂e = {A + B:g} · 1 = {A + B:g}  → {A + B:g}"


def test_forward_steps_push_tangents_up() -> None:
    a, b, c, d, e = colah()
    frames = forward_steps(Scene(e, wrt=b), b)
    assert frames[0].numbers == {a: 0.0, b: 1.0}  # the leaves: a and b only
    steps = {f.current: f for f in frames[1:-1]}
    assert set(steps) == {c, d, e}
    assert steps[c].numbers[c] == 1.0 and steps[d].numbers[d] == 1.0
    assert steps[e].numbers[e] == A + 2 * B + 1
    assert steps[e].caption.split("\n")[1] == (
        f"∂e/∂b = d·∂c/∂b + c·∂d/∂b = {B + 1:g}·1 + {A + B:g}·1 = {A + 2 * B + 1:g}")
    assert frames[-1].numbers == pytest.approx(ag.forward_sweep(e, wrt=b))
    # From a, d does not depend on a: it is never visited, and 0 at the end.
    frames_a = forward_steps(Scene(e, wrt=a), a)
    assert d not in {f.current for f in frames_a} and frames_a[-1].numbers[d] == 0.0
    assert frames_a[-1].numbers[e] == B + 1
    assert "1 node(s) do not depend on a" in frames_a[-1].caption


# ----------------------------------------------------------------------------- the files


def _node_lines(svg: str) -> dict[str, list[str]]:
    return {n.first: n.texts for n in nodes_by_id(svg).values() if not n.title.startswith("legend")}


def test_backprop_frames_writes_one_svg_per_step_and_a_page(tmp_path: Path) -> None:
    *_, e = colah()
    (tmp_path / "step_009.svg").write_text("stale")
    page = backprop_frames(e, tmp_path)
    steps = sorted(tmp_path.glob("step_*.svg"))
    assert page == tmp_path / "index.html" and [p.name for p in steps] == [
        f"step_{k:03d}.svg" for k in range(5)]
    first, last = (_node_lines(steps[k].read_text("utf-8")) for k in (0, 4))
    assert first["b"][-1] == "∂e/∂b = ?" and first["e = c·d"][-1] == "∂e/∂e = 1"
    assert last["b"][-1] == f"∂e/∂b = {A + 2 * B + 1:g}" and last["a"][-1] == f"∂e/∂a = {B + 1:g}"
    # Step 1 works on e: e and its two input edges are red.
    svg = steps[1].read_text("utf-8")
    nodes = nodes_by_id(svg)
    red = {nodes[n].first for n in nodes if "#dc2626" in nodes[n].strokes and not n.startswith("legend")}
    assert red == {"e = c·d"}
    red_edges = [s.title for s in shapes(svg, "edge") if "#dc2626" in s.strokes]
    e = next(k for k in nodes if nodes[k].first == "e = c·d")
    assert len(red_edges) == 2 and all(t.endswith(f"->{e}") for t in red_edges)
    html = page.read_text("utf-8")
    assert html.count('<figure class="frame"') == 5 and "<script src" not in html
    assert "http://" not in html.replace("http://www.w3.org", "")  # nothing fetched


def test_forward_frames_show_tangents(tmp_path: Path) -> None:
    a, b, c, d, e = colah()
    forward_frames(e, a, tmp_path)
    steps = sorted(tmp_path.glob("step_*.svg"))
    first, last = (_node_lines(s.read_text("utf-8")) for s in (steps[0], steps[-1]))
    assert first["a"][-1] == "∂a/∂a = 1" and first["b"][-1] == "∂b/∂a = 0"
    assert first["c = a+b"][-1] == "∂c/∂a = ?"
    assert last["e = c·d"][-1] == f"∂e/∂a = {B + 1:g}" and last["d = b+1"][-1] == "∂d/∂a = 0"


def test_frames_errors_name_the_operation(tmp_path: Path) -> None:
    *_, e = colah()
    with pytest.raises(TypeError, match="forward_frames: wrt must be a Value, got float"):
        forward_frames(e, 1.0, tmp_path)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="backprop_frames: .* more than max_nodes=3"):
        backprop_frames(e, tmp_path, max_nodes=3)


# ----------------------------------------------------------------------------- in a browser

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser") if shutil.which(n)), None)


class _Visible(HTMLParser):
    """Collects body's data-step and the text inside the figure without ``hidden``."""

    def __init__(self) -> None:
        super().__init__()
        self.step: str | None = None
        self.visible: list[str] = []
        self.texts: list[str] = []
        self._depth = 0  # figure nesting while inside the visible figure

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "body":
            self.step = a.get("data-step")
        if tag == "figure":
            if self._depth:
                self._depth += 1
            elif "hidden" not in a:
                self.visible.append(a.get("id") or "")
                self._depth = 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "figure" and self._depth:
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._depth and data.strip():
            self.texts.append(data.strip())


def dump_dom(page: Path, query: str, profile: Path) -> _Visible:
    """Load the page in headless Chromium and parse the DOM after its scripts ran."""
    proc = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={profile}", "--dump-dom", page.as_uri() + query],
        capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    parsed = _Visible()
    parsed.feed(proc.stdout)
    return parsed


@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (apt-get install chromium)")
def test_stepping_in_a_browser_changes_the_picture(tmp_path: Path) -> None:
    *_, e = colah()
    page = backprop_frames(e, tmp_path / "frames")
    profile = tmp_path / "profile"
    start = dump_dom(page, "", profile)
    assert start.step == "0" and start.visible == ["frame-0"] and "∂e/∂b = ?" in start.texts
    # Two presses of → and a click on "next": the keyboard and button handlers both step.
    moved = dump_dom(page, "?press=ArrowRight,ArrowRight,next", profile)
    assert moved.step == "3" and moved.visible == ["frame-3"]
    assert moved.texts != start.texts and "∂e/∂b = ?" not in moved.texts
    end = dump_dom(page, "?press=End,ArrowRight", profile)  # clamps at the last step
    assert end.step == "4" and f"∂e/∂b = {A + 2 * B + 1:g}" in end.texts
    back = dump_dom(page, "?press=ArrowLeft#step-2", profile)  # deep link, then one back
    assert back.step == "1" and back.visible == ["frame-1"]


# ----------------------------------------------------------------------------- one layout


def positions(svg: str) -> dict[str, tuple[str, ...]]:
    """{node id: the coordinates of its shapes}: equal when no node moved or resized."""
    found = {}
    for node in shapes(svg, "node"):
        assert node.element is not None
        found[node.title] = tuple(el.get("points") or f"{el.get('cx')},{el.get('cy')},{el.get('rx')}"
                                  for el in node.element.iter() if el.get("points") or el.get("cx"))
    return found


def test_frames_are_laid_out_once(tmp_path: Path) -> None:
    a, b, c, d, e = colah()
    for name, write in (("reverse", lambda out: backprop_frames(e, out)),
                        ("forward", lambda out: forward_frames(e, b, out))):
        write(tmp_path / name)
        svgs = [p.read_text("utf-8") for p in sorted((tmp_path / name).glob("step_*.svg"))]
        first = positions(svgs[0])
        assert len(first) >= 5
        for k, svg in enumerate(svgs[1:], start=1):
            assert positions(svg) == first, f"{name} step {k}: a node moved or resized"
            assert parse_svg(svg).get("height") == parse_svg(svgs[0]).get("height")


def test_captions_live_in_the_page_and_every_shading_in_the_legend(tmp_path: Path) -> None:
    *_, e = colah()
    page = backprop_frames(e, tmp_path).read_text("utf-8")
    step1 = (tmp_path / "step_001.svg").read_text("utf-8")
    assert "passes its adjoint" not in " ".join(all_texts(step1))  # not in the picture
    captions = re.findall(r'<figcaption class="caption">(.*?)</figcaption>', page, re.DOTALL)
    assert len(captions) == 5 and captions[1].startswith("step 1: e = c·d passes its adjoint")
    assert re.search(r"\.caption \{ height: [\d.]+em; overflow-y: auto; font-size: 1\.1rem", page)
    legend = [t for n in nodes_by_id(step1).values() if n.title.startswith("legend") for t in n.texts]
    assert {"this step", "number final", "operation", "output", "input (leaf)"} <= set(legend)
    # the shading of a finished node is the legend's "number final" fill
    last = nodes_by_id((tmp_path / "step_004.svg").read_text("utf-8"))
    final_fill = next(n.fills[0] for n in last.values() if n.texts == ["number final"])
    assert next(n.fills[0] for n in last.values() if n.first == "c = a+b") == final_fill


def test_collapsed_mlp_frames_step_by_neuron(tmp_path: Path) -> None:
    model = nn.MLP(2, [3, 1], activation="tanh", seed=3)
    y = model([0.5, -1.0])
    loss = (y - 1.0) ** 2
    frames_dir = tmp_path / "mlp"
    page = backprop_frames(loss, frames_dir, collapse=True).read_text("utf-8")
    captions = [html.unescape(c)
                for c in re.findall(r'<figcaption class="caption">(.*?)</figcaption>', page, re.DOTALL)]
    # seed, L, ŷ-1, neuron ŷ, 3 hidden neurons, done
    assert len(captions) == 1 + 2 + 1 + 3 + 1
    steps = [c.split("\n")[0] for c in captions[1:-1]]
    assert steps[2].startswith("step 3: neuron ŷ passes its adjoint ∂L/∂ŷ = ")
    assert {s.split(" passes")[0].split(": ")[1] for s in steps[3:]} == {
        "neuron a[1][1]", "neuron a[1][2]", "neuron a[1][3]"}
    # ∂L/∂a[1][j] = w[2][1,j] · ∂L/∂ŷ, from the closed form of a linear output and a square loss
    dl_dy = 2 * (y.data - 1.0)
    for j, w in enumerate(model.layers[1].neurons[0].w, start=1):
        line = next(l for l in captions[3].split("\n") if l.startswith(f"∂L/∂a[1][{j}] +="))
        assert line.endswith(f"= {w.data:.4g} · {factor(dl_dy)} → {w.data * dl_dy:.4g}")
    svgs = [p.read_text("utf-8") for p in sorted(frames_dir.glob("step_*.svg"))]
    assert all(positions(svg) == positions(svgs[0]) for svg in svgs)
