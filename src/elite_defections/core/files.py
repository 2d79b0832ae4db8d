"""Writing a file that another process may be reading: whole or not at all."""

from __future__ import annotations

import os
import threading
from pathlib import Path


def write_atomically(target: Path, data: str | bytes) -> Path:
    """Write `data` to a temporary file beside `target`, then rename it over `target`: a reader sees
    the old file or the new one, never half of each. The temporary name is unique to the process
    and thread, so two writers never share one."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        if isinstance(data, bytes):
            tmp.write_bytes(data)
        else:
            tmp.write_text(data, encoding="utf-8")
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target
