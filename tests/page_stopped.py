"""page_stopped: the web page when `newsprint serve` stops under it, in
headless Chromium.

    python3 tests/page_stopped.py CHROMIUM BIN DB PROFILE_DIR

Serves DB, opens the story list, stops the server and follows a link to a
story: the page must say the server does not answer and offer "Try again"
(it said "the server cannot be reached", with only a link back to the list
that could not load either).  The server is started again on the same port
and "Try again" must then show the story.  Prints one line, PASS, FAIL or
SKIP (exit status 0, 1, 2).
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from chromium_pipe import FAILURES, Chromium  # noqa: E402

NAME = "page-server-stopped"


def serve(binary, db, port):
    """A server on port (0: any free one), and the port it took; None when
    it did not start."""
    proc = subprocess.Popen([binary, "serve", "--db", db, "--port", str(port), "--quiet"],
                            stderr=subprocess.PIPE, text=True)
    line = proc.stderr.readline()
    if "listening on http://127.0.0.1:" not in line:
        proc.wait()
        return None, 0
    return proc, int(line.rsplit(":", 1)[1].strip(" /\n"))


def stop(proc):
    if proc and proc.poll() is None:
        proc.terminate()
        proc.wait()


# the page's state once it has shown what it was asked for
SHOWN = ("(function () { var m = document.getElementById('main'), h = m && m.querySelector('h1');"
         " return m && m.getAttribute('aria-busy') === 'false' && h && h.textContent !== %s"
         " ? h.textContent + '\\n' + m.innerText : ''; })()")


def main():
    chromium, binary, db, profile = sys.argv[1:5]
    server, port = serve(binary, db, 0)
    if not server:
        print("FAIL %s: newsprint serve did not start" % NAME)
        return 1
    browser = None
    try:
        browser = Chromium(chromium, "http://127.0.0.1:%d/#/" % port, 1280, profile)
        if not browser.wait_for("document.querySelector('table.stories') ? 1 : 0"):
            print("FAIL %s: the story list never showed" % NAME)
            return 1
        stop(server)
        browser.evaluate("location.hash = '#/story/s1'")
        shown = browser.wait_for(SHOWN % "'Stories'") or ""
        if "does not answer" not in shown or not browser.evaluate("document.querySelector('button.retry') ? 1 : 0"):
            print("FAIL %s: with the server stopped the page shows %r, no 'Try again'" % (NAME, shown[:200]))
            return 1
        server, _ = serve(binary, db, port)
        if not server:
            print("SKIP %s: port %d was taken before the server could start again" % (NAME, port))
            return 2
        browser.evaluate("document.querySelector('button.retry').click()")
        if not browser.wait_for("document.querySelector('ol.timeline') ? 1 : 0"):
            print("FAIL %s: 'Try again' with the server back did not show the story: %r"
                  % (NAME, browser.evaluate("document.getElementById('main').innerText")[:200]))
            return 1
    except FAILURES as e:
        print("SKIP %s: Chromium did not answer (%s)" % (NAME, e))
        return 2
    finally:
        if browser:
            browser.close()
        stop(server)
    print("PASS %s: the page says the server does not answer, and 'Try again' shows the story once it is back" % NAME)
    return 0


if __name__ == "__main__":
    sys.exit(main())
