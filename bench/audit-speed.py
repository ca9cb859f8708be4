#!/usr/bin/env python3
"""bench/audit-speed.py: the whole audit against the tools a reviewer would
otherwise run, on every repository of the bench corpus (bench/corpus.sh),
side by side in one run.  See bench/audit-speed.sh for how to run it.

Per repository, each command is timed RUNS times, interleaved (run 1 of
every command on every repository, then run 2...), and the minimum is kept,
wall time and CPU time (user + system of the process and its children,
from wait4) both.  The slow external tools (licensecheck, licensee, reuse)
run once each, with a time limit.  Prints per-part totals, then the ratios
of the audit to the read (BIN0: a second dpgaudit, "scan0", timed alike) (median, 90th percentile, worst) and writes every
figure to bench/out/audit-speed.tsv.
"""
import glob
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.environ.get("CORPUS", os.path.join(TOP, "bench/out/corpus"))
BIN = os.environ.get("BIN", os.path.join(TOP, "build/dpgaudit"))
# another dpgaudit to time side by side (e.g. the build before a change)
BIN0 = os.environ.get("BIN0", "")
RUNS = int(os.environ.get("RUNS", "3"))
SLOW = os.environ.get("SLOW", "licensecheck licensee reuse").split()
SLOW_LIMIT = float(os.environ.get("SLOW_LIMIT", "300"))
PARTS = os.environ.get("PARTS", "").split()
ONLY = os.environ.get("ONLY", "").split()  # repository names
OUT = os.environ.get("TSV", os.path.join(TOP, "bench/out/audit-speed.tsv"))


