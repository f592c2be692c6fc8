"""The lectures' example e = (a + b) * (b + 1) at a = 2, b = 1, three ways."""

import autograd as ag
from autograd import Value


def main() -> None:
    a, b = Value(2.0, label="a"), Value(1.0, label="b")
    c = a + b
    d = b + 1
    e = c * d
    e.backward()
    print(f"e = (a + b) * (b + 1) = {e.data:g} at a = 2, b = 1")
    print(f"reverse mode, e.backward():   de/da = {a.grad:g}, de/db = {b.grad:g}")
    print(f"forward mode, forward_sweep:  de/da = {ag.forward_sweep(e, wrt=a)[e]:g}, "
          f"de/db = {ag.forward_sweep(e, wrt=b)[e]:g}")
    print(f"sum over paths, path_sum:     de/da = {ag.path_sum(e, a):g}, de/db = {ag.path_sum(e, b):g}")


if __name__ == "__main__":
    main()
