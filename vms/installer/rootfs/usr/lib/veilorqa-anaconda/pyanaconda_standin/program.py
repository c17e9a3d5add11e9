"""Runs commands the way Anaconda's execProgram does: "Running... <argv>" in program.log, the
output line by line, and the exit code; a failing command becomes the payload's error text."""
import os
import subprocess

from . import logs


class CommandError(Exception):
    def __init__(self, argv, rc, output):
        self.argv = argv
        self.rc = rc
        self.output = output
        super().__init__("The command '{}' exited with the code {}:\n{}".format(" ".join(argv), rc, output))


def run(argv, stdin=None, env=None, root=None, ok=(0,), check=True, quiet_input=True):
    """Runs ARGV (in chroot ROOT when given); returns (rc, output). STDIN is fed, never logged."""
    logs.log("program", "INFO", "program", "Running... " + " ".join(argv))
    full_env = dict(os.environ)
    full_env.update(env or {})
    if root:
        argv_exec = ["chroot", root] + argv
    else:
        argv_exec = argv
    proc = subprocess.Popen(argv_exec, stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=full_env)
    if stdin is not None:
        proc.stdin.write(stdin.encode() if isinstance(stdin, str) else stdin)
        proc.stdin.close()
    out_lines = []
    for raw in proc.stdout:
        line = raw.decode("utf-8", "replace").rstrip("\n")
        out_lines.append(line)
        logs.log("program", "INFO", "program", line)
    rc = proc.wait()
    logs.log("program", "DEBUG", "program", f"Return code: {rc}")
    output = "\n".join(out_lines)
    if check and rc not in ok:
        raise CommandError(argv, rc, output)
    return rc, output
