"""%pre, %post and %onerror scripts, run as Anaconda runs them: the body in a temp file under
/tmp, executed by its interpreter (chrooted into the system root for %post without --nochroot),
output to /tmp/ks-script-<id>.log (and to --log's file), exit code logged."""
import os
import subprocess
import tempfile

from . import logs


class ScriptError(Exception):
    def __init__(self, script, rc, output):
        self.script = script
        self.rc = rc
        self.output = output
        super().__init__(
            f"There was an error running the kickstart script at line {script.lineno}. This is a fatal "
            f"error and installation will be aborted. The details of this error are:\n\n{output}")


def run_scripts(scripts, kind, sysroot=None, fatal=True):
    chosen = [s for s in scripts if s.kind == kind]
    for s in chosen:
        run_script(s, sysroot, fatal)


def run_script(s, sysroot, fatal=True):
    root = sysroot if (s.chroot and sysroot) else "/"
    tmpdir = os.path.join(root, "tmp") if root != "/" else "/tmp"
    os.makedirs(tmpdir, exist_ok=True)
    fd, path = tempfile.mkstemp(prefix="ks-script-", dir=tmpdir)
    with os.fdopen(fd, "w") as f:
        f.write(s.body)
    os.chmod(path, 0o700)
    inner = path if root == "/" else path[len(root.rstrip("/")):]
    name = os.path.basename(path)
    logfile = f"/tmp/{name}.log"
    logs.log("anaconda", "INFO", "anaconda.core.kickstart.scripts",
             f"Running kickstart %{s.kind} script(s) (line {s.lineno}, interpreter {s.interpreter}"
             f"{', chroot ' + root if root != '/' else ''})")
    argv = [s.interpreter, inner]
    if root != "/":
        argv = ["chroot", root] + argv
    proc = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          cwd="/", env=dict(os.environ, PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"))
    out = proc.stdout.decode("utf-8", "replace")
    with open(logfile, "w") as f:
        f.write(out)
    if s.log:
        target = s.log if root == "/" else os.path.join(root, s.log.lstrip("/"))
        try:
            os.makedirs(os.path.dirname(target) or "/", exist_ok=True)
            with open(target, "a") as f:
                f.write(out)
        except OSError as e:
            logs.error(f"cannot write the %{s.kind} script's --log file {s.log}: {e}")
    os.unlink(path)
    if proc.returncode != 0:
        logs.log("anaconda", "ERROR", "anaconda.core.kickstart.scripts",
                 f"Error code {proc.returncode} running the kickstart script at line {s.lineno}")
        if s.error_on_fail and fatal:
            raise ScriptError(s, proc.returncode, out.strip() or f"exit code {proc.returncode}")
    else:
        logs.log("anaconda", "INFO", "anaconda.core.kickstart.scripts",
                 f"All kickstart %{s.kind} script(s) have been run" if s.kind != "onerror" else
                 "All kickstart %onerror script(s) have been run")
