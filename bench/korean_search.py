#!/usr/bin/env python3
"""Korean search quality: recall@50 and precision@10 on real Korean prose (a script, not a test).

The text: the Korean GIMP user manual, Debian package `gimp-help-ko`
(2.10.34; "GNU Image Manipulation Program User Manual" by the GIMP
Documentation Team, licence GFDL 1.2 or later with no invariant sections:
/usr/share/doc/gimp-help-ko/copyright). It is read at run time from
/usr/share/gimp/2.0/help/ko/*.html and never copied into the repository:

    apt-get update && apt-get install --no-install-recommends w3m gimp-help-ko
    (w3m only satisfies the package's "a web browser" dependency, which apt would otherwise
    answer with XEmacs)

Every <p> of the manual with at least 20 Hangul syllables, Hangul being at
least half of its letters, is one paragraph (about 760 distinct ones); each
becomes a `discussion` thread: title = its first sentence (cut to 200
characters), body = the paragraph.

Queries, seeded: one- and two-word queries made of the corpus's own words as
people type them — a Hangul word (a run of Hangul syllables, so "레이어를"
or "이미지의") cut to its first 2 to 4 syllables ("레이어", "이미지"), which
drops most particles and endings. A two-word query takes both words from one
paragraph, so every query has a relevant thread. A thread is relevant when its
title or body contains every query word as a substring.

    recall@50     relevant threads among the first 50 hits / min(50, relevant threads), averaged
    precision@10  relevant hits among the first 10 / hits among the first 10 (0 when there are none):
                  partial matches shown after the full ones count against it when fewer than 10
                  threads are relevant (the median query has about 4)
    rprec@10      (not a target; for the engineers) relevant hits among the first min(10, relevant)
                  / min(10, relevant): whether the relevant threads come first, extra hits aside

Targets: recall@50 >= 0.95 and precision@10 >= 0.9.

    python3 bench/korean_search.py                                     # SQLite
    python3 bench/korean_search.py --engine postgres --database-url postgres://…/korean
    python3 bench/korean_search.py --engine meili                      # starts ../shared/meilisearch/run
    python3 bench/korean_search.py --show-failures 10 --json bench/out/korean.json
"""
import argparse
import collections
import glob
import html.parser
import os
import random
import re
import sys
import time

import benchlib
import searchbench
from benchlib import log

HELP_DIR = "/usr/share/gimp/2.0/help/ko"
HANGUL = re.compile(r"[\uac00-\ud7a3]+")
LETTER = re.compile(r"[^\W\d_]")
TARGETS = {"recall@50": 0.95, "precision@10": 0.90}


class Paragraphs(html.parser.HTMLParser):
    """The text of every <p> of one HTML page."""

    def __init__(self):
        super().__init__()
        self.found, self.current, self.skip = [], None, 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        elif tag == "p":
            if self.current is not None:
                self.found.append("".join(self.current))
            self.current = []

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip -= 1
        elif tag == "p" and self.current is not None:
            self.found.append("".join(self.current))
            self.current = None

    def handle_data(self, data):
        if self.current is not None and not self.skip:
            self.current.append(data)


def read_paragraphs(folder):
    files = sorted(glob.glob(os.path.join(folder, "*.html")))
    if not files:
        sys.exit(f"no HTML in {folder}: apt-get install --no-install-recommends w3m gimp-help-ko "
                 f"(or pass --help-dir)")
    seen, paragraphs = set(), []
    for name in files:
        parser = Paragraphs()
        with open(name, encoding="utf-8", errors="replace") as f:
            parser.feed(f.read())
        for text in parser.found:
            text = re.sub(r"\s+", " ", text).strip()
            hangul = sum(len(w) for w in HANGUL.findall(text))
            letters = len(LETTER.findall(text))
            if hangul >= 20 and hangul >= 0.5 * letters and text not in seen:
                seen.add(text)
                paragraphs.append(text)
    return paragraphs, len(files)


def title_of(paragraph):
    """The first sentence, 5 to 200 characters."""
    m = re.match(r"(.+?[.!?])(\s|$)", paragraph)
    title = (m.group(1) if m else paragraph).strip()
    if len(title) > 200:
        title = title[:199].rstrip() + "…"
    if len(title) < 5:
        title = paragraph[:199].strip() if len(paragraph) >= 5 else (paragraph + " …")
    return title