def run(cmd, limit=None, fresh=None):
    """(wall s, cpu s, max rss KiB, rc) of a shell command, output dropped;
    fresh: a database path whose files are removed first, untimed (an rm in
    the command would add a process, ~1.6 ms of CPU, to every scan)"""
    for f in glob.glob(fresh + "*") if fresh else []:
        os.remove(f)
    t0 = time.perf_counter()
    p = subprocess.Popen(["sh", "-c", cmd], stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
    while True:
        pid, status, ru = os.wait4(p.pid, os.WNOHANG)
        if pid:
            break
        if limit and time.perf_counter() - t0 > limit:
            os.killpg(p.pid, 9)
            pid, status, ru = os.wait4(p.pid, 0)
            return (None, None, None, -9)
        time.sleep(0.002)
    wall = time.perf_counter() - t0
    return (wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss,
            os.waitstatus_to_exitcode(status))


def has_threads():
    r = subprocess.run([BIN, "scan", "--help"], capture_output=True,
                       text=True)
    return "--threads" in r.stdout + r.stderr


def repos():
    out = []
    with open(os.path.join(CORPUS, "MANIFEST")) as f:
        for line in f:
            part, name, files, size, commit = line.split()
            if PARTS and part not in PARTS:
                continue
            if ONLY and name not in ONLY:
                continue
            out.append((part, name, int(files), int(size)))
    return out


def pct(xs, p):
    xs = sorted(xs)
    if not xs:
        return float("nan")
    k = (len(xs) - 1) * p
    lo = int(k)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def rules_env(binary):
    """DPGAUDIT_RULES for a build: the rules beside it (TREE/rules for
    TREE/build/dpgaudit), which it knows without parsing them; another
    tree's rules (changed since) would be parsed at every start"""
    tree = os.path.dirname(os.path.dirname(os.path.abspath(binary)))
    rules = os.path.join(tree, "rules")
    if not os.path.isdir(rules):
        rules = os.path.join(TOP, "rules")
    return "DPGAUDIT_RULES=%s " % rules


def main():
    tmp = tempfile.mkdtemp(prefix="audit-speed-")
    db = os.path.join(tmp, "a.db")
    env_rules = rules_env(BIN)
    fast = [
        ("read", "git -C {r} ls-tree -r --object-only HEAD | "
                 "git -C {r} cat-file --batch >/dev/null"),
        ("archive", "git -C {r} archive HEAD >/dev/null"),
        ("rg", "rg -j1 -i -c license {r} >/dev/null"),
        ("scan1", env_rules + BIN +
                  " scan -q --db {db} {t} {r}@HEAD"),
    ]
    if BIN0:
        fast.append(("scan0", rules_env(BIN0) + BIN0 +
                     " scan -q --db {db} {t} {r}@HEAD"))
    if has_threads():
        fast.append(("scan2", env_rules + BIN +
                     " scan -q --threads 2 --db {db} {r}@HEAD"))
    slow = []
    if "licensecheck" in SLOW and shutil.which("licensecheck"):
        slow.append(("licensecheck", "licensecheck -r {r} >/dev/null"))
    if "licensee" in SLOW and shutil.which("licensee"):
        slow.append(("licensee", "licensee detect {r} >/dev/null"))
    if "reuse" in SLOW and shutil.which("reuse"):
        slow.append(("reuse", "reuse --root {r} lint >/dev/null"))
    threads1 = "--threads 1" if has_threads() else ""
    rs = repos()
    best = {}
    for i in range(RUNS + 1):  # run 0 warms the page cache
        for part, name, _, _ in rs:
            r = os.path.join(CORPUS, part, name)
            for tool, cmd in fast:
                w, c, m, rc = run(cmd.format(r=r, db=db, t=threads1),
                                  fresh=db if "{db}" in cmd else None)
                if i == 0:
                    continue
                key = (name, tool)
                b = best.get(key)
                best[key] = (min(b[0], w), min(b[1], c), max(b[2], m), rc) \
                    if b else (w, c, m, rc)
        print("audit-speed: run %d of %d done" % (i, RUNS), file=sys.stderr)
    for part, name, _, _ in rs:
        r = os.path.join(CORPUS, part, name)
        for tool, cmd in slow:
            best[(name, tool)] = run(cmd.format(r=r), SLOW_LIMIT)
    shutil.rmtree(tmp)

    tools = [t for t, _ in fast] + [t for t, _ in slow]
    with open(OUT, "w") as f:
        f.write("part\trepo\tfiles\tbytes\t" + "\t".join(
            "%s_wall\t%s_cpu" % (t, t) for t in tools) + "\tscan1_rss_kib\n")
        for part, name, files, size in rs:
            row = [part, name, str(files), str(size)]
            for t in tools:
                w, c, m, rc = best[(name, t)]
                row += ["" if w is None else "%.4f" % w,
                        "" if c is None else "%.4f" % c]
            row.append(str(best[(name, "scan1")][2]))
            f.write("\t".join(row) + "\n")

    def total(sel, t, k):
        v = [best[(n, t)][k] for n in sel]
        return None if any(x is None for x in v) else sum(v)

    parts = []
    for p, _, _, _ in rs:
        if p not in parts:
            parts.append(p)
    for k, what in ((0, "wall"), (1, "CPU")):
        print("Per part: seconds (%s), min of %d runs; %s once, limit %ds"
              % (what, RUNS, "/".join(t for t, _ in slow) or "-", SLOW_LIMIT))
        scans = [x for x in ("scan0", "scan1", "scan2") if x in tools]
        hdr = ["part", "repos", "files", "MiB"] + tools + \
            ["%s/%s" % (t, b) for t in scans for b in ("read", "archive")]
        print("| " + " | ".join(hdr) + " |")
        print("|" + "---|" * len(hdr))
        for p in parts + ["total"]:
            sel = [n for q, n, _, _ in rs if p in ("total", q)]
            files = sum(fl for q, n, fl, _ in rs if n in sel)
            size = sum(s for q, n, _, s in rs if n in sel)
            cells = [p, str(len(sel)), str(files), "%.0f" % (size / 1048576)]
            for t in tools:
                v = total(sel, t, k)
                cells.append(">%ds" % SLOW_LIMIT if v is None else "%.2f" % v)
            for t in scans:
                for b in ("read", "archive"):
                    cells.append("%.2fx" % (total(sel, t, k) /
                                            total(sel, b, k)))
            print("| " + " | ".join(cells) + " |")
    for k, what in ((0, "wall"), (1, "CPU")):
        for t in scans:
            for base in ("read", "archive"):
                rat = sorted((best[(n, t)][k] / best[(n, base)][k], n)
                             for _, n, _, _ in rs)
                xs = [x for x, _ in rat]
                tot = total([n for _, n, _, _ in rs], t, k) / \
                    total([n for _, n, _, _ in rs], base, k)
                print("%s %s/%s: total %.2fx, median %.2fx, 90th percentile "
                      "%.2fx, worst %.2fx (%s)" % (
                          what, t, base, tot, statistics.median(xs),
                          pct(xs, 0.9), rat[-1][0], rat[-1][1]))
    rss = sorted((best[(n, "scan1")][2], n) for _, n, _, _ in rs)
    print("peak RSS of scan1: median %d MiB, max %d MiB (%s)" % (
        statistics.median(x for x, _ in rss) / 1024, rss[-1][0] / 1024,
        rss[-1][1]))
    print("figures per repository: %s" % OUT)


if __name__ == "__main__":
    main()
