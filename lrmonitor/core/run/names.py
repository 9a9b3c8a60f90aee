"""The names lrmonitor gives runs, as words the window can show in its language.

A run gets a name that says what it is: ``fixed α=0.2``, ``decay ×0.5 at epoch 40`` (a fork),
``α=0.3, step ×0.1/20 from epoch 25`` (a run with events), ``α0=0.2 (good)`` (a run of the Rates
tab), ``attached: train.py``. The student may rename a run to anything.

Stored as words, in English; shown reworded. A name is kept (in the run tree, in a session file,
in the command line's output) as the English text it always was, and the window words it again
each time it shows it: :func:`name_words` reads an English name back into its template and fields
(:class:`~lrmonitor.core.texts.Words`), and the window translates the templates. Why not store
the name's structure instead, or the name in the window's language:

- a name in the window's language would make the file depend on it: a session saved in Korean
  and opened in English (or read by ``lrmonitor compare``) would show Korean, and the window
  could no longer tell a name it made from one the student typed;
- the structure is not all in the file: a Rates run's verdict is known only when it is named,
  and a first run's name follows its applied events, not the planned ones the file also holds.
  A new field for it would change the file format, which every lrmonitor that reads version 2
  must accept; names in English need no change, and files written before this still word well.

So every name the app makes is written by the functions here, from templates marked with
``QT_TRANSLATE_NOOP("core", …)``, and :func:`name_words` is their inverse: it recognises exactly
those English forms (an action's schedule or optimizer must be a known one, so ``my run from
epoch 3`` is not taken for one) and answers None for anything else, which the window shows as it
is: a student's own name stays theirs, in whatever language they typed it. A name cut short to
fit (a run of many events) is reworded where it still reads as one, else shown as stored.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..texts import QT_TRANSLATE_NOOP, Words
from ..training.optimizers import OPTIMIZERS, parse_optimizer
from ..training.params import format_value
from ..training.schedules import SCHEDULES, parse_schedule
from .events import ApplySchedule, DecayNow, Event, SetOptimizer, SetRate, Stamped

NAME_LENGTH = 80  # longest run name: it has to fit a legend and a table column

EPOCH = QT_TRANSLATE_NOOP("core", "epoch {n}")
STEP = QT_TRANSLATE_NOOP("core", "step {n}")
DECAY_AT = QT_TRANSLATE_NOOP("core", "decay ×{factor} at {at}")
RATE_FROM = QT_TRANSLATE_NOOP("core", "lr={rate} from {at}")
CHANGE_FROM = QT_TRANSLATE_NOOP("core", "{change} from {at}")  # a schedule's label or an optimizer, as typed
FIXED = QT_TRANSLATE_NOOP("core", "fixed α={rate}")
WITH_EVENTS = "α={rate}, {events}"  # a formula and a list: nothing to translate
MORE = QT_TRANSLATE_NOOP("core", "{first} and {count} more events")
RATES_RUN = "α0={rate} ({verdict})"
VERDICTS = {"too high": QT_TRANSLATE_NOOP("core", "too high"), "high": QT_TRANSLATE_NOOP("core", "high"),
            "good": QT_TRANSLATE_NOOP("core", "good"), "low": QT_TRANSLATE_NOOP("core", "low")}
ATTACHED = QT_TRANSLATE_NOOP("core", "attached: {script}")
TRAINING = QT_TRANSLATE_NOOP("core", "training")  # an attached training that gave no script name


# -- making names ---------------------------------------------------------------------------
def where_words(step: int, steps_per_epoch: int) -> Words:
    """'epoch 12' at an epoch boundary, 'step 390' inside an epoch."""
    if step % steps_per_epoch == 0:
        return Words(EPOCH, n=step // steps_per_epoch)
    return Words(STEP, n=step)


def action_words(event: Event, step: int, steps_per_epoch: int) -> Words:
    """'decay ×0.5 at epoch 40', 'step ×0.1/20 from epoch 33', 'lr=0.01 from epoch 12', 'adam from epoch 5'."""
    at = where_words(step, steps_per_epoch)
    if isinstance(event, DecayNow):
        return Words(DECAY_AT, factor=format_value(event.factor), at=at)
    if isinstance(event, SetRate):
        return Words(RATE_FROM, rate=format_value(event.value), at=at)
    if isinstance(event, SetOptimizer):
        return Words(CHANGE_FROM, change=parse_optimizer(event.spec).spec(full=False), at=at)
    assert isinstance(event, ApplySchedule)
    return Words(CHANGE_FROM, change=parse_schedule(event.spec).label(), at=at)


def first_run_words(rate: float, events: tuple[Stamped, ...] | list[Stamped], steps_per_epoch: int) -> Words:
    """'fixed α=0.2' without events; 'α=0.2, step ×0.1/20 from epoch 25' with up to three; a run of
    many events by its first and how many more (a name, not its log: issue 11)."""
    rate_text = format_value(rate)
    if not events:
        return Words(FIXED, rate=rate_text)
    actions = [action_words(s.event, s.step, steps_per_epoch) for s in events[:3]]
    words = Words(WITH_EVENTS, rate=rate_text, events=_joined(actions))
    if len(events) <= 3 and len(words.text()) <= NAME_LENGTH:
        return words
    first = Words(WITH_EVENTS, rate=rate_text, events=actions[0])
    if len(events) == 1:  # one event too long to show: cut short
        return _cut(first.text(), NAME_LENGTH - 1)
    more = f" and {len(events) - 1:,} more events"
    room = NAME_LENGTH - len(more) - 1
    return Words(MORE, first=first if len(first.text()) <= room else _cut(first.text(), room),
                 count=f"{len(events) - 1:,}")


def rates_run_name(rate: float, verdict: str | None) -> str:
    """The name of a Rates tab's run: 'α0=0.2 (good)', 'α0=0.2' before a verdict."""
    return f"α0={rate:g}" + (f" ({verdict})" if verdict else "")


