"""Korean and English: every string translated, the compiled files current, the window in each
language, the choice kept, and the command line English whatever the locale."""

import dataclasses
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6 import QtCore, QtWidgets

from lrmonitor.core.run.compare import CompareRow, verdict
from lrmonitor.core.run.config import SETUP_PARAMS
from lrmonitor.core.training.optimizers import OPTIMIZERS
from lrmonitor.core.training.problems import PROBLEMS
from lrmonitor.core.training.schedules import SCHEDULES
from lrmonitor.qt import language
from lrmonitor.qt.panels.compare import ComparePanel
from lrmonitor.qt.translations import qm_path, ts_path, update

HANGUL = re.compile("[\uac00-\ud7a3]")
LUPDATE_MISSING = update.tool("lupdate") is None or update.tool("lrelease") is None
needs_tools = pytest.mark.skipif(LUPDATE_MISSING, reason="pyside6-lupdate/lrelease not installed (PySide6-Essentials)")


@pytest.fixture
def korean(qapp):
    """Korean translators on the application for one test (widgets made meanwhile speak Korean)."""
    installed = language.install(qapp, "ko")
    assert len(installed) == 2, "lrmonitor_ko.qm and Qt's qtbase_ko.qm both load"
    yield
    for translator in installed:
        qapp.removeTranslator(translator)
    qapp.setProperty("lrmonitor_language", "en")


# -- the translation files -------------------------------------------------------------------------
@needs_tools
def test_every_source_string_has_a_finished_korean_translation():
    missing = update.check_current()
    assert not missing, ("strings without a Korean translation, or counts without English plural forms (run "
                         "python -m lrmonitor.qt.translations.update and translate them):\n" + "\n".join(missing))


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_translations_keep_every_field_count_and_tag_of_their_source(lang):
    assert not update.mismatched(ts_path(lang))


@needs_tools
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_committed_qm_is_compiled_from_the_committed_ts(tmp_path, lang):
    """Compiled again from the .ts, byte for byte (mtimes say nothing after a git checkout)."""
    fresh = tmp_path / f"lrmonitor_{lang}.qm"
    update.lrelease(ts_path(lang), fresh)
    assert fresh.read_bytes() == qm_path(lang).read_bytes(), (
        f"{qm_path(lang).name} is older than {ts_path(lang).name}: run python -m lrmonitor.qt.translations.update")


def test_every_core_sentence_the_window_shows_is_marked_and_translated(korean):
    """A help text or summary added to the core without QT_TRANSLATE_NOOP("core", …) would stay English."""
    texts = [p.help for p in SETUP_PARAMS]
    for registry in (OPTIMIZERS, SCHEDULES):
        for cls in registry.values():
            texts += [cls.summary, *(p.help for p in cls.PARAMS)]
    texts += [text for cls in PROBLEMS.values() for text in (cls.summary, cls.noise_help)]
    english = [text for text in texts if not HANGUL.search(language.core_text(text))]
    assert not english, english


def test_the_package_data_ships_the_compiled_translations():
    pyproject = (Path(__file__).parents[2] / "pyproject.toml").read_text(encoding="utf-8")
    assert '"lrmonitor.qt.translations" = ["*.qm"]' in pyproject
    assert qm_path("ko").stat().st_size > 10_000 and qm_path("en").exists()


# -- the window in each language -------------------------------------------------------------------
def menu_titles(window):
    return [a.text() for a in window.menuBar().actions()]


