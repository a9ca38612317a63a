#!/usr/bin/env python3
"""Side-by-side timings of `reglint check` against the parse floor, and against peers.

Generates the corpora with ../shared/bench/gen_corpus.py (or $REGLINT_SHARED_DIR/bench),
builds the release binary and the parse-only floor (engine/examples/parse_floor.rs), then runs
each command of a row in turn, --runs times, and prints the median wall time and the median
peak RSS of each, and their ratios, in one Markdown table. The two-thread speed-up of medium
is printed beside the floor's own, measured in the same rounds. Spectral joins when installed
(--spectral DIR: the folder where `npm ci` ran on ../shared/bench/package.json).

    python3 bench/bench.py                       # small and medium, 5 runs
    python3 bench/bench.py --presets small,medium,large --runs 5
    python3 bench/bench.py --spectral /tmp/spectral
    python3 bench/bench.py --scaling --runs 3       # 1/10/100/1000 repositories; 1/10/60 MB

Standard library only. Wall time is measured around the process (start to exit); RSS is
the child's own ru_maxrss from wait4. The machine is noisy: read the medians side by side,
never one number alone.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-22"


def shared_bench() -> Path:
    base = os.environ.get("REGLINT_SHARED_DIR")
    return Path(base) / "bench" if base else ROOT.parent / "shared" / "bench"


def run_once(argv, cwd, env=None):
    """(seconds, peak RSS in MiB, exit code) of one run, output discarded."""
    start = time.perf_counter()
    process = subprocess.Popen(
        argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    return elapsed, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def measure(commands, runs):
    """Runs each (name, argv, cwd, env) in turn, `runs` rounds; medians per name."""
    samples = {name: [] for name, *_ in commands}
    for _ in range(runs):
        for name, argv, cwd, env in commands:
            samples[name].append(run_once(argv, cwd, env))
    medians = {}
    for name, values in samples.items():
        codes = sorted({code for *_, code in values})
        # 0 is clean and 1 is findings for every tool timed; anything else is a crash or a
        # usage error, and its time would mean nothing.
        if any(code not in (0, 1) for code in codes):
            sys.exit(f"bench: `{name}` exited with {codes}: its time would mean nothing")
        medians[name] = (
            statistics.median(v[0] for v in values),
            statistics.median(v[1] for v in values),
            codes,
        )
    return medians


def corpus(preset, out_dir, force):
    return generated(f"corpus-{preset}", ["--preset", preset], out_dir, force)


def generated(name, options, out_dir, force):
    """A corpus made by gen_corpus.py with `options`, kept under `out_dir/name`."""
    target = out_dir / name
    if (target / "manifest.json").is_file() and not force:
        return target
    generator = shared_bench() / "gen_corpus.py"
    if not generator.is_file():
        sys.exit(f"bench: {generator} not found (set REGLINT_SHARED_DIR)")
    subprocess.run(
        [sys.executable, str(generator), *options, "--out", str(target), "--force"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return target


# (row, gen_corpus.py options): the number of repositories at a typical size (60 parties of
# 4 requirements, about 100 KB each), then one repository of about 1, 10 and 60 MB.
SCALING = [
    ("1 repository", ["--repos", "1", "--parties", "60", "--reqs", "4", "--layout", "mixed"]),
    ("10 repositories", ["--repos", "10", "--parties", "60", "--reqs", "4", "--layout", "mixed"]),
    ("100 repositories", ["--repos", "100", "--parties", "60", "--reqs", "4", "--layout", "mixed"]),
    ("1000 repositories", ["--repos", "1000", "--parties", "60", "--reqs", "4",
                           "--layout", "mixed"]),
    ("one repository, ~1 MB", ["--repos", "1", "--parties", "600", "--reqs", "4",
                               "--layout", "mixed"]),
    ("one repository, ~10 MB", ["--repos", "1", "--parties", "6000", "--reqs", "4",
                                "--layout", "mixed"]),
    # One file per party: in one file, 60 MB is over the loader's 8 MiB limit per file and
    # the row would time the refusal.
    ("one repository, ~60 MB", ["--repos", "1", "--parties", "35000", "--reqs", "4",
                                "--layout", "per-party"]),
]


def build():
    subprocess.run(["cargo", "build", "--release", "--quiet", "--locked"], cwd=ROOT, check=True)
    subprocess.run(
        ["cargo", "build", "--release", "--quiet", "--locked", "-p", "reglint-engine",
         "--example", "parse_floor"],
        cwd=ROOT,
        check=True,
    )
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "release"
    return target / "reglint", target / "examples" / "parse_floor"


def fmt_time(seconds):
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presets", default="small,medium")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "reglint-bench")
    parser.add_argument("--force", action="store_true", help="regenerate the corpora")
    parser.add_argument("--spectral", type=Path, help="folder with Spectral installed (npm ci)")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--scaling", action="store_true",
                        help="rows by repository count and repository size instead of presets")
    args = parser.parse_args()

    args.out.mkdir(parents=True, exist_ok=True)
    reglint, floor = build()
    threads = str(args.threads)
    env = dict(os.environ, RAYON_NUM_THREADS=threads)
    rows = []

    empty = args.out / "empty"
    empty.mkdir(exist_ok=True)
    # As a hook runs it: no `--threads` (the environment sets the same number), which starts
    # no worker on a folder with nothing to check.
    startup = measure(
        [("reglint", [str(reglint), "check", ".", "--allow-empty"], empty, env)],
        args.runs,
    )
    rows.append(("empty folder (startup alone)", None, startup["reglint"], None))

    if args.scaling:
        targets = [(row, generated("scaling-" + "-".join(o.lstrip("-") for o in options),
                                   options, args.out, args.force))
                   for row, options in SCALING]
    else:
        targets = [(preset, corpus(preset, args.out, args.force))
                   for preset in args.presets.split(",")]
    for preset, folder in targets:
        size = json.loads((folder / "manifest.json").read_text()).get("yaml_bytes", 0)
        if args.scaling:
            preset = f"{preset} ({size / 1e6:.1f} MB)"
        check = [str(reglint), "check", ".", "--format", "jsonl", "--today", TODAY,
                 "--threads", threads]
        commands = [
            ("floor", [str(floor), "."], folder, env),
            ("reglint", check, folder, env),
        ]
        spectral = args.spectral and args.spectral / "node_modules" / ".bin" / "spectral"
        if spectral and not spectral.exists():
            sys.exit(f"bench: {spectral} not found (run `npm ci` in a copy of ../shared/bench)")
        if spectral:
            ruleset = shared_bench() / "spectral" / ".spectral-xfile.yaml"
            commands.append(
                ("spectral", [str(spectral), "lint", "-q", "-f", "json", "-r", str(ruleset),
                              f"{folder}/**/*.yaml"], folder, dict(env, REGLINT_TODAY=TODAY))
            )
        result = measure(commands, args.runs)
        rows.append((preset, result["floor"], result["reglint"], result.get("spectral")))
        if preset == "medium" and threads != "1":
            one = [str(reglint), "check", ".", "--format", "jsonl", "--today", TODAY,
                   "--threads", "1"]
            # The floor's own speed-up, in the same rounds: what the machine gives to work
            # that shares nothing, which bounds reglint's.
            one_env = dict(env, RAYON_NUM_THREADS="1")
            scaling = measure([("1", one, folder, one_env),
                               (threads, check, folder, env),
                               ("floor 1", [str(floor), "."], folder, one_env),
                               ("floor", [str(floor), "."], folder, env)], args.runs)
            rows.append((f"medium, --threads 1 (base) vs {threads}", scaling["1"],
                         scaling[threads], None))
            rows.append((f"medium, the floor on --threads 1 (base) vs {threads}",
                         scaling["floor 1"], scaling["floor"], None))

    print(f"median of {args.runs} runs, {threads} threads, {os.cpu_count()} cores\n")
    print("| | floor (or base) | reglint | ratio | floor RSS | reglint RSS | peer | peer ÷ reglint |")
    print("|---|---|---|---|---|---|---|---|")
    figures = []
    for name, base, ours, peer in rows:
        cells = [name]
        if base and "--threads" in name:
            # The base is reglint on one thread: the ratio is the speed-up.
            cells += [fmt_time(base[0]), fmt_time(ours[0]), f"speed-up {base[0] / ours[0]:.2f}×",
                      f"{base[1]:.0f} MiB", f"{ours[1]:.0f} MiB"]
        elif base:
            cells += [fmt_time(base[0]), fmt_time(ours[0]), f"{ours[0] / base[0]:.2f}×",
                      f"{base[1]:.0f} MiB", f"{ours[1]:.0f} MiB"]
        else:
            cells += ["—", fmt_time(ours[0]), "—", "—", f"{ours[1]:.0f} MiB"]
        if peer:
            cells += [fmt_time(peer[0]), f"{peer[0] / ours[0]:.1f}×"]
        else:
            cells += ["—", "—"]
        print("| " + " | ".join(cells) + " |")
        figures.append({"row": name, "base": base, "reglint": ours, "peer": peer})
    # The table has a regorus row; ../shared/bench has no Rego port of the pack to run.
    regorus = shared_bench() / "regorus"
    why = ("bench.py has no runner for it yet" if regorus.exists()
           else f"{regorus} does not exist (no Rego port of the pack)")
    print(f"\nregorus ÷ reglint: not measured: {why}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
