"""Command line: python -m engine run | validate | gradcheck | presets | preset | explain | lessons | lesson
(--help on each).

Bad input exits with status 2 and one line on stderr; a failed check or a step that went
non-finite exits with status 1.
"""
import argparse
import sys
import time

from engine import cli_lessons
from engine.core.maths.gradcheck import gradcheck, worst
from engine.core.scenarios.batches import check_batch, parse
from engine.core.stepping.memory import DEFAULT_BUDGET
from engine.core.stepping.stepper import Stepper
from engine.files import formats
from engine.teach.textbook.notation import NOTATIONS
from engine.text.errors import EngineError, NonFiniteError, shown
from engine.text.i18n import LANGS, count


class Parser(argparse.ArgumentParser):
    def error(self, message):
        # one line, no usage block: scripts and students read the last line only
        self.exit(2, f"error: {message} (see --help)\n")


def batch_arg(text: str):
    try:
        return check_batch(parse(text))
    except (ValueError, EngineError):
        raise argparse.ArgumentTypeError(f"--batch takes sample, full or a mini-batch size k >= 1, got {text!r}")


def count_arg(text: str) -> int:
    if not text.isdigit() or int(text) > 10_000_000:
        raise argparse.ArgumentTypeError(f"expected a whole number from 0 to 10000000, got {text!r}")
    return int(text)


