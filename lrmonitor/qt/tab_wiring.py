"""How the plots area's tabs (:mod:`.view_tabs`) talk to the rest of the window, in one place.

Like :mod:`.menus`, a function of the main window: the tabs send signals upward (a path point
clicked, rates to train, a rate to use, runs to keep) and these handlers turn them into what the
controller and the panels already do: select a run, fork, set α0 in the setup, add runs.
"""

from __future__ import annotations

from ..core.run.sweep import default_rates


def wire_tabs(w) -> None:
    """Connect the tabs of main window ``w`` (its controller, panels and tabs must exist)."""
    c, tabs = w.controller, w.tabs

    def select_step(run_id: int, step: int) -> None:
        """A path point was clicked on the Surface tab: that run's step, marked on the loss plot."""
        if run_id != c.workspace.current:
            c.select(run_id)
        run = c.run
        if run is not None:
            tabs.mark_step(step, run.steps_per_epoch)
            w.readout.show_at(step / run.steps_per_epoch)

    def fork_from_path(run_id: int, step: int) -> None:
        """A path point was Shift+clicked: fork that run there, asking for the action."""
        if run_id != c.workspace.current:
            c.select(run_id)
        run = c.run
        if run is not None:
            w.fork_at(step / run.steps_per_epoch, "ask")

    def train_rates(rates: list) -> None:
        """The Rates tab's button: the setup at each rate, side by side, at the run panel's pace."""
        config = w.setup.config()
        if config is not None:
            tabs.live_rates.set_speed(w.run_panel.epochs_per_second)
            tabs.live_rates.start(config, rates)

    def suggest_rates(config) -> None:
        """The Rates tab's list follows the setup's α0 (×0.01, ×0.1, ×1, ×10) until rates are trained."""
        if not tabs.live_rates.engines:
            tabs.rates_view.set_rates_text(default_rates(config))

    c.frame.connect(tabs.on_frame)
    c.run_replaced.connect(suggest_rates)
    tabs.step_selected.connect(select_step)
    tabs.fork_requested.connect(fork_from_path)
    tabs.rates_view.rates_requested.connect(train_rates)
    tabs.use_rate.connect(w.setup.lr.setValue)  # α0 changed as if typed: the setup tells the controller
    tabs.rates_view.keep_requested.connect(lambda: c.add_records(tabs.live_rates.records()))
    tabs.live_rates.message.connect(w.statusBar().showMessage)
    w.run_panel.speed_changed.connect(tabs.live_rates.set_speed)
