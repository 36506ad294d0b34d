"""Bake a site: render its public pages and site files into the build folder.

A full bake renders every public page into a fresh staging folder and swaps it in whole, so a
failed bake leaves the previous build untouched; a file whose bytes the previous build holds
already is linked to it rather than written again. An incremental bake (``changed_only``) compares
the pages the public can see now with the state saved by the last bake and re-renders only the
files that change:

- pages published, moved or re-approved since (their live revision or tree position differs),
  and every file that read one of them while rendering (a listing card, a story's product list);
- listing routes whose list of pages changed (an item appeared, left or shifted to another
  listing page), as reported by the page's ``get_static_routes()``;
- pages another app asked to rebuild (``sitegen.api.rebuild_pages``) and the files that read them;
- files of pages that are gone are deleted, with images no other page uses.

The search index (Pagefind) covers the whole site and has no incremental mode; it is built
again only when the HTML it reads changed (the state keeps a digest of what it was made from,
``sitegen.search.index_source``), and a full bake that left every page as it was takes the
replaced build's. A bake may leave it for later (``search_index=False``) so an approval reaches
the public without waiting for it; the state remembers the index is behind and the next bake
that allows it rebuilds it, even when no page changed.

Site-wide content (settings, categories, photos, redirects, the theme) is covered by a fingerprint;
when it differs from the last bake's, the incremental bake becomes a full one, unless a rebuild
of the site is on its way in the ``rebuilds`` queue (``sitegen.queues``, waiting or taken by a
worker): then the bake renders only the changed pages, so an approval reaches the public in a
second rather than after a full bake, and keeps the previous fingerprint in the state, so that
rebuild still bakes the site in full.
The state and the manifest describe the files of the build folder they live in
(``<build>/.etalase/``, never published; ``sitegen.build_folder``).

Each site of an installation has a build folder of its own (``sitegen.sites.build_dir``) on the
disk of each task worker, and sites are baked independently, in parallel on several workers.
Every path written or deleted is checked to lie inside that folder (``sitegen.paths``). Any
worker, on any machine, may bake any site, so no folder is the truth on its own:

- one bake or publish of a site at a time, on every worker (``sitegen.locks.site_job``);
- the state and manifest of the site's latest bake are shared in the database
  (``sitegen.shared_state``), with a generation number given to each bake's outcome. The
  database, not the publish target, because every worker and the admin reach it already, a
  bake needs no publish to be seen, a row is updated in one statement under the same server
  that holds the site's lock, and the state (which pages each file read) never belongs on a
  public bucket. A folder whose state carries another generation holds an older bake than the
  latest (another worker baked the site since, and saw changes, such as rebuild requests, this
  folder never will): its job first fetches the latest bake's files it lacks from the site's
  target when the target holds that bake (``sitegen.repair``; none for a bake that leaves the
  search index for later), else its next bake is a full one
  and a publish bakes it in full before sending anything (``build_is_behind``). Determinism
  makes that full bake equal to the other worker's files, so the publish by manifest then sends
  only what the target lacks.

A page that cannot be rendered (a template error, a theme asset missing) does not stop the
others: an incremental bake keeps its last good files, a full bake leaves it out, and the page is
recorded with the reason (``PageBakeFailure``) until a bake renders it.

A bake converges after being killed at any point: a full bake works in a staging folder swapped
in whole, and an incremental bake removes the state and manifest before it changes the first
file, so a bake killed halfway is followed by a full one, and a publish meanwhile finds no
manifest and refuses. A bake takes its generation in the database before its folder's state
says it holds that bake: killed in between, the folder holds an older generation, and is baked
in full again.
"""

import glob
import os
import shutil
import stat
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from wagtail.models import Site

