"""Sync: protocol (wire schema), engine (push/pull), transport (requests), bundles, blobs."""
