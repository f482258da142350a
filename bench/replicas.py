"""Do two replicas serve twice the clicks of one? Clicks per second at saturation, one replica and two,
both behind deploy/haproxy.cfg on loopback (tests/kit/balancer.py), measured in the same run.

Saturation: --students sessions clicking "Whole step" on the Step page with no pause (--think 0-0)
in a closed loop, so the servers always have work: enough of them that two replicas have it too (16
since a click costs about 10 ms of server CPU; 8, four a replica, left each replica waiting on its
students' round trips and measured 1.56-1.69x). Each arrangement gets a fresh cluster; with
--rounds > 1 they alternate (1, 2, 1, 2, ...) so the machine's noise hits both. The students run
in this process: its CPU per click is printed too, since on a small machine they share the cores.

    python bench/replicas.py [--students 16] [--clicks 30] [--rounds 1] [--apps app]
                             [--server-args=--runner.postScriptGC=false]

Prints clicks per second, p95, server CPU per click for each arrangement and the ratio two/one
against the target (>= 1.6x); exits 0 whatever it is.
"""
import asyncio
import shlex
import statistics
import time

import harness as h  # first: it puts the repository on sys.path for tests.kit
from classroom import APPS, parser, run_class
from tests.kit import balancer

TARGET = 1.6


async def measure(n, args):
    with balancer.cluster(n, APPS[args.apps][0], *shlex.split(args.server_args)) as (base, replicas, proxy):
        client = time.process_time()
        r = await run_class(base, [p.pid for p in replicas] + [proxy.pid], args.apps, args, fetch_cookies=True)
    r["client"] = time.process_time() - client
    return r


def line(n, r) -> str:
    t, clicks = r["tally"], max(r["tally"].clicks, 1)
    lat = t.latencies or [float("nan")]
    return (f"{n} replica{'s' if n > 1 else ' '}: {t.clicks / r['wall']:6.2f} clicks/s, p95 {1000 * h.pct(lat, 95):6.0f} ms, "
            f"server + HAProxy CPU {1000 * r['cpu'] / clicks:5.1f} ms/click ({r['cpu'] / r['wall']:.0%} of a core), "
            f"students' CPU {1000 * r['client'] / clicks:5.1f} ms/click, {len(t.errors)} errors, {t.lost} lost")


async def main(args):
    rates = {1: [], 2: []}
    for _ in range(args.rounds):
        for n in (1, 2):
            r = await measure(n, args)
            rates[n].append(r["tally"].clicks / r["wall"])
            print(line(n, r), flush=True)
            for e in sorted(set(r["tally"].errors))[:3]:
                print("    error:", e)
    ratio = statistics.median(rates[2]) / statistics.median(rates[1])
    print(f"\n{args.students} students, {args.clicks} clicks each, {args.think} s between clicks, "
          f"server args {args.server_args or '(none)'}")
    print(f"two replicas / one: {ratio:.2f}x clicks per second (median of {args.rounds} rounds); "
          f"target >= {TARGET}x: {'PASS' if ratio >= TARGET else 'FAIL'}")


if __name__ == "__main__":
    cli = parser(__doc__)
    cli.set_defaults(students=16, think="0-0", arrive=2.0)
    cli.add_argument("--rounds", type=int, default=1)
    cli.add_argument("--apps", default="app", choices=sorted(APPS), help="which app the replicas serve")
    asyncio.run(main(cli.parse_args()))
