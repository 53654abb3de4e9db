"""Many concurrent HTTP clients in one process, cheap enough to share 2 cores.

Each client is a coroutine that sends its requests one after another over
plain asyncio streams (``Connection: close``, as gunicorn's sync workers close
every connection anyway), so the client's own cost is small and the same
for whatever server it talks to.
"""

import asyncio
import time
import urllib.parse
from dataclasses import dataclass, field


def post(host: str, path: str, form: dict, headers: dict | None = None) -> bytes:
    """An HTTP/1.1 form POST as raw bytes, ready to send."""
    body = urllib.parse.urlencode(form).encode()
    lines = [
        f"POST {path} HTTP/1.1",
        f"Host: {host}",
        "Content-Type: application/x-www-form-urlencoded",
        f"Content-Length: {len(body)}",
        "Connection: close",
        *(f"{name}: {value}" for name, value in (headers or {}).items()),
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


@dataclass
class Outcome:
    """What one round of load gave: each request's time and status."""

    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)

    def add(self, other: "Outcome") -> None:
        self.seconds += other.seconds
        self.latencies += other.latencies
        self.statuses += other.statuses

    @property
    def errors(self) -> int:
        return sum(1 for status in self.statuses if status != 200)


async def _send(host: str, port: int, raw: bytes) -> int:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(raw)
        await writer.drain()
        answer = await reader.read()
    finally:
        writer.close()
    return int(answer.split(b" ", 2)[1]) if answer else 0


async def _client(host, port, requests: list[bytes], outcome: Outcome) -> None:
    for raw in requests:
        started = time.perf_counter()
        try:
            status = await asyncio.wait_for(_send(host, port, raw), 60)
        except (TimeoutError, OSError):
            status = 0
        outcome.latencies.append(time.perf_counter() - started)
        outcome.statuses.append(status)


async def _round(host, port, clients: list[list[bytes]]) -> Outcome:
    outcome = Outcome()
    started = time.perf_counter()
    await asyncio.gather(*(_client(host, port, r, outcome) for r in clients))
    outcome.seconds = time.perf_counter() - started
    return outcome


def run_round(base: str, clients: list[list[bytes]]) -> Outcome:
    """Send every client's requests, all clients at once; wait for the last."""
    address = urllib.parse.urlsplit(base)
    return asyncio.run(_round(address.hostname, address.port, clients))
