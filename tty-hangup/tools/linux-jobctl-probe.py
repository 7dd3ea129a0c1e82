#!/usr/bin/env python3
"""Asks the real kernel the job-control questions the simulated tty answers.

Java cannot fork or setsid, so the differential suite cannot drive sessions on
a real pty; this script does, and docs/tty.md records what it printed. Run as
root (TIOCVHANGUP needs CAP_SYS_ADMIN): python3 tools/linux-jobctl-probe.py
"""
import errno
import fcntl
import os
import signal
import struct
import termios
import time

TIOCVHANGUP = 0x5437
TIOCGSID = 0x5429


def err(f):
    try:
        r = f()
        return 0 if r is None or isinstance(r, (bytes, int)) and not isinstance(r, bool) else r
    except OSError as e:
        return errno.errorcode[e.errno]


def pgrp_of(fd):
    return struct.unpack("i", fcntl.ioctl(fd, termios.TIOCGPGRP, b"\0" * 4))[0]


def report(pipe_w, lines):
    os.write(pipe_w, ("\n".join(lines) + "\n").encode())


def main():
    master, slave = os.openpty()
    path = os.ttyname(slave)
    os.close(slave)
    r, w = os.pipe()
    leader = os.fork()
    if leader == 0:
        got = []
        for s in (signal.SIGHUP, signal.SIGCONT):
            signal.signal(s, lambda n, _: got.append(signal.Signals(n).name))
        os.setsid()
        out = []
        fd0 = os.open(path, os.O_RDWR | os.O_NOCTTY)
        out.append("O_NOCTTY open, TIOCGPGRP: %s" % err(lambda: fcntl.ioctl(fd0, termios.TIOCGPGRP, b"\0" * 4)))
        out.append("O_NOCTTY open, TIOCSPGRP: %s" % err(lambda: fcntl.ioctl(fd0, termios.TIOCSPGRP, struct.pack("i", os.getpid()))))
        out.append("O_NOCTTY open, TIOCNOTTY: %s" % err(lambda: fcntl.ioctl(fd0, termios.TIOCNOTTY, 0)))
        fd = os.open(path, os.O_RDWR)
        sid = struct.unpack("i", fcntl.ioctl(fd, TIOCGSID, b"\0" * 4))[0]
        out.append("open by a session leader: ctty acquired: %s" % (pgrp_of(fd) == os.getpid() and sid == os.getpid()))
        out.append("TIOCSCTTY by its own session: %s" % err(lambda: fcntl.ioctl(fd, termios.TIOCSCTTY, 0)))
        job = os.fork()
        if job == 0:
            got2 = []
            for s in (signal.SIGHUP, signal.SIGCONT):
                signal.signal(s, lambda n, _: got2.append(signal.Signals(n).name))
            signal.signal(signal.SIGTTOU, signal.SIG_IGN)  # as a shell does around tcsetpgrp
            os.setpgid(0, 0)
            o = ["job: TIOCSCTTY (not a leader): %s" % err(lambda: fcntl.ioctl(fd, termios.TIOCSCTTY, 0)),
                 "job: TIOCSPGRP own group: %s" % err(lambda: fcntl.ioctl(fd, termios.TIOCSPGRP, struct.pack("i", os.getpid()))),
                 "job: TIOCSPGRP no such group: %s" % err(lambda: fcntl.ioctl(fd, termios.TIOCSPGRP, struct.pack("i", 999999))),
                 "job: TIOCSPGRP negative: %s" % err(lambda: fcntl.ioctl(fd, termios.TIOCSPGRP, struct.pack("i", -1))),
                 "job: TIOCSPGRP group of another session: %s" % err(lambda: fcntl.ioctl(fd, termios.TIOCSPGRP, struct.pack("i", 1)))]
            time.sleep(1.0)
            o.append("job (foreground) signals at the hangup: %s" % got2)
            o.append("job: /dev/tty after the hangup: %s" % err(lambda: os.open("/dev/tty", os.O_RDWR)))
            report(w, o)
            os._exit(0)
        time.sleep(1.0)
        out.append("leader signals at the hangup, in order: %s" % got)
        out.append("leader: /dev/tty after the hangup: %s" % err(lambda: os.open("/dev/tty", os.O_RDWR)))
        out.append("leader: TIOCSCTTY on a new file after the hangup: %s"
                   % err(lambda: fcntl.ioctl(os.open(path, os.O_RDWR | os.O_NOCTTY), termios.TIOCSCTTY, 0)))
        os.waitpid(job, 0)
        report(w, out)
        os._exit(0)
    time.sleep(0.5)
    s = os.open(path, os.O_RDWR | os.O_NOCTTY)
    print("outsider: TIOCSCTTY:", err(lambda: fcntl.ioctl(s, termios.TIOCSCTTY, 0)))
    print("outsider: TIOCGPGRP:", err(lambda: fcntl.ioctl(s, termios.TIOCGPGRP, b"\0" * 4)))
    print("outsider: TIOCNOTTY:", err(lambda: fcntl.ioctl(s, termios.TIOCNOTTY, 0)))
    print("outsider: TIOCVHANGUP:", err(lambda: fcntl.ioctl(s, TIOCVHANGUP, 0)))
    os.waitpid(leader, 0)
    os.close(w)
    print(os.read(r, 65536).decode(), end="")
    os.close(master)


