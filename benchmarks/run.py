"""Run the benchmarks: `make bench`, or `.venv/bin/python -m benchmarks.run [NAME ...]`.

Each benchmark prints its table and appends one JSON record (date, commit, machine, load average before
and after, results) to benchmarks/results.jsonl; the README (Performance) summarises them. Before each one the
run waits (up to --wait-quiet seconds) for the machine's 1-minute load average to drop below 1, and the
load average is recorded either way, so a result measured on a busy machine says so.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from benchmarks import bot, build, cold_start, endtoend, latency, scale
from benchmarks.common import RESULTS, log, machine, make_site

BENCHMARKS = ("latency", "cold_start", "build", "bot", "scale", "endtoend")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", metavar="NAME", help=f"one of {', '.join(BENCHMARKS)} (default: all)")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(scale.SIZES), help="scale: numbers of chunks")
    parser.add_argument(
        "--e2e-sizes", type=int, nargs="+", default=list(endtoend.SIZES), help="endtoend: numbers of chunks"
    )
    parser.add_argument(
        "--wait-quiet", type=float, default=600, help="seconds to wait for load average < 1 before each (default 600)"
    )
    args = parser.parse_args(argv)
    names = args.names or list(BENCHMARKS)
    if unknown := set(names) - set(BENCHMARKS):
        parser.error(f"unknown benchmark(s) {', '.join(sorted(unknown))}; choose from {', '.join(BENCHMARKS)}")
    started = time.monotonic()
    log(f"benchmarks: {', '.join(names)} on {machine()['cpu']} ({machine()['cores']} cores)")
    with tempfile.TemporaryDirectory() as tmp:
        site = make_site(Path(tmp) / "site")
        for name in names:
            if name == "latency":
                latency.main(site, wait=args.wait_quiet)
            elif name == "cold_start":
                cold_start.main(site, wait=args.wait_quiet)
            elif name == "build":
                build.main(wait=args.wait_quiet)
            elif name == "bot":
                bot.main(site, wait=args.wait_quiet)
            elif name == "scale":
                scale.main(tuple(args.sizes), wait=args.wait_quiet, site=site)
            elif name == "endtoend":
                endtoend.main(tuple(args.e2e_sizes), wait=args.wait_quiet)
    log(f"benchmarks done in {time.monotonic() - started:.0f} s; results appended to {RESULTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
