"""chromium_pipe: headless Chromium driven over its DevTools protocol, for
the page tests (page_width.py, page_picker.py, page_stopped.py).

--dump-dom cannot measure a layout or act on a page, so this speaks the
protocol over --remote-debugging-pipe: file descriptors 3 and 4 of the
browser, one JSON message per NUL-terminated record.  Replies are matched
to calls by id; events are read past.
"""
import json
import os
import signal
import subprocess
import time


class Chromium:
    """A headless Chromium showing url in a window width px wide (the width
    emulated: a headless window is no narrower than 500 px)."""

    def __init__(self, chromium, url, width, profile, height=900):
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()

        def fds():  # in the child: the pipe's ends on 3 and 4, the others closed
            read_end, write_end = os.dup(to_chrome_r), os.dup(from_chrome_w)  # above 4
            os.dup2(read_end, 3)
            os.dup2(write_end, 4)
            os.closerange(5, 1024)

        self.proc = subprocess.Popen([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                      "--remote-debugging-pipe", "--user-data-dir=" + profile,
                                      "--window-size=%s,%d" % (width, height), url],
                                     preexec_fn=fds, close_fds=False, start_new_session=True,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.pending = b""
        self.next_id = 0
        self.session = None
        self.deadline = time.time() + 60
        page = None
        while not page and time.time() < self.deadline:
            targets = self.call("Target.getTargets")["targetInfos"]
            page = next((t for t in targets if t["type"] == "page"), None)
            time.sleep(0.2)
        self.session = self.call("Target.attachToTarget", targetId=page["targetId"], flatten=True)["sessionId"]
        self.call("Emulation.setDeviceMetricsOverride", width=int(width), height=height,
                  deviceScaleFactor=1, mobile=False)

    def call(self, method, **params):
        """The result of one protocol call (on the page once attached).
        raises: EOFError when Chromium is gone."""
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params}
        if self.session:
            msg["sessionId"] = self.session
        os.write(self.to_chrome, json.dumps(msg).encode() + b"\0")
        while True:
            while b"\0" in self.pending:
                raw, self.pending = self.pending.split(b"\0", 1)
                reply = json.loads(raw)
                if reply.get("id") == self.next_id:
                    return reply.get("result", {})
            chunk = os.read(self.from_chrome, 65536)
            if not chunk:
                raise EOFError("Chromium closed the pipe")
            self.pending += chunk

    def evaluate(self, expression):
        """The value of a JavaScript expression in the page."""
        return self.call("Runtime.evaluate", expression=expression, returnByValue=True)["result"].get("value")

    def wait_for(self, expression):
        """The first truthy value of expression, tried every 0.2 s until the
        deadline (a minute from the start); None if it never was."""
        while time.time() < self.deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.2)
        return None

    def close(self):
        try:
            os.close(self.to_chrome)
        except OSError:
            pass
        # the whole group: a renderer or helper left behind kept writing to
        # the profile while the test removed it ('Directory not empty')
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except OSError:
            self.proc.kill()
        self.proc.wait()


# what a test does when Chromium does not answer (a SKIP, exit status 2)
FAILURES = (EOFError, OSError, KeyError, TypeError, ValueError)
