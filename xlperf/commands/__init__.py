"""One module per CLI command (see :mod:`xlperf.cli`)."""
