"""page_width: whether a page fits a narrow window, in headless Chromium.

    python3 tests/page_width.py CHROMIUM URL WIDTH SELECTOR PROFILE_DIR [TEXT_SELECTOR]

Opens URL in a window WIDTH pixels wide, waits until SELECTOR is on the page
(its script has run), and prints one line: PASS when the document is no
wider than the window, else FAIL with both widths.  With TEXT_SELECTOR,
each element it matches (a column of text) must also be at least half the
window wide: fitting by squeezing the text into a sliver fails.  --dump-dom cannot
measure a layout, so this speaks Chromium's DevTools protocol over
--remote-debugging-pipe (file descriptors 3 and 4, NUL-separated JSON).
Exit status 0 on PASS, 1 on FAIL, 2 when Chromium would not answer.
"""
import json
import os
import subprocess
import sys
import time


def main():
    chromium, url, width, selector, profile = sys.argv[1:6]
    text_selector = sys.argv[6] if len(sys.argv) > 6 else None
    to_chrome_r, to_chrome_w = os.pipe()
    from_chrome_r, from_chrome_w = os.pipe()

    def fds():  # in the child: the pipe's ends on 3 and 4, the others closed
        read_end, write_end = os.dup(to_chrome_r), os.dup(from_chrome_w)  # above 4
        os.dup2(read_end, 3)
        os.dup2(write_end, 4)
        os.closerange(5, 1024)

    proc = subprocess.Popen([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                             "--remote-debugging-pipe", "--user-data-dir=" + profile,
                             "--window-size=%s,900" % width, url],
                            preexec_fn=fds, close_fds=False,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(to_chrome_r)
    os.close(from_chrome_w)
    pending = b""
    next_id = [0]

    def call(method, session=None, **params):
        next_id[0] += 1
        msg = {"id": next_id[0], "method": method, "params": params}
        if session:
            msg["sessionId"] = session
        os.write(to_chrome_w, json.dumps(msg).encode() + b"\0")
        nonlocal pending
        while True:
            while b"\0" in pending:
                raw, pending = pending.split(b"\0", 1)
                reply = json.loads(raw)
                if reply.get("id") == next_id[0]:
                    return reply.get("result", {})
            chunk = os.read(from_chrome_r, 65536)
            if not chunk:
                raise EOFError("Chromium closed the pipe")
            pending += chunk

    try:
        deadline = time.time() + 60
        page = None
        while not page and time.time() < deadline:
            targets = call("Target.getTargets")["targetInfos"]
            page = next((t for t in targets if t["type"] == "page"), None)
            time.sleep(0.2)
        session = call("Target.attachToTarget", targetId=page["targetId"], flatten=True)["sessionId"]
        # a headless window is no narrower than 500 px: the width is emulated
        call("Emulation.setDeviceMetricsOverride", session, width=int(width), height=900,
             deviceScaleFactor=1, mobile=False)
        # the page's width, the window's, and the narrowest text column's
        probe = ("document.querySelector(%s) ? document.documentElement.scrollWidth + ' ' + window.innerWidth + ' ' +"
                 " Math.min.apply(null, [1e9].concat(Array.prototype.map.call(document.querySelectorAll(%s),"
                 " function (e) { return Math.round(e.getBoundingClientRect().width); }))) : ''"
                 % (json.dumps(selector), json.dumps(text_selector or "#none")))
        sizes = ""
        while not sizes and time.time() < deadline:
            sizes = call("Runtime.evaluate", session, expression=probe)["result"].get("value", "")
            time.sleep(0.2)
    except (EOFError, OSError, KeyError, TypeError, ValueError) as e:
        print("SKIP page-width: Chromium did not answer (%s)" % e)
        proc.kill()
        proc.wait()
        return 2
    finally:
        try:
            os.close(to_chrome_w)
        except OSError:
            pass
    proc.kill()
    proc.wait()
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
