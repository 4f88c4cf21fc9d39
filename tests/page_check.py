"""page_check: the page's "Check a text" form storing a text, in headless
Chromium.

    python3 tests/page_check.py CHROMIUM BASE_URL TAKEN_ID PROFILE_DIR

Opens BASE_URL#/check, gives a new text the id TAKEN_ID of a stored article
and presses "Store it": the page must say the text was not stored and why
(it said "Already stored: ID", as if this text were).  Stores nothing.
Prints one line, PASS, FAIL or SKIP (exit status 0, 1, 2).
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from chromium_pipe import FAILURES, Chromium  # noqa: E402

NAME = "page-check-taken-id"


def main():
    chromium, base, taken, profile = sys.argv[1:5]
    browser = None
    try:
        browser = Chromium(chromium, base + "#/check", 1280, profile)
        if not browser.wait_for("document.getElementById('c-text') ? 1 : 0"):
            print("FAIL %s: the form never showed" % NAME)
            return 1
        browser.evaluate("document.getElementById('c-id').value = %s;"
                         "document.getElementById('c-text').value = 'A text of its own, written for this test.';"
                         "document.querySelector('form.check button.secondary').click()" % json.dumps(taken))
        said = browser.wait_for("(function () { var p = document.querySelector('.checkresult [role=status]');"
                                " return p ? p.textContent : ''; })()") or ""
    except FAILURES as e:
        print("SKIP %s: Chromium did not answer (%s)" % (NAME, e))
        return 2
    finally:
        if browser:
            browser.close()
    if "Not stored" not in said or taken not in said:
        print("FAIL %s: a text given the stored id %s is answered %r" % (NAME, taken, said))
        return 1
    print("PASS %s: %s" % (NAME, said))
    return 0


if __name__ == "__main__":
    sys.exit(main())
