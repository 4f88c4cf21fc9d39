"""page_check: the page's "Check a text" form, in headless Chromium.

    python3 tests/page_check.py CHROMIUM BASE_URL TAKEN_ID PROFILE_DIR

Opens BASE_URL#/check, gives a new text the id TAKEN_ID of a stored article
and presses "Store it": the page must say the text was not stored and why
(it said "Already stored: ID", as if this text were).  Then a text of no
word (notices alone) is checked ("Find copies and story") and given to
"Store it" under TAKEN_ID: each answer shows the API's "warnings" above
it, in a note labelled "Warning" (the page showed none of them, and the
text was answered as a lone story without a word).  Stores nothing.
Prints one line a check, PASS, FAIL or SKIP (exit status 0, 1, 2: the
worst).
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from chromium_pipe import FAILURES, Chromium  # noqa: E402

NAME = "page-check-taken-id"
WARNED = "page-check-warnings"
NO_WORD = "Subscribe to our newsletter\nAll rights reserved."

# the check result's warning note: its label, and its items' text, or ''
WARNING = ("(function () { var n = document.querySelector('.checkresult .warnings[role=note]');"
           " if (!n) return ''; var l = document.getElementById(n.getAttribute('aria-labelledby'));"
           " return JSON.stringify([l ? l.textContent : '', Array.prototype.map.call(n.querySelectorAll('li'),"
           " function (li) { return li.textContent; })]); })()")


def ask(browser, button, text, taken):
    """Presses button ('submit' or 'secondary') with text (and the id
    taken); returns what the result's status line says and its warning
    note, [label, items], or None."""
    browser.evaluate("document.querySelector('.checkresult').replaceChildren();"
                     "document.getElementById('c-id').value = %s;"
                     "document.getElementById('c-text').value = %s;"
                     "document.querySelector('form.check button.%s, form.check button[type=%s]').click()"
                     % (json.dumps(taken or ""), json.dumps(text), button, button))
    said = browser.wait_for("(function () { var p = document.querySelector('.checkresult [role=status]');"
                            " return p ? p.textContent : ''; })()") or ""
    warning = browser.evaluate(WARNING)
    return said, json.loads(warning) if warning else None


def main():
    chromium, base, taken, profile = sys.argv[1:5]
    browser = None
    try:
        browser = Chromium(chromium, base + "#/check", 1280, profile)
        if not browser.wait_for("document.getElementById('c-text') ? 1 : 0"):
            print("FAIL %s: the form never showed" % NAME)
            return 1
        said, plain_warning = ask(browser, "secondary", "A text of its own, written for this test.", taken)
        checked, checked_warning = ask(browser, "submit", NO_WORD, None)
        stored, stored_warning = ask(browser, "secondary", NO_WORD, taken)
    except FAILURES as e:
        print("SKIP %s: Chromium did not answer (%s)" % (NAME, e))
        return 2
    finally:
        if browser:
            browser.close()
    status = 0
    if "Not stored" not in said or taken not in said:
        print("FAIL %s: a text given the stored id %s is answered %r" % (NAME, taken, said))
        status = 1
    else:
        print("PASS %s: %s" % (NAME, said))

    def warned(note, then):
        return (note and note[0] == "Warning" and len(note[1]) == 1 and "no text left after cleaning" in note[1][0]
                and note[1][0].endswith(then))
    if plain_warning or not warned(checked_warning, "no copy and no story to find") or not checked or \
            not warned(stored_warning, "not stored (an article with its id is stored already)") or "Not stored" not in stored:
        print("FAIL %s: warnings shown: %r (a text with words), %r (checked: %r), %r (stored: %r)"
              % (WARNED, plain_warning, checked_warning, checked, stored_warning, stored))
        status = 1
    else:
        print("PASS %s: %s" % (WARNED, checked_warning[1][0]))
    return status


if __name__ == "__main__":
    sys.exit(main())
