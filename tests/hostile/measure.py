#!/usr/bin/python3
"""measure.py OUT CMD [ARG...] - runs CMD (standard input, output and error
passed through) and writes one line to OUT:

    STATUS WALL_SECONDS PEAK_RSS_KB CPU_SECONDS

STATUS is CMD's exit status (128 + N when killed by signal N); the peak
resident set size is the kernel's (getrusage of that child: VmHWM).  Exits
0 when CMD ran, 127 when it could not be started."""
import os
import sys
import time


def main():
    out, cmd = sys.argv[1], sys.argv[2:]
    t0 = time.monotonic()
    pid = os.fork()
    if pid == 0:
        try:
            os.execvp(cmd[0], cmd)
        except OSError as e:
            print("measure.py: %s: %s" % (cmd[0], e), file=sys.stderr)
        os._exit(127)
    _, status, ru = os.wait4(pid, 0)
    wall = time.monotonic() - t0
    rc = os.waitstatus_to_exitcode(status)
    if rc < 0:
        rc = 128 - rc
    with open(out, "w") as f:
        f.write("%d %.2f %d %.2f\n" % (rc, wall, ru.ru_maxrss,
                                       ru.ru_utime + ru.ru_stime))
    sys.exit(127 if rc == 127 else 0)


if __name__ == "__main__":
    main()
