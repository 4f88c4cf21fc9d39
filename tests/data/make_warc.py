#!/usr/bin/env python3
"""Writes the WARC fixtures of tests/data (run from the repository root):
crawl.warc.gz (gzip member per record), crawl.warc (plain) and
truncated.warc.gz (the last record cut short).  The pages are the
project's own (tests/data/page.html and a short one written here)."""
import gzip


def record(kind, uri, block, content_type, rec_id):
    head = ("WARC/1.0\r\nWARC-Type: %s\r\nWARC-Target-URI: %s\r\nWARC-Date: 2025-04-02T09:00:00Z\r\n"
            "WARC-Record-ID: <urn:uuid:%s>\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n"
            % (kind, uri, rec_id, content_type, len(block)))
    return head.encode() + block + b"\r\n\r\n"


def http(status, ctype, body):
    return ("HTTP/1.1 %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n" % (status, ctype, len(body))).encode() + body


page = open("tests/data/page.html", "rb").read()
short = ("<html><head><title>Night buses return to Marrow Bay</title></head><body><article>"
         "<h1>Night buses return to Marrow Bay</h1><p>Night buses will run again between Marrow Bay and "
         "the airport from Monday, the transport board said, after drivers accepted a new shift pattern "
         "that ends a dispute of four months.</p><p>The first bus leaves the harbour at 23:40.</p>"
         "</article></body></html>").encode()
latin = ("<html><head><title>Caf\xe9 reopens</title></head><body><p>The harbour caf\xe9 reopened on "
         "Saturday, its owner Ren\xe9 Aubry said, after the storm damage to its terrace was repaired "
         "by volunteers.</p></body></html>").encode("latin-1")
records = [
    record("warcinfo", "", b"software: newsprint test fixture\r\n", "application/warc-fields", "1"),
    record("request", "https://baycourier.example/ferry", b"GET /ferry HTTP/1.1\r\n\r\n", "application/http; msgtype=request", "2"),
    record("response", "https://baycourier.example/ferry", http("200 OK", "text/html; charset=utf-8", page), "application/http; msgtype=response", "3"),
    record("response", "https://baycourier.example/logo.png", http("200 OK", "image/png", b"\x89PNG\r\n\x1a\n\x00\x00"), "application/http; msgtype=response", "4"),
    record("response", "https://baycourier.example/old", http("301 Moved Permanently", "text/html", b"<a href=/new>moved</a>"), "application/http; msgtype=response", "5"),
    record("resource", "https://transit.example/night-buses", short, "text/html", "6"),
    record("response", "https://cafe.example/reopens", http("200 OK", "text/html; charset=iso-8859-1", latin), "application/http; msgtype=response", "7"),
]
with open("tests/data/crawl.warc.gz", "wb") as f:
    for r in records:
        f.write(gzip.compress(r, mtime=0))
with open("tests/data/crawl.warc", "wb") as f:
    f.write(b"".join(records))
with open("tests/data/truncated.warc.gz", "wb") as f:
    for r in records[:3]:
        f.write(gzip.compress(r, mtime=0))
    f.write(gzip.compress(records[5], mtime=0)[:-30])
