"""Keep the processes of the single-server `serve` running: one that exits is started again.

Before, `serve` stopped the whole site when any of its processes exited, so one worker crash
(say, on a busy SQLite database) took the web pages down with it. Now a process that exits is
restarted after a wait that doubles while it keeps failing quickly (1 s up to 30 s) and resets
once it has stayed up for a minute; the others carry on meanwhile.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field

FIRST_WAIT = 1.0
LONGEST_WAIT = 30.0
HEALTHY_AFTER = 60.0


@dataclass
class Child:
    name: str
    command: list[str]
    process: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    wait: float = FIRST_WAIT
    restart_at: float | None = None
    restarts: int = 0
    history: list[int] = field(default_factory=list)  # exit codes, newest last

    def start(self) -> None:
        self.process = subprocess.Popen(self.command)
        self.started_at, self.restart_at = time.monotonic(), None

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None


class Supervisor:
    def __init__(self, commands: dict[str, list[str]], say: Callable[[str], None]) -> None:
        self.children = [Child(name, command) for name, command in commands.items()]
        self.say = say

    def start(self) -> None:
        for child in self.children:
            child.start()

    def check(self) -> None:
        """Notice exits and restart children whose wait is over; call this every half second."""
        now = time.monotonic()
        for child in self.children:
            if child.restart_at is not None:
                if now >= child.restart_at:
                    child.start()
                    child.restarts += 1
                continue
            code = child.process.poll() if child.process is not None else None
            if code is None:
                continue
            child.history.append(code)
            if now - child.started_at >= HEALTHY_AFTER:
                child.wait = FIRST_WAIT
            child.restart_at = now + child.wait
            self.say(f"{child.name} exited with code {code}; starting it again in {child.wait:g} s")
            child.wait = min(child.wait * 2, LONGEST_WAIT)

    def stop(self) -> None:
        running = [c.process for c in self.children if c.process and c.process.poll() is None]
        for process in running:
            process.terminate()
        for process in running:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
