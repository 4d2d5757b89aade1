#!/usr/bin/env python3
"""Runs trafilatura over the pages listed in a TSV (key, page path; from `pith eval --list`) and writes
one prediction file per configuration in the benchmark's peer-outputs shape:
{"version": ..., "output": {key: {"articleBody": text}}}.

Configurations: `trafilatura` (defaults, as the upstream benchmark runs it) and
`trafilatura_precision` (favor_precision=True). Both with include_comments=False, as upstream.
"""
import argparse
import gzip
import json
import multiprocessing
import sys
import time
from importlib.metadata import version
from pathlib import Path

import trafilatura

CONFIGS = [
    ("trafilatura", {}),
    ("trafilatura_precision", {"favor_precision": True}),
]


def read_page(path):
    # The corpus is UTF-8; a stray byte should cost a character, not the page.
    if path.endswith(".gz"):
        with gzip.open(path, "rt", encoding="utf-8", errors="replace") as f:
            return f.read()
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def extract(item):
    key, path = item
    try:
        html = read_page(path)
    except OSError as e:
        return key, {name: "" for name, _ in CONFIGS}, f"cannot read {path}: {e}"
    texts, errors = {}, []
    for name, options in CONFIGS:
        try:
            texts[name] = trafilatura.extract(html, include_comments=False, **options) or ""
        except Exception as e:  # a peer failing on a page scores as an empty prediction, as upstream
            texts[name] = ""
            errors.append(f"{name}: {e!r}")
    return key, texts, "; ".join(errors) or None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", help="TSV of key and page path")
    parser.add_argument("out_dir")
    parser.add_argument("--jobs", type=int, default=multiprocessing.cpu_count())
    args = parser.parse_args()
    items = [tuple(line.rstrip("\n").split("\t", 1)) for line in open(args.pages, encoding="utf-8") if "\t" in line]
    outputs = {name: {} for name, _ in CONFIGS}
    started = time.time()
    with multiprocessing.Pool(args.jobs) as pool:
        for done, (key, texts, error) in enumerate(pool.imap_unordered(extract, items, chunksize=1), 1):
            for name, text in texts.items():
                outputs[name][key] = {"articleBody": text}
            if error:
                print(f"trafilatura: {key}: {error}", file=sys.stderr)
            if done % 50 == 0 or done == len(items):
                print(f"trafilatura: {done}/{len(items)} pages, {time.time() - started:.0f}s", file=sys.stderr)
    out_dir = Path(args.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, options in CONFIGS:
        doc = {"version": f"trafilatura {version('trafilatura')} {json.dumps(options)}", "output": dict(sorted(outputs[name].items()))}
        (out_dir / f"{name}.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
