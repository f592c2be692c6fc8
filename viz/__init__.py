"""edgegrad pictures: graphs with the local derivative on every edge, networks, plots."""
