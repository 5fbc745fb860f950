#!/usr/bin/env python3
"""Search relevance on real repair guides: does search find the right guide? (a script, not a test)

Loads the MyFixit development set (iFixit repair guides, CC BY-NC-SA 3.0:
../shared/datasets/myfixit-dev, read at run time, never copied into the
repository) into a fresh forum with `fixloop import`, serves it, and sends
judged queries to GET /api/v1/search. Beside it, in the same run, a plain
BM25 baseline (any word may match, k1=1.2, b=0.75, over title + body + step
text, lowercase alphanumeric tokens, no stemming, no stop words) ranks the
same converted corpus in Python.

    python3 bench/relevance.py                                     # SQLite
    python3 bench/relevance.py --engine postgres --database-url postgres://u:p@127.0.0.1/relevance
    python3 bench/relevance.py --engine meili                      # starts ../shared/meilisearch/run
    python3 bench/relevance.py --engine meili --meili-url http://127.0.0.1:7700 --meili-key KEY
    python3 bench/relevance.py --show-failures 10 --json bench/out/relevance.json

The corpus. Each guide is a `guide` thread by one staff member: title = the
guide's Title, body = "Repair guide for <Category>.", device =
its Category. Its steps (Text_raw, in Order) are `guide_step` records, with
the thread's `difficulty` and `tools` (Toolbox names); with --no-steps (for an
importer that does not take them yet) the steps' text goes into the body
instead. By default the script tries a one-guide import first and falls back
to --no-steps when the importer refuses steps (it says so). The device tree
comes from each guide's Ancestors (without "Root") and its Category: the top
ancestor is a maker, the Category a model, and every ancestor between them is
folded into one line named by their path ("Washer and Dryer / Washing
Machine"), because a line cannot sit under a line.

Judged queries. For every distinct (Category, Subject) pair with a Subject,
three phrasings: "bare" = "<category> <subject>" lowercased; "question" = the
same words in one of a few question templates with filler words (seeded);
"typo" = the bare query with two adjacent letters swapped in one word of 4+
letters (seeded; a pair without such a word has no typo query). A guide is
relevant to a query when its Category and Subject are the query's
(case-insensitive).

Metrics per phrasing and overall: success@1, success@5 (a relevant guide in
the first 1 / 5 hits), MRR@10 (1/rank of the first relevant hit in the first
10, else 0), the share of queries with no result at all; the targets:
success@5 >= 0.90 overall and >= 0.85 per phrasing, no result <= 2 %,
MRR@10 >= 1.3x the baseline's.
"""
import argparse
import collections
import glob
import json
import lzma
import math
import os
import random
import re
import sys
import time

import benchlib
import searchbench
from benchlib import log

# ../shared/datasets/myfixit-dev beside the repository (its README gives the format and licence).
DATASET = os.path.join(os.path.dirname(benchlib.ROOT), "shared", "datasets", "myfixit-dev")
KINDS = ["maker", "line", "model", "revision"]
QUESTION_TEMPLATES = [
    "how do i replace the {subject} on my {category}",
    "{category} {subject} not working, how to fix",
    "my {category} {subject} is broken what do i do",
    "how to fix a broken {subject} in a {category}?",
    "need help: {subject} problem with my {category}",
    "what is the best way to change the {subject} of the {category}",
]
PHRASINGS = ["bare", "question", "typo"]
TARGETS = {"success@5": 0.90, "success@5 per phrasing": 0.85, "no result": 0.02, "MRR@10 vs baseline": 1.3}
DEPTH = 10  # hits looked at per query


# --- the corpus --------------------------------------------------------------

