"""`make lab` for real: JupyterLab on loopback with a token, every notebook executed top to bottom
through the running server's kernel (REST to start a session, the kernel websocket to run the
cells), then the server stopped. The kernel writes into a copy of the project."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import threading
import time
import urllib.request
import uuid
from pathlib import Path

import nbformat
import pytest
import websocket  # websocket-client, a dependency of jupyter_server

from elite_defections.core import paths

pytestmark = pytest.mark.e2e

ADDRESS = re.compile(r"(http://127\.0\.0\.1:([1-9]\d*))/lab(?:/tree/notebooks)?\?token=(\w+)")
LOCAL = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: never via a proxy


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """`make lab LAB_PORT=0` (a free port), its printed address and token; stopped afterwards."""
    project = paths.copy_project(tmp_path_factory.mktemp("lab") / "project")
    env = {**os.environ, "ELITE_DEFECTIONS_ROOT": str(project), "MPLBACKEND": "Agg",
           "JUPYTER_RUNTIME_DIR": str(project / "runtime")}
    server = subprocess.Popen(["make", "-s", "lab", "LAB_PORT=0"], cwd=paths.ROOT, env=env, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    printed, deadline = [], time.monotonic() + 90
    try:
        while time.monotonic() < deadline:
            line = server.stdout.readline()
            if not line:
                break
            printed.append(line)
            if match := ADDRESS.search(line):
                # keep draining the server's log so that it never blocks on a full pipe
                threading.Thread(target=server.stdout.read, daemon=True).start()
                _wait_until_serving(match[1])
                yield {"base": match[1], "token": match[3], "project": project, "printed": "".join(printed)}
                break
        else:
            pytest.fail("JupyterLab printed no address within 90 s:\n" + "".join(printed))
        if not printed or not ADDRESS.search(printed[-1]):
            pytest.fail("JupyterLab stopped before printing its address:\n" + "".join(printed))
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # make and the server it started (its own session)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def _wait_until_serving(base: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            LOCAL.open(f"{base}/api", timeout=5).close()  # the version endpoint needs no token
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _api(lab, method: str, path: str, body: dict | None = None):
    request = urllib.request.Request(f"{lab['base']}{path}", method=method,
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Authorization": f"token {lab['token']}",
                                              "Content-Type": "application/json"})
    with LOCAL.open(request, timeout=30) as response:
        raw = response.read()
        return response.status, json.loads(raw) if raw and "json" in response.headers.get("Content-Type", "") else raw


def _execute(ws, code: str) -> list[dict]:
    """One execute_request on the kernel's channels; the iopub outputs until the kernel is idle."""
    msg_id = uuid.uuid4().hex
    ws.send(json.dumps({"header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "test",
                                   "session": uuid.uuid4().hex, "version": "5.3"},
                        "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
                        "content": {"code": code, "silent": False, "store_history": True,
                                    "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}}))
    outputs, replied, idle = [], None, False
    while replied is None or not idle:
        msg = json.loads(ws.recv())
        if msg.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind = msg["header"]["msg_type"]
        if kind == "execute_reply":
            replied = msg["content"]
        elif kind == "status" and msg["content"]["execution_state"] == "idle":
            idle = True
        elif kind in ("error", "stream", "execute_result", "display_data"):
            outputs.append({"type": kind, **msg["content"]})
    return [{"type": "reply", **replied}, *outputs]


def test_make_lab_binds_to_loopback_and_prints_its_address(lab):
    assert "127.0.0.1" in lab["printed"]
    status, page = _api(lab, "GET", "/lab")
    assert status == 200 and b"JupyterLab" in page
    with pytest.raises(urllib.error.HTTPError):  # the token is required
        LOCAL.open(f"{lab['base']}/api/sessions", timeout=10)
    status, specs = _api(lab, "GET", "/api/kernelspecs")
    assert specs["default"] == "python3"


def test_make_lab_opens_on_the_project_with_the_notebooks_folder_open(lab):
    """The file browser's root is the repository (params.yaml, data/, the figures can be opened) and
    the Lab opens on notebooks/ (issue 18, item C)."""
    status, listing = _api(lab, "GET", "/api/contents")
    names = {item["name"] for item in listing["content"]}
    assert {"notebooks", "data", "params.yaml", "report", "README.md"} <= names, names
    request = urllib.request.Request(f"{lab['base']}/", headers={"Authorization": f"token {lab['token']}"})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as redirect:
        opener.open(request, timeout=10)
    assert redirect.value.code == 302 and redirect.value.headers["Location"].startswith("/lab/tree/notebooks")
    assert re.search(r"/lab/tree/notebooks\?token=", lab["printed"])


def test_make_lab_fetches_no_news_and_asks_nothing(lab):
    """No "Jupyter news?" pop-up: the server serves no news (news_url None) and the project's
    settings overrides make 'never fetch news' the default, so the Lab does not ask."""
    status, news = _api(lab, "GET", "/lab/api/news")
    assert status == 200 and news == {"news": []}
    status, page = _api(lab, "GET", "/lab/tree/notebooks")
    assert re.search(rb'"news":\s*\{"disabled":\s*true\}', page), "page config does not disable news"
    status, setting = _api(lab, "GET", "/lab/api/settings/@jupyterlab/apputils-extension:notification")
    assert setting["schema"]["properties"]["fetchNews"]["default"] == "false"
    assert setting["schema"]["properties"]["checkForUpdates"]["default"] is False


def test_make_lab_saves_notebooks_through_the_git_index_refresh():
    """`make lab` configures the post-save hook that keeps git status clean after a save with
    outputs (tests/test_notebooks_git.py runs the hook through Jupyter's contents manager)."""
    dry = subprocess.run(["make", "-n", "lab"], cwd=paths.ROOT, capture_output=True, text=True,
                         env={**os.environ, "MAKEFLAGS": ""}).stdout
    assert "--FileContentsManager.post_save_hook=elite_defections.engine.notebook_clean.refresh_git_index" in dry
    assert "--ServerApp.ip=127.0.0.1" in dry


@pytest.mark.parametrize("notebook", [p.name for p in sorted(paths.NOTEBOOKS.glob("[0-9]*.ipynb"))])
def test_each_notebook_runs_top_to_bottom_in_the_lab(lab, notebook):
    status, session = _api(lab, "POST", "/api/sessions",
                           {"path": f"notebooks/{notebook}", "type": "notebook", "kernel": {"name": "python3"}})
    assert status == 201
    kernel = session["kernel"]["id"]
    ws = websocket.create_connection(f"{lab['base'].replace('http', 'ws')}/api/kernels/{kernel}/channels",
                                     header=[f"Authorization: token {lab['token']}"], timeout=120,
                                     http_no_proxy=["127.0.0.1"])
    try:
        nb = nbformat.read(paths.NOTEBOOKS / notebook, as_version=4)
        # The project's kernel: the environment's own Python, with the package importable.
        where = _execute(ws, "import sys, elite_defections; print(sys.prefix)")
        assert Path(where[1]["text"].strip()).resolve() == (paths.ROOT / ".venv").resolve()
        for index, cell in enumerate(c for c in nb.cells if c.cell_type == "code"):
            reply, *outputs = _execute(ws, cell.source)
            errors = [o for o in outputs if o["type"] == "error"]
            assert reply["status"] == "ok" and not errors, \
                f"{notebook} code cell {index + 1}: {errors[0]['ename'] if errors else reply}: " \
                f"{errors[0]['evalue'] if errors else ''}"
    finally:
        ws.close()
        _api(lab, "DELETE", f"/api/sessions/{session['id']}")
    # The notebook's statistics went to the project the kernel was pointed at, not to this checkout,
    # and there to the scratch folder: a run by hand never changes the build (issue 10, item 2).
    assert (lab["project"] / "build" / "scratch" / "statistics" / f"{Path(notebook).stem}.json").is_file()
    assert not (lab["project"] / "build" / "statistics" / f"{Path(notebook).stem}.json").exists()
