"""Serve the app under gunicorn with the repo's config, on a given database.

The server only serves: it never migrates, creates or drops tables (the test
session did that). Its workers are found through /proc, so a test can kill
the one that holds a given connection.
"""

import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
START_SECONDS = 60
STOP_SECONDS = 30


def free_port() -> int:
    """A loopback port nothing listens on, below the kernel's ephemeral range.

    The kernel hands ports of that range to outgoing connections, and other
    test runs on the machine make many: a port picked there could be taken
    while the own MariaDB is down for its restart, or before gunicorn binds.
    """
    low = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    for port in random.sample(range(max(1024, low - 12000), low), 200):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port below the ephemeral range")


def wait_for(check, seconds: float, what: str, poll: float = 0.05):
    """Poll ``check`` until it returns something true; fail after ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        found = check()
        if found:
            return found
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting {seconds:.0f} s for {what}")
        time.sleep(poll)


@dataclass
class Server:
    base: str
    port: int
    process: subprocess.Popen
    log_dir: Path
    output: Path

    def workers(self) -> set[int]:
        """The master's worker processes now."""
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return {int(pid) for pid in path.read_text().split()}

    def worker_serving(self, client_port: int) -> int | None:
        """The worker that accepted the connection from ``client_port``, if any."""
        inode = self._server_socket_inode(client_port)
        if inode is None:
            return None
        for pid in self.workers():
            try:
                links = [os.readlink(f) for f in Path(f"/proc/{pid}/fd").iterdir()]
            except OSError:  # gone meanwhile, or a descriptor closed while read
                continue
            if f"socket:[{inode}]" in links:
                return pid
        return None

    def _server_socket_inode(self, client_port: int) -> str | None:
        for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
            fields = line.split()
            local, remote, inode = fields[1], fields[2], fields[9]
            if (
                int(local.split(":")[1], 16) == self.port
                and int(remote.split(":")[1], 16) == client_port
                and inode != "0"
            ):
                return inode
        return None

    def log(self) -> str:
        """What gunicorn and the app wrote to stderr."""
        return self.output.read_text(errors="replace")

    def app_log(self, name: str = "homegym.log") -> str:
        path = self.log_dir / name
        return path.read_text() if path.exists() else ""


def server_env(database_url: str, port: int, log_dir: Path, **settings) -> dict:
    """The environment of the served app: the test's database, quiet, no mail."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GUNICORN_", "RATELIMIT_", "CACHE_", "COACH_", "AI_"))
    }
    env.update(
        {
            "DATABASE_URL": database_url,
            "SECRET_KEY": "fault-test-secret-key-0123456789-abcdefghijklmnopqrstuvw",
            "HOMEGYM_ENV": "development",
            "DEBUG_MAINTENANCE": "false",
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": "2",
            "GUNICORN_LOG_LEVEL": "info",
            "LOG_DIR": str(log_dir),
            "UPLOAD_DIR": str(log_dir / "uploads"),
            "RATELIMIT_STORAGE_URI": "memory://",
            "LOGIN_RATE_LIMIT": "10000 per minute",
            "CACHE_TYPE": "SimpleCache",
            "MAIL_SUPPRESS_SEND": "true",
            "SENTRY_DSN": "",
            "AI_PROVIDER": "builtin",
        }
    )
    env.update(settings)
    return env


@contextmanager
def gunicorn(database_url: str, tmp_path: Path, **settings):
    """Run ``gunicorn -c gunicorn.conf.py wsgi:app`` until the block ends."""
    if not GUNICORN.exists() and shutil.which("gunicorn") is None:
        pytest.skip("gunicorn is not installed")
    binary = str(GUNICORN) if GUNICORN.exists() else shutil.which("gunicorn")
    port = free_port()
    log_dir = tmp_path / "server-logs"
    log_dir.mkdir(exist_ok=True)
    output = tmp_path / "gunicorn.out"
    env = server_env(database_url, port, log_dir, **settings)
    process = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
        [
            binary,
            "-c",
            "gunicorn.conf.py",
            # Its own control socket: another gunicorn on the machine has the default.
            "--control-socket",
            str(tmp_path / "gunicorn.ctl"),
            "wsgi:app",
        ],
        cwd=ROOT,
        env=env,
        stdout=output.open("w"),
        stderr=subprocess.STDOUT,
    )
    server = Server(f"http://127.0.0.1:{port}", port, process, log_dir, output)
    try:
        wait_for(lambda: _answers(server), START_SECONDS, "gunicorn to answer")
        wait_for(lambda: len(server.workers()) == 2, START_SECONDS, "two workers")
        yield server
    except BaseException:
        # Shown by pytest with the failure: what the server saw meanwhile.
        print(server.log()[-4000:], server.app_log()[-4000:], sep="\n")
        raise
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _answers(server: Server) -> bool:
    if server.process.poll() is not None:
        pytest.fail(f"gunicorn exited at start:\n{server.log()[-3000:]}")
    try:
        urllib.request.urlopen(f"{server.base}/login", timeout=10)  # noqa: S310
    except urllib.error.HTTPError:
        return True  # it answered
    except OSError:
        return False
    return True
