#!/usr/bin/env python3
"""Writes wire-format seeds (src/snapshot.rs) for the wire_classify target from the HTML seeds.

A rough stand-in for the adapters (Python's html.parser, no layout): the seeds only need to be
valid-looking snapshots for the fuzzer to mutate from. Run from fuzz/: python3 seeds/make_wire_seeds.py
"""
import html.parser
import pathlib
import re

RS, US = "\x1e", "\x1f"
VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr", "area", "base", "col", "embed", "param", "track"}
HIDDEN = {"script", "style", "template", "noscript", "head", "title", "option"}
HINTS = ["itemprop", "aria-label", "data-testid", "data-component", "data-module"]


class Snap(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.records, self.stack, self.skip = [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag == "body" and not self.records:
            self.records.append(US.join(["-1", "body", "0", "", "", "", ""]))
            self.stack.append(0)
            return
        if not self.records:
            return  # the snapshot is rooted at <body>
        a = dict(attrs)
        if self.skip:
            if tag not in VOID:
                self.skip += 1
            return
        flags = (1 if tag in HIDDEN or "hidden" in a else 0) | (2 if tag == "a" and "href" in a else 0)
        parent = self.stack[-1] if self.stack else -1
        hints = " ".join(a[h] for h in HINTS if a.get(h))
        fields = [str(parent), tag, str(flags), a.get("id") or "", a.get("class") or "", a.get("role") or "", hints]
        self.records.append(US.join(re.sub(r"[\x00-\x1f]", " ", f) for f in fields))
        if tag in VOID:
            return
        if flags & 1:
            self.skip = 1
        else:
            self.stack.append(len(self.records) - 1)

    def handle_endtag(self, tag):
        if self.skip:
            self.skip -= 1
        elif tag not in VOID and len(self.stack) > 1:
            self.stack.pop()

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and self.stack and not self.skip:
            self.records.append(f"{self.stack[-1]}{US}{US}{text}")


# The HTML seeds are the test fixtures and the demo page (run from fuzz/).
pages = sorted(pathlib.Path("../tests/fixtures").glob("*.html")) + [pathlib.Path("../www/index.html")]
for page in pages:
    p = Snap()
    p.feed(page.read_text())
    if not p.records:
        continue
    wire = "pith1" + "".join(RS + r for r in p.records)
    stem = "demo" if page.name == "index.html" else page.stem
    pathlib.Path("seeds/wire_classify", stem + ".wire").write_text(wire)
