"""What the window shows, computed without Qt: smoothed curves, envelopes, guide, preview, speed."""
