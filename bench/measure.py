#!/usr/bin/env python3
"""measure.py OUT CMD [ARG...]: run CMD once, write "wall user sys maxrss_kb" to OUT.

The fallback for bench/run.sh when /usr/bin/time is absent: the same four
figures as `/usr/bin/time -f '%e %U %S %M'`, taken from a monotonic clock
around the child and from the rusage wait4() returns for that child alone
(RUSAGE_CHILDREN would also count whatever a launcher such as a pyenv shim
ran in this process before it exec'd Python).  Peak RSS has a floor: Linux
carries the launching process's peak into the child's ru_maxrss at exec,
so figures below Python's own (about 10-15 MB) read as that floor, where
/usr/bin/time's floor is about 2 MB.
CMD inherits this process's standard streams.  Exits with CMD's status.
"""
import os
import subprocess
import sys
import time


def main():
    if len(sys.argv) < 3:
        sys.stderr.write("usage: measure.py OUT CMD [ARG...]\n")
        return 2
    out, cmd = sys.argv[1], sys.argv[2:]
    t0 = time.monotonic()
    try:
        child = subprocess.Popen(cmd)
    except OSError as e:
        sys.stderr.write("measure.py: %s: %s\n" % (cmd[0], e.strerror))
        return 127
    _, status, ru = os.wait4(child.pid, 0)
    wall = time.monotonic() - t0
    child.returncode = os.waitstatus_to_exitcode(status)
    rc = child.returncode
    # ru_maxrss is in KiB on Linux (bytes on macOS).
    rss_kb = ru.ru_maxrss // 1024 if sys.platform == "darwin" else ru.ru_maxrss
    with open(out, "w") as f:
        f.write("%.3f %.3f %.3f %d\n" % (wall, ru.ru_utime, ru.ru_stime, rss_kb))
    return rc if rc >= 0 else 128 - rc


if __name__ == "__main__":
    sys.exit(main())
