#!/usr/bin/env python3
"""Sitemap schema check: /sitemap.xml and every sitemap it lists, validated
with lxml against the sitemaps.org 0.9 schemas written out in
tests/browser/sitemaps/ (siteindex.xsd, sitemap.xsd). The Rust tests
(tests/it/seo.rs) read the same documents with an XML parser; this adds a
real XSD validator.

Optional: without lxml (`pip install lxml`) it says SKIPPED and checks
nothing, as the browser smoke test is skipped without its browser.

Usage: tests/browser/sitemaps.py http://127.0.0.1:8080 (a running server
whose FIXLOOP_BASE_URL, or bind address, is that URL); smoke.py calls
`validate` on the server it starts.
"""
import os
import sys
import urllib.parse
import urllib.request

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
HERE = os.path.dirname(os.path.abspath(__file__))


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.headers.get("Content-Type", ""), response.read()


def validate(base, check):
    """Validates the index and each sitemap in it; returns every page
    address listed (None when lxml is missing)."""
    try:
        from lxml import etree
    except ImportError:
        print("SKIPPED: sitemap XSD validation (lxml is not installed: pip install lxml)")
        return None
    index_schema = etree.XMLSchema(etree.parse(os.path.join(HERE, "sitemaps", "siteindex.xsd")))
    urlset_schema = etree.XMLSchema(etree.parse(os.path.join(HERE, "sitemaps", "sitemap.xsd")))
    content_type, body = fetch(base + "/sitemap.xml")
    check("/sitemap.xml is application/xml", content_type.startswith("application/xml"), content_type)
    index = etree.fromstring(body)
    check("/sitemap.xml validates against siteindex.xsd", index_schema.validate(index),
          str(index_schema.error_log)[:500])
    pages = []
    for loc in index.xpath("/s:sitemapindex/s:sitemap/s:loc/text()", namespaces=NS):
        path = urllib.parse.urlsplit(loc).path
        check(f"{path} is listed under the site's address", loc.startswith(base + "/"), loc)
        content_type, body = fetch(base + path)
        check(f"{path} is application/xml", content_type.startswith("application/xml"), content_type)
        urlset = etree.fromstring(body)
        check(f"{path} validates against sitemap.xsd", urlset_schema.validate(urlset),
              str(urlset_schema.error_log)[:500])
        locs = urlset.xpath("/s:urlset/s:url/s:loc/text()", namespaces=NS)
        check(f"{path} holds 1 to 50,000 addresses", 1 <= len(locs) <= 50_000, len(locs))
        pages.extend(locs)
    return pages


def main():
    base = (sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080").rstrip("/")
    failures = []

    def check(name, condition, detail=""):
        print(("ok   " if condition else "FAIL ") + name + ("" if condition else f" — {detail}"))
        if not condition:
            failures.append(name)

    validate(base, check)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
