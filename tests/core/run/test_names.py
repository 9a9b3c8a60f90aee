"""Run names: made in English (what files and the command line keep), read back into words the window
translates; a student's own name is not taken for one of ours."""

import pytest

from lrmonitor.core.run.config import RunConfig
from lrmonitor.core.run.events import ApplySchedule, DecayNow, SetOptimizer, SetRate, Stamped
from lrmonitor.core.run.names import attached_name, name_words, rates_run_name
from lrmonitor.core.run.tree import default_name, describe_action


def capitals(template: str) -> str:
    """A stand-in translation: a marked template in capitals outside its {fields}."""
    out, depth = [], 0
    for ch in template:
        depth += ch == "{"
        out.append(ch if depth or not ch.isascii() else ch.upper())
        depth -= ch == "}"
    return "".join(out)


CONFIG = RunConfig(lr=0.2, train_size=1000, batch_size=100).validated()  # 10 steps per epoch
EVENTS = [Stamped(250, ApplySchedule("step:factor=0.1,every=20")), Stamped(333, DecayNow(0.5)),
          Stamped(400, SetRate(0.01)), Stamped(500, SetOptimizer("adam"))]


@pytest.mark.parametrize("name", [
    default_name(CONFIG),
    default_name(CONFIG, EVENTS[:1]),
    default_name(CONFIG, EVENTS[:3]),
    default_name(CONFIG, EVENTS),  # many events: the first and how many more
    describe_action(DecayNow(0.5), 400, 10),
    describe_action(SetRate(0.01), 123, 10),
    describe_action(SetOptimizer("adam"), 50, 10),
    describe_action(ApplySchedule("cosine:period=50"), 330, 10),
    rates_run_name(0.2, "good"), rates_run_name(3.0, "too high"),
    attached_name("train.py"), attached_name(""),
])
def test_every_name_the_app_makes_reads_back_into_words(name):
    words = name_words(name)
    assert words is not None, name
    assert words.text() == name  # the English is what was stored
    assert words.text(capitals) != name  # and every name has words to translate


def test_the_names_are_the_english_they_always_were():
    assert default_name(CONFIG) == "fixed α=0.2"
    assert default_name(CONFIG, EVENTS[:2]) == "α=0.2, step ×0.1/20 from epoch 25, decay ×0.5 at step 333"
    assert default_name(CONFIG, EVENTS) == "α=0.2, step ×0.1/20 from epoch 25 and 3 more events"
    assert name_words(default_name(CONFIG, EVENTS[:2])).text(capitals) == (
        "α=0.2, step ×0.1/20 FROM EPOCH 25, DECAY ×0.5 AT STEP 333")
    assert name_words("α0=0.2 (good)").text(capitals) == "α0=0.2 (GOOD)"
    assert name_words("attached: training").text(capitals) == "ATTACHED: TRAINING"


@pytest.mark.parametrize("name", ["my run from epoch 3", "baseline", "decay at epoch 4", "α0=0.2 (mine)",
                                  "fixed α=0.2 again", "α=0.2, my idea from epoch 3", "결정 ×0.5"])
def test_a_students_own_name_is_shown_as_typed(name):
    assert name_words(name) is None


def test_a_name_cut_short_keeps_what_it_can():
    long_spec = "step:factor=0.123456789,every=17,per=step"
    events = [Stamped(1, ApplySchedule(long_spec))] * 2
    name = default_name(CONFIG, events)
    assert len(name) <= 80
    words = name_words(name)
    assert words is not None and words.text() == name