from sitegen import sitefiles
from sitegen.assets import (
    collect_theme_assets,
    read_media,
    rewrite_static_references,
)
from sitegen.build_folder import (
    files_missing,
    forget_bake,
    manifest_path,
    read_manifest,
    read_state,
    write_bake,
)
from sitegen.contract import StaticRoute
from sitegen.fingerprint import photo_fingerprints, site_wide_fingerprint
from sitegen.locks import ensure_site_lock_held, site_job
from sitegen.manifest import Manifest, ManifestEntry, write_atomically
from sitegen.models import PageBakeFailure, RebuildRequest
from sitegen.pages import PublicPage, output_path, public_pages, specific_pages
from sitegen.parallel import render_pages
from sitegen.paths import inside
from sitegen.queues import rebuild_to_come
from sitegen.render import PageRenderer, RenderedPage, request_for_path
from sitegen.search import INDEX_DIR as SEARCH_INDEX_DIR
from sitegen.search import build_search_index, index_source
from sitegen.shared_state import (
    ENTRY_SECTIONS,
    FILES,
    EntryChanges,
    latest_files,
    latest_generation,
    latest_state_value,
    outcome_entries,
    share,
)
from sitegen.sites import build_dir, default_site

# 2: media are the renditions pages show, redirects only paths inside the build.
# 3: the state holds the digest of its shared entries (sitegen.shared_state).
# 4: JSON written by orjson (sitegen.canonical), so entry hashes differ from version 3's.
STATE_VERSION = 4
# The state's record of what the folder's search index was made from.
SEARCH_SOURCE = "search_index_source"

Progress = Callable[[int, int, str], None]

SITE_WIDE_CHANGE = "site settings, categories, redirects, the theme or the code changed"

# A build a full bake replaced is renamed "<folder>.replaced-<random>" and deleted by a thread
# of this name (``_swap_in``).
REPLACED = ".replaced-"
DELETION_THREAD_NAME = "delete a replaced build"


@dataclass
class BakeResult:
    full: bool
    pages_rendered: int = 0
    files_written: int = 0
    files_deleted: int = 0
    duration: float = 0.0
    reason: str = ""
    # Pages changed but the search index was left for a later bake.
    search_index_pending: bool = False
    # Pages that could not be rendered, with the reason; those rendered.
    failures: dict[int, str] = field(default_factory=dict)
    baked_pages: set[int] = field(default_factory=set)


def bake(
    site: Site | None = None,
    *,
    changed_only=False,
    search_index=True,
    rebuild=False,
    progress: Progress | None = None,
):
    """Bake the site (the default site unless given) into its build folder and return what was
    done.

    ``search_index=False`` leaves the search index of an incremental bake for a later bake.
    ``rebuild``: this bake is the site's rebuild after a site-wide change (``sitegen.queues``),
    which it bakes itself rather than leave to a rebuild on its way.
    """
    site = site or default_site()
    folder = build_dir(site)
    started = time.monotonic()
    # Wagtail caches the sites' root paths per process; a long-running worker would not see a
    # site added since, and its pages would have no URL.
    Site.clear_site_root_paths_cache()
    with site_job(site):
        requests = dict(
            RebuildRequest.objects.filter(page__path__startswith=site.root_page.path).values_list(
                "pk", "page_id"
            )
        )
        state = read_state(folder) if changed_only else None
        # Computed once: an incremental bake records the fingerprint it compared.
        fingerprint = site_wide_fingerprint(site) if changed_only else None
        reason = (
            _why_full_bake_needed(folder, site, state, fingerprint, search_index)
            if changed_only
            else "requested"
        )
        if reason == SITE_WIDE_CHANGE and not rebuild and rebuild_to_come(site):
            # The rebuild on its way to this site bakes it in full after this job: an approval
            # need not wait for a full bake of its own. The state keeps the previous
            # fingerprint, so that rebuild still sees the site-wide change.
            reason, fingerprint = "", state["fingerprint"]
        if reason:
            result = _full_bake(site, folder, progress)
            result.reason = reason
        else:
            requested = set(requests.values())
            result = _incremental_bake(
                site, folder, state, requested, search_index, progress, fingerprint
            )
        # Only the requests this bake saw: one made while it ran waits for the next bake.
        RebuildRequest.objects.filter(pk__in=requests).delete()
        _record_page_failures(site, result)
    result.duration = time.monotonic() - started
    return result


