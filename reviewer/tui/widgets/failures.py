"""An unexpected error in the background is shown and logged, and the app keeps running."""

from __future__ import annotations

import logging
import traceback

import platformdirs
from textual.app import App
from textual.widget import Widget
from textual.worker import Worker, WorkerState


def log_path() -> str:
    return str(platformdirs.user_log_path("reviewer") / "reviewer.log")


def report_failed_worker(node: Widget | App[None], event: Worker.StateChanged) -> None:
    """Tell the user a background task failed, and keep its traceback in the log file."""
    error = event.worker.error
    if event.state != WorkerState.ERROR or error is None:
        return
    logger = _logger()
    logger.error("%s failed:\n%s", event.worker.name, "".join(traceback.format_exception(error)))
    node.notify(
        f"{event.worker.name or 'a background task'} failed: {error}. The app goes on; details in {log_path()}",
        severity="error",
        markup=False,
    )


def _logger() -> logging.Logger:
    logger = logging.getLogger("reviewer")
    if not logger.handlers:
        path = platformdirs.user_log_path("reviewer")
        path.mkdir(parents=True, exist_ok=True)
        logger.addHandler(logging.FileHandler(path / "reviewer.log", encoding="utf-8"))
        logger.propagate = False
    return logger