def read_guides(path):
    files = sorted(glob.glob(os.path.join(path, "*.json.xz")))
    if not files:
        sys.exit(f"no *.json.xz in {path}")
    guides = []
    for name in files:
        with lzma.open(name, "rt", encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    guides.append(json.loads(line))
    return guides, [os.path.basename(f) for f in files]


def clean(text):
    return re.sub(r"\s+", " ", text or "").strip()


def device_name(name):
    """2 to 100 characters (the catalogue's rule)."""
    name = clean(name)
    if len(name) > 100:
        name = name[:97].rstrip() + "…"
    return name if len(name) >= 2 else name + " device"


class DeviceTree:
    """Devices keyed by (parent key, name): unique per parent, as the import wants."""

    def __init__(self):
        self.records, self.nodes = [], {}

    def add(self, parent, name, kind):
        key = (parent, name)
        if key in self.nodes:
            return self.nodes[key][0]
        rid = f"d{len(self.records) + 1}"
        self.nodes[key] = (rid, kind)
        rec = {"type": "device", "id": rid, "name": name, "kind": kind}
        if parent:
            rec["parent"] = parent
        self.records.append(rec)
        return rid

    def device_for(self, guide):
        path = [device_name(a) for a in reversed(guide["Ancestors"]) if a != "Root"] + [device_name(guide["Category"])]
        maker = self.add(None, path[0], "maker")
        if len(path) == 1:
            return maker
        parent = maker
        if len(path) > 2:
            parent = self.add(maker, device_name(" / ".join(path[1:-1])), "line")
        # A model named like a line under the same parent is that line (the guide is about the line itself).
        return self.add(parent, path[-1], "model")


def guide_records(guides, steps, step_titles=False):
    """The import file's records (members, devices, threads, steps) and each guide's thread id and text."""
    tree = DeviceTree()
    # Lines first, so a model never takes a name a line needs under the same maker.
    for g in guides:
        path = [device_name(a) for a in reversed(g["Ancestors"]) if a != "Root"] + [device_name(g["Category"])]
        if len(path) > 2:
            maker = tree.add(None, path[0], "maker")
            tree.add(maker, device_name(" / ".join(path[1:-1])), "line")
    threads, step_records, docs = [], [], []
    for n, g in enumerate(guides):
        tid = f"g{g['Guidid']}"
        category = clean(g["Category"])
        tools = []
        for t in g.get("Toolbox") or []:
            name = clean(t.get("Name"))
            if name and name not in tools:
                tools.append(name)
        ordered = [clean(s.get("Text_raw")) for s in sorted(g.get("Steps") or [], key=lambda s: s.get("Order", 0))]
        ordered = [s for s in ordered if s]
        intro = f"Repair guide for {category}."
        thread = {"type": "thread", "id": tid, "kind": "guide", "title": clean(g["Title"]), "author": "staff",
                  "device": tree.device_for(g), "body": intro}
        if steps:
            thread.update(difficulty="moderate", tools=tools)
            for i, text in enumerate(ordered):
                step_records.append({"type": "guide_step", "id": f"{tid}s{i + 1}", "guide": tid,
                                     "title": f"Step {i + 1}" if step_titles else "", "body": text})
        else:
            thread["body"] = intro + "\n\n" + "\n\n".join(f"Step {i + 1}. {t}" for i, t in enumerate(ordered))
        threads.append(thread)
        # The baseline reads what the forum was given: title, body and the steps' text.
        step_text = [(f"Step {i + 1} " if step_titles else "") + t for i, t in enumerate(ordered)] if steps else []
        docs.append(" ".join([thread["title"], thread["body"]] + step_text))
    # Steps after all threads: a step refers to its guide on an earlier line.
    records = [searchbench.staff_member()] + tree.records + threads + step_records
    return records, docs, len(tree.records)


def importer_takes_steps(binary, work_dir, step_title=""):
    """Imports one guide with a step into a scratch SQLite forum: (accepted, the refusal if any)."""
    import shutil
    import subprocess
    scratch = os.path.join(work_dir, "relevance-probe")
    shutil.rmtree(scratch, ignore_errors=True)
    os.makedirs(scratch)
    path = os.path.join(scratch, "probe.jsonl")
    searchbench.write_jsonl(path, [
        searchbench.staff_member(),
        {"type": "device", "id": "d1", "name": "Probe Maker", "kind": "maker"},
        {"type": "thread", "id": "t1", "kind": "guide", "title": "Probe guide replacement", "author": "staff",
         "device": "d1", "body": "Repair guide for Probe.", "difficulty": "moderate", "tools": ["spudger"]},
        {"type": "guide_step", "id": "s1", "guide": "t1", "title": step_title, "body": "Remove the two screws."},
    ])
    env = benchlib.server_env(scratch, 1, "", {})
    for k in ("MEILI_URL", "MEILI_API_KEY", "MEILI_INDEX"):
        env.pop(k, None)
    r = subprocess.run([binary, "import", path], env=env, capture_output=True, text=True)
    refusals = [line for line in r.stderr.splitlines() if re.match(r"line \d+:", line)]
    shutil.rmtree(scratch, ignore_errors=True)
    if r.returncode == 0:
        return True, None
    return False, "; ".join(refusals) or (r.stderr.strip().splitlines() or ["exit %d" % r.returncode])[-1]


# --- judged queries ----------------------------------------------------------

def typo_of(query, rng):
    """Two adjacent, different letters swapped inside one word of 4+ letters; None when no word allows it."""
    words = query.split(" ")
    choices = []
    for wi, w in enumerate(words):
        if len(w) >= 4:
            for i in range(len(w) - 1):
                if w[i].isalpha() and w[i + 1].isalpha() and w[i] != w[i + 1]:
                    choices.append((wi, i))
    if not choices:
        return None
    wi, i = rng.choice(choices)
    w = words[wi]
    words[wi] = w[:i] + w[i + 1] + w[i] + w[i + 2:]
    return " ".join(words)


def judged_queries(guides, seed):
    pairs = collections.OrderedDict()
    for n, g in enumerate(guides):
        subject = clean(g.get("Subject"))
        if not subject:
            continue
        key = (clean(g["Category"]).lower(), subject.lower())
        pairs.setdefault(key, []).append(n)
    rng = random.Random(seed)
    queries, no_typo = [], 0
    for (category, subject), relevant in pairs.items():
        bare = f"{category} {subject}"
        question = rng.choice(QUESTION_TEMPLATES).format(category=category, subject=subject)
        typo = typo_of(bare, rng)
        for phrasing, q in (("bare", bare), ("question", question), ("typo", typo)):
            if q is None:
                no_typo += 1
                continue
            queries.append({"phrasing": phrasing, "q": q, "category": category, "subject": subject,
                            "relevant": relevant})
    return queries, len(pairs), no_typo


# --- the baseline --------------------------------------------------------------

TOKEN_RE = re.compile(r"[^\W_]+")


def tokens(text):
    return TOKEN_RE.findall(text.lower())


class BM25:
    def __init__(self, docs, k1=1.2, b=0.75):
        self.k1, self.b = k1, b
        self.postings = collections.defaultdict(list)
        self.lengths = []
        for n, d in enumerate(docs):
            toks = tokens(d)
            self.lengths.append(len(toks))
            for t, tf in collections.Counter(toks).items():
                self.postings[t].append((n, tf))
        self.n = len(docs)
        self.avg = sum(self.lengths) / max(1, self.n)

    def rank(self, query, depth):
        scores = collections.defaultdict(float)
        for t in set(tokens(query)):
            plist = self.postings.get(t)
            if not plist:
                continue
            idf = math.log(1 + (self.n - len(plist) + 0.5) / (len(plist) + 0.5))
            for n, tf in plist:
                norm = tf + self.k1 * (1 - self.b + self.b * self.lengths[n] / self.avg)
                scores[n] += idf * tf * (self.k1 + 1) / norm
        return [n for n, _ in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:depth]]


