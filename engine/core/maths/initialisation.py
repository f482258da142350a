"""Weight initialisation schemes, a registry keyed by the name users choose: every fact about a scheme
is a field of its record. The same seed always gives the same numbers."""
import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

from engine.core.maths.network import check_number, check_whole
from engine.text.errors import EngineError, choose


def _uniform(rng, n_out, n_in, spec):
    # Andrew Ng's epsilon_init = sqrt(6) / sqrt(n_in + n_out)
    eps = math.sqrt(6.0) / math.sqrt(n_in + n_out)
    return rng.uniform(-eps, eps, size=(n_out, n_in))


def _xavier(rng, n_out, n_in, spec):
    return rng.normal(0.0, math.sqrt(2.0 / (n_in + n_out)), size=(n_out, n_in))


def _he(rng, n_out, n_in, spec):
    return rng.normal(0.0, math.sqrt(2.0 / n_in), size=(n_out, n_in))


def _normal(rng, n_out, n_in, spec):
    # abs() only turns -0.0 into 0.0, which numpy would refuse as a negative scale; initialise refuses sigma < 0
    return rng.normal(0.0, abs(float(spec["sigma"])), size=(n_out, n_in))


def _constant(rng, n_out, n_in, spec):
    return np.full((n_out, n_in), float(spec["value"]))


@dataclass(frozen=True)
class Scheme:
    name: str  # the user-facing name, also the registry key
    fill: Callable  # (rng, n_out, n_in, spec) -> W[l] of shape (n_out, n_in)
    label: str  # catalogue key of its name
    needs: str | None = None  # the number it is given in the scenario's init (it has no sensible default)
    low: float | None = None  # that number's least value
    start: float | None = None  # that number as the Build page first proposes it


SEED = 0  # the seed a spec may leave out

SCHEMES = {
    "uniform": Scheme("uniform", _uniform, "init.uniform"),
    "xavier": Scheme("xavier", _xavier, "init.xavier"),
    "he": Scheme("he", _he, "init.he"),
    "normal": Scheme("normal", _normal, "init.normal", needs="sigma", low=0.0, start=0.1),
    "constant": Scheme("constant", _constant, "init.constant", needs="value", start=0.5),
}


def initialise(layers, spec: dict):
    """W[l] of shape (n_l, n_{l-1}) from the scheme named in spec; biases zero."""
    scheme = choose("init scheme", spec.get("scheme"), SCHEMES, "init.scheme")
    if scheme.needs and scheme.needs not in spec:
        raise EngineError(f"err.init.needs_{scheme.needs}", f"init.{scheme.needs}")
    for other in SCHEMES.values():  # every scheme's number given is checked, used or not
        if other.needs and other.needs in spec:
            check_number(f"init.{other.needs}", spec[other.needs], low=other.low)
    # capped at int64 so that every scenario parse accepts can be written and read back
    rng = np.random.default_rng(check_whole("init.seed", spec.get("seed", SEED), 0, 2**63 - 1))
    W = [scheme.fill(rng, n_out, n_in, spec) for n_in, n_out in zip(layers[:-1], layers[1:])]
    b = [np.zeros(n) for n in layers[1:]]
    return W, b
