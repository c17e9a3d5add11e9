"""Anaconda's logs: /tmp/anaconda.log, program.log, storage.log, packaging.log, each line
`HH:MM:SS,mmm LEVEL logger:message`; every line also goes to the virtio-serial port
org.fedoraproject.anaconda.log.0 (when the VM has one) as Anaconda's rsyslog forwards it:
`HH:MM:SS,mmm SEVERITY <program>:<LEVEL>:<logger>:<message>` (program = the D-Bus module's name for
storage/payload/program lines, `anaconda` for the main process). Key lines also go to the console.
"""
import os
import threading
import time

TMP = "/tmp"
VIRTIO_PORT = "/dev/virtio-ports/org.fedoraproject.anaconda.log.0"
FILES = {"anaconda": "anaconda.log", "program": "program.log", "storage": "storage.log",
         "packaging": "packaging.log"}
MODULE_PROGRAM = {"storage": "org.fedoraproject.Anaconda.Modules.Storage",
                  "packaging": "org.fedoraproject.Anaconda.Modules.Payloads"}

_lock = threading.Lock()
_port = None
_console = None
# The D-Bus module whose task is running: program lines are forwarded under its name.
current_module = {"name": "anaconda"}
secrets = []


def _stamp():
    t = time.time()
    return time.strftime("%H:%M:%S", time.localtime(t)) + ",%03d" % int((t % 1) * 1000)


def _redact(msg):
    for s in secrets:
        if s:
            msg = msg.replace(s, "********")
    return msg


def _open_port():
    """Opens the virtio port once it exists (virtio_console may load after the first line)."""
    global _port
    if _port is None and os.path.exists(VIRTIO_PORT):
        try:
            _port = open(VIRTIO_PORT, "w", buffering=1)
        except OSError:
            _port = None
    return _port


def console(msg):
    """Writes a line on the system console (ttyS0 when console=ttyS0 is last)."""
    global _console
    msg = _redact(msg)
    try:
        if _console is None:
            _console = open("/dev/console", "w", buffering=1)
        _console.write(msg + "\n")
    except OSError:
        pass
    print(msg, flush=True)


def log(area, level, logger, msg, echo=False):
    """AREA picks the file (anaconda|program|storage|packaging); LOGGER is the name printed."""
    msg = _redact(str(msg))
    stamp = _stamp()
    with _lock:
        path = os.path.join(TMP, FILES[area])
        lines = msg.splitlines() or [""]
        with open(path, "a") as f:
            for line in lines:
                f.write(f"{stamp} {level} {logger}:{line}\n")
        port = _open_port()
        if port is not None:
            if area == "program":
                program = MODULE_PROGRAM.get(current_module["name"], "anaconda")
            else:
                program = MODULE_PROGRAM.get(area, "anaconda")
            severity = "WARNING" if program != "anaconda" else level
            try:
                for line in lines:
                    port.write(f"{stamp} {severity} {program}:{level}:{logger}:{line}\n")
            except OSError:
                pass
    if echo:
        console(msg)


def info(msg, echo=False):
    log("anaconda", "INFO", "anaconda.core", msg, echo)


def error(msg, echo=False):
    log("anaconda", "ERROR", "anaconda.core", msg, echo)


def debug(msg):
    log("anaconda", "DEBUG", "anaconda.core", msg)


def progress(msg):
    """A phase line: logged (anaconda.core.progress) and printed on the console as Anaconda's
    cmdline mode prints its progress."""
    log("anaconda", "INFO", "anaconda.core.progress", msg)
    console(msg)


def storage(msg, level="INFO"):
    log("storage", level, "blivet", msg)


def packaging(msg, level="INFO"):
    log("packaging", level, "packaging", msg)