def _record_page_failures(site: Site, result: BakeResult) -> None:
    """Keep the record of the site's pages that could not be baked: a page rendered now, or no
    longer public, has none."""
    failures = PageBakeFailure.objects.filter(site=site)
    if not result.failures and not failures.exists():
        return  # the usual case: no need to list every public page of the site
    public_ids = set(public_pages(site))
    failures.exclude(page_id__in=public_ids).delete()
    failures.filter(page_id__in=result.baked_pages).delete()
    for page_id, reason in result.failures.items():
        PageBakeFailure.objects.update_or_create(
            page_id=page_id, defaults={"site": site, "reason": reason}
        )


def build_is_behind(site: Site, files_missing_ok=False) -> bool:
    """Whether the site's build folder is complete but holds an older bake than the site's
    latest, made by another worker since: publishing it would take back that worker's changes;
    or lacks files of its bake (caught up without them, ``sitegen.repair``), unless
    ``files_missing_ok`` (the publish of what a bake just wrote there). (A folder without a
    manifest, never baked here or cut short, is refused by the publish.) Call it holding the
    site's lock."""
    folder = build_dir(site)
    if not manifest_path(folder).exists():
        return False
    state = read_state(folder) or {}
    if state.get("generation") != latest_generation(site):
        return True
    return files_missing(folder) and not files_missing_ok


def _why_full_bake_needed(
    folder: Path, site: Site, state: dict | None, fingerprint: str, search_index: bool
) -> str:
    if state is None:
        return "no previous bake"
    if state.get("version") != STATE_VERSION or state.get("site") != site.pk:
        return "the previous bake was made by another version or for another site"
    if state.get("generation") != latest_generation(site):
        return "another worker baked the site since this folder's bake"
    if not manifest_path(folder).exists():
        return "the previous bake is incomplete"
    if search_index and files_missing(folder):
        return "the folder lacks pages of the previous bake, which the search index reads"
    if state.get("fingerprint") != fingerprint:
        return SITE_WIDE_CHANGE
    return ""


def _full_bake(site: Site, folder: Path, progress) -> BakeResult:
    _delete_replaced_builds(folder)
    staging = folder.with_name(folder.name + ".staging")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        pages = public_pages(site)
        baker = Baker(site, staging, pages, None, Manifest(), progress, replacing=folder)
        baker.collect_static()
        baker.total = len(pages)
        for rendered in render_pages(baker.renderer, list(pages), settings.SITEGEN_BAKE_WORKERS):
            baker.record(rendered)
        baker.finish()
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap_in(staging, folder)
    return BakeResult(
        full=True,
        pages_rendered=baker.rendered,
        files_written=baker.written,
        failures=baker.failures,
        baked_pages=baker.baked_pages,
    )


def _swap_in(staging: Path, folder: Path) -> None:
    """Put the staging folder in the build's place. The replaced build is moved aside and deleted
    in a thread: nothing reads it any more, and deleting its thousands of files would hold up the
    publish that follows (a fifth of a second at 2,000 products)."""
    replaced = None
    if folder.exists():
        replaced = Path(tempfile.mkdtemp(prefix=folder.name + REPLACED, dir=folder.parent))
        folder.rename(replaced / folder.name)
    staging.rename(folder)
    if replaced is not None:
        _delete_in_background([replaced])


def _delete_replaced_builds(folder: Path) -> None:
    """Delete the builds a process that ended too soon left beside ``folder``."""
    _delete_in_background(folder.parent.glob(glob.escape(folder.name) + REPLACED + "*"))


