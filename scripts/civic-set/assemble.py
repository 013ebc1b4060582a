#!/usr/bin/env python3
"""Joins the two reading passes of the civic set, reports their agreement, and writes the set (issue #16).

Reads eval-data/civic/sample.jsonl, pass-a/*.jsonl, pass-b/*.jsonl and adjudication/*.jsonl (labels written by
readers; this script never decides a label). Commands:
  agreement            Cohen's kappa and raw agreement per label, overall and per source (before adjudication)
  disagreements DIR    writes DIR/batch-NN.jsonl: the texts the two passes labelled differently and no adjudication
                       settled yet, with both readings
  build                writes eval-data/civic/civic.jsonl: one line per text with its final labels (agreed, else
                       adjudicated) and its split; a text neither agreed nor adjudicated is left out and counted
Usage: scripts/civic-set/assemble.py agreement|disagreements DIR|build   (run at the repository root)
"""
import glob, hashlib, json, os, sys
from collections import Counter

ROOT = "eval-data/civic"
TONES = {"negative", "neutral", "positive"}
QUESTIONS = {"problem", "engagement", "solution", "other"}


def read_pass(folder):
    labels, problems = {}, []
    for path in sorted(glob.glob(os.path.join(ROOT, folder, "batch-*.jsonl"))):
        for n, line in enumerate(open(path, encoding="utf-8"), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as e:
                problems.append(f"{path}:{n}: not JSON ({e})")
                continue
            tone, question = row.get("tone"), row.get("question")
            if tone not in TONES or question not in QUESTIONS:
                problems.append(f"{path}:{n}: {row.get('id')}: tone '{tone}' / question '{question}' is not a label of the guide")
                continue
            labels[row["id"]] = (tone, question)
    return labels, problems


def kappa(pairs):
    n = len(pairs)
    if n == 0:
        return float("nan"), float("nan")
    po = sum(a == b for a, b in pairs) / n
    ca, cb = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    pe = sum(ca[k] * cb[k] for k in set(ca) | set(cb)) / (n * n)
    return (po - pe) / (1 - pe) if pe < 1 else 1.0, po


def sample():
    return [json.loads(l) for l in open(os.path.join(ROOT, "sample.jsonl"), encoding="utf-8")]


def split_of(item):
    # the held-out consultation never enters training or tuning; the others are split at random by id (60/20/20)
    if item["consultation"] == "decidim-grand-debat-mel-nancy":
        return "heldout"
    h = int(hashlib.sha256(item["id"].encode()).hexdigest()[:8], 16) % 10
    return "train" if h < 6 else "dev" if h < 8 else "test"


def agreement():
    a, pa = read_pass("pass-a")
    b, pb = read_pass("pass-b")
    for p in pa + pb:
        print("problem:", p)
    items = sample()
    both = [i for i in items if i["id"] in a and i["id"] in b]
    print(f"texts: {len(items)}; pass A {len(a)}, pass B {len(b)}, both {len(both)}")
    report = {}
    draw = lambda i: f"draw {i.get('draw', 1)}"
    for scope in ["all"] + sorted({i["source"] for i in items}) + sorted({draw(i) for i in items}):
        chosen = [i for i in both if scope == "all" or scope in (i["source"], draw(i))]
        for k, name in ((0, "tone"), (1, "question")):
            kap, po = kappa([(a[i["id"]][k], b[i["id"]][k]) for i in chosen])
            report[f"{scope}/{name}"] = {"n": len(chosen), "kappa": round(kap, 3), "agreement": round(po, 3)}
            print(f"{scope:10} {name:8} n={len(chosen):5} kappa={kap:.3f} raw agreement={po:.3f}")
    with open(os.path.join(ROOT, "agreement.json"), "w", encoding="utf-8") as out:
        json.dump(report, out, indent=1)


def disagreements(folder):
    a, _ = read_pass("pass-a")
    b, _ = read_pass("pass-b")
    texts = {}
    for path in sorted(glob.glob(os.path.join(ROOT, "reading", "batches", "batch-*.jsonl"))):
        for line in open(path, encoding="utf-8"):
            row = json.loads(line)
            texts[row["id"]] = row["text"]
    done, _ = read_pass("adjudication")
    todo = [i for i in sample() if i["id"] in a and i["id"] in b and a[i["id"]] != b[i["id"]] and i["id"] not in done]
    # numbered after the adjudication files already written, so a later draw's disagreements get new names
    first = len(glob.glob(os.path.join(ROOT, "adjudication", "batch-*.jsonl"))) + 1
    os.makedirs(folder, exist_ok=True)
    for n in range(0, len(todo), 100):
        with open(os.path.join(folder, f"batch-{first + n // 100:02d}.jsonl"), "w", encoding="utf-8") as out:
            for i in todo[n:n + 100]:
                r1, r2 = a[i["id"]], b[i["id"]]
                out.write(json.dumps({"id": i["id"], "text": texts[i["id"]],
                                      "reading_1": {"tone": r1[0], "question": r1[1]},
                                      "reading_2": {"tone": r2[0], "question": r2[1]}}, ensure_ascii=False) + "\n")
    print(f"{len(todo)} texts to adjudicate in {(len(todo) + 99) // 100} files under {folder}")


def build():
    a, _ = read_pass("pass-a")
    b, _ = read_pass("pass-b")
    c, problems = read_pass("adjudication")
    for p in problems:
        print("problem:", p)
    out, missing, how = [], 0, Counter()
    for i in sample():
        ra, rb = a.get(i["id"]), b.get(i["id"])
        if ra is None or rb is None:
            missing += 1
            continue
        tone = ra[0] if ra[0] == rb[0] else c.get(i["id"], (None, None))[0]
        question = ra[1] if ra[1] == rb[1] else c.get(i["id"], (None, None))[1]
        if tone is None or question is None:
            missing += 1
            continue
        how["agreed" if ra == rb else "adjudicated"] += 1
        row = {"id": i["id"], "source": i["source"], "consultation": i["consultation"], "split": split_of(i),
               "draw": i.get("draw", 1), "tone": tone, "question": question}
        if "selected_as" in i:
            row["selected_as"] = i["selected_as"]
        if "text" in i:
            row["text"] = i["text"]
        out.append(row)
    with open(os.path.join(ROOT, "civic.jsonl"), "w", encoding="utf-8") as f:
        for row in out:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(out)} texts written ({dict(how)}), {missing} left out (a pass or the adjudication missing)")
    for split in ("train", "dev", "test", "heldout"):
        rows = [r for r in out if r["split"] == split]
        print(split, len(rows), dict(sorted(Counter(r["tone"] for r in rows).items())), dict(sorted(Counter(r["question"] for r in rows).items())))


if __name__ == "__main__":
    {"agreement": lambda: agreement(), "disagreements": lambda: disagreements(sys.argv[2]), "build": lambda: build()}[sys.argv[1]]()
