"""Run one command and print, as JSON: its wall time (start to exit), the CPU time of every process it started, and
its exit code. This process is a child subreaper (Linux), so descendants whose parent exited without reaping them are
reaped here and their CPU counted: bubblewrap's monitor exits without reaping the sandbox's pid 1, whose CPU (the
grading worker, the student programs) the parent's cutime/cstime would never see."""
import ctypes
import json
import os
import subprocess
import sys
import time

PR_SET_CHILD_SUBREAPER = 36

subreaper = False
if sys.platform.startswith("linux"):
    subreaper = ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0

start = time.monotonic()
child = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
exit_code = child.wait()
wall_ms = (time.monotonic() - start) * 1000
# Orphans re-parented here: reap them all, so their CPU is in this process's children times
while True:
    try:
        os.wait()
    except ChildProcessError:
        break
times = os.times()
print(json.dumps({"wallMs": wall_ms, "cpuMs": (times.children_user + times.children_system) * 1000, "exitCode": exit_code, "subreaper": subreaper}))
