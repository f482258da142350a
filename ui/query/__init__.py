"""The network as a link: the URL query codec, the Build page's edits of a scenario, the optimiser fields."""
