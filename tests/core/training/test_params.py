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