def test_the_window_started_in_korean_speaks_korean(korean, make_window, qtbot):
    w = make_window()
    assert menu_titles(w)[:4] == ["파일(&F)", "편집(&E)", "실행(&R)", "보기(&V)"]
    assert w.run_panel.title() == "실행" and w.run_panel.start_button.text() == "시작"
    assert w.decay.apply_button.text() == "감소 적용" and w.setup.title() == "설정"
    assert w.guide.fork_button.text() == "여기서 분기해 비교"
    assert w.compare.table.horizontalHeaderItem(3).text() == "검증 손실, 최근 10"
    assert w.plots.lr_plot.getAxis("left").labelText == "학습률"
    qtbot.waitUntil(lambda: w.status.labels["state"].text() == "대기")
    assert w.setup.problem.toolTip().startswith("학습할 내장 문제")
    assert w.setup.lr.toolTip().startswith("감소를 적용하기 전의 시작 학습률") and "허용 범위:" in w.setup.lr.toolTip()
    w.setup.problem.setCurrentText("mlp")
    assert "나선 점들의 각도 흔들림" in w.setup.noise.toolTip()  # the problem's own noise, in Korean
    assert w.setup.optimizer.itemData(0, QtCore.Qt.ItemDataRole.ToolTipRole).startswith("확률적 경사 하강법")
    # formulas and numbers are not translated
    assert "α = α0" in w.decay.formula.text() and w.setup.lr.text() not in ("", None)
    # Qt's own strings (a message box's standard buttons) come from qtbase_ko.qm
    assert QtCore.QCoreApplication.translate("QPlatformTheme", "Cancel") == "취소"



def test_the_help_menu_and_the_theme_menu_speak_korean(korean, make_window, qtbot):
    w = make_window()
    assert menu_titles(w)[-1] == "도움말(&H)"
    assert [a.text() for a in w.theme_actions.values()] == ["시스템 설정(&S)", "밝게(&L)", "어둡게(&D)"]
    w.help.procedure_action.trigger()
    page = w.help.procedure_dialog.browser.toPlainText()
    # the page names what the window shows, in the window's own Korean words
    for shown in ("세 단계 절차", "미니배치 손실", "검증 손실", "흔들림 폭", "여기서 분기해 비교", "지금 감소 ×F",
                  "CSV 내보내기…"):
        assert shown in page, shown
    for column in range(w.compare.table.columnCount()):
        assert w.compare.table.horizontalHeaderItem(column).text() in page
    w.help.show_shortcuts()
    listed = w.help.shortcuts_dialog.listed()
    assert "세션 저장" in listed and "단축키" in listed  # a translation's "(&S)" is not shown as "(S)"
    assert not any("(" in text and text.endswith(")") and len(text.split("(")[-1]) == 2 for text in listed)

def test_the_english_window_is_unchanged(make_window):
    w = make_window()
    assert menu_titles(w)[:4] == ["&File", "&Edit", "&Run", "&View"]
    assert w.run_panel.start_button.text() == "Start" and w.guide.fork_button.text() == "Fork here and compare"
    assert not any(HANGUL.search(text) for text in menu_titles(w))


def test_the_language_menu_offers_system_english_and_korean_with_the_kept_choice_checked(make_window):
    w = make_window()
    actions = w.language_actions
    assert [actions[c].text() for c in language.CHOICES] == ["System", "English", "한국어"]
    assert actions["system"].isChecked() and not actions["ko"].isChecked()


def test_choosing_a_language_is_kept_and_offers_a_restart(make_window, monkeypatch):
    w = make_window()
    asked = []
    restarted = []
    monkeypatch.setattr(language, "restart", lambda window: restarted.append(window) or True)
    language.choose(w, "ko", restart_now=lambda: asked.append("ko") or False)  # "Later"
    assert w.settings.get("view/language") == "ko" and asked == ["ko"] and restarted == []
    language.choose(w, "en", restart_now=lambda: asked.append("en") or True)  # already English: nothing to ask
    assert w.settings.get("view/language") == "en" and asked == ["ko"]
    language.choose(w, "ko", restart_now=lambda: True)  # "Restart now"
    assert restarted == [w]


