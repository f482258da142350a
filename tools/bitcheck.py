"""Does this working tree's engine give the same bits as another commit's, on many scenarios?

    python tools/bitcheck.py [REV] [--cases N]      (REV defaults to main)

Exports REV's engine/ and tests/helpers.py to a temporary folder, runs the same scenarios (every
loss/output pairing and hidden activation, batch settings, L2, frozen biases, both update orders, a
tiny budget so that summaries, checkpoints and a way back are recomputed) under both engines in
separate processes, and compares a hash of every full step record, the parameters after a goto and
the trace JSON. Prints the first differing cases and exits 1 if any differ. Uses only what both
engines have, so it checks a refactoring or a new option against the code before it.
"""
import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def digest(arrays) -> str:
    import numpy as np
    h = hashlib.sha256()
    for arr in arrays:
        h.update(np.ascontiguousarray(arr).tobytes())
    return h.hexdigest()[:16]


def case_source(case: int, rng):
    from tests.helpers import HIDDEN, PAIRS, random_scenario
    loss, out = PAIRS[case % len(PAIRS)]
    hidden = HIDDEN[(case // len(PAIRS)) % len(HIDDEN)]
    layers = [int(rng.integers(1, 5)) for _ in range(int(rng.integers(2, 5)))]
    if loss == "softmax_cross_entropy":
        layers[-1] = max(2, layers[-1])
    return random_scenario(layers, hidden, loss, out, lam=0.3 * (case % 2), m=7, seed=case,
                           lr=float(rng.choice([0.01, 0.5, 3.0])), batch=["sample", "full", 2, 3][case % 4],
                           freeze_biases=case % 3 == 0,
                           update_order="output_first" if case % 5 == 0 else "simultaneous")


def hashes(cases: int) -> dict:
    """Run in the engine on sys.path: case -> hashes of its records, or the error it raised."""
    import numpy as np
    from engine import Stepper, parse
    from engine.files import formats
    rng, out = np.random.default_rng(0), {}
    for case in range(cases):
        st = Stepper(parse(case_source(case, rng)), budget=[10**9, 1][case % 2])
        try:
            st.run(25)
            st.goto(7)
            st.run(4)
            out[case] = [digest([*r.z, *r.a, *r.delta, *r.dW, *r.db, *r.W_after, *r.b_after, r.loss,
                                 np.array([r.J, *r.grad_norms])]) for r in st.records if r.full]
            out[case] += [digest(st.W + st.b), formats.dumps(formats.trace_dict(st))]
        except Exception as exc:  # the same refusal in both engines is agreement too
            out[case] = [type(exc).__name__, str(exc)]
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("rev", nargs="?", default="main")
    parser.add_argument("--cases", type=int, default=240)
    parser.add_argument("--emit", action="store_true", help=argparse.SUPPRESS)  # one engine's side
    args = parser.parse_args()
    if args.emit:
        print(json.dumps(hashes(args.cases)))
        return
    with tempfile.TemporaryDirectory() as old:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.rev, "engine", "tests/helpers.py"],
                                 capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", old], input=archive, check=True)
        sides = [json.loads(subprocess.run([sys.executable, __file__, "--emit", "--cases", str(args.cases)],
                                           env={**os.environ, "PYTHONPATH": where}, capture_output=True, text=True,
                                           check=True, cwd=where).stdout) for where in (old, str(ROOT))]
    differ = [case for case in sides[0] if sides[0][case] != sides[1][case]]
    print(f"{len(sides[0])} scenarios, {sum(map(len, sides[0].values()))} hashes: "
          + (f"{len(differ)} differ, first {differ[:10]}" if differ else f"bit-identical to {args.rev}"))
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
