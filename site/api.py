"""What other apps may ask of the site generator. They import this module only, never the baker.

from sitegen.api import rebuild_pages
rebuild_pages([product], reason="sold out: BTK-001")
"""

from sitegen.addresses import public_page_url, public_root, public_url
from sitegen.models import PageBakeFailure, RebuildRequest
from sitegen.page_redirects import redirect_address
from sitegen.paths import UnsafePath
from sitegen.shared_state import shared_entries
from sitegen.signal_handlers import schedule_site_update, sites_of_pages
from sitegen.sitefiles import redirect_file_path
from sitegen.sites import publish_target
from sitegen.targets import InvalidPublishTarget, PublishError, S3Target

__all__ = [
    "UnsafePath",
    "bake_failure_of",
    "baked_routes",
    "public_page_url",
    "public_root",
    "public_url",
    "rebuild_pages",
    "redirect_address",
    "redirect_file_path",
    "storage_place",
]


def rebuild_pages(pages, *, reason: str) -> None:
    """Render these pages again at the next bake of their site, and schedule that bake after
    the current transaction commits (when automatic publishing is on).

    For changes a page's revisions do not record; a published revision needs no request. The
    request is part of the caller's transaction: if it rolls back, nothing is rebuilt.
    """
    pages = list(pages)
    reason = reason[:200]
    RebuildRequest.objects.bulk_create(
        RebuildRequest(page_id=page.pk, reason=reason) for page in pages
    )
    schedule_site_update(reason, sites_of_pages(pages))


def bake_failure_of(page) -> str:
    """Why the last bake of its site could not render this page ("" when it could)."""
    failure = PageBakeFailure.objects.filter(page_id=page.pk).first()
    return failure.reason if failure else ""


def baked_routes(site) -> dict[str, dict]:
    """The files of the site's latest bake that pages are baked to, by path in the build
    (``katalog/batik/index.html``), each with its ``page`` id, ``subpath`` and the ``files``
    stored beside it; empty before the first bake."""
    return shared_entries(site, "routes")


def storage_place(site) -> tuple[str, str] | None:
    """The bucket and key prefix (``""`` or ``"lapas-b/"``) the site publishes to, or None
    when it publishes to a folder or cannot publish."""
    try:
        target = publish_target(site)
    except (InvalidPublishTarget, PublishError):
        return None
    return (target.bucket, target.prefix) if isinstance(target, S3Target) else None