def test_a_restart_keeps_the_runs_and_the_next_window_restores_them(make_window, run_until, tmp_path, monkeypatch):
    monkeypatch.delenv(language.RESTORE_ENV, raising=False)
    w = make_window()
    w.setup.problem.setCurrentText("linear")
    run_until(w, 40)
    steps = w.controller.run.step
    launched, quits = [], []
    assert language.restart(w, launch=lambda program, args: launched.append((program, args)) or True,
                            quit_app=lambda: quits.append(1))
    assert launched == [(sys.executable, ["-m", "lrmonitor"])] and quits == [1]
    kept = list((tmp_path / "autosave").glob("autosave-*.lrmon"))
    assert len(kept) == 1 and not kept[0].with_suffix(".lock").exists()
    assert os.environ[language.RESTORE_ENV] == str(kept[0])  # what the next process inherits
    again = make_window()  # the restarted window: restores at once, asks nothing
    assert language.restore_after_restart(again)
    assert again.controller.run.step == steps and again.controller.run.config.problem == "linear"
    assert language.RESTORE_ENV not in os.environ and again.restore_bar.isHidden()
    assert not language.restore_after_restart(again)  # once


def test_a_saved_session_is_opened_again_after_a_restart(make_window, tmp_path):
    w = make_window()
    w.controller.step_epoch()
    session = tmp_path / "runs.lrmon"
    w.files.path = session
    w.files.unsaved = lambda: False
    launched = []
    language.restart(w, launch=lambda program, args: launched.append(args) or True, quit_app=lambda: None)
    assert launched == [["-m", "lrmonitor", str(session)]]


def test_the_language_follows_the_environment_then_the_setting_then_the_system(monkeypatch):
    monkeypatch.setenv(language.ENV, "ko")
    assert language.chosen("en") == "ko"
    monkeypatch.setenv(language.ENV, "")
    assert language.chosen("ko") == "ko" and language.chosen("en") == "en"
    monkeypatch.setattr(language, "system_language", lambda: "ko")
    assert language.chosen("system") == "ko" and language.chosen("garbage") == "ko"


def test_a_korean_system_locale_means_korean():
    env = {**os.environ, "LANG": "ko_KR.UTF-8", "LC_ALL": "ko_KR.UTF-8", "LANGUAGE": "ko"}
    env.pop(language.ENV, None)
    code = "from lrmonitor.qt import language; print(language.chosen('system'), language.chosen('en'))"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["ko", "en"]


def test_the_compare_verdict_in_english_is_the_core_sentence(qtbot):
    panel = ComparePanel()
    qtbot.addWidget(panel)
    base = {f.name: None for f in dataclasses.fields(CompareRow)}
    for val, band in ((-72.4, -88.0), (-5.0, 30.0), (12.0, -3.25), (40.0, 40.0), (None, 10.0)):
        row = CompareRow(**{**base, "run": "fork-1", "parent": "base", "label": "step ×0.1/20",
                            "last10_val_mean_change_pct": val, "band_std_change_pct": band})
        assert panel.verdict(row) == verdict(row)


def test_the_compare_verdict_in_korean(korean, qtbot):
    panel = ComparePanel()
    qtbot.addWidget(panel)
    base = {f.name: None for f in dataclasses.fields(CompareRow)}
    row = CompareRow(**{**base, "run": "fork-1", "parent": "base", "label": "step ×0.1/20",
                        "last10_val_mean_change_pct": -72.4, "band_std_change_pct": -88.0})
    assert panel.verdict(row) == ("fork-1: step ×0.1/20: 검증 손실을 72 % 낮추고 흔들림 폭을 88 % 줄였습니다"
                                  "(최근 10 에포크, base 대비)")


def test_korean_plural_and_qt_dialog_texts(korean):
    translate = QtCore.QCoreApplication.translate
    assert translate("Recovery", "%n minute(s) ago", "", 5) == "5분 전"
    box = QtWidgets.QMessageBox()
    box.setStandardButtons(QtWidgets.QMessageBox.StandardButton.Save | QtWidgets.QMessageBox.StandardButton.Discard)
    texts = {b.text().replace("&", "") for b in box.buttons()}
    assert all(HANGUL.search(text) for text in texts), texts


