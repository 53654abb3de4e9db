"""Run a confirmed import in a background thread of the web process.

Why a thread: a 10 MB export takes seconds to write, longer than a request
should hold a worker, yet it needs nothing but the database and the file.
The thread gets its own app context, hence its own database session and
connection, and holds one transaction from first insert to commit, so the
import stays all or nothing. Other requests go on being served meanwhile
(the worker's main thread is free; on MariaDB the import's row locks touch
only this user's new rows). Progress goes to a small file beside the upload
(see storage.py), which every worker process can read when the page polls.

The thread is not a daemon: a worker that stops on its own (gunicorn's
max_requests, a graceful restart) exits only once the import is done, as
long as that is within gunicorn's ``timeout``. If the process dies first,
the transaction never commits, nothing is written, and the page notices
the silence (no progress for ``STALE_SECONDS``) and says so.
"""

import logging
import threading

from flask import Flask, current_app
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from homegym import clock
from homegym.extensions import db
from homegym.imports import storage
from homegym.imports.models import ImportBatch
from homegym.imports.writer import ImportFailed, run_import

logger = logging.getLogger(__name__)

# An import that has written no progress for this long has lost its process.
STALE_SECONDS = 300

# Threads started by this process, by batch id, so tests and shutdown can wait.
running: dict[int, threading.Thread] = {}


def claim(batch: ImportBatch, mapping: dict, unit: str | None) -> bool:
    """Queue a previewed batch with the user's choices; False if already queued.

    One statement both checks and moves, so a double click starts one import.
    """
    moved = db.session.execute(
        update(ImportBatch)
        .where(ImportBatch.id == batch.id, ImportBatch.status == "preview")
        .values(status="queued", started_at=clock.utcnow(), mapping=mapping, unit=unit)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return moved.rowcount == 1


def start(batch_id: int) -> threading.Thread:
    """Start the import of a claimed batch in a thread of its own."""
    app = current_app._get_current_object()
    thread = threading.Thread(
        target=work, args=(app, batch_id), name=f"import-{batch_id}", daemon=False
    )
    running[batch_id] = thread
    thread.start()
    return thread


def wait(batch_id: int, timeout: float | None = None) -> None:
    """Wait for this process's thread of a batch, if there is one."""
    thread = running.get(batch_id)
    if thread is not None:
        thread.join(timeout)


def work(app: Flask, batch_id: int) -> None:
    """The thread's body: import, commit, and note the outcome either way."""
    with app.app_context():
        batch = db.session.get(ImportBatch, batch_id)
        if batch is None:  # the account went meanwhile, and its batches with it
            running.pop(batch_id, None)
            return
        token = batch.token
        try:
            path = storage.upload_path(token)
            if not path.exists():
                raise ImportFailed("missing_file")
            batch.status = "running"
            db.session.commit()
            storage.write_progress(token, 0, batch.summary.get("workouts_in_file", 0))
            run_import(
                batch,
                str(path),
                progress=lambda done, total: storage.write_progress(token, done, total),
            )
            db.session.commit()
        except IntegrityError:
            # Another import of the same workouts committed first: the unique
            # import keys refused this one's copies, so nothing of it stands.
            db.session.rollback()
            logger.warning("import %s refused: overlap", batch_id)
            fail(batch_id, "overlap")
        except Exception as error:  # noqa: BLE001 - every failure must be recorded
            db.session.rollback()
            code = error.code if isinstance(error, ImportFailed) else "failed"
            if code == "failed":
                logger.exception("import %s failed", batch_id)
            else:
                logger.warning("import %s refused: %s", batch_id, code)
            fail(batch_id, code)
        finally:
            storage.discard(token)
            db.session.remove()
            running.pop(batch_id, None)


def fail(batch_id: int, code: str) -> None:
    """Record that a batch wrote nothing, and why."""
    db.session.execute(
        update(ImportBatch)
        .where(ImportBatch.id == batch_id)
        .values(status="failed", error=code, finished_at=clock.utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def notice_stale(batch: ImportBatch, stale_seconds: int = STALE_SECONDS) -> bool:
    """Mark a batch failed whose import went silent (its process is gone)."""
    if not batch.working:
        return False
    progress = storage.read_progress(batch.token)
    if progress is not None:
        silent = progress[2]
    elif batch.started_at is not None:
        silent = (clock.utcnow() - batch.started_at).total_seconds()
    else:
        return False
    if silent < stale_seconds or batch.id in running:
        return False
    fail(batch.id, "interrupted")
    storage.discard(batch.token)
    db.session.refresh(batch)
    return True
