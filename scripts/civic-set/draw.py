#!/usr/bin/env python3
"""Third and later draws of the civic set (issue #16): texts the shipped models think may hold a rare class, read like
the rest.

Draw 2 chose candidates by word lists and found few (of 509, 15 positive, 1 problem). Draws 3 and 4 let the product's
own models choose which texts to READ (active learning; sampling, never labelling: every label is written by two
readers and adjudicated, exactly like draws 1 and 2, and the readers never see a machine score). Draw 4 also takes
every Grand Débat answer no draw has taken (answers to open questions read more like the held-out consultation's
comments than proposals do).

  pool SHARED_DATA OUT.jsonl        writes the texts no draw has taken yet, {"id","text"}: Make.org proposals and
                                    Grand Débat answers (the held-out consultation, Decidim, is never drawn from)
  draw N POOL TONE_SCORES QUESTION_SCORES WORK_DIR
                                    reads `synthesis eval classify --out` files for the pool (one line per text,
                                    {"id","label","scores"}: a polarity score and a confidence for tone, a probability per type for questions) and takes, in this order, the texts most likely to be
                                    positive, problem, engagement, other and negative, then those the models are least
                                    sure of, then some at random (draw N's numbers below); appends them to
                                    sample.jsonl ("draw": N, "selected_as") and writes the reading batches after the
                                    last one.
Draw 5 (session 17) takes problem and other candidates for most of its texts. Deterministic (seed 15 + N).
"""
import csv, json, os, random, sys

SAMPLE = "eval-data/civic/sample.jsonl"
norm = lambda t: " ".join((t or "").split())


def taken():
    return {json.loads(l)["id"] for l in open(SAMPLE, encoding="utf-8")}


def pool(shared, out):
    done, seen, rows = taken(), set(), []
    # every text drawn so far, as drawn (the reading batches are not kept in the repository; the sample is)
    for line in open(SAMPLE, encoding="utf-8"):
        seen.add(norm(json.loads(line).get("text", "")).lower())
    with open(os.path.join(shared, "makeorg-mondedapres-2020", "mondedapres_2020_05_28.noauthor.csv"), encoding="utf-8") as f:
        for i, r in enumerate(csv.DictReader(f)):
            rows.append((f"makeorg:{i}", norm(r["proposition"])))
    with open(os.path.join(shared, "granddebat-tamis", "answers.dev.json"), encoding="utf-8") as f:
        for a in json.load(f):
            rows.append((f"granddebat:{a['index']}", norm(a["reponse"])))
    n = 0
    with open(out, "w", encoding="utf-8") as o:
        for id, t in rows:
            if id in done or not t or t.lower() in seen or len(t) < 12:
                continue
            seen.add(t.lower())
            o.write(json.dumps({"id": id, "text": t}, ensure_ascii=False) + "\n")
            n += 1
    print(n, "texts in the pool")


DRAWS = {
    3: {"want": [("positive", "tone", 220), ("problem", "question", 200), ("engagement", "question", 170),
                 ("other", "question", 100), ("negative", "tone", 150)], "unsure": 100, "random": 60, "granddebat": False},
    4: {"want": [("positive", "tone", 180), ("problem", "question", 150), ("engagement", "question", 80),
                 ("other", "question", 80), ("negative", "tone", 40)], "unsure": 40, "random": 30, "granddebat": True},
    # draw 5 (session 17): the question types the models confuse most (problem F1 0.44 and other 0.51 on test), whose
    # candidates read as such 15% and 50% of the time in draws 3-4; positive candidates read as positive 2-4% of the time
    5: {"want": [("positive", "tone", 40), ("problem", "question", 250), ("engagement", "question", 0),
                 ("other", "question", 200), ("negative", "tone", 50)], "unsure": 40, "random": 20, "granddebat": False},
}


def draw(n, pool_file, tone_file, question_file, work):
    n = int(n)
    plan = DRAWS[n]
    rng = random.Random(15 + n)
    texts = {}
    for l in open(pool_file, encoding="utf-8"):
        r = json.loads(l)
        texts[r["id"]] = r["text"]
    scores = {"tone": {}, "question": {}}
    for key, path in (("tone", tone_file), ("question", question_file)):
        for l in open(path, encoding="utf-8"):
            r = json.loads(l)
            scores[key][r["id"]] = r["scores"]
    chosen, items = set(), []

    def take(ids, why, n):
        k = 0
        for id in ids:
            if k == n:
                break
            if id in chosen:
                continue
            chosen.add(id)
            items.append({"id": id, "why": why})
            k += 1

    ids = sorted(texts)
    if plan["granddebat"]:
        for id in ids:
            if id.startswith("granddebat:"):
                chosen.add(id)
                items.append({"id": id, "why": "every Grand Débat answer left"})
    # the tone file gives a polarity score in [-1, 1] (positive minus negative) and the question file a probability per type
    likely = lambda i, label, key: (scores[key][i]["score"] * (1 if label == "positive" else -1)) if key == "tone" else scores[key][i][label]
    for label, key, count in plan["want"]:
        take(sorted(ids, key=lambda i: (-likely(i, label, key), i)), label, count)
    margin = lambda i: scores["tone"][i]["confidence"] + scores["question"][i]["confidence"]
    take(sorted(ids, key=lambda i: (margin(i), i)), "unsure", plan["unsure"])
    rest = [i for i in ids if i not in chosen]
    rng.shuffle(rest)
    take(rest, "random", plan["random"])
    rng.shuffle(items)
    with open(SAMPLE, "a", encoding="utf-8") as out:
        for it in items:
            source = it["id"].split(":")[0]
            consultation = {"makeorg": "makeorg-mondedapres-2020", "granddebat": "granddebat-national-2019"}[source]
            out.write(json.dumps({"id": it["id"], "source": source, "consultation": consultation, "text": texts[it["id"]],
                                  "draw": n, "selected_as": it["why"] if it["why"].startswith("every") else f"model: {it['why']}"}, ensure_ascii=False) + "\n")
    folder = os.path.join(work, "batches")
    os.makedirs(folder, exist_ok=True)
    # numbered after the last batch read (pass A holds one file per batch)
    first = max(int(b[len("batch-"):-len(".jsonl")]) for b in os.listdir("eval-data/civic/pass-a") if b.startswith("batch-")) + 1
    for b in range(0, len(items), 100):
        with open(os.path.join(folder, f"batch-{first + b // 100:02d}.jsonl"), "w", encoding="utf-8") as out:
            for it in items[b:b + 100]:
                out.write(json.dumps({"id": it["id"], "text": texts[it["id"]]}, ensure_ascii=False) + "\n")
    from collections import Counter
    print(len(items), dict(Counter(i["why"] for i in items)), "batches", first, "to", first + (len(items) - 1) // 100)


if __name__ == "__main__":
    if sys.argv[1] == "pool":
        pool(sys.argv[2], sys.argv[3])
    else:
        draw(*sys.argv[2:7])
