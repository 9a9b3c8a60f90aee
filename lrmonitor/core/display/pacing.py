"""How often the window redraws: as often as the display refreshes, unless frames cost too much.

A frame is the controller's tick (take in new steps, update the series, set the curves' data)
plus the repaint that follows it as a separate event, plus whatever else the window's thread
did in between (panels, input). On a quiet fast machine that is a few milliseconds and the
window redraws every 16 ms. On a slow or loaded machine the same frame takes longer, and
redrawing 60 times a second would take the core the trainer needs (on 2 cores with a busy
neighbour, the window and the worker share one) and leave no time for input.

So the window's thread keeps to a budget: it may be busy at most :data:`BUDGET` of the time
while it has to share a core, and :data:`QUIET_BUDGET` while its ticks run unpreempted (then it
has a core of its own and the worker has the other: redrawing more often takes nothing from it).
The cost of a frame is measured as the thread's CPU time over the whole cycle (tick, paint and
the rest, ``time.thread_time``), stretched by how much longer than its CPU time the tick took
in wall time (the share of a core the machine gives this process right now: a loaded machine
preempts it). The interval is that cost divided by the budget, between :data:`FASTEST_MS` and
:data:`SLOWEST_MS`, smoothed so that one slow frame does not make the window stutter.

The budget leaves the trainer its share: on 2 cores beside a busy neighbour the window's
thread takes at most a third of the core it shares with the worker. benchmarks/ row 12 measures
the interval chosen, the thread's share and the trainer's steps/s, paced against fixed 16 ms.
"""

from __future__ import annotations

FASTEST_MS = 16  # a display refresh: nothing faster can be seen
SLOWEST_MS = 100  # slower than this, the curve stops looking live
BUDGET = 1 / 3  # the window's thread is busy at most this share of the time, on a contended core
QUIET_BUDGET = 1 / 2  # ... and this share while its ticks are not preempted
CONTENDED_STRETCH = 1.5  # ticks taking this many times their CPU time: the core is shared
SMOOTHING = 0.2  # weight of the newest frame in the running cost
MAX_STRETCH = 4.0  # a tick preempted longer than this says more about the scheduler than the frame


class FramePacer:
    """Feed it each tick's timings; it answers the interval until the next tick, in ms.

    ``tick(cpu_now, tick_wall, tick_cpu)``: ``cpu_now`` is the window thread's ``thread_time`` at
    the start of this tick, ``tick_wall``/``tick_cpu`` how long this tick took in wall and CPU
    time (seconds). The cycle measured is the previous one, from the start of the previous tick
    to the start of this one. The first call only sets the clock (no cycle to measure yet).
    """

    def __init__(self, fastest_ms: float = FASTEST_MS, slowest_ms: float = SLOWEST_MS, budget: float = BUDGET,
                 quiet_budget: float = QUIET_BUDGET) -> None:
        self.fastest_ms, self.slowest_ms = fastest_ms, slowest_ms
        self.budget, self.quiet_budget = budget, max(budget, quiet_budget)
        self.cost_ms: float | None = None  # running estimate of one frame's wall time
        self.stretch = 1.0  # running estimate of wall time / CPU time of a tick
        self.interval_ms = int(fastest_ms)
        self._last_cpu: float | None = None

    def tick(self, cpu_now: float, tick_wall: float, tick_cpu: float) -> int:
        last, self._last_cpu = self._last_cpu, cpu_now
        if last is None:
            return self.interval_ms
        cycle_cpu = max(0.0, cpu_now - last)  # the previous tick, its repaint and the events in between
        stretch = min(MAX_STRETCH, max(1.0, tick_wall / tick_cpu)) if tick_cpu > 1e-4 else 1.0
        cost = 1000.0 * cycle_cpu * stretch
        self.cost_ms = cost if self.cost_ms is None else (1 - SMOOTHING) * self.cost_ms + SMOOTHING * cost
        self.stretch = (1 - SMOOTHING) * self.stretch + SMOOTHING * stretch
        wanted = min(self.slowest_ms, max(self.fastest_ms, self.cost_ms / self.share()))
        at_bound = wanted in (self.fastest_ms, self.slowest_ms)
        if abs(wanted - self.interval_ms) > 2 or at_bound:  # no restarts of the timer for jitter
            self.interval_ms = int(round(wanted))
        return self.interval_ms

    def share(self) -> float:
        """The budget now: :data:`QUIET_BUDGET` unpreempted, down to ``budget`` on a shared core."""
        contended = min(1.0, max(0.0, (self.stretch - 1.0) / (CONTENDED_STRETCH - 1.0)))
        return self.quiet_budget + (self.budget - self.quiet_budget) * contended

    def reset(self) -> None:
        """Forget the clocks (after a pause in ticking, the next cycle would count idle time as none)."""
        self._last_cpu = None
