"""``villagedesk-server serve`` in its own process, so a test can SIGKILL it and start it again on the
same database and port (a town PC losing power mid-sync)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from tests.conftest import ROOT
from tests.support.processes import kill_hard


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerProcess:
    def __init__(self, db_url: str, folder: Path, port: int | None = None) -> None:
        self.db_url = db_url
        self.folder = folder
        self.port = port or free_port()
        self.proc: subprocess.Popen | None = None
        self.starts = 0
        self.kills = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60.0) -> ServerProcess:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        cmd = [sys.executable, "-m", "villagedesk.server.cli", "--data", str(self.folder)]
        cmd += ["serve", "--db", self.db_url, "--port", str(self.port)]
        self.folder.mkdir(parents=True, exist_ok=True)
        self.starts += 1
        log = self.folder / f"stderr-{self.starts}.log"
        with log.open("wb") as err:  # a file, not a pipe: nobody has to drain it
            self.proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=err)
        deadline = time.monotonic() + timeout
        while True:
            try:
                if requests.get(self.url + "/api/v1/health", timeout=2).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            if self.proc.poll() is not None:
                err = log.read_text("utf-8", "replace")
                raise RuntimeError(f"server exited ({self.proc.returncode}): {err[-2000:]}")
            if time.monotonic() > deadline:
                raise RuntimeError("server did not start")
            time.sleep(0.05)

    def kill(self) -> None:
        """SIGKILL (TerminateProcess on Windows): no shutdown handler runs, open transactions die with the process."""
        if self.proc is not None and self.proc.poll() is None:
            kill_hard(self.proc)
            self.proc.wait(timeout=20)
            self.kills += 1

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=20)

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None
