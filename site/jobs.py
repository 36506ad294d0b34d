"""Bake and publish as recorded jobs: what the commands, the task and the admin action run.

Each run is for one site (the default site unless given) and leaves a Build or Deployment record
with its site, trigger, counts, duration and, when it failed, the reason in plain words (shown in
the admin).
"""

import logging
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from sitegen.bake import bake, build_is_behind
from sitegen.locks import SiteLockLost, ensure_site_lock_held, in_site_job, site_job
from sitegen.models import Build, Deployment, Status
from sitegen.publish import PublishError, compare, publish
from sitegen.queues import rebuild_to_come
from sitegen.recovery import update_again
from sitegen.repair import (
    catch_up,
    target_holds_what_the_folder_lacks,
    worth_catching_up_for_a_bake,
)
from sitegen.sites import build_dir, chosen_target_name, default_site, publish_target

logger = logging.getLogger(__name__)

REPAIR_TRIGGER = "this worker's build was behind"


@dataclass
class JobOutcome:
    record: Build | Deployment | None
    value: Any = None
    error: str = ""


def _finish(record, status, error="", **counts):
    record.status = status
    record.error = error
    record.duration = (timezone.now() - record.started_at).total_seconds()
    for field, value in counts.items():
        setattr(record, field, value)
    record.save()


def _fail(record, error) -> JobOutcome:
    """Record a failed job with its reason in plain words, for the admin and the caller."""
    _finish(record, Status.FAILED, error=str(error) or type(error).__name__)
    return JobOutcome(record, error=record.error)


def run_bake(
    *,
    site=None,
    changed_only=False,
    search_index=True,
    rebuild=False,
    trigger,
    user=None,
    progress=None,
) -> JobOutcome:
    site = site or default_site()
    record = Build.objects.create(
        site=site, trigger=trigger, triggered_by=user, full=not changed_only
    )
    try:
        with site_job(site):
            if changed_only and worth_catching_up_for_a_bake(site, rebuild):
                # Else the bake finds the folder behind and bakes it in full. A bake without
                # the search index reads no file of the site's: it needs none fetched.
                catch_up(site, files=search_index)
            result = bake(
                site,
                changed_only=changed_only,
                search_index=search_index,
                rebuild=rebuild,
                progress=progress,
            )
    except SiteLockLost as error:
        return _stop_for_lost_lock(site, error, record)
    except Exception as error:  # any failure is recorded for the admin, then reported
        logger.exception("Bake of %s failed", site)
        return _fail(record, error)
    _finish(
        record,
        Status.SUCCEEDED,
        full=result.full,
        pages_rendered=result.pages_rendered,
        files_written=result.files_written,
        files_deleted=result.files_deleted,
        pages_not_baked="\n".join(result.failures[page_id] for page_id in sorted(result.failures)),
    )
    return JobOutcome(record, result)


def run_publish(
    *,
    site=None,
    target_name=None,
    dry_run=False,
    recheck=False,
    files_missing_ok=False,
    trigger,
    user=None,
    progress=None,
) -> JobOutcome:
    """Publish the site's build to its target (``target_name``: another configured target, at
    the site's place on it); ``recheck``: compare every file the target holds, trusting no
    manifest (``sitegen.publish.publish``); ``files_missing_ok``: the build folder may lack
    files of its bake (``sitegen.repair``), since the bake that just ran wrote those that the
    target lacks."""
    site = site or default_site()
    if dry_run:
        return _plan_publish(site, target_name)
    record = Deployment.objects.create(
        site=site,
        target=chosen_target_name(site, target_name),
        trigger=trigger,
        triggered_by=user,
    )
    try:
        # A misconfigured target, or one another site has, is a failed publication too: the
        # admin shows why.
        target = publish_target(site, target_name)
        record.target = target.describe()
        with site_job(site):
            _bake_again_if_behind(site, trigger, user, files_missing_ok)
            result = publish(
                build_dir(site),
                target,
                progress=progress,
                recheck=recheck,
                before_each_phase=lambda: ensure_site_lock_held(site),
            )
            ensure_site_lock_held(site)  # the whole publish ran under the lock
    except SiteLockLost as error:
        return _stop_for_lost_lock(site, error, record)
    except _LockLostInside as stopped:  # in the bake of a folder that was behind
        return _stop_for_lost_lock(site, stopped.error, *stopped.records, record)
    except Exception as error:  # recorded for the admin, then reported
        logger.exception("Publish to %s failed", record.target)
        return _fail(record, error)
    _finish(
        record,
        Status.SUCCEEDED,
        files_uploaded=result.uploaded,
        files_deleted=result.deleted,
        bytes_uploaded=result.bytes_uploaded,
    )
    return JobOutcome(record, result)


class _LockLostInside(Exception):
    """A job run inside another (a bake inside a publish, both inside an update) lost the
    site's lock: the outer job stops too, and the outermost fails every record."""

    def __init__(self, error: SiteLockLost, records):
        super().__init__(str(error))
        self.error, self.records = error, records


