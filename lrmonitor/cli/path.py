"""``lrmonitor path``: the run's path on the loss surface (and its forks' paths), headless."""

from __future__ import annotations

import argparse

from ..core.display.surface import PathRecorder, path_spread, surface_for, tail, zoom_surface
from ..core.engine.tuning import keep_heap_slack
from ..core.files.atomic import atomic_writer, check_writable
from ..core.run.tree import fork
from .arguments import EXIT_OK, BadInputError, _fork
from .commands import config_from
from .compare import _forks_from

CSV_COLUMNS = ("run", "step", "x", "y")


def add_path_parser(commands, add_run_setup, size_type) -> None:
    path = commands.add_parser(
        "path",
        help="the path of the parameters on the loss surface, for the run and its forks",
        description="Train the run (and one fork per --fork, as 'lrmonitor compare' does) and draw the path of "
        "the parameters on the loss surface. linear: the real (w, b) plane, every step. Other problems: the "
        "epoch-boundary states projected on their first two principal directions, with the loss on that plane "
        "(Li et al. 2018, section 7) -- a projection, not the real surface.",
        allow_abbrev=False,
    )
    add_run_setup(path)
    path.add_argument("--fork", type=_fork, action="append", default=[], metavar="EPOCH:ACTION",
                      help="a fork of the run at EPOCH with ACTION (e.g. 50:decay=0.1); repeatable")
    out = path.add_argument_group("outputs (written atomically)")
    out.add_argument("--csv", metavar="path.csv", help="the paths as CSV: run,step,x,y (runs named base, fork-1, ...)")
    out.add_argument("--png", metavar="plot.png", help="the Surface view as a PNG image (drawn offscreen)")
    out.add_argument("--svg", metavar="plot.svg", help="the Surface view as an SVG drawing (drawn offscreen)")
    out.add_argument("--size", type=size_type, default=(1600, 900), metavar="WxH",
                     help="picture size in pixels, 200x150 to 8000x8000 (default: 1600x900)")
    out.add_argument("--quiet", action="store_true", help="print nothing")


def cmd_path(args: argparse.Namespace) -> int:
    keep_heap_slack()
    config, events = config_from(args)
    forks = _forks_from(args, config)
    try:
        paths = [check_writable(p) if p else None for p in (args.csv, args.png, args.svg)]
    except ValueError as err:
        raise BadInputError(str(err)) from None
    from ..core.run.trainer import Trainer

    spe = config.steps_per_epoch
    base = Trainer(config, events)
    recorder = PathRecorder(base)
    recorder.run()
    recorders = [recorder]
    for epoch, action, event in forks:
        try:
            child = fork(base, epoch * spe, event)
        except ValueError as err:
            raise BadInputError(f"--fork {epoch}:{action}: {err}") from None
        rec = PathRecorder(child, prefix=(recorder.steps, recorder.states))
        rec.run()
        recorders.append(rec)
    names = ["base", *(f"fork-{i}" for i in range(1, len(forks) + 1))]
    surface = surface_for(base, [r.states for r in recorders])
    csv_path, png, svg = paths
    if csv_path:
        with atomic_writer(csv_path) as handle:
            handle.write(",".join(CSV_COLUMNS) + "\n")
            for name, rec, points in zip(names, recorders, surface.paths):
                handle.writelines(f"{name},{s},{x!r},{y!r}\n" for s, (x, y) in zip(rec.steps.tolist(), points.tolist()))
    if png or svg:
        from ..qt.views.headless import write_surface

        steps = [r.steps for r in recorders]
        zoom = None
        if not surface.projection:  # linear: frame the last 10 epochs too, where the paths wander or settle
            zoom = zoom_surface(base.problem, surface.paths, steps, max(0, (config.epochs - 10) * spe))
        from_steps = [0, *(epoch * spe for epoch, _, _ in forks)]  # a fork is drawn from where it leaves the base
        write_surface(surface, steps, names, png, svg, args.size, base.problem, from_steps, zoom)
    if not args.quiet:
        last10 = max(0, (config.epochs - 10) * spe)
        kind = "projection on the first two principal directions" if surface.projection else "(w, b)"
        print(f"path on the loss surface, {kind}; spread over the last 10 epochs (RMS distance from the centroid):")
        for name, rec, points in zip(names, recorders, surface.paths):
            print(f"  {name}: {len(points)} points, spread {path_spread(tail(rec.steps, points, last10)):.4g}")
    return EXIT_OK