# -- the command line stays English ----------------------------------------------------------------
def test_the_command_line_stays_english_in_a_korean_locale(tmp_path):
    env = {**os.environ, "LANG": "ko_KR.UTF-8", "LC_ALL": "ko_KR.UTF-8", "LANGUAGE": "ko", language.ENV: "ko"}
    fast = ["--problem", "linear", "--epochs", "3", "--train-size", "200", "--val-size", "50"]
    ok = subprocess.run([sys.executable, "-m", "lrmonitor", "run", *fast, "--out", str(tmp_path / "s.csv"),
                         "--svg", str(tmp_path / "p.svg")], env=env, capture_output=True, text=True)
    helped = subprocess.run([sys.executable, "-m", "lrmonitor", "run", "--help"], env=env, capture_output=True,
                            text=True)
    bad = subprocess.run([sys.executable, "-m", "lrmonitor", "run", "--lr", "0"], env=env, capture_output=True,
                         text=True)
    assert ok.returncode == 0 and "steps" in ok.stdout, ok.stderr
    assert helped.returncode == 0 and "Starting learning rate alpha0" in helped.stdout
    assert bad.returncode == 2 and "lrmonitor: error:" in bad.stderr
    svg = (tmp_path / "p.svg").read_text(encoding="utf-8")
    assert "learning rate" in svg  # the plot's axis label, as text
    for text in (ok.stdout, ok.stderr, helped.stdout, bad.stderr, svg):
        assert not HANGUL.search(text)
    assert (tmp_path / "s.csv").read_text(encoding="utf-8").splitlines()[0] == "step,epoch,lr,loss"


def test_korean_without_a_cjk_font_starts_in_english_and_says_what_to_install(qapp, monkeypatch, capsys):
    from lrmonitor.qt import app as app_module

    installed = []
    monkeypatch.setenv(language.ENV, "ko")
    monkeypatch.setattr(language, "install", lambda application, lang: installed.append(lang))
    monkeypatch.setattr(language, "has_font_for", lambda lang: False)
    warning = app_module.use_language(qapp)
    assert installed == ["en"] and "fonts-noto-cjk" in warning and "fonts-noto-cjk" in capsys.readouterr().err
    monkeypatch.setattr(language, "has_font_for", lambda lang: True)
    assert app_module.use_language(qapp) is None and installed == ["en", "ko"]


def test_a_korean_font_is_found_when_one_is_installed(qapp):
    """Where fonts-noto-cjk (or any Hangul font) is installed, the check sees it."""
    import shutil

    listed = subprocess.run(["fc-list", ":lang=ko", "family"], capture_output=True, text=True).stdout \
        if shutil.which("fc-list") else ""
    if not listed.strip():
        pytest.skip("no Korean font installed here (fc-list :lang=ko lists none)")
    assert language.has_font_for("ko") and language.has_font_for("en")


def test_the_band_meter_words_the_core_reading_and_translates_it(qtbot, qapp):
    from lrmonitor.core.display.band import BandReading, change_text
    from lrmonitor.qt.views.band_meter import BandMeter

    meter = BandMeter()
    qtbot.addWidget(meter)
    for now, before in ((0.0123, 0.05), (0.2, 0.1), (0.3, None), (float("nan"), 0.1)):
        pct, text = change_text(now, before)
        assert meter.words(BandReading(now, before, pct, text)) == text
    installed = language.install(qapp, "ko")
    try:
        pct, text = change_text(0.0123, 0.05)
        assert meter.words(BandReading(0.0123, 0.05, pct, text)) == "흔들림 폭 0.0123: 75 % 좁아짐"
    finally:
        for translator in installed:
            qapp.removeTranslator(translator)
        qapp.setProperty("lrmonitor_language", "en")


