"""The frame pacer: 16 ms while frames are cheap, longer when they cost more, never past 100 ms."""

from lrmonitor.core.display.pacing import BUDGET, FASTEST_MS, QUIET_BUDGET, SLOWEST_MS, FramePacer


class Window:
    """A window thread whose every cycle (tick, repaint, events) uses ``cycle_cpu`` s of CPU time."""

    def __init__(self) -> None:
        self.pacer, self.cpu = FramePacer(), 0.0

    def frames(self, count, cycle_cpu, tick_wall, tick_cpu) -> int:
        interval = None
        for _ in range(count):
            interval = self.pacer.tick(self.cpu, tick_wall, tick_cpu)
            self.cpu += cycle_cpu
        return interval


def test_cheap_frames_redraw_at_display_rate():
    assert Window().frames(50, 0.002, 0.001, 0.001) == FASTEST_MS


def test_costly_frames_come_less_often_so_the_thread_stays_within_its_budget():
    interval = Window().frames(100, 0.012, 0.004, 0.004)  # 12 ms a frame, unpreempted: 24 ms apart at a half
    assert abs(interval - 12 / QUIET_BUDGET) <= 3


def test_a_preempted_tick_counts_as_a_costlier_frame_on_a_smaller_budget():
    quiet = Window().frames(100, 0.012, 0.004, 0.004)
    loaded = Window().frames(100, 0.012, 0.008, 0.004)  # the tick took twice its CPU time: a shared core
    assert abs(quiet - 12 / QUIET_BUDGET) <= 3 and abs(loaded - 2 * 12 / BUDGET) <= 3


def test_never_slower_than_the_slowest_interval():
    assert Window().frames(100, 0.5, 0.2, 0.05) == SLOWEST_MS


def test_back_to_display_rate_when_frames_get_cheap_again():
    window = Window()
    assert window.frames(100, 0.02, 0.01, 0.01) > FASTEST_MS
    assert window.frames(100, 0.001, 0.0005, 0.0005) == FASTEST_MS


def test_one_slow_frame_does_not_make_the_window_stutter():
    window = Window()
    window.frames(50, 0.002, 0.001, 0.001)
    window.frames(1, 0.030, 0.001, 0.001)  # one frame of 30 ms ...
    assert window.frames(1, 0.002, 0.001, 0.001) <= 25  # ... moves the interval a little, not to 90 ms
    assert window.frames(30, 0.002, 0.001, 0.001) == FASTEST_MS
