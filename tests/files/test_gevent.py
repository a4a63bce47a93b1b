"""Under gunicorn's gevent worker a long upload must not starve the other greenlets
(the worker's heartbeat among them: gunicorn kills a worker that misses it)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = """
from gevent import monkey
monkey.patch_all()
import io, sys
from pathlib import Path
import gevent
from datapulse.bus.base import MemoryBus
from datapulse.settings import load_settings
from datapulse.storage.db import open_database
from datapulse.files.uploads import UploadStore

root = Path(sys.argv[1])
settings = load_settings(environ={"DATA_DIR": str(root / "data"), "UPLOAD_FOLDER": str(root / "up")}, env_file=None)
store = UploadStore(settings, open_database(settings), MemoryBus())
ticks = []

def heartbeat():
    while True:
        ticks.append(1)
        gevent.sleep(0)

beat = gevent.spawn(heartbeat)
gevent.sleep(0)
head = b'--B\\r\\nContent-Disposition: form-data; name="file"; filename="a.csv"\\r\\n\\r\\na\\n'
body = head + b"1\\n" * (10 * 1024 * 1024) + b"\\r\\n--B--\\r\\n"
before = len(ticks)
parts = list(store._parts(io.BytesIO(body), b"B", 1 << 30))  # never waits: bytes are all there
during = len(ticks) - before
for part in parts:
    part.close()
beat.kill()
print(parts[0].size, during)
"""


def test_upload_loop_lets_other_greenlets_run(tmp_path: Path):
    """Reading a 20 MB body that never blocks still yields to other greenlets chunk by chunk."""
    out = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    size, during = (int(x) for x in out.stdout.split())
    assert size == 2 + 20 * 1024 * 1024
    assert during >= 10  # about one turn per 1 MiB chunk
