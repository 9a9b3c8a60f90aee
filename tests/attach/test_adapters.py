"""The Lightning and Hugging Face adapters on tiny models (skipped, saying why, when the framework is missing)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

torch = pytest.importorskip("torch", reason="the attach tests train a real PyTorch model (torch is in the test extra)")
_spec = importlib.util.spec_from_file_location("attach_helpers", Path(__file__).with_name("helpers.py"))
helpers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(helpers)
wait_until = helpers.wait_until


def poll_until_finished(listener):
    def finished():
        listener.poll()
        return listener.run is not None and listener.run.finished
    wait_until(finished, "the training to close")
    return listener.run


def dataset(n: int = 64):
    generator = torch.Generator().manual_seed(0)
    x = torch.randn(n, 4, generator=generator)
    return torch.utils.data.TensorDataset(x, x.sum(dim=1, keepdim=True))


@pytest.mark.filterwarnings("ignore::UserWarning", "ignore::DeprecationWarning", "ignore::FutureWarning")
def test_lightning_callback_streams_losses_applies_commands_and_stops(listener, tmp_path):
    pl = pytest.importorskip("lightning.pytorch", reason="Lightning is not installed (pip install lightning)")
    from lrmonitor.attach.lightning import LightningMonitor

    class Tiny(pl.LightningModule):
        def __init__(self):
            super().__init__()
            self.layer = torch.nn.Linear(4, 1)
            self.used = []

        def training_step(self, batch, batch_idx):
            x, y = batch
            return torch.nn.functional.mse_loss(self.layer(x), y)

        def validation_step(self, batch, batch_idx):
            x, y = batch
            self.log("val_loss", torch.nn.functional.mse_loss(self.layer(x), y))

        def configure_optimizers(self):
            optimizer = torch.optim.SGD(self.parameters(), lr=0.05)
            scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda e: 0.9 ** e)
            return {"optimizer": optimizer, "lr_scheduler": {"scheduler": scheduler, "interval": "step"}}

    class Record(pl.Callback):  # after the monitor's: the rate each update used
        def on_train_start(self, trainer, module):
            trainer.optimizers[0].register_step_pre_hook(lambda o, a, k: module.used.append(o.param_groups[0]["lr"]))

    decay = listener.send("decay=0.5", at_step=5)
    stop = listener.send("stop", at_step=12)
    model = Tiny()
    loader = torch.utils.data.DataLoader(dataset(), batch_size=16)
    trainer = pl.Trainer(max_epochs=10, callbacks=[LightningMonitor(), Record()], logger=False,
                         enable_checkpointing=False, enable_progress_bar=False, enable_model_summary=False,
                         accelerator="cpu", default_root_dir=tmp_path)
    trainer.fit(model, loader, loader)
    run = poll_until_finished(listener)
    assert run.info.framework == "lightning" and run.info.steps_per_epoch == 4
    assert model.used[:5] == [0.05 * 0.9 ** k for k in range(5)]  # the script's own schedule
    assert model.used[5:] == [0.05 * 0.9 ** 5 * 0.5] * (len(model.used) - 5)  # override: held after the decay
    assert trainer.global_step == 12  # Stop at step 12: seen after the 12th update, Lightning stopped there
    assert {a.id: a.step for a in run.acks} == {decay: 5, stop: 12}
    assert list(run.steps.view()) == list(range(1, 13))
    assert run.history.epochs >= 3  # validation losses at the epochs' ends


@pytest.mark.filterwarnings("ignore::UserWarning", "ignore::DeprecationWarning", "ignore::FutureWarning")
def test_hugging_face_callback_streams_losses_applies_commands_and_stops(listener, tmp_path):
    transformers = pytest.importorskip("transformers", reason="transformers is not installed (pip install "
                                       "transformers accelerate)")
    pytest.importorskip("accelerate", reason="the Hugging Face Trainer needs accelerate")
    from lrmonitor.attach.huggingface import HuggingFaceMonitor

    class Tiny(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.layer = torch.nn.Linear(4, 1)

        def forward(self, x, labels=None):
            out = self.layer(x)
            return {"loss": torch.nn.functional.mse_loss(out, labels), "logits": out}

    class Pairs(torch.utils.data.Dataset):
        def __init__(self):
            self.data = dataset()

        def __len__(self):
            return len(self.data)

        def __getitem__(self, i):
            x, y = self.data[i]
            return {"x": x, "labels": y}

    used = []

    class Record(transformers.TrainerCallback):
        def on_train_begin(self, args, state, control, optimizer=None, **kwargs):
            inner = getattr(optimizer, "optimizer", optimizer)
            inner.register_step_pre_hook(lambda o, a, k: used.append(o.param_groups[0]["lr"]))

    decay = listener.send("decay=0.5", at_step=6)
    listener.send("stop", at_step=10)
    args = transformers.TrainingArguments(
        output_dir=str(tmp_path), per_device_train_batch_size=16, num_train_epochs=20, learning_rate=0.05,
        lr_scheduler_type="linear", logging_steps=1, eval_strategy="epoch", per_device_eval_batch_size=16,
        save_strategy="no", report_to=[], use_cpu=True, disable_tqdm=True, optim="sgd")
    trainer = transformers.Trainer(model=Tiny(), args=args, train_dataset=Pairs(), eval_dataset=Pairs(),
                                   callbacks=[HuggingFaceMonitor(), Record()])
    trainer.train()
    run = poll_until_finished(listener)
    assert run.info.framework == "transformers" and run.info.steps_per_epoch == 4
    own = [0.05 * (1 - k / 80) for k in range(6)]  # the linear schedule over 20 epochs of 4 steps
    assert used[:6] == pytest.approx(own, rel=1e-12)
    ack = next(a for a in run.acks if a.id == decay)
    assert ack.step == 6 and ack.lr == pytest.approx(0.05 * (1 - 6 / 80) * 0.5, rel=1e-12)
    assert set(used[6:]) == {ack.lr}  # override: held at the decayed rate, whatever the linear schedule does
    assert (run.step_table()["grad_norm"] > 0).all()  # from on_log
    assert trainer.state.global_step == 10  # Stop at step 10: the Trainer stopped after its 10th step
    assert len(run.steps) >= 10 and run.history.epochs >= 2  # losses and eval losses arrived


@pytest.mark.filterwarnings("ignore::UserWarning", "ignore::DeprecationWarning", "ignore::FutureWarning")
@pytest.mark.parametrize("scheduled", [False, True], ids=["float-rate", "schedule"])
def test_keras_callback_applies_commands_labels_its_running_mean_and_stops(listener, monkeypatch, scheduled):
    monkeypatch.setenv("KERAS_BACKEND", "torch")
    keras = pytest.importorskip("keras", reason="Keras 3 is not installed (pip install keras)")
    if keras.backend.backend() != "torch":
        pytest.skip(f"Keras was loaded with the {keras.backend.backend()} backend; this test uses torch's")
    from lrmonitor.attach.keras import LOSS_LABEL, KerasMonitor

    own = keras.optimizers.schedules.ExponentialDecay(0.05, decay_steps=1, decay_rate=0.9) if scheduled else 0.05
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=own), loss="mse")
    used = []

    class Record(keras.callbacks.Callback):  # after the monitor's: the rate the batch's step uses
        def on_train_batch_begin(self, batch, logs=None):
            used.append(float(keras.ops.convert_to_numpy(self.model.optimizer.learning_rate)))

    decay = listener.send("decay=0.5", at_step=5)
    listener.send("stop", at_step=9)
    x = torch.randn(64, 4, generator=torch.Generator().manual_seed(0)).numpy()
    model.fit(x, x.sum(axis=1, keepdims=True), batch_size=16, epochs=10, validation_data=(x, x.sum(axis=1)),
              callbacks=[KerasMonitor(), Record()], verbose=0)
    run = poll_until_finished(listener)
    script = [0.05 * 0.9 ** k for k in range(10)] if scheduled else [0.05] * 10
    assert used[:5] == pytest.approx(script[:5], rel=1e-6)  # float32 in Keras
    assert used[5:] == pytest.approx([script[5] * 0.5] * (len(used) - 5), rel=1e-6)
    ack = next(a for a in run.acks if a.id == decay)
    assert ack.step == 5 and ack.lr == pytest.approx(script[5] * 0.5, rel=1e-6)
    assert len(used) == 9  # Stop at step 9: Keras stopped after its 9th batch
    assert run.info.framework == "keras" and run.info.loss_label == LOSS_LABEL and run.info.steps_per_epoch == 4
    assert run.history.epochs == 3  # val_loss at the end of epochs 0, 1 and 2 (where Stop ended it)
