import pytest

from lrmonitor.core.training.params import Param, format_value, split_spec


def test_split_spec_name_and_values():
    assert split_spec("Step:factor=0.5, every=10") == ("step", {"factor": "0.5", "every": "10"})
    assert split_spec("constant") == ("constant", {})


def test_split_spec_keeps_commas_inside_brackets():
    assert split_spec("adam:betas=(0.9,0.99),eps=1e-6") == ("adam", {"betas": "(0.9,0.99)", "eps": "1e-6"})


@pytest.mark.parametrize("spec, fragment", [
    ("", "empty spec"),
    (":factor=1", "has no name"),
    ("step:factor", "malformed"),
    ("step:factor=", "malformed"),
    ("step:factor=0.1,factor=0.2", "given twice"),
])
def test_split_spec_rejects_malformed(spec, fragment):
    with pytest.raises(ValueError, match=fragment):
        split_spec(spec)


def test_range_error_names_value_and_range():
    p = Param("factor", float, 0.1, "", low=0.0, low_open=True, high=1.0)
    with pytest.raises(ValueError) as err:
        p.parse("1.5", "schedule 'step'")
    assert str(err.value) == "factor=1.5 in schedule 'step' is out of range: allowed is 0 < factor <= 1"


def test_int_param_refuses_fractions_and_text():
    p = Param("every", int, 20, "", low=1)
    with pytest.raises(ValueError, match="whole number"):
        p.parse("2.5")
    with pytest.raises(ValueError, match="whole number"):
        p.parse("ten")
    assert p.parse("7") == 7


def test_bool_and_pair_params():
    flag = Param("nesterov", bool, False, "")
    assert flag.parse("True") is True and flag.parse("0") is False
    with pytest.raises(ValueError, match="true or false"):
        flag.parse("maybe")
    pair = Param("betas", "pair", (0.9, 0.999), "", low=0.0, high=1.0, high_open=True)
    assert pair.parse("(0.8,0.99)") == (0.8, 0.99)
    with pytest.raises(ValueError, match="out of range"):
        pair.parse("(0.9,1.0)")


def test_format_value_round_trips_floats():
    for x in (0.1, 1e-10, 2.0, 1 / 3, 123456.789):
        assert float(format_value(x)) == x
    assert format_value(2.0) == "2" and format_value(True) == "true"


def test_setup_style_messages_name_the_value_in_words():
    """A setup value (with a label) has a flag or field of its own, not a key=value in a spec."""
    size = Param("batch_size", int, 32, "", low=1, high=200, label="batch size")
    with pytest.raises(ValueError) as err:
        size.check(0)
    assert str(err.value) == "batch size 0 is out of range: allowed is 1 <= batch size <= 200 (a whole number)"
    with pytest.raises(ValueError) as err:
        size.parse("x")
    assert str(err.value) == "batch size 'x' is not valid: expected a whole number; 1 <= batch size <= 200"
    rate = Param("lr", float, None, "", low=0.0, low_open=True, label="learning rate", default_note="suggested")
    assert rate.range_text() == "a finite lr > 0" and rate.default_text() == "suggested"
    with pytest.raises(ValueError, match=r"^learning rate 0\.0 is out of range: allowed is a finite lr > 0$"):
        rate.check(0.0)
    with pytest.raises(ValueError, match="^learning rate 0 is out of range"):  # the text as typed
        rate.parse("0")


def test_extreme_values_are_refused_with_a_message_not_an_exception_of_another_kind():
    rate = Param("lr", float, None, "", low=0.0, low_open=True, label="learning rate")
    shortened = r"learning rate 10000000000000000000\.\.\. \(401 characters\) is out of range"
    with pytest.raises(ValueError, match=shortened):
        rate.check(10**400)  # float() of it would raise OverflowError
    seed = Param("seed", int, 0, "", low=0, high=2**63 - 1, label="seed")
    assert seed.check(2**63 - 1) == 2**63 - 1 and seed.parse("9223372036854775807") == 2**63 - 1
    assert seed.check(3e9) == 3_000_000_000 and isinstance(seed.check(3e9), int)
    for bad in (float("inf"), float("nan"), 2.5, "7", None, True):
        with pytest.raises(ValueError, match="is not valid: expected a whole number"):
            seed.check(bad)
    with pytest.raises(ValueError, match="out of range"):
        seed.check(10**400)  # an int beyond every float is still compared exactly


def test_ints_are_increasing_whole_numbers_separated_by_slashes():
    p = Param("milestones", "ints", (30, 60), "Epochs.", low=1)
    assert p.parse("10/20/35", "schedule 'multistep'") == (10, 20, 35)
    assert p.check([3]) == (3,) and p.format((10, 20)) == "10/20"
    for text in ("20/10", "5/5", "0/4"):
        with pytest.raises(ValueError, match=f"milestones={text} in schedule 'multistep' is out of range: allowed is "
                                            r"1 <= each of milestones \(whole numbers, increasing, separated by /\)"):
            p.parse(text, "schedule 'multistep'")
    for text in ("", "10//20", "1.5", "a"):
        with pytest.raises(ValueError, match="is not valid: expected whole numbers separated by /, like 30/60"):
            p.parse(text, "schedule 'multistep'")
    for value in ((), (1.5,), (True,), "10/20", 7):
        with pytest.raises(ValueError, match="is not valid"):
            p.check(value)
