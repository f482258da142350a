"""The step machine and what it leans on: records, reveal order, sample stream, memory budget, evaluation, training."""