def test_the_rates_view_words_each_verdict_as_the_core_does(qtbot):
    from lrmonitor.core.run.config import RunConfig
    from lrmonitor.core.run.sweep import default_rates, sweep_trainers
    from lrmonitor.qt.views import RatesView

    config = RunConfig(problem="linear", optimizer="sgd", epochs=12, train_size=200, val_size=50).validated()
    rates = [*default_rates(config), 0.15]  # low, low, good, too high (diverged), high
    trainers = sweep_trainers(config, rates)
    for trainer in trainers:
        trainer.run()
    view = RatesView()
    qtbot.addWidget(view)
    view.set_runs(rates, [t.history for t in trainers])
    view.on_frame(ended=True)
    assert {v.verdict for v in view.verdicts} == {"low", "good", "too high", "high"}
    for v in view.verdicts:
        assert f"— {v.why}<br>" in view.note.text + "<br>"


def test_pyqtgraphs_plot_menu_is_translated_too(korean, qtbot):
    from lrmonitor.qt.plots import RunPlots

    plots = RunPlots()
    qtbot.addWidget(plots)
    menu = plots.loss_plot.getViewBox().menu
    texts = [action.text() for action in menu.actions() if action.text()]
    assert texts[0] == "전체 보기" and "X 축" in texts and "마우스 모드" in texts
    assert "감소 패널의 스케줄로 여기서 분기" in texts


def test_the_restart_launcher_says_whether_the_program_started(qapp, tmp_path):
    assert language.start_detached(sys.executable, ["-c", "pass"])
    assert not language.start_detached(str(tmp_path / "no-such-program"), [])


def test_a_restart_that_cannot_start_says_so_and_keeps_the_runs(make_window, monkeypatch, tmp_path):
    monkeypatch.delenv(language.RESTORE_ENV, raising=False)
    warned = []
    monkeypatch.setattr(QtWidgets.QMessageBox, "warning", lambda *args: warned.append(args[2]))
    w = make_window()
    w.controller.step_epoch()
    w.files.unsaved = lambda: True  # as after training
    assert not language.restart(w, launch=lambda program, args: False, quit_app=lambda: None)
    assert warned and "Start it yourself" in warned[0]
    assert list((tmp_path / "autosave").glob("autosave-*.lrmon"))
    monkeypatch.delenv(language.RESTORE_ENV, raising=False)


# -- run names and the core's errors in Korean -------------------------------------------------
@pytest.fixture
def switch_language(qapp):
    """``switch_language("ko")``, then ``("en")`` in the same test: windows made after a switch speak
    the new language (as after a restart); English again at the end."""
    installed = []

    def switch(lang):
        for translator in installed:
            qapp.removeTranslator(translator)
        installed[:] = language.install(qapp, lang) if lang != "en" else []
        qapp.setProperty("lrmonitor_language", lang)

    yield switch
    switch("en")


def runs_listed(window):
    """The runs panel's names, parents before their forks."""
    out = []

    def walk(item):
        out.append(item.text(0))
        for k in range(item.childCount()):
            walk(item.child(k))

    for k in range(window.runs.list.topLevelItemCount()):
        walk(window.runs.list.topLevelItem(k))
    return out


def quick_window(make_window):
    w = make_window()
    w.setup.problem.setCurrentText("linear")  # 32 steps per epoch
    w.run_panel.speed.setCurrentText("300 epochs/s")
    w.run_panel.pause_on_plateau.setChecked(False)
    return w


