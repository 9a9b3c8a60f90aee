"""One reader, one verdict: a damaged session file is refused whole (never opened in part), every
number it holds is bounded, and the messages are plain sentences naming the file."""

import json

import pytest

from lrmonitor.cli import main
from lrmonitor.core.files.jsontext import MAX_DEPTH, nesting_depth
from lrmonitor.core.files.lrmon import load_any
from lrmonitor.core.files.session import MAX_REPLAY_STEPS


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    path = tmp_path_factory.mktemp("good") / "run.json"
    assert main(["run", "--problem", "linear", "--epochs", "2", "--quiet", "--at", "1:decay=0.5",
                 "--session", str(path)]) == 0
    return json.loads(path.read_text())


def write(tmp_path, data, name="run.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data))
    return path


def changed(good, **edits):
    data = json.loads(json.dumps(good))
    for where, value in edits.items():
        part, _, key = where.partition("__")
        if value is ...:
            data[part].pop(key)
        else:
            data[part][key] = value
    return data


@pytest.mark.parametrize("edits, fragment", [
    ({"summary__steps": 2**40}, "summary.steps is 1099511627776: allowed is a whole number 0 <= n <= 64"),
    ({"summary__steps": 2**31 + 1}, "summary.steps is 2147483649"),
    ({"summary__steps": "abc"}, "summary.steps is 'abc'"),
    ({"summary__steps": -1}, "summary.steps is -1"),
    ({"summary__steps": 1.5}, "summary.steps is 1.5"),
    ({"summary__steps": True}, "summary.steps is True"),
    ({"config__epochs": None, "summary__steps": 10**12}, "summary.steps is 1000000000000: allowed is a whole "
                                                          f"number 0 <= n <= {32_000_000:}"),
    ({"config__epochs": None, "summary__steps": ...}, "is an 'until stopped' run without summary.steps"),
])
def test_bad_step_counts_are_refused_by_the_reader_the_window_uses(tmp_path, good, edits, fragment):
    """Item 11: with an invalid summary.steps the CLI replayed the run but the window opened it at 0
    steps; item 7: 2^31 steps crashed the window's progress dialog, 10^12 replayed for ever."""
    path = write(tmp_path, changed(good, **edits))
    with pytest.raises(ValueError) as err:
        load_any(path)
    assert fragment in str(err.value) and f"'{path}'" in str(err.value)


def test_events_beyond_the_run_are_refused_not_dropped(tmp_path, good):
    data = changed(good)
    data["events"].append({"step": 10**6, "kind": "decay", "factor": 0.5})
    with pytest.raises(ValueError, match=r"event 1: step 1000000 is outside the run: allowed is 0 <= step <= 63"):
        load_any(write(tmp_path, data))
    data["summary"]["steps"] = 40
    data["summary"]["status"] = "paused"
    data["events"][1]["step"] = 41  # after the step the run was saved at
    with pytest.raises(ValueError, match=r"allowed is 0 <= step <= 40"):
        load_any(write(tmp_path, data))


def test_a_step_count_within_the_run_opens(tmp_path, good):
    data = changed(good, summary__steps=40)
    assert load_any(write(tmp_path, data)).session.steps == 40
    assert MAX_REPLAY_STEPS < 2**31  # a progress dialog (a C int) can count it


@pytest.mark.parametrize("text, fragment", [
    ("[" * 100_000 + "]" * 100_000, "is damaged: its lists and objects nest 100,000 deep: allowed are at most 100"),
    ('{"a":' * 5000 + "1" + "}" * 5000, "nest 5,000 deep"),
    ('{"format": "lrmonitor-session", "version": 1, "config": {"seed": ' + "1" * 5000 + "}}",
     "is damaged: it holds a whole number of 5,000 digits: allowed are at most 4,000"),
    ('{"format": "lrmonitor-session", "version": 1, "config": {"lr": NaN}}', "NaN is not a JSON number"),
    ('{"format": "lrmonitor-session", "version": 1, "config": {"problem": 7}}',
     "is damaged: the configuration's problem is 7: expected a name, e.g. mlp"),
    ('{"format": "lrmonitor-session", "version": 1, "config": {}, "events": [' + '"x",' * 10 + '"' + "y" * 10**5
     + '"]}', "event 0"),
])
def test_nesting_and_huge_values_are_plain_sentences(tmp_path, text, fragment):
    """Item 3: deeply nested JSON gave a RecursionError traceback (replay) and crashed the window."""
    path = tmp_path / "run.json"
    path.write_text(text)
    with pytest.raises(ValueError) as err:
        load_any(path)
    message = str(err.value)
    assert fragment in message and len(message) < 600
    assert "recursion" not in message and "set_int_max_str_digits" not in message


def test_brackets_inside_texts_do_not_count_as_nesting():
    assert nesting_depth(b'{"a": "[[[[[[", "b": [{"c": "\\"]]]]"}]}') == 3
    assert nesting_depth(b"[" * (MAX_DEPTH + 1)) == MAX_DEPTH + 1
    assert nesting_depth(b"[]" * (3 << 20)) == 1  # across the scan's chunks