# --- metrics -----------------------------------------------------------------

def judge(ranked, relevant):
    """The rank (from 1) of the first relevant guide in `ranked` (guide numbers), or None."""
    for i, n in enumerate(ranked):
        if n in relevant:
            return i + 1
    return None


def summarise(results):
    """success@1, success@5, MRR@10 and no-result share of a list of {rank, empty}."""
    n = len(results)
    if not n:
        return {"queries": 0}
    s1 = sum(1 for r in results if r["rank"] == 1)
    s5 = sum(1 for r in results if r["rank"] and r["rank"] <= 5)
    mrr = sum(1 / r["rank"] for r in results if r["rank"] and r["rank"] <= 10)
    empty = sum(1 for r in results if r["empty"])
    return {"queries": n, "success@1": round(s1 / n, 4), "success@5": round(s5 / n, 4),
            "MRR@10": round(mrr / n, 4), "no_result": round(empty / n, 4)}


def table(figures):
    lines = [f"{'':22} {'queries':>7} {'succ@1':>7} {'succ@5':>7} {'MRR@10':>7} {'no res':>7}"]
    for system in ("engine", "baseline"):
        for part in PHRASINGS + ["all"]:
            f = figures[system].get(part)
            if not f or not f.get("queries"):
                continue
            lines.append(f"{system + ' ' + part:22} {f['queries']:7} {f['success@1']:7.3f} {f['success@5']:7.3f} "
                         f"{f['MRR@10']:7.3f} {f['no_result'] * 100:6.1f}%")
    return "\n".join(lines)