def test_run_names_are_korean_in_the_window_english_in_the_file_and_english_when_opened_in_english(
        switch_language, make_window, run_until, qtbot, tmp_path):
    from lrmonitor.core.files.lrmon import load_any
    from lrmonitor.core.run.events import DecayNow

    switch_language("ko")
    w = quick_window(make_window)
    c = w.controller
    run_until(w, 320)  # epoch 10
    assert c.fork_here(DecayNow(0.5))
    c.tick()
    assert runs_listed(w) == ["고정 α=0.05", "에포크 10에서 ×0.5 감소"]
    assert [n.name for n in c.workspace.tree] == ["fixed α=0.05", "decay ×0.5 at epoch 10"]  # kept in English
    table = w.compare.table
    assert {table.item(row, 0).text() for row in range(table.rowCount())} >= {"고정 α=0.05", "에포크 10에서 ×0.5 감소"}
    verdicts = w.compare.verdicts.text()  # the fork's sentence names it once, in Korean
    assert verdicts.startswith("에포크 10에서 ×0.5 감소") and "epoch" not in verdicts
    said = []
    c.message.connect(lambda text, _ms: said.append(text))
    c.delete(c.workspace.current)
    assert said and "에포크 10에서 ×0.5 감소" in said[-1]
    c.undo()
    assert "에포크 10에서 ×0.5 감소" in said[-1]
    first = list(c.workspace.tree)[0].id
    w.runs.list.topLevelItem(0).setText(0, "나의 기준 실행")  # a student's own name, in Korean, is kept as typed
    qtbot.waitUntil(lambda: c.workspace.tree[first].name == "나의 기준 실행")
    w.files.path = tmp_path / "ko.lrmon"
    assert w.files.save()
    assert [run.name for run in load_any(tmp_path / "ko.lrmon").runs] == ["나의 기준 실행", "decay ×0.5 at epoch 10"]

    switch_language("en")  # the same session, opened by a student whose window is in English
    again = make_window()
    assert again.files.open(tmp_path / "ko.lrmon")
    again.controller.tick()
    assert runs_listed(again) == ["나의 기준 실행", "decay ×0.5 at epoch 10"]


def test_the_names_of_rates_runs_and_attached_trainings_are_worded_in_korean(korean):
    from lrmonitor.core.run.names import attached_name, rates_run_name

    assert language.run_name(rates_run_name(0.05, "good")) == "α0=0.05 (좋음)"
    assert language.run_name(rates_run_name(0.5, "too high")) == "α0=0.5 (너무 높음)"
    assert language.run_name(attached_name("train.py")) == "연결됨: train.py"
    assert language.run_name(attached_name("")) == "연결됨: 학습"
    assert language.run_name("α=0.3, step ×0.1/20 from epoch 25, lr=0.01 from step 900") == (
        "α=0.3, 에포크 25부터 step ×0.1/20, 스텝 900부터 lr=0.01")
    assert language.run_name("my run from epoch 3") == "my run from epoch 3"  # not a name the app made


def test_the_rates_runs_added_to_the_runs_panel_are_named_in_korean(korean, window, qtbot):
    window.setup.epochs.setValue(6)
    qtbot.waitUntil(lambda: window.controller.run is not None and window.controller.run.config.epochs == 6)
    rates_view, live = window.tabs.rates_view, window.tabs.live_rates
    window.tabs.setCurrentWidget(rates_view)
    qtbot.mouseClick(rates_view.train_button, QtCore.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: live.ended, timeout=30000)
    qtbot.waitUntil(rates_view.keep_button.isEnabled)
    qtbot.mouseClick(rates_view.keep_button, QtCore.Qt.MouseButton.LeftButton)
    window.controller.tick()
    verdicts = {v.lr: v.verdict for v in rates_view.verdicts}
    words = {"too high": "너무 높음", "high": "높음", "good": "좋음", "low": "낮음"}
    shown = runs_listed(window)[-4:]
    assert shown == [f"α0={rate:g} ({words[verdicts[rate]]})" for rate in live.rates]
    stored = [node.name for node in window.controller.workspace.tree][-4:]
    assert stored == [f"α0={rate:g} ({verdicts[rate]})" for rate in live.rates]  # English in the session


