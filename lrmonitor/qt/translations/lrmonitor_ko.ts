<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko" sourcelanguage="en">
<context>
    <name>AutosaveWarning</name>
    <message>
        <source>Autosave failed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <source>Restart the trainer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start a new trainer process with every run as it was recorded; the current run goes on from its last step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The trainer stopped: its process ended unexpectedly. Every run is kept as far as it was recorded. Restart the trainer to go on from there (or save the runs).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training diverged at step {step} (epoch {epoch}): the loss is no longer finite. The curve up to there is kept and can be exported. Try a lower α0 than {lr} and Reset.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChangedOnDisk</name>
    <message>
        <source>The file changed on disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;{0}&apos; was changed on disk since this window opened or saved it (by another window or program).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overwrite it with the runs of this window, or save them under another name?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overwrite</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save As…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ComparePanel</name>
    <message>
        <source>run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>forked from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>val loss, last 10</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>band, last 10</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>final val loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>final train loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>best val loss (epoch)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Band: the standard deviation of the mini-batch loss over the last 10 epochs: how widely a run wanders. In brackets: a fork&apos;s change against the run it was forked from, over the same epochs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write this table as CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fork a run (Ctrl+F) to compare a decay with the fixed rate.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DecayPanel</name>
    <message>
        <source>Decay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schedule to apply, re-anchored at the current rate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply decay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply this schedule at the next step (Ctrl+D). The dotted grey line previews it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Factor for &apos;Decay now&apos; (0 &lt; F &lt;= 1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decay now ×{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Multiply the rate by F at once (D)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>schedule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(t = epochs since applied, fractional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(t = epochs since applied)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EventMarkers</name>
    <message>
        <source>diverged</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Plot as PNG image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plot as SVG drawing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SVG drawing (*.svg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per-step data as CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per-epoch data as CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event log as CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comparison table as CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export snapshot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Picture size in pixels (200–8000 wide, 150–8000 high)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>width</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>height</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Exporter</name>
    <message>
        <source>There is no run to export yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;{path}&apos; could not be written: {why}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plot image copied to the clipboard</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ForkAction</name>
    <message>
        <source>What should the fork do at epoch {x}? A schedule (step:factor=0.1,every=20, exponential:gamma=0.95, ...), decay=F, lr=V or optimizer=SPEC:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fork here</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GuidePanel</name>
    <message>
        <source>The three-step procedure   (Ctrl+G hides this guide)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply suggested decay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply step decay ×0.1 every 20 epochs from now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fork here and compare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply the suggested decay in a copy of this run (a fork) and let the fixed-rate run go on beside it: the two futures side by side</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;{mark}&lt;/b&gt; Run without decay: start with a constant rate and watch the loss.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;2&lt;/b&gt; Inspect: the run diverged, so there is no plateau to find. Lower α0 and Reset.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;2&lt;/b&gt; Inspect: the loss is far above where it started ({last} against {start}, more than {ratio}×): the rate is too high, and a decay schedule is not what it needs. Lower α0 and Reset.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;{mark}&lt;/b&gt; Inspect: the validation loss has not improved by more than {threshold} for {patience} epochs (best {best}, at the end of epoch {epoch}): it stopped improving, it only wanders. Time to decay.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;2&lt;/b&gt; Inspect: waiting for the loss to stop improving (patience {patience} epochs, threshold {threshold}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;{mark}&lt;/b&gt; Decay applied at epoch {epoch} ({label}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That was before the loss stopped improving (it was still improving): an early decay slows the progress it was still making.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>That was before the loss stopped improving (only %n epoch(s) without improvement): an early decay slows the progress it was still making.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The loss had not improved for %n epoch(s): you saw the stall sooner than the detector (patience {patience}) did.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing changes on the plot until epoch {epoch}: this schedule keeps the rate until its first drop.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;3&lt;/b&gt; Apply decay: not yet. First find a rate at which the loss goes down.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;3&lt;/b&gt; Apply decay: suggested now: step decay ×0.1 every 20 epochs. Apply it here, or fork here and compare it with the fixed rate, or go on without it (Space).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;3&lt;/b&gt; Apply decay: once the loss has flattened.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Plateau detector: ReduceLROnPlateau logic on the validation loss, patience {patience}, threshold {threshold} (relative); %n epoch(s) without improvement.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <source>lrmonitor could not start again. Start it yourself: it offers to restore your runs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change the language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new language applies when lrmonitor starts again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restart now? Your runs are kept: a saved session opens again, and unsaved runs are offered for restoring.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restart now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Later</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Cannot restore</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Menus</name>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open session…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save session &amp;as…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export &amp;as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy plot image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Undo delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start / pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step one epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset (keep this run)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply decay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decay now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fork here with the decay panel&apos;s schedule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train 50 more epochs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log-scale loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Autoscale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the guide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NumberBox</name>
    <message>
        <source>&apos;{text}&apos; is not a number; the field keeps {kept}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{text} is out of range ({range}); the field keeps {kept}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} to {1}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ParamForm</name>
    <message>
        <source>{help}
Allowed: {range}. Default: {default}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Readout</name>
    <message>
        <source>Move the mouse over the plots to read values.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No step under the mouse.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step {step} (in epoch {epoch}, x = {x}) · loss {loss} · smoothed {smoothed} · lr {lr}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Recovery</name>
    <message>
        <source>Autosave failed: {why} ({path}). Until it works again, a crash would lose the runs since the last save: save them with File → Save As.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>(%n more after this one)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>A window was not closed normally: {what}, saved {when}. Restore it?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>just now</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s) ago</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s) ago</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) ago</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{problem}, {steps} steps, %n event(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n runs of {problems}, up to {steps} steps</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReplayProgress</name>
    <message>
        <source>Replaying {0} steps…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RestoreBar</name>
    <message>
        <source>Restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discard</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RunController</name>
    <message>
        <source>The run has ended: fork it, train it longer, or Reset (Ctrl+R) for a new one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The trainer stopped, so this run cannot train or take a decay: Restart the trainer (in the red banner) to go on from where it was recorded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening cancelled: the saved run was not replayed to its end.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot start the run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open the runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The suggested decay is already applied to this run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problem, batch size, epochs, seed and noise apply after Reset (Ctrl+R).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot select the run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot delete the run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted {0} (Ctrl+Z brings it back).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to undo.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot bring the run back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Brought back {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot restart the trainer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The training worker could not start: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The trainer stopped with an error: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused: the validation loss stopped improving (best at epoch {0}). Apply a decay, fork here to compare, or press Space to go on.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RunPanel</name>
    <message>
        <source>0.5 epochs/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 epoch/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>3 epochs/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>10 epochs/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>30 epochs/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>100 epochs/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>300 epochs/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>as fast as possible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start or pause training (Space)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train to the end of the current epoch (Ctrl+Right)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start over with the setup above (Ctrl+R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training pace in epochs per second (3: the default run takes about half a minute), or as fast as possible.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pause when the loss stops improving</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause the run when the plateau detector fires (the validation loss has not improved for 10 epochs), so you can decide: apply a decay, fork and compare, or go on (Space).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>speed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RunPlots</name>
    <message>
        <source>loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mini-batch loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>smoothed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>train loss (epoch end)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>validation loss (epoch end)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rate ahead (running schedule)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>decay panel&apos;s schedule, if applied now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fork here with the decay panel&apos;s schedule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fork here with Decay now ×F</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fork here with an action…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RunsPanel</name>
    <message>
        <source>Runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>forked at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every run you made. Click one to make it current; tick it to draw it; double-click a name to rename it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fork here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A copy of the current run up to this step, with the decay panel&apos;s schedule applied; the original goes on without it (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>+{0} epochs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train a finished run {0} more epochs (Ctrl+Shift+Right); recorded in the run, so a replay reproduces it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the current run and its forks (Ctrl+Z brings them back)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>epoch {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SaveQuestion</name>
    <message>
        <source>Save the run?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The run has {0} steps that are not saved in a session file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save it before closing? (If you don&apos;t, it is gone.)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SessionFiles</name>
    <message>
        <source>Open session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lrmonitor session (*{0} *.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lrmonitor session (*{0})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot save session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;{path}&apos; could not be written: {why}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SetupPanel</name>
    <message>
        <source>Setup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optimizer, with torch.optim&apos;s update rule and defaults.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>suggest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the rate suggested for this problem and optimizer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>until stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train until you press Pause.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optimizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>α0 (lr)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>batch size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>epochs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>noise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data noise: for {name}, the {meaning}.
Allowed: {range}. Default for {name}: {default}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatusPanel</name>
    <message>
        <source>idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>diverged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>epochs {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lr {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loss {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} steps/s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ViewPanel</name>
    <message>
        <source>Smoothing weight of the loss line (TensorBoard&apos;s debiased EMA), 0 to 0.99</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>log loss axis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logarithmic loss axis (Ctrl+L)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>smoothing</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>core</name>
    <message>
        <source>The built-in problem to train on; its data is generated from the seed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting learning rate alpha0, before any decay.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>suggested for the problem and optimizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Examples per mini-batch, at most the training set size: smaller batches give noisier gradients.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shuffled passes over the training set to train for.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Random seed for the data, the initial weights and the shuffling.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data noise; what it means depends on the problem.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the problem&apos;s own</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training examples.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validation examples.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cosine with warm restarts (torch CosineAnnealingWarmRestarts): cosine from alpha0 to min over period epochs, then again from alpha0, each period mult times longer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epochs of the first cosine before the first restart (torch&apos;s T_0).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each period is this many times longer than the one before (torch&apos;s T_mult).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rate at the end of every period (torch&apos;s eta_min).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>one-cycle policy (torch OneCycleLR, anneal cos, two phases, no momentum cycling): up from max/div to max, then down to max/(div*final_div), per step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Peak rate of the cycle (torch&apos;s max_lr); it replaces the rate in effect.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Length of the cycle in epochs (torch: total_steps = epochs × steps per epoch).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fraction of the cycle spent rising (torch&apos;s pct_start).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The cycle starts at max/div (torch&apos;s div_factor).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The cycle ends at max/(div·final_div) (torch&apos;s final_div_factor).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change the rate every step (torch&apos;s usual use: scheduler.step() per batch) or once per epoch (total_steps = epochs).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L2 penalty: adds weight_decay*param to each gradient.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stochastic gradient descent (torch.optim.SGD)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Momentum factor: how much of the previous step is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dampening for momentum: scales the new gradient by (1-dampening).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nesterov momentum: look ahead along the momentum before stepping.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AdaGrad (torch.optim.Adagrad): adapts a rate per coordinate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Built-in inverse-time decay: lr/(1+(t-1)*lr_decay).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting value of the squared-gradient sum.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added to the denominator for numerical stability.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RMSProp (torch.optim.RMSprop): divides by a running RMS of gradients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Smoothing constant of the squared-gradient average.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Momentum factor applied to the scaled step.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Divide by the estimated variance instead of the raw second moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adam (torch.optim.Adam): momentum + per-coordinate scaling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decay rates of the first and second moment averages.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the maximum of past second moments (AMSGrad).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SGD with momentum (momentum=0.9 by default)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SGD with Nesterov momentum (momentum=0.9, nesterov=true by default)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reduce on plateau (torch ReduceLROnPlateau) of the validation loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Multiplier applied at each drop.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epochs without improvement tolerated before a drop.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Relative improvement that counts as better.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epochs to wait after a drop before counting again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The rate never drops below this, by a drop or by a manual decay (torch: a drop never goes below it).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>linear regression, 2 parameters (w, b), elongated loss contours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>standard deviation of the target noise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>2-class logistic regression on overlapping 2-D Gaussian blobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>standard deviation of each class blob (more = more overlap)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>multi-layer perceptron (2-32-32-3, tanh) on a 3-class spiral</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>angular jitter of the spiral points (radians)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Update the rate once per epoch (staircase) or every step (smooth).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>keep the rate: alpha = alpha0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>inverse-time decay (Keras InverseTimeDecay): alpha0 / (1 + k*t)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decay rate: the rate halves after 1/k epochs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exponential decay (torch ExponentialLR): alpha0 * gamma^t</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Multiplier per epoch.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step decay (torch StepLR): alpha0 * factor^floor(t/every)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epochs between drops.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>drops at chosen epochs (torch MultiStepLR): alpha0 * factor^(milestones passed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epochs since applied at which the rate drops (torch&apos;s milestones), e.g. 30/60/90.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>linear warmup (torch LinearLR, end_factor=1): from start*alpha0 up to alpha0 in epochs, then alpha0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epochs to ramp up over (torch&apos;s total_iters).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fraction of alpha0 to start at (torch&apos;s start_factor).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>polynomial decay to 0 (torch PolynomialLR): alpha0 * (1 - min(t,epochs)/epochs)^power</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epochs to decay to 0 over (torch&apos;s total_iters).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Power of the decay: 1 is linear, 2 falls faster early.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cosine annealing (torch CosineAnnealingLR) to min in period epochs, then held at min (after=hold) or rising again like torch (after=periodic)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epochs to anneal from alpha0 down to min (torch&apos;s T_max).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rate reached at the end of the period (torch&apos;s eta_min).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>After the period: hold at min, or rise again as torch&apos;s CosineAnnealingLR does (a period of 2×period); for restarts see sgdr.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