def _delete_in_background(folders) -> None:
    for replaced in folders:
        threading.Thread(
            target=shutil.rmtree,
            args=(replaced,),
            kwargs={"ignore_errors": True},
            name=DELETION_THREAD_NAME,
        ).start()


def _incremental_bake(
    site: Site,
    folder: Path,
    state: dict,
    requested: set[int],
    search_index: bool,
    progress,
    fingerprint: str,
) -> BakeResult:
    """Render what changed; ``fingerprint``: the site-wide fingerprint to record, the current
    one or the previous bake's, which leaves a site-wide change to a full bake that follows."""
    pages = public_pages(site)
    baker = Baker(site, folder, pages, state, read_manifest(folder), progress)
    plan = baker.plan_changes(requested)
    if plan is None and not (search_index and baker.search_index_pending):
        return BakeResult(full=False, search_index_pending=baker.search_index_pending)
    forget_bake(folder)
    if plan is not None:
        baker.apply(plan)
    baker.finish(search_index, fingerprint)
    return BakeResult(
        full=False,
        pages_rendered=baker.rendered,
        files_written=baker.written,
        files_deleted=baker.deleted,
        search_index_pending=baker.search_index_pending,
        failures=baker.failures,
        baked_pages=baker.baked_pages,
    )


@dataclass
class ChangePlan:
    # page id → subpaths to render (None: every route of the page)
    render: dict[int, set[str] | None]
    delete: set[str]