def tiocnotty_and_steal():
    """TIOCNOTTY by a session leader, and TIOCSCTTY 1 stealing the tty from another session."""
    master, slave = os.openpty()
    path = os.ttyname(slave)
    os.close(slave)
    r, w = os.pipe()
    first = os.fork()
    if first == 0:
        os.setsid()
        fd = os.open(path, os.O_RDWR)
        job = os.fork()
        if job == 0:
            got = []
            for s in (signal.SIGHUP, signal.SIGCONT):
                signal.signal(s, lambda n, _: got.append(signal.Signals(n).name))
            signal.signal(signal.SIGTTOU, signal.SIG_IGN)
            os.setpgid(0, 0)
            fcntl.ioctl(fd, termios.TIOCSPGRP, struct.pack("i", os.getpid()))
            time.sleep(1.0)
            report(w, ["foreground job, signals at the leader's TIOCNOTTY: %s" % got])
            os._exit(0)
        time.sleep(0.5)
        out = ["leader: TIOCNOTTY: %s" % err(lambda: fcntl.ioctl(fd, termios.TIOCNOTTY, 0)),
               "leader: /dev/tty after its TIOCNOTTY: %s" % err(lambda: os.open("/dev/tty", os.O_RDWR))]
        wr = os.open(path, os.O_WRONLY | os.O_NOCTTY)
        os.waitpid(job, 0)
        report(w, out)
        os._exit(0)
    os.waitpid(first, 0)
    second = os.fork()
    if second == 0:
        os.setsid()
        a = os.open(path, os.O_RDWR)
        time.sleep(1.0)
        report(w, ["second session: ctty after being robbed: %s" % err(lambda: os.open("/dev/tty", os.O_RDWR))])
        os._exit(0)
    time.sleep(0.3)
    third = os.fork()
    if third == 0:
        os.setsid()
        b = os.open(path, os.O_RDWR | os.O_NOCTTY)
        out = ["third session: TIOCSCTTY 0 while another session has it: %s" % err(lambda: fcntl.ioctl(b, termios.TIOCSCTTY, 0)),
               "third session (root): TIOCSCTTY 1 steals it: %s" % err(lambda: fcntl.ioctl(b, termios.TIOCSCTTY, 1))]
        wo = os.open(path, os.O_WRONLY)
        report(w, out)
        os._exit(0)
    os.waitpid(third, 0)
    os.waitpid(second, 0)
    fourth = os.fork()
    if fourth == 0:
        os.setsid()
        os.open(path, os.O_WRONLY)
        report(w, ["a write-only open by a leader: ctty acquired: %s" % (err(lambda: os.open("/dev/tty", os.O_RDWR)) != "ENXIO")])
        os._exit(0)
    os.waitpid(fourth, 0)
    os.close(w)
    print(os.read(r, 65536).decode(), end="")
    os.close(master)


def leader_exit():
    """A session leader exits while a job of its session is in the foreground."""
    master, slave = os.openpty()
    path = os.ttyname(slave)
    os.close(slave)
    r, w = os.pipe()
    leader = os.fork()
    if leader == 0:
        os.setsid()
        fd = os.open(path, os.O_RDWR)
        job = os.fork()
        if job == 0:
            got = []
            for s in (signal.SIGHUP, signal.SIGCONT):
                signal.signal(s, lambda n, _: got.append(signal.Signals(n).name))
            signal.signal(signal.SIGTTOU, signal.SIG_IGN)
            os.setpgid(0, 0)
            fcntl.ioctl(fd, termios.TIOCSPGRP, struct.pack("i", os.getpid()))
            time.sleep(1.0)
            report(w, ["foreground job after its leader exited: signals %s, /dev/tty %s"
                       % (got, err(lambda: os.open("/dev/tty", os.O_RDWR)))])
            os._exit(0)
        time.sleep(0.3)
        os._exit(0)
    os.waitpid(leader, 0)
    time.sleep(1.5)
    os.close(w)
    print(os.read(r, 65536).decode(), end="")
    os.close(master)


if __name__ == "__main__":
    main()
    tiocnotty_and_steal()
    leader_exit()
