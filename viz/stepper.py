"""A static HTML page that steps through pictures: buttons, arrow keys, a deep link per step.

Each step is its caption, in a fixed-height area in a readable size (so the picture below it
never moves), then its picture, never scaled below ``MIN_SCALE`` of its size (a wide graph
scrolls sideways instead of shrinking its text to nothing).

No server and no external scripts: the SVGs are inlined, so the page works from a USB stick.
Keys: → or Space next, ← previous, Home first, End last. ``index.html#step-3`` opens step 3.
``index.html?press=ArrowRight,ArrowRight,next`` replays key presses (and clicks on the
buttons ``first``, ``prev``, ``next``, ``last``) when the page loads, for scripted checks
and for starting a class at a given point.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

_PROLOG = re.compile(r"^\s*(<\?xml[^>]*\?>\s*)?(<!DOCTYPE[^>]*>\s*)?", re.IGNORECASE)

_STYLE = """
body { font-family: Helvetica, Arial, sans-serif; margin: 1.5em; color: #111827; }
nav { display: flex; gap: .5em; align-items: center; margin-bottom: 1em; }
nav button { font-size: 1em; padding: .3em .9em; }
#counter { margin-left: 1em; font-variant-numeric: tabular-nums; }
figure.frame { margin: 0; }
figure.frame .caption { height: 9.5em; overflow-y: auto; font-size: 1.1rem; line-height: 1.35;
  white-space: pre-line; margin: 0 0 .5em; padding: .4em .6em; background: #f9fafb;
  border: 1px solid #e5e7eb; border-radius: 4px; font-variant-numeric: tabular-nums; }
figure.frame .picture { overflow-x: auto; }
figure.frame svg { max-width: 100%; height: auto; }
.help { color: #6b7280; font-size: .9em; }
"""

_SCRIPT = """
(function () {
  var frames = Array.prototype.slice.call(document.querySelectorAll("figure.frame"));
  var last = frames.length - 1;
  var current = 0;
  function show(k) {
    if (isNaN(k)) { k = 0; }
    k = Math.max(0, Math.min(last, k));
    frames.forEach(function (frame, i) { frame.hidden = (i !== k); });
    current = k;
    document.body.setAttribute("data-step", String(k));
    document.getElementById("counter").textContent = "step " + k + " of " + last;
    document.getElementById("first").disabled = document.getElementById("prev").disabled = (k === 0);
    document.getElementById("next").disabled = document.getElementById("last").disabled = (k === last);
    if (location.hash !== "#step-" + k) {
      try { history.replaceState(null, "", "#step-" + k); } catch (e) { /* file: URLs in old browsers */ }
    }
  }
  var moves = {
    ArrowRight: function () { show(current + 1); }, " ": function () { show(current + 1); },
    ArrowLeft: function () { show(current - 1); },
    Home: function () { show(0); }, End: function () { show(last); }
  };
  document.addEventListener("keydown", function (event) {
    var move = moves[event.key];
    if (move) { move(); event.preventDefault(); }
  });
  document.getElementById("first").addEventListener("click", function () { show(0); });
  document.getElementById("prev").addEventListener("click", function () { show(current - 1); });
  document.getElementById("next").addEventListener("click", function () { show(current + 1); });
  document.getElementById("last").addEventListener("click", function () { show(last); });
  function fromHash() {
    var match = /^#step-(\\d+)$/.exec(location.hash);
    show(match ? parseInt(match[1], 10) : 0);
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
  var press = new URLSearchParams(location.search).get("press");
  (press ? press.split(",") : []).forEach(function (key) {
    var button = document.getElementById(key);
    if (button && button.tagName === "BUTTON") { button.click(); return; }
    document.dispatchEvent(new KeyboardEvent("keydown", { key: key, bubbles: true }));
  });
})();
"""


def inline_svg(svg: str) -> str:
    """SVG text without its XML declaration and DOCTYPE, ready to sit inside HTML."""
    return _PROLOG.sub("", svg, count=1)


MIN_SCALE = 0.9
_WIDTH = re.compile(r'<svg\b[^>]*?\bwidth="([\d.]+)pt"')


def _readable(svg: str) -> str:
    """The SVG with a minimum width of ``MIN_SCALE`` times its own (in pt)."""
    match = _WIDTH.search(svg)
    if match is None:
        return svg
    width = float(match.group(1)) * MIN_SCALE
    return svg.replace("<svg", f'<svg style="min-width: {width:.0f}pt"', 1)


def stepper_page(title: str, frames: Sequence[tuple[str, str]]) -> str:
    """The page: ``frames`` is a list of (caption, svg text), shown one at a time, each
    caption above its picture in a fixed-height area."""
    if not frames:
        raise ValueError(f"stepper_page: no frames to show for {title!r}")
    figures = "\n".join(
        f'<figure class="frame" id="frame-{k}" data-step="{k}"{" hidden" if k else ""}>\n'
        f'<figcaption class="caption">{html.escape(caption)}</figcaption>\n'
        f'<div class="picture">{_readable(inline_svg(svg))}</div>\n</figure>'
        for k, (caption, svg) in enumerate(frames))
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{html.escape(title)}</title>
<style>{_STYLE}</style>
</head>
<body data-step="0">
<h1>{html.escape(title)}</h1>
<nav>
<button id="first" type="button" title="Home">« first</button>
<button id="prev" type="button" title="←">◀ previous</button>
<button id="next" type="button" title="→ or Space">next ▶</button>
<button id="last" type="button" title="End">last »</button>
<span id="counter">step 0 of {len(frames) - 1}</span>
</nav>
<p class="help">Keys: → or Space next, ← previous, Home first, End last.</p>
{figures}
<script>{_SCRIPT}</script>
</body>
</html>
"""
