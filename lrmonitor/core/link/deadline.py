"""How long lrmonitor waits for a training to acknowledge a command before it says so.

A command reaches the training's link thread at once, but it takes effect (and is acknowledged)
only just before the training's next optimizer step: a training in a long data-loading step or
evaluation, or one whose link thread is wedged, leaves it unanswered for as long as that lasts.
:class:`Deadlines` keeps the commands sent and not yet acknowledged, each with a deadline of
:data:`ACK_DEADLINE` seconds on the caller's clock; :meth:`Deadlines.overdue` gives, once, those
whose deadline passed. There is no thread and no sleep: the window checks once per frame and
``lrmonitor watch`` once per loop. An overdue command is not withdrawn (the listener still holds
it, and sends it again after a reconnect): it may still take effect at the training's next
optimizer step, and its late ack is taken in as any other.
"""

from __future__ import annotations

ACK_DEADLINE = 10.0  # seconds a command may wait for its ack before the user is told


class Deadlines:
    """Commands waiting for their ack: id -> (text, deadline), on the caller's clock."""

    def __init__(self, seconds: float = ACK_DEADLINE) -> None:
        self.seconds = seconds
        self._waiting: dict[int, tuple[str, float]] = {}

    def start(self, command_id: int, text: str, now: float) -> None:
        """``command_id`` (``text`` as the user gave it) waits from ``now`` for its ack."""
        self._waiting[command_id] = (text, now + self.seconds)

    def acknowledged(self, command_id: int) -> str | None:
        """The command's text if it was waiting (it no longer is), else None."""
        found = self._waiting.pop(command_id, None)
        return None if found is None else found[0]

    def overdue(self, now: float) -> list[tuple[int, str]]:
        """The commands whose deadline passed by ``now``, in the order they were sent; they wait no longer."""
        late = [(cid, text) for cid, (text, deadline) in self._waiting.items() if now >= deadline]
        for cid, _ in late:
            del self._waiting[cid]
        return late

    def texts(self) -> list[str]:
        """The texts of the commands waiting, in the order they were sent."""
        return [text for text, _ in self._waiting.values()]

    def __contains__(self, command_id: object) -> bool:
        return command_id in self._waiting

    def __len__(self) -> int:
        return len(self._waiting)

    def clear(self) -> None:
        self._waiting.clear()
