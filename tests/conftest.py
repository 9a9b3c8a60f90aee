"""Test setup: Qt runs on the offscreen platform, so tests need no screen."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
