#!/usr/bin/python3
"""Peer: readability-lxml (Debian python3-readability) on every PAGES/*.html,
writing OUTDIR/<name>.txt: the text of each block of Document.summary()
separated by a blank line.  Run with the Debian interpreter (/usr/bin/python3),
which sees the package.  Usage: readability_lxml.py PAGES OUTDIR"""
import logging
import os
import sys

import lxml.html
from readability import Document

logging.disable(logging.CRITICAL)
BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
          "pre", "td", "th", "tr", "dd", "dt", "section", "article", "figcaption",
          "br", "ul", "ol", "table"}


def to_text(html):
    if not html.strip():
        return ""
    root = lxml.html.fromstring(html)
    parts = []

    def walk(el):
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in ("script", "style"):
            if el.tail:
                parts.append(el.tail)
            return
        if tag in BLOCKS:
            parts.append("\n\n")
        if el.text:
            parts.append(el.text)
        for child in el:
            walk(child)
        if tag in BLOCKS:
            parts.append("\n\n")
        if el.tail:
            parts.append(el.tail)

    walk(root)
    paras = [" ".join(p.split()) for p in "".join(parts).split("\n\n")]
    return "\n\n".join(p for p in paras if p)


def main():
    pages, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    for name in sorted(os.listdir(pages)):
        if not name.endswith(".html"):
            continue
        with open(os.path.join(pages, name), encoding="utf-8", errors="replace") as f:
            html = f.read()
        try:
            text = to_text(Document(html).summary(html_partial=True))
        except Exception as e:  # a page the peer fails on scores as empty
            print(f"readability-lxml: {name}: {e}", file=sys.stderr)
            text = ""
        with open(os.path.join(out, name[:-5] + ".txt"), "w", encoding="utf-8") as f:
            f.write(text)


main()