def _stop_for_lost_lock(site, error: SiteLockLost, *records) -> JobOutcome:
    """End jobs that lost the site's lock (``records``: the innermost first). Call it once out
    of the job's ``site_job``: a job run inside another leaves them to the outermost, which no
    longer holds the site when it enqueues the update again."""
    if in_site_job(site):
        raise _LockLostInside(error, records)
    return _fail_and_update_again(error, *records)


def _fail_and_update_again(error: SiteLockLost, *records) -> JobOutcome:
    """A job that lost its site's lock stopped before changing anything more: its records (the
    job's and those of the jobs it ran inside it) are failed and the site's update enqueued
    again at once (in one transaction, as recovery does), since no recovery will find this job
    running. Not in full: the job stopped before sharing its bake (``sitegen.bake``), and a
    folder it left half changed has no state, so its next bake is a full one anyway. Its
    publish compares every file the target holds: the uploads this job had under way when its
    lock went may have landed after another worker's publish of the site, which no manifest
    shows. Returns the outermost job's outcome."""
    logger.error("%s: %s", records[-1], error)
    with transaction.atomic():
        for record in records:
            outcome = _fail(record, error)
        update_again(records[-1].site_id, full=False, recheck=True)
    return outcome


def _bake_again_if_behind(site, trigger, user=None, files_missing_ok=False) -> None:
    """Bring the site's build folder here to the latest bake, first, when it holds an older
    bake than the one another worker made since, or lacks files of its bake
    (``sitegen.bake.build_is_behind``): from the publish target when it holds that bake
    (``sitegen.repair``), else by baking it in full. Call it holding the site's lock."""
    if files_missing_ok and not target_holds_what_the_folder_lacks(site):
        files_missing_ok = False  # the files the folder lacks must be sent too
    if not build_is_behind(site, files_missing_ok) or catch_up(site) is not None:
        return
    logger.warning("The build of %s is behind its latest bake: baking it again", site)
    rebaked = run_bake(site=site, trigger=f"{REPAIR_TRIGGER}: {trigger}"[:200], user=user)
    if rebaked.error:
        raise PublishError(f"The build was behind and baking it again failed: {rebaked.error}")


def _plan_publish(site, target_name) -> JobOutcome:
    """What a publish would upload and delete; nothing is published (a build folder that is
    behind is baked again first, or the plan would take back newer changes)."""
    try:
        target = publish_target(site, target_name)
        with site_job(site):
            _bake_again_if_behind(site, "publish --dry-run")
            return JobOutcome(None, publish(build_dir(site), target, dry_run=True))
    except _LockLostInside as stopped:
        return _stop_for_lost_lock(site, stopped.error, *stopped.records)
    except Exception as error:  # reported to the person who asked, in the setting's words
        return JobOutcome(None, error=str(error))


def verify_publish(*, site=None, target_name=None, progress=None) -> JobOutcome:
    """Compare the site's target with its build, file by file; nothing is published (a build
    folder that is behind is baked again first)."""
    site = site or default_site()
    try:
        target = publish_target(site, target_name)
        with site_job(site):
            _bake_again_if_behind(site, "publish --verify")
            return JobOutcome(None, compare(build_dir(site), target, progress=progress))
    except _LockLostInside as stopped:
        return _stop_for_lost_lock(site, stopped.error, *stopped.records)
    except Exception as error:  # reported to the person who asked, in the setting's words
        return JobOutcome(None, error=str(error))


def run_bake_and_publish(
    *, site=None, changed_only=True, rebuild=False, recheck=False, trigger, user=None
) -> JobOutcome:
    """Bring a site's public site up to date: bake, then publish to its target.

    The changed pages go out first; the search index, which covers the whole site and takes
    seconds on a large catalog, follows in a second bake and publish. The site's lock is held
    from the first bake to the last publish: another worker's job of the site in between would
    leave this worker's folder behind, to be caught up or baked in full before its publish.
    ``rebuild``: the update is the site's rebuild after a site-wide change (``sitegen.bake``).
    ``recheck``: the publish compares every file the target holds with the build, trusting no
    manifest (the folder is completed first, since every file is read).
    """
    site = site or default_site()
    try:
        with site_job(site):
            return _bake_and_publish(site, changed_only, rebuild, recheck, trigger, user)
    except _LockLostInside as stopped:
        return _stop_for_lost_lock(site, stopped.error, *stopped.records)


def _bake_and_publish(site, changed_only, rebuild, recheck, trigger, user) -> JobOutcome:
    jobs = {"site": site, "trigger": trigger, "user": user}
    baked = run_bake(changed_only=changed_only, search_index=False, rebuild=rebuild, **jobs)
    if baked.error:
        return baked
    published = run_publish(files_missing_ok=not recheck, recheck=recheck, **jobs)
    if published.error or not baked.value.search_index_pending:
        return published
    if not rebuild and rebuild_to_come(site):
        return published  # that rebuild bakes the site in full, search index included
    jobs["trigger"] = f"search index: {trigger}"[:200]
    indexed = run_bake(changed_only=True, rebuild=rebuild, **jobs)
    if indexed.error:
        return indexed
    return run_publish(**jobs)
