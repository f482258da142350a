"""The Backprop Explorer engine: pure numpy, no UI. See shared CONVENTIONS.md for the one convention."""
from .errors import EngineError, NonFiniteError
from .scenario import Scenario, parse
from .stepper import Stepper, StepRecord

__all__ = ["EngineError", "NonFiniteError", "Scenario", "StepRecord", "Stepper", "parse"]
