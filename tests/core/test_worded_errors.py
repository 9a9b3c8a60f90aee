"""The core's errors keep their English (the command line prints it) and carry words the window can
translate: a marked template and its fields, the bad value and the allowed range among them."""

import pickle

import pytest

from lrmonitor.core.files.lrmon import load_any
from lrmonitor.core.run.config import RunConfig
from lrmonitor.core.run.events import parse_action
from lrmonitor.core.run.range_test import check_range
from lrmonitor.core.run.sweep import parse_rates
from lrmonitor.core.texts import WordedError, Words, words_of
from lrmonitor.core.training.schedules import parse_schedule


def upper_templates(template: str) -> str:
    """A stand-in translation: every template in capitals (its {fields} stay as they are)."""
    out, depth = [], 0
    for ch in template:
        depth += ch == "{"
        out.append(ch if depth or not ch.isascii() else ch.upper())
        depth -= ch == "}"
    return "".join(out)


def raised(call, *args):
    with pytest.raises(ValueError) as info:
        call(*args)
    return info.value


@pytest.mark.parametrize(("call", "args", "english"), [
    (parse_schedule, ("step:factor=2",), "factor=2 in schedule 'step' is out of range: allowed is 0 < factor <= 1"),
    (parse_schedule, ("step:every=x",), "every='x' in schedule 'step' is not valid: expected a whole number; "
                                        "1 <= every"),
    (parse_schedule, ("stpe",), "unknown schedule 'stpe': allowed are "),
    (parse_schedule, ("step:factor",), "'factor' in spec 'step:factor' is malformed: expected key=value"),
    (parse_schedule, ("step:gamma=0.5",), "unknown parameter 'gamma' for schedule 'step': allowed are "),
    (parse_action, ("decay=x",), "decay='x' is not a number"),
    (parse_rates, ("0.1,,0.2",), "--lrs '0.1,,0.2' is malformed: expected rates separated by commas"),
    (parse_rates, ("0.1,-1",), "--lrs '0.1,-1': learning rate -1 is out of range: allowed is a finite lr > 0"),
    (parse_rates, ("0.1,0.1",), "--lrs '0.1,0.1' names a rate twice: allowed are distinct rates"),
    (check_range, (0.0, 1.0, 100), "--start 0.0 is out of range: allowed is start > 0"),
    (lambda: RunConfig(batch_size=5000).validated(), (),
     "batch size 5000 is out of range: allowed is 1 <= batch size <= 1000 (a whole number); 1000 is the training"),
])
def test_an_error_is_english_as_before_and_carries_its_words(call, args, english):
    err = raised(call, *args)
    assert isinstance(err, WordedError) and str(err).startswith(english)
    words = words_of(err)
    assert words.text() == str(err)
    worded = words.text(upper_templates)
    assert worded != str(err)  # every part of the sentence went through the translation
    # the bad value and the allowed range are in the worded sentence as they are in the English
    for value in ("2", "'x'", "'stpe'", "'0.1,,0.2'", "-1", "0.0", "5000", "0 < factor <= 1", "start > 0"):
        if value in str(err):
            assert value in worded, (value, worded)


def test_a_file_that_is_not_there_is_worded_and_names_the_file(tmp_path):
    err = raised(load_any, tmp_path / "gone.lrmon")
    assert str(err) == f"session file '{tmp_path / 'gone.lrmon'}' does not exist"
    assert words_of(err).text(upper_templates) == f"SESSION FILE '{tmp_path / 'gone.lrmon'}' DOES NOT EXIST"


def test_a_file_that_is_not_a_session_is_worded(tmp_path):
    path = tmp_path / "notes.json"
    path.write_text('{"hello": 1}', encoding="utf-8")
    err = raised(load_any, path)
    assert words_of(err) is not None and str(path) in words_of(err).text(upper_templates)


def test_a_worded_error_survives_pickling_with_its_words():
    """The worker process sends its errors to the window pickled."""
    err = raised(parse_schedule, "step:factor=2")
    again = pickle.loads(pickle.dumps(err))
    assert type(again) is type(err) and str(again) == str(err) and words_of(again) == words_of(err)


def test_words_without_fields_keep_their_braces():
    assert Words('no "format": {x}').text() == 'no "format": {x}'
    assert str(WordedError("plain {text}")) == "plain {text}"
