"""`make lock`: requirements.lock and environment.yml, written together from pyproject.toml.

    python3 tools/lock.py             # keep the locked versions; pin only what is new or no longer fits
    python3 tools/lock.py --upgrade   # move every pin to the newest version that fits (make lock UPGRADE=1)

The lock is compiled by uv from pyproject.toml (dependencies and the `test` extra) for the oldest
Python the project supports, with the hashes of every file, so that `uv pip sync --require-hashes`
installs exactly it. Nothing is built or installed, so no build/ or *.egg-info is left behind.
environment.yml's pip section is rewritten to the direct dependencies at the lock's versions
(tests/test_environment.py keeps the two equal); its conda part is kept as it is.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import setup_venv as setup  # noqa: E402  (tools/setup_venv.py: the uv finder and the Python check)

ROOT = Path(setup.ROOT)
LOCK = ROOT / "requirements.lock"
ENVIRONMENT = ROOT / "environment.yml"


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared(pyproject: Path = ROOT / "pyproject.toml") -> list[str]:
    """The direct dependencies as pyproject.toml spells them, in its order: runtime, then `test`."""
    project = tomllib.loads(pyproject.read_text())["project"]
    deps = project["dependencies"] + project["optional-dependencies"]["test"]
    return [re.split(r"[<>=!~\[ ;]", d)[0] for d in deps]


def pins(lock: Path = LOCK) -> dict[str, str]:
    """The lock's versions by normalised name (the hashed format: `name==version \\` then hashes)."""
    return {norm(m[1]): m[2] for m in re.finditer(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\;]+)",
                                                  lock.read_text(), re.M)}


def environment_yml(text: str, lock_pins: dict[str, str], names: list[str]) -> str:
    """environment.yml with its pip section replaced by `names` at the lock's versions (then `-e .`)."""
    head, marker, _ = text.partition("  - pip:\n")
    if not marker:
        raise SystemExit("environment.yml has no '  - pip:' section to write the pins into")
    lines = [f"      - {name}=={lock_pins[norm(name)]}" for name in names] + ["      - -e ."]
    return head + marker + "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--upgrade", action="store_true", help="move every pin to the newest that fits")
    args = parser.parse_args(argv)
    setup.check_python()
    major, minor = setup.required_python()
    uv = setup.find_uv()
    command = [uv, "pip", "compile", "pyproject.toml", "--extra", "test", "--generate-hashes",
               "--python-version", f"{major}.{minor}", "--custom-compile-command", "make lock",
               "--output-file", "requirements.lock", "--quiet"]
    if args.upgrade:
        command.append("--upgrade")
    before = pins() if LOCK.exists() else {}
    setup.say("$ " + " ".join(["uv", *command[1:]]))
    subprocess.run(command, cwd=ROOT, check=True)
    after = pins()
    moved = {n: (before[n], v) for n, v in after.items() if n in before and before[n] != v}
    added = sorted(set(after) - set(before))
    removed = sorted(set(before) - set(after))
    for name, (old, new) in sorted(moved.items()):
        setup.say(f"  {name} {old} -> {new}")
    for name in added:
        setup.say(f"  + {name} {after[name]}")
    for name in removed:
        setup.say(f"  - {name} {before[name]}")
    setup.say(f"requirements.lock: {len(after)} packages for Python >={major}.{minor}, "
              f"{len(moved)} moved, {len(added)} added, {len(removed)} removed")
    ENVIRONMENT.write_text(environment_yml(ENVIRONMENT.read_text(), after, declared()))
    setup.say("environment.yml: pip section rewritten from the lock")
    return 0


if __name__ == "__main__":
    sys.exit(main())
