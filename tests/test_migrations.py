"""Models and migrations agree: a model change without its migration fails the suite. Models
moved between apps keep their rows, and the permissions on them stay granted."""

import pytest

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from wagtail.models import Site

from institutions.models import Institution, InstitutionGroup, InstitutionLogEntry
from oversight.models import OversightSettings

# The database as it was before tenancy and oversight left the cms app.
BEFORE_THE_APPS_SPLIT = [
    ("cms", "0017_indonesian_workflow_names"),
    ("institutions", None),
    ("oversight", None),
]


def test_no_missing_migrations(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def migrate(targets):
    """Migrate the test database to `targets`; the models as they are there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    ContentType.objects.clear_cache()
    applied = [(app, name) for app, name in targets if name is not None]
    return executor.loader.project_state(applied).apps


def rows_before_the_split(old):
    """A row in every moved table (beside the first institution and its groups that the data
    migrations made), and a group granted permissions on the moved models, as cms's."""
    site = old.get_model("wagtailcore", "Site").objects.get(is_default_site=True)
    oversight = old.get_model("cms", "OversightSettings").objects.create(
        site=site, review_waiting_days=7
    )
    content_types = old.get_model("contenttypes", "ContentType").objects
    log = old.get_model("cms", "InstitutionLogEntry").objects.create(
        content_type=content_types.get(app_label="cms", model="oversightsettings"),
        object_id=str(oversight.pk),
        label="oversight",
        action="wagtail.edit",
        timestamp="2026-11-30T08:00:00Z",
        site=site,
    )
    permissions = old.get_model("auth", "Permission").objects.filter(
        content_type__app_label="cms",
        codename__in=["view_catalog_health", "change_institution", "view_institutionlogentry"],
    )
    auditors = old.get_model("auth", "Group").objects.create(name="Auditors")
    auditors.permissions.set(permissions)
    return log.pk, auditors.pk


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_models_moved_out_of_cms_keep_their_rows_and_permissions(django_user_model):
    old = migrate(BEFORE_THE_APPS_SPLIT)
    institutions_before = list(old.get_model("cms", "Institution").objects.values("pk", "site"))
    groups_before = list(old.get_model("cms", "InstitutionGroup").objects.values("group", "role"))
    log_pk, auditors_pk = rows_before_the_split(old)

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert list(Institution.objects.values("pk", "site")) == institutions_before != []
    assert list(InstitutionGroup.objects.values("group", "role")) == groups_before != []
    site = Site.objects.get(is_default_site=True)
    assert OversightSettings.for_site(site).review_waiting_days == 7
    entry = InstitutionLogEntry.objects.get(pk=log_pk)
    assert (entry.site, entry.content_type.model_class()) == (site, OversightSettings)
    auditor = django_user_model.objects.create_user("auditor")
    auditor.groups.add(Group.objects.get(pk=auditors_pk))
    assert auditor.get_all_permissions() == {
        "oversight.view_catalog_health",
        "institutions.change_institution",
        "institutions.view_institutionlogentry",
    }
