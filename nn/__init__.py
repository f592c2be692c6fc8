"""edgegrad neural networks: neurons, layers, MLPs, losses, optimisers, training."""
