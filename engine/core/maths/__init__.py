"""The maths: registries (activations, losses, optimisers, schedules, initialisations), backprop, checks, gradcheck."""
