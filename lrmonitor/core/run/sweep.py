"""A sweep: the same setup trained at several starting rates (the lecture's picture 1).

Every rate's run is the run ``lrmonitor run --lr RATE`` makes with the same options: the same
seed gives the same data, initial weights and mini-batch order, so the curves differ only by
the rate. That is what makes them comparable side by side, and what the tests check bit for bit.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

from ..texts import QT_TRANSLATE_NOOP, WordedError, words_of
from .config import RunConfig, setup_param
from .events import Stamped
from .trainer import Trainer

DEFAULT_FACTORS = (0.01, 0.1, 1.0, 10.0)  # times the suggested rate: low, lowish, suggested, too high


def parse_rates(text: str) -> list[tuple[str, float]]:
    """``"0.001,0.01,0.1"`` as (text as given, value) pairs; ValueError naming a bad one.

    The text is kept: the per-rate files are named with the rate as the user wrote it.
    """
    items = [part.strip() for part in text.split(",")]
    if not text.strip() or any(not part for part in items):
        raise WordedError(RATES_MALFORMED, flag=FLAG, text=repr(text))
    param = setup_param("lr")
    rates = []
    for part in items:
        try:
            rates.append((part, float(param.parse(part))))
        except ValueError as err:
            raise WordedError(RATES_ITEM, flag=FLAG, text=repr(text), error=words_of(err) or str(err)) from None
    if len({value for _, value in rates}) != len(rates):
        raise WordedError(RATES_TWICE, flag=FLAG, text=repr(text))
    return rates


FLAG = "--lrs"  # the messages name the command line's option (the window says "rates" instead)
RATES_MALFORMED = QT_TRANSLATE_NOOP("core", "{flag} {text} is malformed: expected rates separated by commas, e.g. "
                                            "0.001,0.01,0.1")
RATES_ITEM = QT_TRANSLATE_NOOP("core", "{flag} {text}: {error}")
RATES_TWICE = QT_TRANSLATE_NOOP("core", "{flag} {text} names a rate twice: allowed are distinct rates")


def default_rates(config: RunConfig) -> list[float]:
    """The suggested rate x0.01, x0.1, x1, x10 (the Rates view's starting list)."""
    base = config.validated().lr
    return [base * f for f in DEFAULT_FACTORS]


def sweep_trainers(config: RunConfig, rates: Sequence[float], events: Iterable[Stamped] = ()) -> list[Trainer]:
    """One untrained :class:`Trainer` per rate, each exactly the run of ``config`` with ``lr=rate``."""
    events = list(events)
    return [Trainer(dataclasses.replace(config, lr=rate), events) for rate in rates]