def positive_count_arg(text: str) -> int:
    if count_arg(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number from 1 to 10000000, got {text!r}")
    return int(text)


def positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a positive number, got {text!r}")
    return value


def read(path: str) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(formats.MAX_BYTES + 1)
    except OSError as exc:
        raise EngineError("err.cli.read", path=shown(str(path)), reason=exc.strerror) from None


def cmd_run(args) -> int:
    stepper = Stepper(formats.read_scenario(read(args.scenario)), budget=int(args.budget * 2**20))
    if args.batch is not None:
        stepper.set_batch(args.batch)
    status = 0
    try:
        stepper.run(args.steps)
    except NonFiniteError as exc:
        print(f"error: {exc}", file=sys.stderr)
        status = 1
    write_out(formats.dumps(formats.trace_dict(stepper)) + "\n", args.out)
    return status


def write_out(text: str, out: str | None):
    """text to the file out, or to stdout when out is None."""
    if out:
        try:
            with open(out, "w", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as exc:
            raise EngineError("err.cli.write", path=shown(str(out)), reason=exc.strerror) from None
    else:
        sys.stdout.write(text)


def cmd_validate(args) -> int:
    obj = formats.loads(read(args.file))
    if isinstance(obj, dict) and obj.get("schema") == cli_lessons.SCHEMA:
        return cli_lessons.validate(obj)
    kind, obj = formats.parsed_any(obj)
    if kind == "scenario":
        net = obj.net
        print(f"ok: scenario, layers {list(net.layers)}, {'/'.join(g.name for g in net.acts)}, "
              f"{net.loss.name}, {count('en', 'training_sample', obj.X.shape[1])}")
    else:
        print(f"ok: trace of {count('en', 'step', len(obj.records))}, layers {list(obj.sc.net.layers)}, "
              f"replayed and identical")
    return 0


LARGE = 2000  # parameters above which gradcheck checks a seeded sample unless --all or --subset says otherwise
PER_ARRAY = 20  # the sample: up to this many entries of each W[l] and each b[l]
PROGRESS_EVERY = 5.0  # seconds between progress lines inside one long array


def _reporter(err):
    """A gradcheck progress callback: one line on err when an array is done, and one every
    PROGRESS_EVERY seconds inside a long one. Lines go out whether or not err is a terminal, so a
    log of a slow run shows how far it got."""
    start = last = time.monotonic()

    def report(done, total, check, finished):
        nonlocal last
        now = time.monotonic()
        if finished or now - last >= PROGRESS_EVERY:
            where = f"{check.param}[{check.layer}]" + (" done" if finished else "")
            print(f"gradcheck: {where}, {done} of {total} checked, {now - start:.0f} s", file=err, flush=True)
            last = now
    return report


def _sample(args, n_params):
    """(subset, per_array, words for the output) of the parameters this run checks."""
    if args.subset is not None and args.subset < n_params:
        return args.subset, None, f"a random sample, seed {args.seed}"
    if args.all or args.subset is not None or n_params <= LARGE:
        return None, None, None
    return None, PER_ARRAY, f"up to {PER_ARRAY} of each W[l] and each b[l], seed {args.seed}"


def cmd_gradcheck(args) -> int:
    sc = formats.read_scenario(read(args.scenario))
    n_params = sc.net.n_params
    subset, per_array, sample = _sample(args, n_params)
    report = _reporter(sys.stderr) if n_params > LARGE else None
    try:
        checks = gradcheck(sc.net, sc.W, sc.b, sc.X, sc.Y, subset=subset, seed=args.seed, per_array=per_array,
                           progress=report)
    except NonFiniteError as exc:  # a check that cannot be made has failed
        print(f"error: {exc}", file=sys.stderr)
        return 1
    bad = worst(checks)
    failed = not bad.rel <= args.tolerance  # NaN fails too
    where = f"{bad.param}[{bad.layer}][{','.join(map(str, bad.index))}]"
    what = count("en", "parameter", len(checks)) if sample is None else \
        f"{len(checks)} of {count('en', 'parameter', n_params)} ({sample}; --all checks every one)"
    print(f"checked {what} on {count('en', 'sample', sc.X.shape[1])}; "
          f"worst relative error {bad.rel:.3e} at {where} (analytic {bad.analytic!r}, numeric {bad.numeric!r}); "
          f"tolerance {args.tolerance:g}: {'FAIL' if failed else 'ok'}")
    return 1 if failed else 0


def build_parser() -> Parser:
    top = Parser(prog="python -m engine", description="The Backprop Explorer engine from the command line.")
    sub = top.add_subparsers(dest="command", required=True, parser_class=Parser)
    for add in (_add_run, _add_validate, _add_gradcheck, _add_presets, _add_explain, cli_lessons.add):
        add(sub)
    return top


def _add_run(sub):
    run = sub.add_parser("run", help="step a scenario and write its trace",
                         description="Step a scenario N times and write the trace (JSON) to stdout or --out.")
    run.add_argument("scenario", help="scenario JSON file (backprop-scenario/1)")
    run.add_argument("--steps", type=count_arg, required=True, help="number of steps to take")
    run.add_argument("--batch", type=batch_arg, help="sample, full or a mini-batch size k (default: the scenario's)")
    run.add_argument("--out", help="write the trace here instead of stdout")
    run.add_argument("--budget", type=positive_float, default=DEFAULT_BUDGET / 2**20,
                     help="MB the step records may hold; older steps keep only their summary (default 256)")
    run.set_defaults(func=cmd_run)


def _add_validate(sub):
    val = sub.add_parser("validate", help="check a scenario, trace or lesson file",
                         description="Check a scenario, trace or lesson file: schema, meaning, and (traces) replay, "
                                     "(lessons) every stop played.")
    val.add_argument("file", help="scenario, trace or lesson JSON file")
    val.set_defaults(func=cmd_validate)


def _add_gradcheck(sub):
    chk = sub.add_parser("gradcheck", help="compare backprop with finite differences",
                         description="Central finite differences of J against backprop at the initial parameters.")
    chk.add_argument("scenario", help="scenario JSON file")
    chk.add_argument("--tolerance", type=positive_float, default=1e-4, help="worst relative error allowed (default 1e-4)")
    which = chk.add_mutually_exclusive_group()
    which.add_argument("--all", action="store_true",
                       help=f"check every parameter (the default up to {LARGE}; above that, a seeded sample of "
                            f"up to {PER_ARRAY} of each W[l] and each b[l], with progress on stderr)")
    which.add_argument("--subset", type=positive_count_arg, help="check only this many parameters, chosen at random (seeded)")
    chk.add_argument("--seed", type=count_arg, default=0, help="seed of the random sample")
    chk.set_defaults(func=cmd_gradcheck)


def _add_presets(sub):
    lst = sub.add_parser("presets", help="list the textbook presets",
                         description="List the textbook presets: name and English title, one per line.")
    lst.set_defaults(func=cmd_presets)
    one = sub.add_parser("preset", help="print a preset's scenario JSON",
                         description="Print a textbook preset as a scenario file (backprop-scenario/1).")
    one.add_argument("name", help="preset name (see: python -m engine presets)")
    one.set_defaults(func=cmd_preset)


def _add_explain(sub):
    exp = sub.add_parser("explain", help="write a step as a worked example (Markdown with LaTeX)",
                         description="Take N steps, then write the last one as a textbook worked example.")
    exp.add_argument("scenario", help="scenario JSON file")
    exp.add_argument("--steps", type=count_arg, default=1, help="steps to take; the last is explained (default 1)")
    exp.add_argument("--batch", type=batch_arg, help="sample, full or a mini-batch size k (default: the scenario's)")
    exp.add_argument("--notation", choices=tuple(NOTATIONS), default="engine",
                     help="names and layer numbering of the formulas (default engine)")
    exp.add_argument("--lang", choices=LANGS, default="en", help="language of the prose (default en)")
    exp.add_argument("--digits", type=int, choices=range(1, 16), default=4, metavar="1..15",
                     help="significant digits of every number (default 4)")
    exp.add_argument("--out", help="write the Markdown here instead of stdout")
    exp.set_defaults(func=cmd_explain)


def cmd_presets(args) -> int:
    from engine.teach.textbook import presets  # only these two commands read the presets and their catalogue texts
    for name in presets.names():
        print(f"{name}\t{presets.get(name).title()}")
    return 0


def cmd_preset(args) -> int:
    from engine.teach.textbook import presets
    print(formats.dumps(presets.get(args.name).scenario()))
    return 0


def cmd_explain(args) -> int:
    from engine.teach.worked.explain import worked_example  # only this command builds worked examples
    stepper = Stepper(formats.read_scenario(read(args.scenario)))
    if args.batch is not None:
        stepper.set_batch(args.batch)
    try:
        stepper.run(args.steps)
    except NonFiniteError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    write_out(worked_example(stepper, args.notation, args.lang, args.digits), args.out)
    return 0


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except EngineError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
