"""The worker's command pipe, with commands read early kept in their order (see :class:`Inbox`)."""

from __future__ import annotations

import collections
from multiprocessing.connection import Connection

from .protocol import Cancel, Command, Quit


class Inbox:
    """The command pipe, with commands read early kept in their order.

    A long replay cannot wait for the main loop to read the pipe: between its progress reports
    it looks for a :class:`Cancel` of its run (or a Quit, which ends it as well). Whatever else
    came meanwhile waits here for its turn.
    """

    def __init__(self, pipe: Connection) -> None:
        self.pipe = pipe
        self.waiting: collections.deque[Command] = collections.deque()

    def poll(self, timeout: float | None) -> bool:
        return bool(self.waiting) or self.pipe.poll(timeout)

    def recv(self) -> Command:
        return self.waiting.popleft() if self.waiting else self.pipe.recv()

    def stops(self, run_id: int) -> bool:
        """Whether setting up run ``run_id`` is to stop now (a Cancel of it, or a Quit, came)."""
        while self.pipe.poll(0):
            command = self.pipe.recv()
            if isinstance(command, Cancel) and command.run_id == run_id:
                return True
            self.waiting.append(command)
            if isinstance(command, Quit):
                return True
        return False
