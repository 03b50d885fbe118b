"""Start-up and end-to-end wall time of each command in a fresh process, as a user runs it.

Usage: python -P bench/startup.py [--runs N]

Every command runs through the ``align`` console script next to this Python (the
venv's), from the repository root, with an empty temporary ALIGN_HOME: no
translation model is installed, so ``align translate`` only says so. Per command:
the median and best of N runs (default 5) after one unmeasured run (which fills
the OS file cache and the name-index cache in ALIGN_HOME, as any later run finds
them), its exit code, and the notable heavy modules it loaded: the same
arguments given to the typer app through ``typer.testing.CliRunner`` in a fresh
interpreter, then ``sys.modules`` read. ``import align.cli`` is timed alone, in
the process, and an empty interpreter is the floor every command pays.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ALIGN = Path(sys.executable).parent / "align"
HEAVY = ("numpy", "wordfreq", "torch", "ctranslate2", "argostranslate", "py3langid", "pymorphy3", "lxml", "sacrebleu", "align.alignment.aligner")
IMPORT_TIME = "import time; began = time.perf_counter(); import align.cli; print(time.perf_counter() - began)"
IMPORT_PROBE = f"import sys, align.cli; print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
COMMAND_PROBE = f"""
import sys
from typer.testing import CliRunner
from align.cli import app
result = CliRunner().invoke(app, sys.argv[1:])
if result.exception and not isinstance(result.exception, SystemExit):
    raise result.exception
print(" ".join(m for m in {HEAVY!r} if m in sys.modules))
"""


def commands(out: Path) -> list[list[str]]:
    """The arguments of every command timed."""
    return [
        ["--help"],
        ["detect", "seeds/003_1b03c4f4f3f24ebf.txt"],
        ["translate", "--from", "ru", "seeds/000_dc5ad088ef4310ee.txt"],
        ["translate", "seeds/000_dc5ad088ef4310ee.txt"],
        ["align", "seeds/000_dc5ad088ef4310ee.txt", "--no-mt"],
        ["check", "seeds/002_85b7f47b9faedc20.txt"],
        ["run", "seeds/", "--no-mt", "--quiet", "--out", str(out)],
    ]


def timed(argv: list[str], env: dict[str, str], runs: int) -> tuple[list[float], int]:
    """Wall times of ``runs`` runs of ``argv`` after an unmeasured one, and its exit code."""
    code = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True).returncode
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run(argv, cwd=ROOT, env=env, capture_output=True)
        times.append(time.perf_counter() - began)
    return times, code


def python(args: list[str], env: dict[str, str]) -> str:
    """What a fresh interpreter running ``args`` prints; its error ends the benchmark."""
    done = subprocess.run([sys.executable, "-P", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        sys.exit(done.stderr)
    return done.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    env = {**{name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}, "ALIGN_HOME": tempfile.mkdtemp(prefix="align-bench-")}  # bytecode written, as installed
    out = Path(tempfile.mkdtemp(prefix="align-bench-out-"))
    width = 58
    print(f"{'command (fresh process, empty ALIGN_HOME)':{width}} {'median':>7} {'best':>7} {'exit':>4}  heavy modules loaded")
    floor, code = timed([sys.executable, "-P", "-c", "pass"], env, runs)
    print(f"{'python -c pass':{width}} {statistics.median(floor):7.3f} {min(floor):7.3f} {code:4}  -")
    imports = [float(python(["-c", IMPORT_TIME], env)) for _ in range(runs)]
    loaded = python(["-c", IMPORT_PROBE], env) or "-"
    print(f"{'import align.cli (in the process)':{width}} {statistics.median(imports):7.3f} {min(imports):7.3f} {'':4}  {loaded}")
    for args in commands(out):
        times, code = timed([str(ALIGN), *args], env, runs)
        label = "align " + " ".join(args).replace(str(out), "TMP")
        loaded = python(["-c", COMMAND_PROBE, *args], env) or "-"
        print(f"{label:{width}} {statistics.median(times):7.3f} {min(times):7.3f} {code:4}  {loaded}")
    print(f"\nseconds, median and best of {runs} runs after one unmeasured run")


if __name__ == "__main__":
    main()
