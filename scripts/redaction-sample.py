#!/usr/bin/env python3
"""Draws the redaction samples from the civic set's shipped texts (Grand Débat answers, Make.org proposals), at
random with fixed seeds, so that the public view's false positives are measured on real civic text:
  eval-data/redaction/sample-dev.jsonl   500 texts read while the redactor was changed (300 Grand Débat, 200 Make.org)
  eval-data/redaction/sample-test.jsonl  500 other texts, drawn and read only after the changes (the reported figure)
Each line {"id", "source", "text"}. Only reads and writes files."""
import json, random, sys, pathlib

root = pathlib.Path(__file__).resolve().parent.parent
rows = [json.loads(l) for l in open(root / "eval-data/civic/civic.jsonl", encoding="utf-8")]
by_source = {}
for r in rows:
    if r.get("text"):
        by_source.setdefault(r["source"], []).append(r)
for r in by_source.values():
    r.sort(key=lambda x: x["id"])
used = set()
for name, seed in (("dev", 20261206), ("test", 20261207)):
    rng = random.Random(seed)
    sample = []
    for source, n in (("granddebat", 300), ("makeorg", 200)):
        pool = [r for r in by_source[source] if r["id"] not in used]
        picked = rng.sample(pool, n)
        used.update(r["id"] for r in picked)
        sample += [{"id": r["id"], "source": source, "text": r["text"]} for r in picked]
    out = root / f"eval-data/redaction/sample-{name}.jsonl"
    with open(out, "w", encoding="utf-8") as f:
        for r in sample:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(sample)} texts -> {out}", file=sys.stderr)
