"""edgegrad pictures: graphs with the local derivative on every edge, networks, plots.

    draw_graph(y, mode="reverse"|"forward"|"both", wrt=x)   the graph, ∂ on every edge
    backprop_frames(y, outdir) / forward_frames(y, x, outdir) a sweep step by step, index.html
    draw_network(mlp, show="weights"|"grads")                 an MLP as columns of neurons
    plot_loss(history), plot_decision_boundary(model, X, y)   matplotlib (extra "plots")
    python -m viz "e = (a + b) * (b + 1)" --at a=2 b=1 -o e.svg   a figure from the shell

y may be a Value (scalar graph; past 80 nodes each neuron is one box) or a Tensor (shapes in
nodes, vector-Jacobian rules on edges). Nodes a model made are named by role (``viz.roles``).

Pictures render with the system Graphviz ``dot`` when it is on PATH, else in process with
WebAssembly Graphviz (``viz.render``), so SVG needs nothing beyond pip.
"""

from viz.dot import draw_graph
from viz.frames import backprop_frames, forward_frames
from viz.network import draw_network
from viz.picture import Picture
from viz.plots import plot_decision_boundary, plot_loss
from viz.render import RenderError, backend, render

__all__ = [
           "Picture",
           "RenderError",
           "backend",
           "backprop_frames",
           "draw_graph",
           "draw_network",
           "forward_frames",
           "plot_decision_boundary",
           "plot_loss",
           "render",
]
