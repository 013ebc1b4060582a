#!/usr/bin/env python3
"""Second draw of the civic set (issue #16): adds texts likely to hold the classes the first draw has few of
(positive tone, engagement, problem), so that per-class figures rest on more than a handful of texts.

Candidates are SELECTED by word lists (sampling, never labelling: every text is then labelled by reading, like the
first draw). The enriched part therefore does not follow the consultations' natural distribution; `civic.jsonl`
marks each text's draw. Appends to eval-data/civic/sample.jsonl ("draw": 2) and writes reading batches from 32 on.
Deterministic (seed 17). Usage: scripts/civic-set/enrich.py SHARED_DATA WORK_DIR
"""
import csv, json, os, random, re, sys

shared, work = sys.argv[1], sys.argv[2]
rng = random.Random(17)
existing = [json.loads(l) for l in open("eval-data/civic/sample.jsonl", encoding="utf-8")]
taken = {e["id"] for e in existing}
norm = lambda t: " ".join((t or "").split())
seen = set()
batches = sorted(os.listdir(os.path.join(work, "batches")))
for b in batches:
    for line in open(os.path.join(work, "batches", b), encoding="utf-8"):
        seen.add(json.loads(line)["text"].lower())

CANDIDATES = {
    "engagement": re.compile(r"\b(je|j'|nous|chacun|chacune|citoyens?|bénévol\w*|voisin\w*|entraide|associations?|participer|engager)\b", re.I),
    "positive": re.compile(r"\b(bravo|merci|formidable|génial\w*|super|belle|beau|heureu\w*|fier|fière|magnifique|réussi\w*|enthousias\w*|espoir|confiance)\b", re.I),
    "problem": re.compile(r"\b(n'arriv\w*|ne peuv\w*|manque\w*|difficile\w*|souffr\w*|précarité|seuls?|isolé\w*|pauvreté|galère\w*|impossible)\b", re.I),
}
WANT = {"engagement": 250, "positive": 150, "problem": 200}

items = []
with open(os.path.join(shared, "makeorg-mondedapres-2020", "mondedapres_2020_05_28.noauthor.csv"), encoding="utf-8") as f:
    rows = [(i, norm(r["proposition"])) for i, r in enumerate(csv.DictReader(f))]
rng.shuffle(rows)
counts = dict.fromkeys(WANT, 0)
random_left = 150
for i, t in rows:
    if f"makeorg:{i}" in taken or not t or t.lower() in seen:
        continue
    why = next((k for k, rx in CANDIDATES.items() if counts[k] < WANT[k] and rx.search(t)), None)
    if why is None:
        if random_left == 0:
            continue
        random_left -= 1
        why = "random"
    else:
        counts[why] += 1
    seen.add(t.lower())
    items.append({"id": f"makeorg:{i}", "source": "makeorg", "consultation": "makeorg-mondedapres-2020", "text": t, "draw": 2, "selected_as": why})
    if all(counts[k] == WANT[k] for k in WANT) and random_left == 0:
        break

# Decidim: the comments the first draw left (held-out consultation)
dd = os.path.join(shared, "decidim-grand-debat-mel-nancy")
for name, kind in (("commentaires_debats.noauthor.csv", "debate-comment"), ("commentaires_propositions_libres.noauthor.csv", "proposal-comment")):
    with open(os.path.join(dd, name), encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter=";"):
            t, id = norm(r["body"]), f"decidim:{kind}:{r['id']}"
            if id in taken or not t or t.lower() in seen:
                continue
            seen.add(t.lower())
            items.append({"id": id, "source": "decidim", "consultation": "decidim-grand-debat-mel-nancy", "text": t, "draw": 2, "selected_as": "remaining comment"})

rng.shuffle(items)
with open("eval-data/civic/sample.jsonl", "a", encoding="utf-8") as out:
    for it in items:
        row = dict(it)
        if it["source"] == "decidim":
            del row["text"]
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
first = len(batches) + 1
for b in range(0, len(items), 100):
    with open(os.path.join(work, "batches", f"batch-{first + b // 100:02d}.jsonl"), "w", encoding="utf-8") as out:
        for it in items[b:b + 100]:
            out.write(json.dumps({"id": it["id"], "text": it["text"]}, ensure_ascii=False) + "\n")
from collections import Counter
print(len(items), Counter(i["selected_as"] for i in items), "batches", first, "to", first + (len(items) - 1) // 100)
