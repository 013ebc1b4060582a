#!/usr/bin/env python3
"""Draws the civic annotation sample (issue #16) and writes the reading batches.

Reads the public sets in ../shared/data and writes, without labelling anything:
  eval-data/civic/sample.jsonl        {"id", "source", "consultation", "text"} for the shipped sources and
                                       {"id", "source", "consultation"} for the eval-only one (text joined at use)
  <work>/batches/batch-NN.jsonl       {"id", "text"}: what the readers get, sources mixed, no machine label

Deterministic (seed 16). Sources: Make.org "Le monde d'après" proposals (CC0), Grand Débat National answers from
granddebat-tamis (Licence Ouverte), Decidim local Grand Débat proposals and comments, Lille metropole and Nancy
(licence not stated: eval only, so only their ids are shipped).
Usage: scripts/civic-set/sample.py SHARED_DATA WORK_DIR
"""
import csv, json, os, random, sys

shared, work = sys.argv[1], sys.argv[2]
rng = random.Random(16)
seen = set()


def keep(text):
    t = " ".join((text or "").split())
    if not t or t.lower() in seen:
        return None
    seen.add(t.lower())
    return t


items = []

# Make.org: 1,450 proposals
with open(os.path.join(shared, "makeorg-mondedapres-2020", "mondedapres_2020_05_28.noauthor.csv"), encoding="utf-8") as f:
    rows = [(i, r["proposition"]) for i, r in enumerate(csv.DictReader(f))]
rng.shuffle(rows)
n = 0
for i, text in rows:
    t = keep(text)
    if t is None:
        continue
    items.append({"id": f"makeorg:{i}", "source": "makeorg", "consultation": "makeorg-mondedapres-2020", "text": t})
    n += 1
    if n == 1450:
        break

# Grand Débat: 1,000 answers, the same number from each of its 19 questions where it has them
with open(os.path.join(shared, "granddebat-tamis", "answers.dev.json"), encoding="utf-8") as f:
    answers = json.load(f)
by_question = {}
for a in answers:
    by_question.setdefault(a["questionIndex"], []).append(a)
for q in by_question.values():
    rng.shuffle(q)
picked, per = [], 90
for q in sorted(by_question):
    picked += by_question[q][:per]
rng.shuffle(picked)
n = 0
for a in picked:
    t = keep(a["reponse"])
    if t is None:
        continue
    items.append({"id": f"granddebat:{a['index']}", "source": "granddebat", "consultation": "granddebat-national-2019", "text": t})
    n += 1
    if n == 1000:
        break

# Decidim: every proposal (title and body) and comments up to 700 in all
dd = os.path.join(shared, "decidim-grand-debat-mel-nancy")
decidim = []
with open(os.path.join(dd, "propositions-libres.csv"), encoding="utf-8") as f:
    for r in csv.DictReader(f, delimiter=";"):
        t = keep(f"{r['title']}. {r['body']}" if r["title"] else r["body"])
        if t:
            decidim.append({"id": f"decidim:proposal:{r['id']}", "text": t})
comments = []
for name, kind in (("commentaires_debats.noauthor.csv", "debate-comment"), ("commentaires_propositions_libres.noauthor.csv", "proposal-comment")):
    with open(os.path.join(dd, name), encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter=";"):
            comments.append((kind, r))
rng.shuffle(comments)
for kind, r in comments:
    if len(decidim) == 700:
        break
    t = keep(r["body"])
    if t:
        decidim.append({"id": f"decidim:{kind}:{r['id']}", "text": t})
for d in decidim:
    items.append({"id": d["id"], "source": "decidim", "consultation": "decidim-grand-debat-mel-nancy", "text": d["text"]})

rng.shuffle(items)
os.makedirs("eval-data/civic", exist_ok=True)
with open("eval-data/civic/sample.jsonl", "w", encoding="utf-8") as out:
    for it in items:
        row = dict(it)
        if it["source"] == "decidim":
            del row["text"]  # eval only: joined from ../shared/data when used
        out.write(json.dumps(row, ensure_ascii=False) + "\n")

os.makedirs(os.path.join(work, "batches"), exist_ok=True)
size = 100
for b in range(0, len(items), size):
    with open(os.path.join(work, "batches", f"batch-{b // size + 1:02d}.jsonl"), "w", encoding="utf-8") as out:
        for it in items[b:b + size]:
            out.write(json.dumps({"id": it["id"], "text": it["text"]}, ensure_ascii=False) + "\n")
counts = {}
for it in items:
    counts[it["source"]] = counts.get(it["source"], 0) + 1
print(len(items), counts, "batches:", (len(items) + size - 1) // size)
