"""Faults for the publish tests: a target that fails at a chosen step, and a publish run in a
process of its own that kills itself there (SIGKILL: no handler, no clean-up runs).

A step is one change of the target: a manifest write, one upload, the delete of one file. Run as
``python -m tests.sitegen.faults SPEC BUILD_DIR STEP`` (SPEC: the JSON of `target_spec`), the
publish stops dead before step STEP; this is test code, production code has no such hook.
"""

import json
import os
import signal
import sys
import threading
from pathlib import Path


class Fault(ConnectionResetError):
    """What a dropped connection looks like to the publish."""


def drop_connection():
    raise Fault("connection reset by peer")


def kill_this_process():
    os.kill(os.getpid(), signal.SIGKILL)


class FaultyTarget:
    """A real target whose step number `fail_at` (from 0) calls `fault` instead of happening.

    Deletes are taken one file at a time, so that each is a step of its own."""

    def __init__(self, target, fail_at: int | None = None, fault=drop_connection):
        self._target = target
        self._fail_at = fail_at
        self._fault = fault
        self._lock = threading.Lock()
        self.steps = 0

    def __getattr__(self, name):
        return getattr(self._target, name)

    def _step(self) -> None:
        with self._lock:
            step = self.steps
            self.steps += 1
        if step == self._fail_at:
            self._fault()

    def write_manifest(self, manifest) -> None:
        self._step()
        self._target.write_manifest(manifest)

    def upload(self, path, source, entry) -> int:
        self._step()
        return self._target.upload(path, source, entry)

    def delete(self, paths) -> None:
        for path in paths:
            self._step()
            self._target.delete([path])


def target_spec(target) -> str:
    """How the child process rebuilds `target` (a FolderTarget or an S3Target)."""
    from sitegen.targets import FolderTarget

    if isinstance(target, FolderTarget):
        return json.dumps({"path": str(target.path)})
    return json.dumps(
        {"bucket": target.bucket, "prefix": target.prefix, "endpoint_url": target.endpoint_url}
    )


def build_target(spec: str):
    from sitegen.targets import FolderTarget, S3Target

    options = json.loads(spec)
    if "path" in options:
        return FolderTarget(options["path"])
    return S3Target(**options, max_attempts=1)


def main(spec: str, build_dir: str, step: str) -> None:
    from sitegen.publish import publish

    target = FaultyTarget(build_target(spec), fail_at=int(step), fault=kill_this_process)
    publish(Path(build_dir), target, workers=1)


if __name__ == "__main__":
    main(*sys.argv[1:])
