"""Handlers of the headless commands; each takes the parsed argparse namespace and returns an
exit code, raising CuratorError (or OSError/ValueError) with a one-line reason on failure."""
