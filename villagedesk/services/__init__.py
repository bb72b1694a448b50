"""Use cases: one transaction per call, plain data out, domain errors raised."""
