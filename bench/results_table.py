"""Print one or more bench_pages.py result files as a Markdown table (for bench/README.md).

Usage: .venv/bin/python bench/results_table.py bench/results/2026-12-02-10k-sqlite.json [...]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main() -> None:
    runs = [(Path(name).stem, json.loads(Path(name).read_text())) for name in sys.argv[1:]]
    print("| page | " + " | ".join(f"{stem}: share (req/s, p95 ms)" for stem, _ in runs) + " | queries |")
    print("|---|" + "---|" * len(runs) + "---|")
    for index, page in enumerate(runs[0][1]["pages"]):
        cells = []
        for _, run in runs:
            r = run["pages"][index]
            cells.append(f"{r['share_of_floor']:.2f} ({r['rps']:.0f}, {r['p95_ms']:.0f})")
        print(f"| {page['name']} | " + " | ".join(cells) + f" | {page['queries']} |")
    floors = " | ".join(f"{run['floor']['rps_mean']:.0f} req/s" for _, run in runs)
    print(f"| *floor (mean)* | {floors} | |")


if __name__ == "__main__":
    main()
