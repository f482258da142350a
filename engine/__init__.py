"""The Backprop Explorer engine: pure numpy, no UI. See shared CONVENTIONS.md for the one convention."""
from engine.core.scenarios.scenario import Scenario, parse
from engine.core.stepping.stepper import Stepper, StepRecord
from engine.text.errors import EngineError, NonFiniteError

__all__ = ["EngineError", "NonFiniteError", "Scenario", "StepRecord", "Stepper", "parse"]