def attached_name(script: str) -> str:
    """'attached: train.py', 'attached: training' for a training that named no script."""
    return Words(ATTACHED, script=script or TRAINING).text()


def _joined(parts: list[Words]) -> Words:
    """Actions separated by commas, each worded on its own (the template is not marked: nothing to say)."""
    return parts[0] if len(parts) == 1 else Words("{first}, {rest}", first=parts[0], rest=_joined(parts[1:]))


def _cut(text: str, room: int) -> Words:
    """An English text cut to ``room`` characters with '…' (shown as it is: it no longer reads whole)."""
    return Words("{cut}", cut=text[:room] + ("…" if len(text) > room else ""))


# -- reading names back ---------------------------------------------------------------------
_AT = r"(?:epoch|step) \d+"


def _at(text: str) -> Words:
    kind, n = text.split(" ")
    return Words(EPOCH if kind == "epoch" else STEP, n=int(n))


def _action(text: str) -> Words | None:
    match = re.fullmatch(rf"decay ×(?P<factor>\S+) at (?P<at>{_AT})", text)
    if match:
        return Words(DECAY_AT, factor=match["factor"], at=_at(match["at"]))
    match = re.fullmatch(rf"lr=(?P<rate>\S+) from (?P<at>{_AT})", text)
    if match:
        return Words(RATE_FROM, rate=match["rate"], at=_at(match["at"]))
    match = re.fullmatch(rf"(?P<change>\S.*) from (?P<at>{_AT})", text)
    if match and re.split(r"[\s:(]", match["change"])[0] in (*SCHEDULES, *OPTIMIZERS):
        return Words(CHANGE_FROM, change=match["change"], at=_at(match["at"]))
    return None


def _first_run(text: str) -> Words | None:
    match = re.fullmatch(r"fixed α=(?P<rate>\S+)", text)
    if match:
        return Words(FIXED, rate=match["rate"])
    match = re.fullmatch(r"α=(?P<rate>[^,\s]+), (?P<events>.+)", text)
    if not match:
        return None
    actions = [_action(part) for part in re.split(r"(?<=\d), ", match["events"])]
    if not actions or None in actions:
        return None
    return Words(WITH_EVENTS, rate=match["rate"], events=_joined(actions))


@lru_cache(maxsize=4096)
def name_words(name: str) -> Words | None:
    """The words of a name lrmonitor made (its English, as stored), or None for any other name
    (the student's own: shown as it is). ``name_words(n).text() == n`` whenever it is not None."""
    words = _first_run(name) or _action(name)
    if words is None:
        match = re.fullmatch(r"(?P<first>.+) and (?P<count>\d[\d,]*) more events", name)
        if match:
            first = _first_run(match["first"])
            words = Words(MORE, first=first if first is not None else match["first"], count=match["count"])
    if words is None:
        match = re.fullmatch(r"α0=(?P<rate>\S+) \((?P<verdict>[a-z ]+)\)", name)
        if match and match["verdict"] in VERDICTS:
            words = Words(RATES_RUN, rate=match["rate"], verdict=Words(VERDICTS[match["verdict"]]))
    if words is None:
        match = re.fullmatch(r"attached: (?P<script>.+)", name)
        if match:
            script = match["script"]
            words = Words(ATTACHED, script=Words(TRAINING) if script == TRAINING else script)
    return words if words is not None and words.text() == name else None
