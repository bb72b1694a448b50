"""Test and benchmark helpers that are not fixtures: the fault-injecting link proxy."""
