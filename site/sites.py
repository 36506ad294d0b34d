"""Several institutions in one installation: each Wagtail Site is baked into a folder of its own
and published to a place of its own.

- Build folder: the default site's is ``ETALASE_BUILD_DIR`` (as in a one-institution
  installation); another site's is a sibling named after its hostname (``var/build`` →
  ``var/build-lapas-b.example``), with its own lock, state and manifest.
- Publish target: the one the site's publish settings choose (``PublishSettings``: target, bucket,
  prefix; blank = the environment's). A folder target puts another site in a sibling folder too
  (``var/public`` → ``var/public-lapas-b.example``). No two sites may publish to the same place,
  or one inside the other: the publish is refused with both sites named. Nor where the national
  catalog has been published, nor (when ETALASE_S3_ALLOWED_BUCKETS lists some) to a bucket the
  installation does not allow.
"""

import re
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from wagtail.models import Site

from sitegen.models import NationalCatalogPlace, PublishSettings
from sitegen.targets import (
    InvalidPublishTarget,
    Location,
    Placement,
    PublishError,
    PublishTarget,
    S3Target,
    get_target,
)


class SiteError(Exception):
    """The sites are set up in a way the baker cannot follow; the message says how to fix it."""


class PlaceNotAllowed(PublishError):
    """A site may not publish to this place. The message names what is there, for the operator;
    ``form_message`` says it without another institution's bucket or prefix, for the head."""

    def __init__(self, message: str, form_message: str):
        super().__init__(message)
        self.form_message = form_message


def default_site() -> Site:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        raise SiteError("No default site: mark one site as default under Settings → Sites.")
    return site


def all_sites() -> list[Site]:
    """Every site, the default one first, then by hostname."""
    sites = Site.objects.select_related("root_page").order_by("-is_default_site", "hostname")
    return list(sites)


def site_label(site: Site) -> str:
    """How messages name a site: ``Lapas Bandung (lapas-bandung.example)``."""
    host = site.hostname if site.port in (80, 443) else f"{site.hostname}:{site.port}"
    return f"{site.site_name} ({host})" if site.site_name else host


def folder_name(site: Site) -> str:
    """The site's name in file names: its hostname, and its port unless 80 or 443."""
    name = re.sub(r"[^a-z0-9.-]", "_", site.hostname.lower()).strip(".") or "_"
    return name if site.port in (80, 443) else f"{name}-{site.port}"


def build_dir(site: Site | None = None) -> Path:
    """Where ``bake`` writes the site (None: the default site)."""
    default = Path(settings.SITEGEN_BUILD_DIR)
    if site is None or site.is_default_site:
        return default
    _refuse_shared_folder_name(site)
    return default.with_name(f"{default.name}-{folder_name(site)}")


def _refuse_shared_folder_name(site: Site) -> None:
    # Hostnames are unique per port, but two may still map to one name (a.example on ports 80
    # and 443): the second would overwrite the first's build.
    name = folder_name(site)
    for other in Site.objects.exclude(pk=site.pk):
        if folder_name(other) == name:
            raise SiteError(
                f"The sites {site_label(site)} and {site_label(other)} would share the build "
                f"folder {name!r}: give one of them another hostname under Settings → Sites."
            )


# -- publishing ------------------------------------------------------------------------------


def publish_target(site: Site, name: str | None = None) -> PublishTarget:
    """The target the site publishes to: ``name`` (default: the one its settings choose), at the
    site's place on it. Refused when another site publishes to the same place."""
    return check_publish_place(_publish_settings(site), name)


def check_publish_place(publish_settings: PublishSettings, name: str | None = None):
    """The target these publish settings give their site, unless it may not publish there
    (PlaceNotAllowed): another site publishes to the same place, or one inside it (naming both
    sites), the national catalog has been published there, or the bucket is not allowed."""
    site = publish_settings.site
    target = _placed_target(site, publish_settings, name)
    label = site_label(site)
    _refuse_unlisted_bucket(label, target)
    _refuse_taken_place(label, target, Site.objects.exclude(pk=site.pk))
    _refuse_national_place(label, target)
    return target


