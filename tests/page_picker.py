"""page_picker: whether a copy family's picker shows every copy alike, in headless Chromium.

    python3 tests/page_picker.py CHROMIUM URL WIDTH PROFILE_DIR

Opens URL (a #/family/ page) in a window WIDTH pixels wide, a phone's (where
the copies are listed one under another), and waits for its copy picker.  Each copy must read as the others do: its id starting on the
line of its relation, beside it, and every id starting at the same x (on a
phone an id that did not fit beside its relation went under it, so the
chosen copy's, in bold, and a long one's rows took another shape than the
others').  Prints one PASS or FAIL line; exit status 0 on PASS, 1 on FAIL,
2 when Chromium would not answer.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from chromium_pipe import FAILURES, Chromium  # noqa: E402

# each copy's [id, id starts beside its relation, the id's left edge]
ROWS = r"""
(function () {
  var links = document.querySelectorAll('.copypicker a');
  if (!links.length || !document.querySelector('.diff')) return '';
  return JSON.stringify(Array.prototype.map.call(links, function (a) {
    var id = decodeURIComponent(a.getAttribute('href').split('copy=')[1] || '');
    var node = Array.prototype.filter.call(a.childNodes, function (n) { return n.textContent.trim() === id; })[0];
    var badge = a.querySelector('.rel').getBoundingClientRect();
    if (!node) return [id, false, -1];
    var range = document.createRange();
    range.selectNodeContents(node);
    var first = range.getClientRects()[0];
    return [id, first.top < badge.bottom && first.left >= badge.right, Math.round(first.left)];
  }));
})()
"""


def main():
    chromium, url, width, profile = sys.argv[1:5]
    browser = None
    try:
        browser = Chromium(chromium, url, width, profile)
        rows = browser.wait_for(ROWS)
    except FAILURES as e:
        print("SKIP page-picker: Chromium did not answer (%s)" % e)
        return 2
    finally:
        if browser:
            browser.close()
    if not rows:
        print("FAIL page-picker: %s never showed its copy picker" % url)
        return 1
    rows = json.loads(rows)
    under = [r[0] for r in rows if not r[1]]
    lefts = sorted(set(r[2] for r in rows))
    if len(rows) < 2 or under or lefts[-1] - lefts[0] > 1:
        print("FAIL page-picker: at %s px the copies' rows differ: %s" % (width, json.dumps(rows)))
        return 1
    print("PASS page-picker: at %s px each of %d copies has its id beside its relation, at x %d"
          % (width, len(rows), lefts[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
