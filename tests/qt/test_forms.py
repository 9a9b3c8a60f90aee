"""Fields made from Params accept exactly the core's range, whatever its size, and say it."""

import sys

import pytest
from PySide6 import QtCore, QtGui, QtWidgets

from lrmonitor.core.run.config import SETUP_PARAMS, setup_param
from lrmonitor.core.training.optimizers import OPTIMIZERS
from lrmonitor.core.training.schedules import SCHEDULES
from lrmonitor.qt.forms import (
    NumberBox,
    ParamForm,
    WholeNumberBox,
    field_tooltip,
    field_value,
    make_field,
    set_field_value,
    update_field,
)

Key = QtCore.Qt.Key


@pytest.fixture
def field(qtbot):
    """``field(param)``: a shown, focused field for ``param``."""

    def make(param):
        widget = make_field(param)
        qtbot.addWidget(widget)
        widget.show()
        widget.setFocus()
        return widget

    return make


def type_in(qtbot, box, text, key=Key.Key_Return):
    """Replace the box's text by typing ``text`` key by key, then press ``key``."""
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), text)
    if key is not None:
        qtbot.keyClick(box, key)


@pytest.mark.parametrize("seed", [3_000_000_000, 2**63 - 1])
def test_a_seed_beyond_32_bits_can_be_typed_and_read_back_exactly(qtbot, field, seed):
    box = field(setup_param("seed"))
    assert isinstance(box, WholeNumberBox) and (box.minimum(), box.maximum()) == (0, 2**63 - 1)
    with qtbot.waitSignal(box.valueChanged) as signal:
        type_in(qtbot, box, str(seed))
    assert signal.args == [seed] and box.value() == seed and box.text() == str(seed)
    assert field_value(box) == seed


def test_the_whole_range_can_be_set_and_stepped(qtbot, field):
    box = field(setup_param("seed"))
    box.setValue(2**63 - 1)
    qtbot.keyClick(box, Key.Key_Up)  # at the maximum: no step up
    assert box.value() == 2**63 - 1
    assert not box.stepEnabled() & QtWidgets.QAbstractSpinBox.StepEnabledFlag.StepUpEnabled
    qtbot.keyClick(box, Key.Key_Down)
    assert box.value() == 2**63 - 2
    box.setValue(2**64)  # clamped, like QSpinBox
    assert box.value() == 2**63 - 1


def test_text_out_of_range_is_refused(qtbot, field):
    box = field(setup_param("seed"))
    type_in(qtbot, box, str(2**63 - 1) + "9")  # the last digit would leave the range: refused
    assert box.value() == 2**63 - 1
    type_in(qtbot, box, "-5")  # no minus sign: the minimum is 0
    assert box.value() == 5
    type_in(qtbot, box, "12x")
    assert box.value() == 12

    size = field(setup_param("train_size"))  # 10 <= train size: "5" could still become "50"
    type_in(qtbot, size, "5", key=None)
    assert size.text() == "5" and size.value() == 1000
    qtbot.keyClick(size, Key.Key_Return)  # unfinished: back to the last value
    assert size.text() == "1000" and size.value() == 1000
    type_in(qtbot, size, "7", key=None)
    QtWidgets.QApplication.sendEvent(size, QtGui.QFocusEvent(QtCore.QEvent.Type.FocusOut))  # leaving it: the same
    assert size.text() == "1000" and size.value() == 1000


def test_no_value_while_typing_with_keyboard_tracking_off(qtbot, field):
    box = field(setup_param("seed"))
    assert not box.keyboardTracking()
    seen = []
    box.valueChanged.connect(seen.append)
    type_in(qtbot, box, "123", key=None)
    assert seen == []
    qtbot.keyClick(box, Key.Key_Return)
    assert seen == [123]


@pytest.mark.parametrize("param", SETUP_PARAMS, ids=lambda p: p.name)
def test_every_setup_field_has_the_core_range_tooltip_and_default(field, param):
    box = field(param)
    assert box.toolTip() == field_tooltip(param) == (
        f"{param.help}\nAllowed: {param.range_text()}. Default: {param.default_text()}."
    )
    if param.kind == "choice":
        assert [box.itemText(i) for i in range(box.count())] == list(param.choices)
        assert field_value(box) == param.default
    elif param.kind is int:
        assert (box.minimum(), box.maximum()) == (param.low, param.high)
        assert field_value(box) == param.default
    else:
        assert isinstance(box, NumberBox)
        assert box.maximum() == (sys.float_info.max if param.high is None else param.high)
        assert box.minimum() > 0 if param.low_open else box.minimum() == param.low


def test_the_seed_tooltip_states_the_range():
    assert "Allowed: 0 <= seed <= 9223372036854775807 (a whole number). Default: 0." in make_field(
        setup_param("seed")).toolTip()


def test_a_range_that_depends_on_the_training_set_is_updated(qtbot, field):
    box = field(setup_param("batch_size", train_size=1000))
    box.setValue(500)
    with qtbot.waitSignal(box.valueChanged) as signal:
        update_field(box, setup_param("batch_size", train_size=200))
    assert box.maximum() == 200 and signal.args == [200]
    assert "<= 200" in box.toolTip()


def test_floats_keep_every_digit_and_any_finite_rate(qtbot, field):
    box = field(setup_param("lr"))
    for value in (0.123456789012345, 1e-11, 1e6, 0.30000000000000004):
        set_field_value(box, value)
        assert box.value() == value
        qtbot.keyClick(box, Key.Key_Return)  # re-reading the text shown keeps the value
        assert box.value() == value
    type_in(qtbot, box, "0")  # 0 is outside 0 < lr
    assert box.value() == 0.30000000000000004
    set_field_value(box, 0.2)
    qtbot.keyClick(box, Key.Key_Up)
    assert box.value() == 0.21 and box.text() == "0.21"
    noise = field(setup_param("noise"))
    noise.setValue(0.0)
    qtbot.keyClick(noise, Key.Key_Up)  # from 0: the single step, not Qt's 10**-decimals
    assert noise.value() == 0.1
    qtbot.keyClick(noise, Key.Key_Up)  # then a tenth of the value's decade
    assert noise.value() == 0.11


def test_param_form_builds_fields_from_params(qtbot):
    form = ParamForm()
    qtbot.addWidget(form)
    form.set_params(OPTIMIZERS["adam"].PARAMS)
    assert form.values() == {"betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 0.0, "amsgrad": False}
    assert form.field("betas").maximum() < 1 and "each of betas < 1" in form.field("betas").toolTip()
    form.set_params(SCHEDULES["step"].PARAMS, {"every": 5})
    every = form.field("every")
    assert isinstance(every, WholeNumberBox) and every.minimum() == 1 and every.maximum() is None
    with qtbot.waitSignal(form.changed):
        every.setValue(3_000_000_000)
    assert form.spec("step") == "step:factor=0.1,every=3000000000,per=epoch"
    with qtbot.assertNotEmitted(form.changed):
        form.show_values(SCHEDULES["step"].PARAMS, {"every": 7})
    assert form.values()["every"] == 7
