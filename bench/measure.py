#!/usr/bin/env python3
"""measure.py OUT CMD [ARG...]: run CMD once, write "wall user sys maxrss_kb" to OUT.

The fallback for bench/run.sh when /usr/bin/time is absent: the same four
figures as `/usr/bin/time -f '%e %U %S %M'`, taken from a monotonic clock
around the child and from getrusage(RUSAGE_CHILDREN) after it is reaped.
CMD inherits this process's standard streams.  Exits with CMD's status.
"""
import os
import resource
import subprocess
import sys
import time


def main():
    if len(sys.argv) < 3:
        sys.stderr.write("usage: measure.py OUT CMD [ARG...]\n")
        return 2
    out, cmd = sys.argv[1], sys.argv[2:]
    t0 = time.monotonic()
    rc = subprocess.call(cmd)
    wall = time.monotonic() - t0
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    # ru_maxrss is in KiB on Linux (bytes on macOS).
    rss_kb = ru.ru_maxrss // 1024 if sys.platform == "darwin" else ru.ru_maxrss
    with open(out, "w") as f:
        f.write("%.3f %.3f %.3f %d\n" % (wall, ru.ru_utime, ru.ru_stime, rss_kb))
    return rc if rc >= 0 else 128 - rc


if __name__ == "__main__":
    sys.exit(main())
