"""A fingerprint of everything that every page of a site may show besides pages.

Site settings, snippets (categories), redirects, the Site records, the pages shown in the menu,
the site's public address (in every absolute URL) and the code, templates and assets of the apps
that render pages appear on many pages at once and are not recorded per page.
When the fingerprint differs from the last bake's, ``bake --changed`` rebuilds the whole site.
Settings, redirects and menu pages count for the site they belong to only: another institution
changing its settings does not rebuild this one.
Photos are tracked per file instead (``photo_fingerprints``): uploading a photo must not rebuild
the site.
"""

import hashlib
from pathlib import Path

from django.apps import apps
from django.db.models import Q

from modelcluster.models import get_all_child_relations
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.hooks import search_for_hooks
from wagtail.images import get_image_model
from wagtail.models import Page, Site
from wagtail.snippets.models import get_snippet_models

from sitegen.addresses import public_root
from sitegen.contract import digest
from sitegen.pages import visible


def site_setting_models():
    """The site settings the public site shows (all but those marked otherwise)."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, BaseSiteSetting) and getattr(model, "shown_on_public_site", True)
    ]


def snippet_models():
    """The snippet models (categories). Their apps register them in ``wagtail_hooks``, which
    a process that never served the admin (the task worker) may not have imported yet."""
    search_for_hooks()
    return get_snippet_models()


def site_wide_models():
    settings_models = site_setting_models()
    children = [
        relation.related_model
        for model in settings_models
        for relation in get_all_child_relations(model)
    ]
    return [Site, Redirect, *snippet_models(), *settings_models, *children]


def _rows(model, *conditions, **filters):
    fields = [field.attname for field in model._meta.concrete_fields]
    rows = model._default_manager.filter(*conditions, **filters)
    return rows.order_by("pk").values_list(*fields)


def _site_rows(site: Site):
    """The rows of the site-wide models that concern this site: its own settings (and their
    inline rows) and redirects; every category and Site record."""
    settings_models = site_setting_models()
    for model in settings_models:
        yield model, _rows(model, site=site)
        for relation in get_all_child_relations(model):
            child = relation.related_model
            yield child, _rows(child, **{f"{relation.field.name}__site": site})
    yield Redirect, _rows(Redirect, Q(site=site) | Q(site__isnull=True))
    for model in [Site, *snippet_models()]:
        yield model, _rows(model)


def photo_fingerprints(ids) -> dict[str, str]:
    """Photo id → a hash of its record (file, focal point, title...), for the given photos."""
    return {str(row[0]): digest(row) for row in _rows(get_image_model(), pk__in=list(ids))}


# The code and templates that decide what a page looks like: a new version rebuilds the site.
RENDERING_APPS = ("cms", "sitegen", "theme")


def _rendering_files():
    for label in RENDERING_APPS:
        app_dir = Path(apps.get_app_config(label).path)
        files = (path for path in app_dir.rglob("*") if path.is_file())
        for path in sorted(files):
            if path.suffix in {".py", ".html", ".txt", ".css", ".js", ".svg", ".mo"}:
                yield label, path.relative_to(app_dir), path


def _menu_pages(site: Site):
    """What menus show of the pages they may link to (``pages.site_wide_value``): the site's
    visible pages marked "show in menus", with their title and address."""
    pages = Page.objects.descendant_of(site.root_page, inclusive=True).filter(show_in_menus=True)
    return list(visible(pages).order_by("pk").values_list("pk", "title", "url_path"))


def site_wide_fingerprint(site: Site) -> str:
    hasher = hashlib.sha256()
    for model, rows in _site_rows(site):
        hasher.update(model._meta.label.encode())
        for row in rows:
            hasher.update(repr(row).encode())
    hasher.update(repr(_menu_pages(site)).encode())
    # Every page carries absolute URLs (canonical, share image, order link, QR code).
    hasher.update(public_root(site).encode())
    for label, relative_path, path in _rendering_files():
        hasher.update(f"{label}/{relative_path}".encode())
        hasher.update(path.read_bytes())
    return hasher.hexdigest()