def national_target(name: str, *, bucket: str = "", prefix: str = "") -> PublishTarget:
    """Where the national catalog is published: a folder target's sibling folder ``-national``,
    or the bucket and prefix given. Refused where a site publishes; remembered, so that no site
    may publish there later."""
    placement = Placement(name="national", default=False, bucket=bucket, prefix=prefix)
    target = get_target(name, placement)
    label = _("The national catalog")
    _refuse_unlisted_bucket(label, target)
    _refuse_taken_place(label, target, Site.objects.all())
    location = target.location()
    NationalCatalogPlace.objects.update_or_create(
        root=location.root,
        path=location.path,
        defaults={"target": name, "described": target.describe()},
    )
    return target


def allowed_buckets() -> set[str]:
    """The buckets of ETALASE_S3_ALLOWED_BUCKETS; empty: any bucket the credentials reach."""
    return {bucket.strip() for bucket in settings.SITEGEN_S3_ALLOWED_BUCKETS if bucket.strip()}


def _refuse_unlisted_bucket(label: str, target: PublishTarget) -> None:
    allowed = allowed_buckets()
    if not allowed or not isinstance(target, S3Target) or target.bucket in allowed:
        return
    # The list itself is not shown: it names the other institutions' buckets.
    message = _(
        "%(site)s cannot publish to the bucket %(bucket)s: it is not one this installation may "
        "publish to (ETALASE_S3_ALLOWED_BUCKETS). Choose your institution's own bucket, or ask "
        "the administrator to allow this one."
    ) % {"site": label, "bucket": target.bucket}
    raise PlaceNotAllowed(message, message)


def _refuse_taken_place(label: str, target: PublishTarget, other_sites) -> None:
    settings_of = {row.site_id: row for row in PublishSettings.objects.all()}
    for other in other_sites:
        try:
            other_settings = settings_of.get(other.pk) or PublishSettings(site=other)
            other_target = _placed_target(other, other_settings)
        except InvalidPublishTarget:
            continue  # a site that cannot publish takes no place
        if target.location().overlaps(other_target.location()):
            raise PlaceNotAllowed(
                shared_place_message(label, target, other, other_target),
                _(
                    "%(place)s is used by another institution, %(other)s: the same place or one "
                    "inside the other, so each would overwrite the other's site. Choose a bucket "
                    "or prefix of your institution's own."
                )
                % {"place": target.describe(), "other": site_label(other)},
            )


def _refuse_national_place(label: str, target: PublishTarget) -> None:
    location = target.location()
    for place in NationalCatalogPlace.objects.filter(root=location.root):
        if location.overlaps(Location(place.root, place.path)):
            message = _(
                "%(site)s cannot publish to %(place)s: the national catalog is published "
                "there (or in a place inside it), and a site's publish would delete it. Choose "
                "a bucket or prefix of your institution's own."
            )
            message %= {"site": label, "place": target.describe()}
            raise PlaceNotAllowed(message, message)


def chosen_target_name(site: Site, name: str | None = None) -> str:
    """The name of the target the site publishes to: ``name``, else its settings' choice."""
    return name or _publish_settings(site).target or settings.SITEGEN_PUBLISH_TARGET


def shared_place_message(label: str, target, other: Site, other_target) -> str:
    return _(
        "%(site)s cannot publish to %(place)s: %(other)s publishes to %(other_place)s, the "
        "same place or one inside the other, so each would overwrite the other's site. Give "
        "each institution its own bucket or prefix under Settings → Publishing."
    ) % {
        "site": label,
        "place": target.describe(),
        "other": site_label(other),
        "other_place": other_target.describe(),
    }


def _publish_settings(site: Site) -> PublishSettings:
    # Read, not created: a publish writes nothing to the database but its record.
    return PublishSettings.objects.filter(site=site).first() or PublishSettings(site=site)


def _placed_target(site: Site, publish_settings: PublishSettings, name: str | None = None):
    placement = Placement(
        name=folder_name(site),
        default=site.is_default_site,
        bucket=publish_settings.bucket,
        prefix=publish_settings.prefix,
    )
    name = name or publish_settings.target or settings.SITEGEN_PUBLISH_TARGET
    return get_target(name, placement)