def targets(figures):
    engine, base = figures["engine"], figures["baseline"]
    out = []
    a = engine["all"]
    out.append(("success@5 overall >= 0.90", a["success@5"], a["success@5"] >= TARGETS["success@5"]))
    for p in PHRASINGS:
        if engine.get(p, {}).get("queries"):
            v = engine[p]["success@5"]
            out.append((f"success@5 {p} >= 0.85", v, v >= TARGETS["success@5 per phrasing"]))
    out.append(("no result <= 2 %", a["no_result"], a["no_result"] <= TARGETS["no result"]))
    ratio = a["MRR@10"] / base["all"]["MRR@10"] if base["all"]["MRR@10"] else float("inf")
    note = " (unreachable: MRR@10 <= 1)" if base["all"]["MRR@10"] * TARGETS["MRR@10 vs baseline"] > 1 else ""
    out.append((f"MRR@10 >= 1.3x baseline ({base['all']['MRR@10']:.3f}){note}", round(ratio, 3),
                ratio >= TARGETS["MRR@10 vs baseline"]))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split("\n\n", 1)[1] + "\n" + searchbench.__doc__.split("\n\n", 1)[1])
    searchbench.add_engine_args(ap, 18141)
    ap.add_argument("--dataset", default=DATASET, help="a folder of MyFixit *.json.xz files")
    ap.add_argument("--steps", choices=["auto", "yes", "no"], default="auto",
                    help="guide steps as guide_step records (yes), in the body (no), or yes when the importer "
                         "takes them (auto, the default)")
    ap.add_argument("--no-steps", dest="steps", action="store_const", const="no",
                    help="the same as --steps no: the steps' text goes into the thread body")
    ap.add_argument("--seed", type=int, default=20261201, help="for the question templates and the typos")
    ap.add_argument("--max-pairs", type=int, default=0, help="judge only this many (category, subject) pairs "
                                                             "(a seeded sample; default all)")
    ap.add_argument("--show-failures", type=int, default=0, metavar="N",
                    help="print N queries whose relevant guide is not in the first 5, with the top 3 titles")
    ap.add_argument("--json", default=None, metavar="OUT", help="write every figure (and each query's rank) here")
    args = ap.parse_args()
    searchbench.check_engine_args(ap, args)

    guides, files = read_guides(args.dataset)
    steps = args.steps
    probe_refusal, step_titles = None, False
    if steps == "auto":
        ok, probe_refusal = importer_takes_steps(args.binary, benchlib.OUT)
        if not ok and "title" in probe_refusal and "guide_step" not in probe_refusal:
            # A step may need a title of its own: "Step N" then (the words "step" and N in every guide).
            ok, again = importer_takes_steps(args.binary, benchlib.OUT, "Step 1")
            if ok:
                log(f"the importer wants step titles ({probe_refusal}): steps are titled \"Step N\"")
                step_titles = True
        steps = "yes" if ok else "no"
        if not ok:
            log(f"the importer does not take guide steps yet ({probe_refusal}): steps go into the body (--no-steps)")
    records, docs, n_devices = guide_records(guides, steps == "yes", step_titles)
    queries, n_pairs, no_typo = judged_queries(guides, args.seed)
    if args.max_pairs:
        keep = set(random.Random(args.seed).sample(sorted({(q["category"], q["subject"]) for q in queries}),
                                                   min(args.max_pairs, n_pairs)))
        queries = [q for q in queries if (q["category"], q["subject"]) in keep]
    per_phrasing = collections.Counter(q["phrasing"] for q in queries)
    log(f"{len(guides)} guides from {', '.join(files)}; {n_devices} devices; {n_pairs} (category, subject) pairs "
        f"-> {len(queries)} judged queries ({', '.join(f'{p} {per_phrasing[p]}' for p in PHRASINGS)}; "
        f"{no_typo} pairs without a word to misspell); steps as {'guide_step records' if steps == 'yes' else 'body text'}")

    forum = searchbench.Forum(args, "relevance")
    report = {"dataset": {"path": args.dataset, "files": files, "guides": len(guides), "devices": n_devices,
                          "pairs": n_pairs, "queries": len(queries), "queries_per_phrasing": dict(per_phrasing),
                          "pairs_without_typo": no_typo, "seed": args.seed, "max_pairs": args.max_pairs,
                          "steps": ("guide_step records" + (" titled Step N" if step_titles else ""))
                          if steps == "yes" else "in the body",
                          "steps_probe_refusal": probe_refusal},
              "forum": forum.describe(), "binary": searchbench.binary_commit(args.binary),
              "machine": benchlib.machine(), "targets": TARGETS}
    try:
        path = os.path.join(forum.data_dir, "guides.jsonl")
        searchbench.write_jsonl(path, records)
        log(f"fixloop import {path} ({len(records)} records) …")
        took, status, refused, summary = forum.import_file(path)
        log(f"imported in {took:.1f} s: {summary.splitlines()[-1] if summary else ''}")
        if refused:
            log(f"{len(refused)} lines refused, e.g.:\n  " + "\n  ".join(refused[:5]))
            if any("guide_step" in r or "tools" in r or "difficulty" in r for r in refused) and steps == "yes":
                sys.exit("the importer refused the guide steps: run with --no-steps")
        report["import"] = {"seconds": round(took, 1), "refused": len(refused), "refusals": refused[:20]}
        thread_ids = forum.import_ids("thread")
        guide_of = {}
        for n, g in enumerate(guides):
            new = thread_ids.get(f"g{g['Guidid']}")
            if new is not None:
                guide_of[new] = n
        if len(guide_of) != len(guides):
            log(f"warning: {len(guides) - len(guide_of)} guides were not imported")
        forum.serve()
        report["indexing_wait_s"] = round(forum.wait_indexed(len(guide_of)), 1)

        client = forum.client()
        bm25 = BM25(docs)
        engines = collections.Counter()
        started = time.time()
        for i, q in enumerate(queries):
            ids, answered_by, notice = searchbench.ranked_ids(client, q["q"], DEPTH)
            engines.update(answered_by)
            q["engine_ranked"] = [guide_of.get(t, -1) for t in ids]
            q["engine_threads"] = ids
            q["notice"] = notice
            q["baseline_ranked"] = bm25.rank(q["q"], DEPTH)
            if (i + 1) % 500 == 0:
                log(f"  {i + 1}/{len(queries)} queries ({time.time() - started:.0f} s)")
        took = time.time() - started
        client.close()
        log(f"{len(queries)} queries in {took:.0f} s ({1000 * took / max(1, len(queries)):.0f} ms each); "
            f"answered by {dict(engines)}")
        report["query_seconds"] = round(took, 1)
        report["engines_answering"] = dict(engines)
    finally:
        forum.close()

    figures = {"engine": {}, "baseline": {}}
    for system in figures:
        per = collections.defaultdict(list)
        for q in queries:
            ranked = q[f"{system}_ranked"]
            r = {"rank": judge(ranked, set(q["relevant"])), "empty": not ranked}
            q[f"{system}_rank"] = r["rank"]
            per[q["phrasing"]].append(r)
            per["all"].append(r)
        for part, results in per.items():
            figures[system][part] = summarise(results)
    report["figures"] = figures
    checks = targets(figures)
    report["checks"] = [{"target": t, "value": v, "met": ok} for t, v, ok in checks]

    print()
    print(f"search relevance, {forum.engine} ({report['forum']['database']}), {len(guides)} guides, "
          f"{len(queries)} queries; binary {report['binary'].get('version', '')} "
          f"built {report['binary']['built']}, tree {report['binary']['tree_commit']}")
    print(table(figures))
    print("targets:")
    for t, v, ok in checks:
        print(f"  {t:58} {v:7.3f}  {'met' if ok else 'NOT met'}")

    if args.show_failures:
        failed = [q for q in queries if not (q["engine_rank"] and q["engine_rank"] <= 5)]
        # Spread over the phrasings, in a seeded order.
        random.Random(args.seed).shuffle(failed)
        by = {p: [q for q in failed if q["phrasing"] == p] for p in PHRASINGS}
        picked = []
        while len(picked) < min(args.show_failures, len(failed)):
            for p in PHRASINGS:
                if by[p] and len(picked) < args.show_failures:
                    picked.append(by[p].pop(0))
        print(f"\n{len(failed)} queries without a relevant guide in the first 5; {len(picked)} of them:")
        for q in picked:
            expected = "; ".join(clean(guides[n]["Title"]) for n in q["relevant"][:2])
            rank = f"rank {q['engine_rank']}" if q["engine_rank"] else "not in the first 10"
            base = f"baseline rank {q['baseline_rank']}" if q["baseline_rank"] else "baseline: not in 10"
            print(f"- [{q['phrasing']}] \"{q['q']}\" -> {rank} ({base}); wanted: {expected}")
            if not q["engine_ranked"]:
                print(f"    (no result{'; notice: ' + q['notice'] if q['notice'] else ''})")
            for n in q["engine_ranked"][:3]:
                print(f"    {clean(guides[n]['Title']) if n >= 0 else '(a thread not from the import)'}")

    if args.json:
        report["queries"] = [{k: q[k] for k in ("phrasing", "q", "relevant", "engine_rank", "baseline_rank",
                                                  "engine_ranked", "notice")} for q in queries]
        benchlib.write_json(args.json, report)
        log(f"figures in {args.json}")


if __name__ == "__main__":
    sys.exit(main())
