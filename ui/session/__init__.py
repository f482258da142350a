"""What a session holds: its keys and their lifetimes, the network's state, the words, uploads, locks, runs."""
