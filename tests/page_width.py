"""page_width: whether a page fits a narrow window, in headless Chromium.

    python3 tests/page_width.py CHROMIUM URL WIDTH SELECTOR PROFILE_DIR [TEXT_SELECTOR]

Opens URL in a window WIDTH pixels wide, waits until SELECTOR is on the page
(its script has run), and prints one line: PASS when the document is no
wider than the window, else FAIL with both widths.  With TEXT_SELECTOR,
each element it matches (a column of text) must also be at least half the
window wide: fitting by squeezing the text into a sliver fails.  --dump-dom
cannot measure a layout: this drives Chromium over its DevTools protocol
(chromium_pipe.py).  Exit status 0 on PASS, 1 on FAIL, 2 when Chromium would not answer.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from chromium_pipe import FAILURES, Chromium  # noqa: E402


def main():
    chromium, url, width, selector, profile = sys.argv[1:6]
    text_selector = sys.argv[6] if len(sys.argv) > 6 else None
    browser = None
    try:
        browser = Chromium(chromium, url, width, profile)
        # the page's width, the window's, and the narrowest text column's
        sizes = browser.wait_for(
            "document.querySelector(%s) ? document.documentElement.scrollWidth + ' ' + window.innerWidth + ' ' +"
            " Math.min.apply(null, [1e9].concat(Array.prototype.map.call(document.querySelectorAll(%s),"
            " function (e) { return Math.round(e.getBoundingClientRect().width); }))) : ''"
            % (json.dumps(selector), json.dumps(text_selector or "#none")))
    except FAILURES as e:
        print("SKIP page-width: Chromium did not answer (%s)" % e)
        return 2
    finally:
        if browser:
            browser.close()
    if not sizes:
        print("FAIL page-width: %s never showed %s" % (url, selector))
        return 1
    page_width, window, narrowest = (int(x) for x in sizes.split())
    if page_width > window:
        print("FAIL page-width: %s is %d px wide in a %d px window (it scrolls sideways)" % (url, page_width, window))
        return 1
    if text_selector and narrowest == 1e9:
        print("FAIL page-width: %s shows no %s" % (url, text_selector))
        return 1
    if text_selector and 2 * narrowest < window:
        print("FAIL page-width: %s squeezes %s into %d px of a %d px window" % (url, text_selector, narrowest, window))
        return 1
    print("PASS page-width: %s fits a %d px window%s"
          % (url, window, " (%s at least %d px)" % (text_selector, narrowest) if text_selector else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
