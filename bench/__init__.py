"""thresher's benchmark suite (not installed with the package): `python -m bench --help`."""
