"""Help → The three-step procedure: a short page on what the window shows and how to read it.

The lesson in the user's language (every paragraph goes through ``tr``): the curves (raw and
smoothed mini-batch loss, training and validation loss), why a fixed rate wanders, what a decay
does, the band and the comparison table's columns. It says what lrmonitor draws, in the words of
its legend, menus and table headers, so a student can find each thing named here in the window.
The window keeps one page and raises it again; it does not block the window (read while you train).
"""

from __future__ import annotations

from PySide6 import QtWidgets


class ProcedureDialog(QtWidgets.QDialog):
    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("The three-step procedure"))
        self.setModal(False)
        self.browser = QtWidgets.QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        self.browser.setHtml(self.page())
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(680, 720)

    def sections(self) -> list[tuple[str, str]]:
        """(title, body in rich text) of each section, in the order shown."""
        return [
            (self.tr("The procedure"), self.tr(
                "<p>lrmonitor trains a small model with noisy mini-batch gradient descent, so that you can "
                "learn <b>when and how to decay the learning rate</b>:</p>"
                "<ol><li><b>Train without decay</b>: start with a constant rate α0 and watch the loss.</li>"
                "<li><b>Inspect the loss curve</b>: find where it stops improving and only wanders. The plateau "
                "detector (ReduceLROnPlateau's rule on the validation loss, patience 10 epochs) shades that "
                "part of the plot and, by default, pauses the run there.</li>"
                "<li><b>Apply a decay</b> there and see its effect. <i>Fork here and compare</i> applies it in a "
                "copy of the run (same weights, same mini-batches) while the fixed-rate run goes on beside it, "
                "so any difference between the two is the decay's.</li></ol>"
                "<p>The guide above the plots follows these steps as you go (Ctrl+G shows or hides it).</p>")),
            (self.tr("What the curves are"), self.tr(
                "<ul><li><b>Mini-batch loss</b> (faint, in the run's colour): the loss on each step's "
                "mini-batch, a small random sample of the training data. It jumps from step to step even "
                "when training goes well.</li>"
                "<li><b>Smoothed</b> (the run's colour): the same loss averaged over recent steps (an "
                "exponential moving average, as in TensorBoard; the <i>smoothing</i> slider under the plots "
                "sets how much). Read the trend from this line.</li>"
                "<li><b>Train loss</b> (circles): the loss on the whole training set at the end of each "
                "epoch.</li>"
                "<li><b>Validation loss</b> (triangles): the loss on held-out data the model never trains on, "
                "at the end of each epoch: how well it does on new data. The plateau detector and the "
                "comparison watch this one.</li>"
                "<li><b>Learning rate</b> (lower plot, logarithmic axis): the rate α of each step. Dashed in the "
                "run's colour: what the running schedule will do next; dotted grey: what the Decay panel's "
                "schedule would do if applied now.</li></ul>"
                "<p>A dashed vertical line marks each event (a decay, a change of rate or optimizer), a red "
                "one the step where a run diverged. Other runs you tick in the runs list are drawn beside the "
                "current one, each in its colour.</p>")),
            (self.tr("Why a fixed rate wanders"), self.tr(
                "<p>Each step moves the weights by α times the gradient of one mini-batch, and a mini-batch's "
                "gradient is the true gradient plus noise. Far from the minimum the true gradient is large and "
                "the loss falls. Near the minimum the true gradient is small but the noise is not: with a fixed "
                "α the weights keep being pushed around the minimum, never into it. The loss stops improving "
                "and wanders in a band, and a larger α makes the band wider.</p>")),
            (self.tr("What decay does"), self.tr(
                "<p>Lowering α shrinks those pushes: the band narrows and the loss settles lower, closer to "
                "the minimum. Decay too early and you slow down progress the run was still making; that is why "
                "you first train without decay and decay where the loss has flattened.</p>"
                "<p><i>Apply decay</i> (Ctrl+D) starts the Decay panel's schedule from the current rate; "
                "<i>Decay now ×F</i> (D) multiplies the rate at once. A step decay keeps the rate until its "
                "first drop (×0.1 every 20 epochs: nothing changes for 20 epochs). Compare the fork with its "
                "fixed-rate parent: the fork's curve should end lower and flatter.</p>")),
            (self.tr("How to read the band"), self.tr(
                "<p>The <b>band</b> is how widely a run wanders: the standard deviation of the mini-batch loss "
                "over the last epochs (10 in the comparison table). A fixed rate keeps it wide; a decay that "
                "works narrows it. When the rate is lowered, the band usually narrows a lot while the smoothed "
                "loss drops a little: both are the decay's effect.</p>")),
            (self.tr("How to read the comparison table"), self.tr(
                "<p>One row per run; a fork is compared with the run it was forked from, over the same "
                "epochs.</p>"
                "<ul><li><b>run</b>, <b>forked from</b>, <b>at epoch</b>: which run, and for a fork where it "
                "began.</li>"
                "<li><b>val loss, last 10</b>: the mean validation loss over the last 10 epochs (steadier than "
                "the last value).</li>"
                "<li><b>band, last 10</b>: the band over the last 10 epochs.</li>"
                "<li><b>final val loss</b>, <b>final train loss</b>: at the last completed epoch.</li>"
                "<li><b>best val loss (epoch)</b>: the lowest validation loss and when it was reached.</li></ul>"
                "<p>For a fork each number has its change against the parent in brackets (−58 % is lower), and "
                "under the table one sentence says what the decay did. <i>Export CSV…</i> writes the same "
                "table.</p>")),
        ]

    def page(self) -> str:
        title = self.tr("The three-step procedure")
        parts = [f"<h2>{title}</h2>"]
        for title, body in self.sections():
            parts.append(f"<h3>{title}</h3>{body}")
        return "".join(parts)

