"""Reproducible performance runs (``python -m benchmarks NAME``); not part of the test run."""
