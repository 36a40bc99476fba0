"""Run every benchmark under bench/ (``make bench``); each writes its JSON to bench/results/.

    python bench/run.py [--subjects N] [--only retention,eligibility,access,subject_import]

The default size is the one the goals are stated for: 1 million subjects
and 10 million records. Pass --subjects for a quicker run at a smaller size.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = ["retention", "eligibility", "access", "subject_import"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--subjects", type=int, default=1_000_000)
    parser.add_argument("--only", default=",".join(BENCHMARKS))
    args = parser.parse_args()
    failed = []
    for name in args.only.split(","):
        script = HERE / f"{name}.py"
        if not script.exists():
            print(f"{name}: no benchmark script {script.name} yet", file=sys.stderr)
            failed.append(name)
            continue
        print(f"== {name} ==", flush=True)
        status = subprocess.call([sys.executable, str(script), "--subjects", str(args.subjects)])
        if status:
            failed.append(name)
    if failed:
        sys.exit(f"benchmarks failed or missing: {', '.join(failed)}")


if __name__ == "__main__":
    main()
