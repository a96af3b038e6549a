#!/usr/bin/python3
"""A stand-in for gongkaid, to prove the e2e harness (deploy/e2e/run.sh --standin).

It speaks the same systemd contract as the real daemon, with no validation at all:
READY=1 after the first scan, STATUS= with counts, WATCHDOG=1 every half WATCHDOG_USEC,
SIGHUP -> RELOADING=1 + MONOTONIC_USEC, then READY=1; SIGTERM -> STOPPING=1, exit 0;
journald native protocol entries with MESSAGE_ID and GONGKAI_* fields. Files dropped into
ROOT/inbox are moved to accepted/, except names starting with "002", which are moved to
rejected/ with a reason file: a fixed map mirroring the seeds, so that the harness's checks
of folders, status and journal run against something before the daemon is wired.
It also probes its own sandbox and logs what it found (GONGKAI_PROBE_* fields).
"""
import errno
import os
import signal
import socket
import struct
import sys
import time

IDS = {
    "start": "f6865a2695384da1b95b982b6be55656",
    "stop": "10e7f9391762468e86d291db0f312895",
    "reload": "7b6ec0fde7db4f03bc25632432a53b1b",
    "accepted": "b01b6f86d50f46ce9a78ab71d54ef3c8",
    "rejected": "6ced99c0722d44bbbba6072884e6a1fc",
}


def notify(text):
    path = os.environ.get("NOTIFY_SOCKET")
    if not path:
        return
    if path.startswith("@"):
        path = "\0" + path[1:]
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as s:
        s.sendto(text.encode(), path)


def journal(priority, message, event=None, **fields):
    items = [("MESSAGE", message), ("PRIORITY", str(priority)), ("SYSLOG_IDENTIFIER", "gongkaid")]
    if event:
        items += [("MESSAGE_ID", IDS[event]), ("GONGKAI_EVENT", event)]
    items += [("GONGKAI_" + k.upper(), str(v)) for k, v in sorted(fields.items())]
    data = b""
    for name, value in items:
        raw = value.encode()
        if b"\n" in raw:
            data += name.encode() + b"\n" + struct.pack("<Q", len(raw)) + raw + b"\n"
        else:
            data += name.encode() + b"=" + raw + b"\n"
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as s:
            s.sendto(data, "/run/systemd/journal/socket")
    except OSError:
        print("<%d>%s" % (priority, message), file=sys.stderr, flush=True)


def probe(action):
    try:
        action()
        return "ok"
    except OSError as e:
        return errno.errorcode.get(e.errno, str(e.errno))


def main():
    root = sys.argv[sys.argv.index("--root") + 1] if "--root" in sys.argv else "/srv/gongkai"
    inbox = os.path.join(root, "inbox")
    flags = {"hup": False, "term": False}
    signal.signal(signal.SIGHUP, lambda *_: flags.__setitem__("hup", True))
    signal.signal(signal.SIGTERM, lambda *_: flags.__setitem__("term", True))
    usec = int(os.environ.get("WATCHDOG_USEC", "0") or 0)
    if os.environ.get("WATCHDOG_PID") not in (None, str(os.getpid())):
        usec = 0
    counts = {"accepted": 0, "rejected": 0}
    last = [None, None]

    probes = {
        "probe_usr_write": probe(lambda: open("/usr/gongkai-probe", "w")),
        "probe_home": probe(lambda: os.listdir("/root")),
        "probe_inet": probe(lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM).close()),
        "probe_root_write": probe(lambda: (open(os.path.join(root, "work", ".probe"), "w").close(),
                                           os.unlink(os.path.join(root, "work", ".probe")))),
    }

    def status_line():
        line = "watching %s (inotify) · %d accepted · %d rejected · backlog %d" % (
            inbox, counts["accepted"], counts["rejected"], len(pending()))
        if last[0]:
            line += " · last: %s %s" % (last[0], last[1])
        return line

    def pending():
        try:
            names = os.listdir(inbox)
        except OSError:
            return []
        return sorted(n for n in names if not n.startswith(".") and not n.endswith((".part", ".tmp")))

    journal(5, "stand-in starting, sandbox probes: %s" % probes, **probes)
    notify("READY=1\nSTATUS=" + status_line())
    journal(5, "ready (stand-in)", "start")
    next_ping = 0.0
    shown = None
    while True:
        now = time.monotonic()
        if usec and now >= next_ping:
            notify("WATCHDOG=1")
            next_ping = now + usec / 2e6
        if flags["term"]:
            notify("STOPPING=1\nSTATUS=Stopping")
            journal(5, "stopped (stand-in)", "stop")
            return 0
        if flags["hup"]:
            flags["hup"] = False
            notify("RELOADING=1\nMONOTONIC_USEC=%d\nSTATUS=Reloading configuration"
                   % (time.clock_gettime_ns(time.CLOCK_MONOTONIC) // 1000))
            journal(5, "configuration reloaded (stand-in)", "reload")
            notify("READY=1\nSTATUS=" + status_line())
            shown = status_line()
        for name in pending():
            verdict = "rejected" if name.startswith("002") else "accepted"
            source = os.path.join(inbox, name)
            os.rename(source, os.path.join(root, verdict, name))
            if verdict == "rejected":
                with open(os.path.join(root, "rejected", name + ".reason.txt"), "w") as f:
                    f.write("rejected by the e2e stand-in (not a validator)\n")
            counts[verdict] += 1
            last[:] = [name, verdict]
            journal(6 if verdict == "accepted" else 5, "%s %s (stand-in)" % (verdict, name), verdict,
                    file=name, verdict=verdict, reason="stand-in\nmulti-line value")
        line = status_line()
        if line != shown:
            notify("STATUS=" + line)
            shown = line
        time.sleep(0.1)


if __name__ == "__main__":
    sys.exit(main())
