"""What a run starts from: a scenario parsed and checked, its data sets and its batch modes."""