def test_the_cores_errors_are_korean_and_name_the_value_and_the_range(korean, window, qtbot, tmp_path, monkeypatch,
                                                                       run_until):
    # a schedule's value out of range (the decay panel's formula line says why)
    panel = window.decay
    panel.schedule.setCurrentText("multistep")
    field = panel.schedule_form.field("milestones")
    field.selectAll()
    qtbot.keyClicks(field, "25/10")
    qtbot.keyClick(field, QtCore.Qt.Key.Key_Return)
    assert panel.formula.text() == ("스케줄 'multistep'의 milestones=25/10: 허용 범위를 벗어났습니다. "
                                    "허용 범위: 1 <= milestones의 각 값 (정수, 증가하는 순서, /로 구분)")
    # the ranges the fields' tooltips give are worded the same way
    assert "허용 범위: 유한한 lr > 0." in window.setup.lr.toolTip()
    assert "허용 범위: 1 <= batch size <= 1000 (정수)." in window.setup.batch.toolTip()
    # a rate list with a bad rate (the Rates tab)
    rates_view = window.tabs.rates_view
    window.tabs.setCurrentWidget(rates_view)
    rates_view.rates_edit.setText("0.1, -2")
    qtbot.mouseClick(rates_view.train_button, QtCore.Qt.MouseButton.LeftButton)
    assert rates_view.error.text() == ("학습률 목록 '0.1, -2': 학습률 -2: 허용 범위를 벗어났습니다. "
                                       "허용 범위: 유한한 lr > 0")
    rates_view.rates_edit.setText("0.1,,0.2")
    qtbot.mouseClick(rates_view.train_button, QtCore.Qt.MouseButton.LeftButton)
    assert rates_view.error.text().startswith("학습률 목록 '0.1,,0.2': 형식이 잘못되었습니다.")
    # the range test's first rate
    page = window.tabs.range_page
    page.start.setText("0")
    page.run()
    assert page.status.text() == "시작 0.0: 허용 범위를 벗어났습니다. 허용 범위: start > 0"
    # a typed fork action: its value and range, then the question again
    run_until(window, 700)
    answers = iter([("decay=2", True), ("lr=0.01", True)])
    asked = []
    monkeypatch.setattr(QtWidgets.QInputDialog, "getText",
                        lambda parent, title, label, text: (asked.append(label), next(answers))[1])
    window.plots.fork_requested.emit(20.0, "ask")
    assert asked[1].endswith("감소 계수 2.0: 허용 범위를 벗어났습니다. 허용 범위: 0 < factor <= 1")
    # opening files: missing, not JSON, not a session
    warned = []
    monkeypatch.setattr(QtWidgets.QMessageBox, "warning", lambda *args: warned.append(args[2]))
    gone, bad, other = tmp_path / "gone.lrmon", tmp_path / "bad.json", tmp_path / "other.json"
    bad.write_text("{ not json", encoding="utf-8")
    other.write_text('{"hello": 1}', encoding="utf-8")
    for path in (gone, bad, other):
        assert not window.files.open(path)
    assert warned[0] == f"세션 파일 '{gone}': 파일이 없습니다"
    assert warned[1].startswith(f"세션 파일 '{bad}': 올바른 JSON이 아닙니다")
    assert warned[2] == f"'{other}': lrmonitor 세션 파일이 아닙니다 (\"format\": \"lrmonitor-session\" 항목이 없습니다)"
    assert not any("out of range" in text or "does not exist" in text for text in [*asked, *warned])


def test_the_core_error_of_a_setup_value_is_korean(korean):
    from lrmonitor.core.run.config import RunConfig

    with pytest.raises(ValueError) as info:
        RunConfig(train_size=100, batch_size=500).validated()
    assert language.core_error(info.value) == ("배치 크기 500: 허용 범위를 벗어났습니다. 허용 범위: "
                                               "1 <= batch size <= 100 (정수); 훈련 세트 크기는 100입니다")
    assert str(info.value).startswith("batch size 500 is out of range")  # the command line's English
