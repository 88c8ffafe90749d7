"""`thresher serve`: an HTTP API and a web page (needs the `serve` extra)."""
