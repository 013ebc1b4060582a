#!/usr/bin/env python3
"""Writes the civic set as `synthesis eval classify` input: OUT/{train,dev,test,heldout}.{tone,question}.jsonl
with {"id", "text", "label"}. The Decidim texts (eval only, not shipped) are read from SHARED_DATA as sample.py drew them.
Usage: scripts/civic-set/export.py SHARED_DATA OUT   (run at the repository root)
"""
import csv, json, os, sys

shared, out = sys.argv[1], sys.argv[2]
norm = lambda t: " ".join((t or "").split())
dd = os.path.join(shared, "decidim-grand-debat-mel-nancy")
decidim = {}
with open(os.path.join(dd, "propositions-libres.csv"), encoding="utf-8") as f:
    for r in csv.DictReader(f, delimiter=";"):
        decidim[f"decidim:proposal:{r['id']}"] = norm(f"{r['title']}. {r['body']}" if r["title"] else r["body"])
for name, kind in (("commentaires_debats.noauthor.csv", "debate-comment"), ("commentaires_propositions_libres.noauthor.csv", "proposal-comment")):
    with open(os.path.join(dd, name), encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter=";"):
            decidim[f"decidim:{kind}:{r['id']}"] = norm(r["body"])
os.makedirs(out, exist_ok=True)
files = {}
missing = 0
for line in open("eval-data/civic/civic.jsonl", encoding="utf-8"):
    row = json.loads(line)
    text = row.get("text") or decidim.get(row["id"])
    if text is None:
        missing += 1
        continue
    for task in ("tone", "question"):
        key = (row["split"], task)
        if key not in files:
            files[key] = open(os.path.join(out, f"{row['split']}.{task}.jsonl"), "w", encoding="utf-8")
        files[key].write(json.dumps({"id": row["id"], "text": text, "label": row[task]}, ensure_ascii=False) + "\n")
for f in files.values():
    f.close()
print(f"{len(files)} files in {out}" + (f"; {missing} texts not found in {shared}" if missing else ""))