def query_word(word, rng):
    return word[:rng.randint(2, min(4, len(word)))]


def make_queries(paragraphs, n_one, n_two, seed):
    rng = random.Random(seed)
    words_of = [[w for w in HANGUL.findall(p) if len(w) >= 2] for p in paragraphs]
    usable = [i for i, ws in enumerate(words_of) if ws]
    queries, seen = [], set()
    tries = 0
    while (len([q for q in queries if len(q) == 1]) < n_one or len([q for q in queries if len(q) == 2]) < n_two) \
            and tries < 100 * (n_one + n_two):
        tries += 1
        ws = words_of[rng.choice(usable)]
        one = len([q for q in queries if len(q) == 1]) < n_one
        if one:
            q = (query_word(rng.choice(ws), rng),)
        else:
            distinct = sorted(set(ws))
            if len(distinct) < 2:
                continue
            a, b = rng.sample(distinct, 2)
            q = (query_word(a, rng), query_word(b, rng))
            if q[0] == q[1] or q[0] in q[1] or q[1] in q[0]:
                continue
        if q not in seen:
            seen.add(q)
            queries.append(q)
    return queries


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split("\n\n", 1)[1] + "\n" + searchbench.__doc__.split("\n\n", 1)[1])
    searchbench.add_engine_args(ap, 18161)
    ap.add_argument("--help-dir", default=HELP_DIR, help="the Korean GIMP manual's HTML folder")
    ap.add_argument("--one-word", type=int, default=200, help="one-word queries")
    ap.add_argument("--two-word", type=int, default=200, help="two-word queries")
    ap.add_argument("--seed", type=int, default=20261201)
    ap.add_argument("--show-failures", type=int, default=0, metavar="N",
                    help="print N queries with recall@50 < 1 or precision@10 < 1, with what came back")
    ap.add_argument("--json", default=None, metavar="OUT")
    args = ap.parse_args()
    searchbench.check_engine_args(ap, args)

    paragraphs, n_files = read_paragraphs(args.help_dir)
    queries = make_queries(paragraphs, args.one_word, args.two_word, args.seed)
    relevant_of = {q: [i for i, p in enumerate(paragraphs) if all(w in p for w in q)] for q in queries}
    log(f"{len(paragraphs)} Korean paragraphs from {n_files} pages of {args.help_dir}; {len(queries)} queries "
        f"({sum(len(q) == 1 for q in queries)} one-word, {sum(len(q) == 2 for q in queries)} two-word), "
        f"median {sorted(len(r) for r in relevant_of.values())[len(queries) // 2]} relevant threads each")

    records = [{"type": "member", "id": "m1", "username": "bench_writer", "email": "bench-writer@example.com"}]
    for i, p in enumerate(paragraphs):
        records.append({"type": "thread", "id": f"p{i}", "kind": "discussion", "title": title_of(p),
                        "author": "m1", "body": p})

    forum = searchbench.Forum(args, "korean")
    report = {"corpus": {"package": "gimp-help-ko", "licence": "GFDL-1.2+ (no invariant sections)",
                         "path": args.help_dir, "pages": n_files, "paragraphs": len(paragraphs)},
              "queries": {"one_word": sum(len(q) == 1 for q in queries),
                          "two_word": sum(len(q) == 2 for q in queries), "seed": args.seed},
              "forum": forum.describe(), "binary": searchbench.binary_commit(args.binary),
              "machine": benchlib.machine(), "targets": TARGETS}
    results = []
    try:
        path = os.path.join(forum.data_dir, "korean.jsonl")
        searchbench.write_jsonl(path, records)
        took, status, refused, summary = forum.import_file(path)
        log(f"imported {len(records)} records in {took:.1f} s" + (f"; {len(refused)} refused, e.g. {refused[:3]}"
                                                                   if refused else ""))
        report["import"] = {"seconds": round(took, 1), "refused": len(refused), "refusals": refused[:20]}
        paragraph_of = {new: int(src[1:]) for src, new in forum.import_ids("thread").items()}
        forum.serve()
        report["indexing_wait_s"] = round(forum.wait_indexed(len(paragraph_of)), 1)
        client = forum.client()
        engines = collections.Counter()
        started = time.time()
        for q in queries:
            ids, answered_by, notice = searchbench.ranked_ids(client, " ".join(q), 50)
            engines.update(answered_by)
            ranked = [paragraph_of.get(t, -1) for t in ids]
            relevant = set(relevant_of[q])
            found50 = sum(1 for n in ranked[:50] if n in relevant)
            top10 = ranked[:10]
            results.append({"q": " ".join(q), "words": len(q), "relevant": len(relevant),
                            "recall@50": found50 / min(50, len(relevant)),
                            "precision@10": (sum(1 for n in top10 if n in relevant) / len(top10)) if top10 else 0.0,
                            "r-precision@10": sum(1 for n in ranked[:min(10, len(relevant))] if n in relevant)
                            / min(10, len(relevant)),
                            "hits": len(ids), "ranked": ranked[:10], "notice": notice})
        took = time.time() - started
        client.close()
        log(f"{len(queries)} queries in {took:.0f} s; answered by {dict(engines)}")
        report["query_seconds"] = round(took, 1)
        report["engines_answering"] = dict(engines)
    finally:
        forum.close()

    def mean(rows, key):
        return round(sum(r[key] for r in rows) / len(rows), 4) if rows else float("nan")

    figures = {}
    for part, rows in (("one word", [r for r in results if r["words"] == 1]),
                       ("two words", [r for r in results if r["words"] == 2]), ("all", results)):
        figures[part] = {"queries": len(rows), "recall@50": mean(rows, "recall@50"),
                         "precision@10": mean(rows, "precision@10"), "r-precision@10": mean(rows, "r-precision@10"),
                         "no_result": round(sum(1 for r in rows if not r["hits"]) / len(rows), 4) if rows else None}
    report["figures"] = figures
    a = figures["all"]
    checks = [("recall@50 >= 0.95", a["recall@50"], a["recall@50"] >= TARGETS["recall@50"]),
              ("precision@10 >= 0.90", a["precision@10"], a["precision@10"] >= TARGETS["precision@10"])]
    report["checks"] = [{"target": t, "value": v, "met": ok} for t, v, ok in checks]

    print()
    print(f"Korean search, {forum.engine} ({report['forum']['database']}), {len(paragraphs)} threads from "
          f"gimp-help-ko; binary {report['binary'].get('version', '')} built {report['binary']['built']}, "
          f"tree {report['binary']['tree_commit']}")
    print(f"{'':12} {'queries':>7} {'recall@50':>10} {'prec@10':>8} {'rprec@10':>9} {'no res':>7}")
    for part, f in figures.items():
        print(f"{part:12} {f['queries']:7} {f['recall@50']:10.3f} {f['precision@10']:8.3f} {f['r-precision@10']:9.3f} "
              f"{f['no_result'] * 100:6.1f}%")
    print("targets:")
    for t, v, ok in checks:
        print(f"  {t:24} {v:7.3f}  {'met' if ok else 'NOT met'}")
    if args.show_failures:
        failed = [r for r in results if r["recall@50"] < 1 or r["precision@10"] < 1]
        random.Random(args.seed).shuffle(failed)
        print(f"\n{len(failed)} queries below recall@50 = 1 or precision@10 = 1; {min(len(failed), args.show_failures)} of them:")
        for r in failed[:args.show_failures]:
            print(f"- \"{r['q']}\": {r['relevant']} relevant, {r['hits']} hits, recall@50 {r['recall@50']:.2f}, "
                  f"precision@10 {r['precision@10']:.2f}" + (f"; notice: {r['notice']}" if r["notice"] else ""))
            for n in r["ranked"][:3]:
                if n >= 0:
                    mark = "+" if all(w in paragraphs[n] for w in r["q"].split(" ")) else "-"
                    print(f"    {mark} {title_of(paragraphs[n])[:90]}")
    if args.json:
        report["per_query"] = results
        benchlib.write_json(args.json, report)
        log(f"figures in {args.json}")


if __name__ == "__main__":
    sys.exit(main())
