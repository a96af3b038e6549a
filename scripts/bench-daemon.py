#!/usr/bin/env python3
"""Drives a release gongkaid for scripts/bench-daemon.sh (see there)."""
import os, sys, time, subprocess, tempfile, shutil, statistics, sqlite3

BIN, N, SAMPLES = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
HERE = os.path.dirname(os.path.abspath(__file__))
SEEDS = os.path.join(HERE, "..", "Tests", "GongkaiReportTests", "Fixtures", "seeds")
seed = open(os.path.join(SEEDS, sorted(f for f in os.listdir(SEEDS) if f.startswith("001"))[0]), encoding="utf-8").read()
CH = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥东南西北中春夏秋冬金木水火土山川河湖海江松柏竹梅兰菊青红黄白黑紫云雨风雪"

def variant(n):
    c = len(CH)
    name = CH[n % c] + CH[(n // c) % c] + CH[(n // (c * c)) % c] + CH[(n // (c * c * c)) % c]
    return seed.replace("宁海县", name + "县").encode("utf-8")

base = tempfile.mkdtemp(prefix="gongkaid-bench-", dir=os.environ.get("BENCH_DIR", "/tmp"))
root, staging = os.path.join(base, "root"), os.path.join(base, "staging")
inbox, accepted, rejected = (os.path.join(root, d) for d in ("inbox", "accepted", "rejected"))
os.makedirs(staging)
log = open(os.path.join(base, "daemon.log"), "w")

def start():
    p = subprocess.Popen([BIN, "--root", root, "--database", os.path.join(base, "state", "gongkai.sqlite"),
                          "--log-level", os.environ.get("BENCH_LOG_LEVEL", "notice")], stdout=log, stderr=log)
    deadline = time.time() + 30
    while time.time() < deadline:
        if any(w in open(log.name).read() for w in ("ready:", " ready [")):
            return p
        time.sleep(0.01)
    raise SystemExit("daemon did not get ready")

def moved_count():
    return len(os.listdir(accepted)) + sum(1 for f in os.listdir(rejected) if not f.endswith(".reason.txt"))

def cpu_split(pid):
    """(user, system) CPU seconds of a process so far."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return int(fields[11]) / os.sysconf("SC_CLK_TCK"), int(fields[12]) / os.sysconf("SC_CLK_TCK")

def cpu_seconds(pid):
    return sum(cpu_split(pid))

def rss(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0

def hwm(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0

# --- throughput ---------------------------------------------------------------
for i in range(N):
    with open(os.path.join(staging, f"b{i}"), "wb") as f:
        f.write(variant(i))
p = start()
idle_rss = hwm(p.pid)
cpu0 = cpu_seconds(p.pid)
user0, sys0 = cpu_split(p.pid)
load0 = os.getloadavg()[0]
t0 = time.monotonic()
for i in range(N):
    os.rename(os.path.join(staging, f"b{i}"), os.path.join(inbox, f"burst-{i}.txt"))
t_dropped = time.monotonic() - t0
peak = 0.0
while True:
    n = moved_count()
    peak = max(peak, hwm(p.pid))
    if n >= N:
        break
    if time.monotonic() - t0 > 600:
        raise SystemExit(f"timeout: {n} of {N} moved")
    # Listing two folders of up to N entries costs CPU the daemon needs: look only every
    # 50 ms (the end time is known to within that).
    time.sleep(0.05)
elapsed = time.monotonic() - t0
cpu = cpu_seconds(p.pid) - cpu0
user1, sys1 = cpu_split(p.pid)
load1 = os.getloadavg()[0]
peak = max(peak, hwm(p.pid))
db = sqlite3.connect(f"file:{os.path.join(base, 'state', 'gongkai.sqlite')}?mode=ro", uri=True)
rows = db.execute("SELECT count(*), sum(verdict='accepted') FROM reports").fetchone()
cells = db.execute("SELECT count(*) FROM cells").fetchone()[0]

# --- the report page (ROOT/report.html, written once the inbox is quiet) ----------
page = os.path.join(root, "report.html")
page_line = "page:     not written"
t_page = time.monotonic()
cpu_page0 = cpu_seconds(p.pid)
burst_end = time.time()
# BENCH_PAGE_WAIT=0 for a daemon that writes no page (a build from before the page).
while time.monotonic() - t_page < float(os.environ.get("BENCH_PAGE_WAIT", "120")):
    if os.path.exists(page) and os.stat(page).st_mtime >= burst_end:
        page_cpu = cpu_seconds(p.pid) - cpu_page0
        peak = max(peak, hwm(p.pid))
        time.sleep(1)
        page_line = (f"page:     ROOT/report.html of {N} reports, {os.stat(page).st_size / 1e6:.1f} MB, written "
                     f"{time.monotonic() - t_page:.1f} s after the last move (2 s quiet time), {page_cpu:.2f} s of daemon CPU; "
                     f"RSS {rss(p.pid):.0f} MB a second later")
        break
    peak = max(peak, hwm(p.pid))
    time.sleep(0.05)

# --- latency (idle inbox, one file at a time) ------------------------------------
lat = []
for i in range(SAMPLES):
    src = os.path.join(staging, "l")
    with open(src, "wb") as f:
        f.write(variant(N + i))
    name = f"lat-{i}.txt"
    target = os.path.join(accepted, name)
    time.sleep(0.02)  # let the inbox go idle between samples
    t = time.monotonic()
    os.rename(src, os.path.join(inbox, name))
    while not os.path.exists(target):
        if time.monotonic() - t > 10:
            raise SystemExit(f"latency sample {i} timed out")
        time.sleep(0.0002)
    lat.append((time.monotonic() - t) * 1000)

p.terminate()
t_stop = time.monotonic()
code = p.wait(timeout=20)
stop_s = time.monotonic() - t_stop
lat.sort()
q = lambda x: lat[min(len(lat) - 1, int(round(x * (len(lat) - 1))))]
print(f"burst:    {N} reports in {elapsed:.2f} s = {N / elapsed:.0f} reports/s "
      f"(renames into the inbox took {t_dropped:.2f} s; rows {rows[0]}, accepted {rows[1]}, cells {cells})")
print(f"cpu:      {cpu:.2f} s of daemon CPU = {cpu / N * 1000:.2f} ms per report "
      f"(user {(user1 - user0) / N * 1000:.2f} + system {(sys1 - sys0) / N * 1000:.2f}; "
      f"≈ {N / cpu * os.cpu_count():.0f} reports/s if all {os.cpu_count()} cores were free); load average {load0:.1f} → {load1:.1f}")
print(f"latency:  {SAMPLES} single files, drop-to-moved p50 {q(0.5):.1f} ms, p90 {q(0.9):.1f} ms, p99 {q(0.99):.1f} ms, max {lat[-1]:.1f} ms")
print(page_line)
print(f"memory:   peak RSS (VmHWM) {peak:.1f} MB (idle after start {idle_rss:.1f} MB)")
print(f"stop:     SIGTERM → exit {code} in {stop_s:.2f} s")
if os.environ.get("BENCH_KEEP") is None:
    shutil.rmtree(base)
else:
    print(f"kept {base}")
