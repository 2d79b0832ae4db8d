"""Create or refresh the project's .venv with uv, saying what it does (`make venv`; every target runs it).

    python3 tools/setup_venv.py          # what the Makefile runs (PYTHON=... picks the interpreter)

1. Refuses at once a Python older than pyproject.toml's requires-python, naming the version needed.
2. Finds uv (the UV variable, uv on PATH, or .venv-tools/bin/uv) or bootstraps it with pip into
   .venv-tools, a small venv of its own: uv is a set-up tool, not a dependency of the project.
3. Compares .venv/.installed (the Python it was built with, the digest of requirements.lock and
   pyproject.toml) with now: the same, nothing to do and nothing printed; the lock changed, .venv is
   synced to it; no stamp (never finished) or another Python, .venv is deleted and built again.
4. Installs the lock exactly (`uv pip sync --require-hashes`), the package editable, and the
   nbstripout git filter (docs/setup.md); the stamp is written last.
5. A failure deletes .venv, so a half-built environment is never reused.

Written for any Python 3 the user may have (it must run far enough to refuse an old one).
"""

from __future__ import print_function

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, ".venv")
STAMP = os.path.join(VENV, ".installed")
TOOLS = os.path.join(ROOT, ".venv-tools")
LOCK = os.path.join(ROOT, "requirements.lock")
PYPROJECT = os.path.join(ROOT, "pyproject.toml")
UV_VERSION = "0.13.10"  # the uv bootstrapped where none is installed


def say(message):
    print("set-up: " + message, flush=True)


def required_python(pyproject=PYPROJECT):
    """The lowest (major, minor) that pyproject.toml's requires-python (">=X.Y") allows."""
    with open(pyproject) as handle:
        match = re.search(r'^requires-python\s*=\s*">=\s*(\d+)\.(\d+)', handle.read(), re.M)
    if not match:
        raise SystemExit("set-up: pyproject.toml has no requires-python = \">=X.Y\"")
    return int(match.group(1)), int(match.group(2))


def check_python(version=None, pyproject=PYPROJECT):
    """Stop at once, with the version needed, when this Python is too old for the project."""
    version = tuple(version or sys.version_info[:3])
    needed = required_python(pyproject)
    if version[:2] < needed:
        raise SystemExit(
            "set-up: Python {have} ({exe}) is too old for this project, which needs Python >={need} "
            "(requires-python in pyproject.toml).\n"
            "        Give a newer one, e.g. `make report PYTHON=python{need}`; nothing was installed."
            .format(have=".".join(map(str, version)), exe=sys.executable, need="%d.%d" % needed))


def _run(argv, **kwargs):
    say("$ " + " ".join(argv).replace(ROOT + os.sep, ""))
    subprocess.check_call(argv, **kwargs)


def find_uv(bootstrap=True):
    """uv's path: $UV, uv on PATH, the tools venv's; else pip-install it into the tools venv."""
    for candidate in (os.environ.get("UV"), shutil.which("uv"), os.path.join(TOOLS, "bin", "uv")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    if not bootstrap:
        return None
    say("uv not found: installing uv=={} with pip into .venv-tools (once; uv itself is not a project "
        "dependency)".format(UV_VERSION))
    shutil.rmtree(TOOLS, ignore_errors=True)
    try:
        _run([sys.executable, "-m", "venv", TOOLS])
        _run([os.path.join(TOOLS, "bin", "python"), "-m", "pip", "install", "--quiet",
              "--disable-pip-version-check", "uv==" + UV_VERSION])
    except (subprocess.CalledProcessError, OSError):
        shutil.rmtree(TOOLS, ignore_errors=True)
        raise SystemExit("set-up: could not install uv with pip (is the package index reachable?)")
    return os.path.join(TOOLS, "bin", "uv")


def _digest(*files):
    digest = hashlib.sha256()
    for name in files:
        with open(name, "rb") as handle:
            digest.update(handle.read())
    return digest.hexdigest()


def wanted():
    """What .venv must have been built from to be reused."""
    return {"python": sys.version.split()[0], "executable": os.path.realpath(sys.executable),
            "lock": _digest(LOCK, PYPROJECT)}


def installed():
    try:
        with open(STAMP) as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return None


def in_git_work_tree():
    try:
        return subprocess.run(["git", "rev-parse", "--is-inside-work-tree"], cwd=ROOT, capture_output=True,
                              text=True).stdout.strip() == "true"
    except OSError:
        return False


def filter_installed():
    """True when this clone's nbstripout filter runs this .venv's nbstripout with the project's keys."""
    def get(key):
        return subprocess.run(["git", "config", "--local", "--get", key], cwd=ROOT, capture_output=True,
                              text=True).stdout.strip()
    python = os.path.join(VENV, "bin", "python")
    return python in get("filter.nbstripout.clean") and bool(get("filter.nbstripout.extrakeys"))


def install_filter():
    """nbstripout as this clone's git filter for *.ipynb (the attributes are committed in .gitattributes)."""
    if not in_git_work_tree():
        return
    _run([os.path.join(VENV, "bin", "python"), "-m", "elite_defections.engine.notebook_clean", "--install-filter", ROOT],
         cwd=ROOT)


def build(uv, reason, fresh):
    say(reason)
    if fresh:
        shutil.rmtree(VENV, ignore_errors=True)
        # --seed: pip in the venv too, for an analyst's `.venv/bin/pip install ...`
        _run([uv, "venv", "--seed", "--python", sys.executable, VENV])
    python = os.path.join(VENV, "bin", "python")
    _run([uv, "pip", "sync", "--python", python, "--require-hashes", LOCK])
    _run([uv, "pip", "install", "--python", python, "--no-deps", "--editable", ROOT])
    install_filter()
    with open(STAMP, "w") as handle:
        json.dump(wanted(), handle, indent=1)
    say("done: .venv matches requirements.lock (Python {})".format(wanted()["python"]))


def main():
    check_python()
    now, then = wanted(), installed()
    has_python = os.path.exists(os.path.join(VENV, "bin", "python"))
    if then == now and has_python:
        if in_git_work_tree() and not filter_installed():
            install_filter()
        return 0
    if not os.path.isdir(VENV):
        reason, fresh = "creating .venv from requirements.lock with uv", True
    elif then is None or not has_python:
        reason, fresh = ".venv was never finished (no stamp): deleting it and building it again", True
    elif (then.get("python"), then.get("executable")) != (now["python"], now["executable"]):
        reason = (".venv was built for Python {} ({}), not {} ({}): deleting it and building it again"
                  .format(then.get("python"), then.get("executable"), now["python"], now["executable"]))
        fresh = True
    else:
        reason, fresh = "requirements.lock or pyproject.toml changed: syncing .venv to the lock", False
    uv = find_uv()
    try:
        build(uv, reason, fresh)
    except BaseException as error:  # a failed or interrupted install is never reused
        shutil.rmtree(VENV, ignore_errors=True)
        if isinstance(error, subprocess.CalledProcessError):
            raise SystemExit("set-up failed ({}); .venv was deleted so that the next run starts afresh"
                             .format(" ".join(error.cmd[:3]).replace(ROOT + os.sep, "")))
        raise
    return 0


if __name__ == "__main__":
    sys.exit(main())