class Baker:
    """Renders routes into a folder and keeps its manifest and state in step."""

    def __init__(
        self,
        site: Site,
        folder: Path,
        public: dict[int, PublicPage],
        state: dict | None,
        manifest: Manifest,
        progress: Progress | None,
        replacing: Path | None = None,
    ):
        self.site = site
        self.folder = folder
        self.public = public
        self.manifest = manifest
        self.progress = progress
        # Without a state, a full bake: it writes a new folder nobody reads until it is swapped
        # in (``_swap_in``), so not each file through a temporary one (``_write_new``).
        self.folder_is_new = state is None
        # The build a new folder replaces: a file it holds with the same bytes is linked, not
        # written again (``_link_unchanged``).
        self.replacing = replacing
        state = state or {}
        self.static_names: dict[str, str] = state.get("static", {})
        self.pages: dict[str, dict] = state.get("pages", {})
        self.routes: dict[str, dict] = state.get("routes", {})
        self.feed: dict[str, dict] = state.get("feed", {})
        self.redirects: dict[str, str] = state.get("redirects", {})
        self.photos: dict[str, str] = state.get("photos", {})
        self.search_index_pending: bool = state.get("search_index_pending", False)
        # What the folder's search index was made from (``sitegen.search.index_source``).
        self.search_index_source: str | None = state.get(SEARCH_SOURCE)
        # The latest outcome's entries this bake starts from, to share only what it changes
        # (None: a full bake shares every entry). Copies: the baker changes its own in place.
        self.shared_before = None
        if state:
            before = {section: dict(state[section]) for section in ENTRY_SECTIONS}
            before[FILES] = dict(manifest)
            self.shared_before = (before, int(state["entries_digest"], 16))
        # Images the pages rendered in this run use: a rendition may be regenerated under the
        # same name (a photo's file replaced), so these are copied again if their bytes differ.
        self.media_in_use: set[str] = set()
        self.failures: dict[int, str] = {}
        self.baked_pages: set[int] = set()
        self._renderer = None
        self._folders_made: set[Path] = set()
        self.rendered = self.written = self.deleted = 0
        self.total = 0

    @property
    def renderer(self) -> PageRenderer:
        if self._renderer is None:
            self._renderer = PageRenderer(self.site, self.public, self.static_names)
        return self._renderer

    # -- writing -------------------------------------------------------------------------

    def write(self, path: str, content: bytes, redirect: str | None = None) -> None:
        target = inside(self.folder, path)
        entry = ManifestEntry.for_bytes(content, redirect)
        if self.manifest.get(path) == entry and target.exists():
            return
        if self.folder_is_new:
            self._write_new(path, target, content)
        else:
            write_atomically(target, content)
        self.manifest[path] = entry
        self.written += 1

    def _write_new(self, path: str, target: Path, content: bytes) -> None:
        if target.parent not in self._folders_made:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._folders_made.add(target.parent)
        if not self._link_unchanged(path, target, content):
            target.write_bytes(content)

    def _link_unchanged(self, path: str, target: Path, content: bytes) -> bool:
        """Link ``target`` to the replaced build's file at ``path`` if it holds ``content``.

        Creating a file and writing it costs ten times what reading one does (measured on the
        worker's disk), and most files of a full bake are unchanged. Files of a build are
        replaced, never changed in place (``write_atomically``), and the replaced build is
        deleted once the new one is swapped in: the two folders never see each other's changes.
        """
        if self.replacing is None:
            return False
        previous = self.replacing / path
        try:
            found = previous.lstat()
            if not stat.S_ISREG(found.st_mode) or found.st_size != len(content):
                return False
            if previous.read_bytes() != content:
                return False
            os.link(previous, target)
        except OSError:  # not in the replaced build, or a disk that cannot link
            return False
        return True

    def delete(self, path: str) -> None:
        target = inside(self.folder, path)
        target.unlink(missing_ok=True)
        self.manifest.pop(path, None)
        self.deleted += 1
        for parent in target.parents:
            if parent == self.folder or any(parent.iterdir()):
                break
            parent.rmdir()
            self._folders_made.discard(parent)

    def collect_static(self) -> None:
        self.static_names = collect_theme_assets(self.folder)
        for hashed in set(self.static_names.values()):
            path = f"static/{hashed}"
            self.manifest[path] = ManifestEntry.for_bytes((self.folder / path).read_bytes())

    # -- rendering -----------------------------------------------------------------------

    def record(self, rendered: RenderedPage) -> None:
        """Write a rendered page's files and remember what they read; a page that could not
        be rendered keeps its files and state as they were, and its reason is noted."""
        if rendered.error:
            self.failures[rendered.page_id] = rendered.error
            return
        self.baked_pages.add(rendered.page_id)
        for route in rendered.routes:
            self.write(route.path, route.html)
            previous_files = self.routes.get(route.path, {}).get("files", [])
            for path in set(previous_files) - set(route.files) - set(route.redirects):
                self.delete(path)
            for path, content in route.files.items():
                self.write(path, content)
            for path, target in route.redirects.items():
                self.write(path, sitefiles.redirect_page(target), redirect=target)
            self.routes[route.path] = route.state(rendered.page_id)
            self.media_in_use.update(route.media)
            if route.feed_entry is not None:
                self.feed[str(rendered.page_id)] = route.feed_entry
            self.rendered += 1
            if self.progress:
                self.progress(self.rendered, max(self.total, self.rendered), route.path)
        page_state = self.public[rendered.page_id].state()
        self.pages[str(rendered.page_id)] = {**page_state, "listing": rendered.listing}

    # -- incremental planning ------------------------------------------------------------

    def plan_changes(self, requested: set[int]) -> ChangePlan | None:
        """What to render and delete; ``requested``: pages to render again in any case."""
        pages = self.public
        previous = {int(page_id): state for page_id, state in self.pages.items()}
        changed = {
            page_id
            for page_id, page in pages.items()
            if _comparable(previous.get(page_id)) != page.state() or page_id in requested
        }
        removed = set(previous) - set(pages)
        current_photos = photo_fingerprints(self.photos)
        changed_photos = {
            int(photo_id)
            for photo_id, fingerprint in self.photos.items()
            if current_photos.get(photo_id) != fingerprint
        }
        if not changed and not removed and not changed_photos:
            return None
        plan = ChangePlan(render={page_id: None for page_id in changed}, delete=set())
        touched = changed | removed
        for path, route in self.routes.items():
            if route["page"] in removed:
                plan.delete.add(path)
            elif route["page"] not in changed and (
                touched.intersection(route["reads"]) or changed_photos.intersection(route["photos"])
            ):
                subpaths = plan.render.setdefault(route["page"], set())
                if subpaths is not None:
                    subpaths.add(route["subpath"])
        listings = [
            page_id
            for page_id, state in previous.items()
            if state.get("listing") and page_id in pages and page_id not in changed
        ]
        for page_id in listings:
            plan.render.setdefault(page_id, set())
        return plan

    def apply(self, plan: ChangePlan) -> None:
        for path in plan.delete:
            self._forget_route(path)
        routes_by_page = defaultdict(dict)
        for path, route in self.routes.items():
            routes_by_page[route["page"]][route["subpath"]] = (path, route)
        pages = specific_pages(list(plan.render))
        wanted = {
            page.pk: self._routes_to_render(page, plan.render[page.pk], routes_by_page)
            for page in pages
        }
        self.total = sum(len(routes) for routes in wanted.values())
        for page in pages:
            self.record(self.renderer.render(page, wanted[page.pk]))

    def _routes_to_render(self, page, subpaths, routes_by_page) -> list[StaticRoute]:
        """The routes of a page to render now; files of routes it no longer has are deleted."""
        current = self.renderer.static_routes(page)
        current_subpaths = {route.subpath for route in current}
        url = page.get_url(self.renderer.request)
        previous = routes_by_page.get(page.pk, {})
        for subpath, (path, _route) in previous.items():
            if subpath not in current_subpaths or path != output_path(url + subpath):
                self._forget_route(path)
        if subpaths is None:
            return current
        return [
            route
            for route in current
            if route.subpath in subpaths
            or route.subpath not in previous
            or list(route.listed) != previous[route.subpath][1]["listed"]
            # A state written before routes had ``shows`` bakes such a route once more.
            or route.shows != previous[route.subpath][1].get("shows", "")
        ]

    def _forget_route(self, path: str) -> None:
        route = self.routes.pop(path, None) or {}
        if route.get("subpath") == "":
            self.feed.pop(str(route["page"]), None)
        for file_path in route.get("files", []):
            self.delete(file_path)
        self.delete(path)

    # -- site files, media, state --------------------------------------------------------

    def finish(self, search_index=True, fingerprint: str | None = None) -> None:
        """Write the site files, the media, the state and the manifest; ``fingerprint``: the
        site-wide fingerprint to record (None: the current one)."""
        live_ids = {str(page_id) for page_id in self.public}
        self.pages = {
            page_id: state for page_id, state in self.pages.items() if page_id in live_ids
        }
        # A page that never baked has no file: the sitemap and redirects leave it out.
        baked = {
            page_id: page for page_id, page in self.public.items() if str(page_id) in self.pages
        }
        self._write_site_files(baked)
        if search_index:
            self._write_search_index()
        self.search_index_pending = not search_index
        self._sync_media()
        photos_read = {photo for route in self.routes.values() for photo in route["photos"]}
        state = {
            "version": STATE_VERSION,
            "site": self.site.pk,
            # A full bake takes it after rendering: a first render may create the site's
            # settings record.
            "fingerprint": fingerprint or site_wide_fingerprint(self.site),
            "static": self.static_names,
            "pages": self.pages,
            "routes": self.routes,
            "feed": {page_id: entry for page_id, entry in self.feed.items() if page_id in live_ids},
            "redirects": self.redirects,
            "photos": photo_fingerprints(photos_read),
            "search_index_pending": self.search_index_pending,
            SEARCH_SOURCE: self.search_index_source,
        }
        # Recorded as the latest only by the job that holds the site: another may have it now.
        ensure_site_lock_held(self.site)
        entries = outcome_entries(state, self.manifest)
        rest = {key: value for key, value in state.items() if key not in ENTRY_SECTIONS}
        changes = EntryChanges(*self.shared_before, entries) if self.shared_before else None
        # Shared before the folder says it holds this bake (see the module docstring).
        state["generation"], entries_digest = share(self.site, rest, entries, changes)
        state["entries_digest"] = f"{entries_digest:064x}"
        write_bake(self.folder, self.manifest, state)

    def _write_site_files(self, pages: dict[int, PublicPage]) -> None:
        request = self.renderer.request
        with self.renderer.in_the_bake():
            not_found_page = sitefiles.not_found_page(request)
            search_page = sitefiles.search_page(request_for_path(request, sitefiles.SEARCH_URL))
        self._write_html("404.html", not_found_page)
        self._write_html(output_path(sitefiles.SEARCH_URL), search_page)
        self.write("robots.txt", sitefiles.robots_txt(self.site))
        self.write("sitemap.xml", sitefiles.sitemap_xml(self.site, pages))
        feed = [entry for page_id, entry in self.feed.items() if int(page_id) in pages]
        self.write("catalog.json", sitefiles.catalog_feed(self.site, feed, request))
        for path, content in sitefiles.product_feed_files(self.site, feed, request).items():
            self.write(path, content)
        redirects = sitefiles.redirect_files(self.site, pages)
        for path in set(self.redirects) - set(redirects):
            self.delete(path)
        for path, target in redirects.items():
            self.write(path, sitefiles.redirect_page(target), redirect=target)
        self.redirects = redirects

    def _write_html(self, path: str, html: bytes) -> None:
        html = rewrite_static_references(
            html.decode(), self.static_names, path, required=self.renderer.template_static_names
        )
        self.write(path, html.encode())

    def _write_search_index(self) -> None:
        """Index the folder's pages, unless the index it holds, or in a full bake the replaced
        build's, was made from the same pages (a site-wide change that left them as they were)."""
        html = {
            path: entry.sha256 for path, entry in self.manifest.items() if path.endswith(".html")
        }
        source = index_source(html)
        if source != self.search_index_source and not self._carry_search_index_over(source):
            self._replace_search_index(build_search_index(self.folder))
        self.search_index_source = source

    def _replace_search_index(self, index: dict[str, bytes]) -> None:
        for path in [path for path in self.manifest if path.startswith(f"{SEARCH_INDEX_DIR}/")]:
            if path not in index:
                self.delete(path)
        for path, content in index.items():
            self.write(path, content)

    def _carry_search_index_over(self, source: str) -> bool:
        """Whether the replaced build holds the site's latest search index, made from ``source``,
        each of its files whole; then it is now this build's too. The latest (shared) state says
        what that index was made from and what its files hold: reading the replaced folder's own
        state would take megabytes of memory beside the new one at the end of a full bake."""
        if self.replacing is None or latest_state_value(self.site, SEARCH_SOURCE) != source:
            return False
        latest = latest_files(self.site, f"{SEARCH_INDEX_DIR}/")
        try:
            index = {path: (self.replacing / path).read_bytes() for path in latest}
        except OSError:
            return False
        if not latest or any(
            ManifestEntry.for_bytes(content) != latest[path] for path, content in index.items()
        ):
            return False
        self._replace_search_index(index)
        return True

    def _sync_media(self) -> None:
        referenced = {name for route in self.routes.values() for name in route["media"]}
        published = {
            path.removeprefix("media/") for path in self.manifest if path.startswith("media/")
        }
        for name in published - referenced:
            self.delete(f"media/{name}")
        for name in sorted((referenced - published) | self.media_in_use):
            self.write(f"media/{name}", read_media(name))


def _comparable(state: dict | None) -> dict | None:
    if state is None:
        return None
    return {key: state[key] for key in ("url", "revision", "path")}
