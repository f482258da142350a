"""Weight initialisation schemes by name; the same seed always gives the same numbers."""
import math

import numpy as np

from engine.core.network import check_number, check_whole
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


SCHEMES = {"uniform": _uniform, "xavier": _xavier, "he": _he, "normal": _normal, "constant": _constant}
NEEDS = {"normal": "sigma", "constant": "value"}  # the number a scheme is given; it has no sensible default


def initialise(layers, spec: dict):
    """W[l] of shape (n_l, n_{l-1}) from the scheme named in spec; biases zero."""
    fill = choose("init scheme", spec.get("scheme"), SCHEMES, "init.scheme")
    need = NEEDS.get(spec["scheme"])
    if need and need not in spec:
        raise EngineError(f"err.init.needs_{need}", f"init.{need}")
    for key in ("sigma", "value"):
        if key in spec:
            check_number(f"init.{key}", spec[key], low=0.0 if key == "sigma" else None)
    # capped at int64 so that every scenario parse accepts can be written and read back
    rng = np.random.default_rng(check_whole("init.seed", spec.get("seed", 0), 0, 2**63 - 1))
    W = [fill(rng, n_out, n_in, spec) for n_in, n_out in zip(layers[:-1], layers[1:])]
    b = [np.zeros(n) for n in layers[1:]]
    return W, b
