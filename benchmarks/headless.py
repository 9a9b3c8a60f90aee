"""Headless measurements in a fresh process, set up as ``lrmonitor run`` sets itself up.

``python -m benchmarks.headless pair PROBLEM STEPS`` prints the trainer's and the reference
loop's steps/s (wall clock and CPU time) and whether both ended on the same numbers; ``rate PROBLEM SECONDS`` prints the
trainer's steps/s over that long; ``torch PROBLEM,PROBLEM,... STEPS,STEPS,...`` prints the plain
PyTorch loops' steps/s per problem in float64 and float32 (or why they were skipped). A fresh
process keeps the GUI process's own heap and threads out of the comparison.
"""

import os
import sys

for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import json  # noqa: E402
import time  # noqa: E402

from lrmonitor.core.engine.tuning import keep_heap_slack  # noqa: E402
from lrmonitor.core.run.config import RunConfig  # noqa: E402
from lrmonitor.core.run.trainer import Trainer  # noqa: E402

from . import reference  # noqa: E402


def main(argv: list[str]) -> None:
    keep_heap_slack()  # as the CLI and the worker do
    kind, problem = argv[0], argv[1]
    if kind == "torch":
        from . import torch_loops

        why = torch_loops.available()
        if why:
            print(json.dumps({"skipped": why}))
            return
        rates = {}
        for name, steps in zip(problem.split(","), argv[2].split(",")):
            rates[name] = {dtype: torch_loops.rate(name, dtype, int(steps)) for dtype in ("float64", "float32")}
        print(json.dumps(rates))
        return
    amount = float(argv[2])
    if kind == "pair":
        steps = int(amount)
        seconds, cpu_seconds, reference_val = reference.LOOPS[problem](steps)
        trainer = Trainer(RunConfig(problem=problem, epochs=None))
        t, cpu = time.perf_counter(), time.process_time()
        trainer.run(steps)
        wall, cpu = time.perf_counter() - t, time.process_time() - cpu
        # CPU time as well: on a loaded machine, preemption makes wall-clock ratios noisy
        print(json.dumps({"trainer": steps / wall, "reference": steps / seconds,
                          "trainer_cpu": steps / cpu, "reference_cpu": steps / cpu_seconds,
                          "same": reference.check(problem, steps, trainer, reference_val)}))
    else:
        trainer = Trainer(RunConfig(problem=problem, epochs=None))
        t = time.perf_counter()
        while time.perf_counter() - t < amount:
            trainer.run(trainer.steps_per_epoch)
        print(json.dumps({"trainer": trainer.step / (time.perf_counter() - t)}))


if __name__ == "__main__":
    main(sys.argv[1:])
