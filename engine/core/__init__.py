"""The maths core: activations, losses, backpropagation, the step machine and what it steps (scenarios, data,
initial weights). Imports only engine.text."""
