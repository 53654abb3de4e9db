"""A throwaway MariaDB server of the test's own, which it may stop and start.

The shared server on 3306 is never touched. Needs ``mariadbd`` and
``mariadb-install-db``; the fixture using this skips without them.
"""

import shutil
import signal
import subprocess
from pathlib import Path

import pymysql

from tests.faults.server import free_port, wait_for

MARIADBD = shutil.which("mariadbd") or "/usr/sbin/mariadbd"
INSTALL_DB = shutil.which("mariadb-install-db")
# Small files: the server holds a few rows and starts in about a second.
SIZES = ["--innodb-log-file-size=8M", "--innodb-buffer-pool-size=32M"]
START_SECONDS = 60


def available() -> bool:
    return Path(MARIADBD).exists() and INSTALL_DB is not None


class OwnMariaDB:
    """One mariadbd on a free loopback port, with its data in ``folder``."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.data = folder / "data"
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def install(self) -> None:
        subprocess.run(  # noqa: S603 - fixed arguments, our own folder
            [
                INSTALL_DB,
                "--no-defaults",
                f"--datadir={self.data}",
                "--user=root",
                "--auth-root-authentication-method=normal",
                "--skip-test-db",
                *SIZES,
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )

    def command(self) -> list[str]:
        return [
            MARIADBD,
            "--no-defaults",
            f"--datadir={self.data}",
            f"--port={self.port}",
            f"--socket={self.folder / 'mariadb.sock'}",
            f"--pid-file={self.folder / 'mariadb.pid'}",
            f"--log-error={self.folder / 'error.log'}",
            "--bind-address=127.0.0.1",
            "--user=root",
            "--skip-log-bin",
            *SIZES,
        ]

    def start(self) -> None:
        """Start the server (the same command every time) and wait for it."""
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
            self.command(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        wait_for(self._answers, START_SECONDS, "the own MariaDB to start", 0.1)

    def stop(self) -> None:
        """Shut down as an operator's restart does (SIGTERM), and wait for it."""
        if self.process is None:
            return
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=START_SECONDS)
        self.process = None

    def connect(self, database: str | None = None, **options):
        return pymysql.connect(
            host="127.0.0.1",
            port=self.port,
            user="root",
            database=database,
            charset="utf8mb4",
            **options,
        )

    def url(self, database: str) -> str:
        return f"mysql+pymysql://root@127.0.0.1:{self.port}/{database}?charset=utf8mb4"

    def _answers(self) -> bool:
        if self.process.poll() is not None:
            log = (self.folder / "error.log").read_text(errors="replace")
            raise RuntimeError(f"mariadbd exited:\n{log[-3000:]}")
        try:
            self.connect(connect_timeout=2).close()
        except pymysql.err.OperationalError:
            return False
        return True
