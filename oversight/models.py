"""What oversight needs to know: how long is too long, and who may look."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


def days_field(verbose_name, default, help_text):
    return models.PositiveSmallIntegerField(
        verbose_name, default=default, validators=[MinValueValidator(1)], help_text=help_text
    )


@register_setting(icon="view")
class OversightSettings(BaseSiteSetting):
    """The thresholds of the catalog health report, its dashboard panel and the daily reminders.
    Edited by the Head. Also holds the permissions to read the oversight views."""

    # Nothing here shows on the public site: changing it must not re-bake the site.
    shown_on_public_site = False

    review_waiting_days = days_field(
        _("review waiting too long after (days)"),
        3,
        _("A page in review longer than this is listed and its reviewers are reminded."),
    )
    stale_product_days = days_field(
        _("product not updated for (days)"),
        90,
        _(
            "A live product not published again for more than this many days is listed and its "
            "owner reminded."
        ),
    )
    sold_out_days = days_field(
        _("sold out for too long after (days)"),
        30,
        _("A product sold out for longer than this is listed: restock it or take it down."),
    )

    panels = [
        FieldPanel("review_waiting_days"),
        FieldPanel("stale_product_days"),
        FieldPanel("sold_out_days"),
    ]

    class Meta:
        verbose_name = _("oversight")
        db_table = "cms_oversightsettings"  # the table it had in the cms app
        permissions = [
            ("view_catalog_health", _("Can see the catalog health report")),
            ("view_activity", _("Can see the activity record")),
        ]
