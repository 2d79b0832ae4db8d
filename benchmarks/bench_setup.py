"""Time the set-up of the environment: pip (the old way) against uv, cold and warm cache, in one run.

    python3 benchmarks/bench_setup.py            # any Python >= 3.11; needs the package index

Each row builds a new venv from requirements.lock in a temporary folder:
- pip: `python -m venv` then `pip install --require-hashes -r requirements.lock` (what `make` did);
- uv: `uv venv --seed` then `uv pip sync --require-hashes requirements.lock` (what tools/setup_venv.py does);
cold with an empty cache of its own, warm with the cache the cold run filled. Last, `make venv` in a
fresh clone of this repository with no uv on PATH (uv bootstrapped with pip into .venv-tools, the
package and the git filter installed too), with the user's usual caches, as a returning analyst has.
Prints a Markdown table (docs/setup.md quotes it).
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements.lock"
sys.path.insert(0, str(ROOT / "tools"))
import setup_venv  # noqa: E402


def timed(argv: list[str], env: dict[str, str], cwd: Path | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def pip_setup(work: Path, cache: Path) -> float:
    venv = work / "pip-venv"
    shutil.rmtree(venv, ignore_errors=True)
    env = {**os.environ, "PIP_CACHE_DIR": str(cache)}
    return (timed([sys.executable, "-m", "venv", str(venv)], env)
            + timed([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                     "--require-hashes", "-r", str(LOCK)], env))


def uv_setup(uv: str, work: Path, cache: Path) -> float:
    venv = work / "uv-venv"
    shutil.rmtree(venv, ignore_errors=True)
    env = {**os.environ, "UV_CACHE_DIR": str(cache)}
    return (timed([uv, "venv", "--seed", "--python", sys.executable, str(venv)], env)
            + timed([uv, "pip", "sync", "--python", str(venv / "bin" / "python"), "--require-hashes", str(LOCK)], env))


def fresh_clone_make_venv(work: Path) -> float:
    clone = work / "clone"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    # no uv on PATH, none given: the clone bootstraps its own, as on a machine with only python3 and pip
    path = os.pathsep.join(p for p in os.environ.get("PATH", "").split(os.pathsep)
                           if not (Path(p) / "uv").exists())
    env = {k: v for k, v in os.environ.items() if k not in ("UV", "MAKEFLAGS")}
    return timed(["make", "venv", f"PYTHON={sys.executable}"], {**env, "PATH": path}, cwd=clone)


def main() -> int:
    uv = setup_venv.find_uv()
    version = subprocess.run([uv, "--version"], capture_output=True, text=True).stdout.strip()
    packages = LOCK.read_text().count("==")
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-setup-") as tmp:
        work = Path(tmp)
        pip_cache, uv_cache = work / "pip-cache", work / "uv-cache"
        rows.append(("pip", "cold (empty cache)", pip_setup(work, pip_cache)))
        rows.append(("pip", "warm", pip_setup(work, pip_cache)))
        rows.append(("uv", "cold (empty cache)", uv_setup(uv, work, uv_cache)))
        rows.append(("uv", "warm", uv_setup(uv, work, uv_cache)))
        rows.append(("make venv, fresh clone", "uv bootstrapped; usual caches", fresh_clone_make_venv(work)))
    print(f"Set-up of {packages} locked packages; Python {platform.python_version()}, {version}, "
          f"{os.cpu_count()} cores\n")
    print("| installer | cache | seconds |\n| --- | --- | ---: |")
    for installer, cache, seconds in rows:
        print(f"| {installer} | {cache} | {seconds:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
