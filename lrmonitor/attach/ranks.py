"""Distributed training (``torch.distributed``): rank 0 talks to lrmonitor, every rank uses its rate.

Only rank 0 connects. At every ``sync_every``-th optimizer step, just before the update, rank 0
broadcasts what it decided — whether lrmonitor steers, the rate (override) or the factor (scale),
paused, stop — as four float64 numbers, and every rank applies that value at that same step, so
all ranks use the same rate bit for bit (rank 0's :class:`~lrmonitor.core.link.steering.Steering`,
including a ``plateau`` schedule fed by rank 0's validation loss, is the only decider).

Between two syncs every rank, rank 0 included, keeps the last value: with ``sync_every`` > 1 a
command takes effect at the next sync step, and a per-step schedule moves in stairs of that many
steps. A broadcast is a collective: every rank must step its optimizer the same number of times,
which data-parallel training does anyway. A pause from lrmonitor holds rank 0 before its
broadcast, so the other ranks wait in it; a pause longer than the process group's timeout ends
a distributed run.
"""

from __future__ import annotations

import sys


def distributed_rank() -> tuple[int, int] | None:
    """(rank, world size) in an initialised ``torch.distributed`` run of several processes, else None."""
    dist = sys.modules.get("torch.distributed")
    if dist is None or not dist.is_available() or not dist.is_initialized():
        return None
    world = dist.get_world_size()
    return (dist.get_rank(), world) if world > 1 else None


class RankSync:
    """Broadcasts rank 0's ``(active, value, paused, stop)`` to every rank."""

    def __init__(self, rank: int, sync_every: int) -> None:
        import torch
        import torch.distributed as dist

        self._torch, self._dist = torch, dist
        self.rank = rank
        self.sync_every = sync_every
        device = torch.device("cpu")
        if dist.get_backend() == "nccl":
            device = torch.device("cuda", torch.cuda.current_device())
        self._buffer = torch.zeros(4, dtype=torch.float64, device=device)
        self.last = (0.0, 0.0, 0.0, 0.0)

    def exchange(self, step: int, decided: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        """Rank 0's ``decided`` on every rank (at sync steps; the last value between them)."""
        if step % self.sync_every:
            return self.last
        if self.rank == 0:
            self._buffer.copy_(self._torch.tensor(decided, dtype=self._torch.float64))
        self._dist.broadcast(self._buffer, src=0)
        self.last = tuple(self._buffer.tolist())  # type: ignore[assignment]
        return self.last
