"""The database part of a backup: every row, in Django's JSON Lines serialisation.

Engine-independent (a SQLite demo can move to PostgreSQL) and exact: every row keeps its primary
key, so page ids, revisions, the audit log, sales and stock come back as they were. The one
exception is what ``migrate`` creates on the new database with ids of its own: content types and
permissions are written by name (``["cms", "productpage"]``), and so is every reference to them.
"""

import datetime
import itertools
import json
from contextlib import contextmanager
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers import jsonl
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from wagtail.images import get_image_model
from wagtail.models import Revision

from orders.models import Sale

NAMED_MODELS = (ContentType, Permission)
# Rows inserted per statement when loading (fewer where the database limits parameters).
BATCH = 500
NOT_BACKED_UP = {
    # Logins and editors open at the time of the backup: nothing to come back to.
    "sessions.session",
    "wagtailadmin.editingsession",
    # The search index is derived from the pages, and its tables differ per engine: rebuilt.
    "wagtailsearch.indexentry",
    "wagtailsearch.sqliteftsindexentry",
    # The queue of background bakes: a restored site is baked afresh.
    "django_tasks_database.dbtaskresult",
}


class ExactEncoder(DjangoJSONEncoder):
    """Times to the microsecond: Django's encoder keeps milliseconds, as JavaScript does, and a
    restored revision or log entry must keep its exact time (and its order among others)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class NamingSerializer(jsonl.Serializer):
    """JSON Lines in which content types and permissions are named, not numbered; every other
    reference stays the plain id that the restored row keeps."""

    def end_object(self, obj):
        # json.dumps runs in C; Django's json.dump to a stream runs in Python, half as fast.
        self.stream.write(json.dumps(self.get_dump_object(obj), **self.json_kwargs) + "\n")
        self._current = None

    def handle_fk_field(self, obj, field):
        if field.related_model is ContentType:
            content_type_id = getattr(obj, field.attname)
            self._current[field.name] = (
                None
                if content_type_id is None
                # From the content types' cache: no query per row of the audit log.
                else ContentType.objects.get_for_id(content_type_id).natural_key()
            )
        elif field.related_model is Permission:
            permission = getattr(obj, field.name)
            self._current[field.name] = permission.natural_key() if permission else None
        else:
            super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj, field):
        if field.related_model is Permission:
            permissions = getattr(obj, field.name).select_related("content_type").order_by("pk")
            self._current[field.name] = [permission.natural_key() for permission in permissions]
        else:
            super().handle_m2m_field(obj, field)


def backed_up_models() -> list:
    """Content types and permissions first (a row may name one the new database lacks), then
    every other model with a table, in the order of INSTALLED_APPS."""
    others = [
        model
        for model in apps.get_models()
        if model._meta.can_migrate(connection)
        and model not in NAMED_MODELS
        and model._meta.label_lower not in NOT_BACKED_UP
    ]
    return [*NAMED_MODELS, *others]


def dump(stream) -> dict[str, int]:
    """Write every backed-up row to a text stream; return the number of rows per model.

    The caller holds a transaction that sees one moment of the database (``snapshot``).
    """
    counts = {}
    serializer = NamingSerializer()
    for model in backed_up_models():
        rows = model._base_manager.order_by("pk")
        counts[model._meta.label_lower] = rows.count()
        serializer.serialize(
            rows.iterator(chunk_size=2000),
            stream=stream,
            # Content types and permissions without their ids: restored by name.
            use_natural_primary_keys=model in NAMED_MODELS,
            cls=ExactEncoder,
        )
    return counts


@contextmanager
def snapshot():
    """A transaction that reads the whole database as of one moment, while others write."""
    starts_transaction = not connection.in_atomic_block
    with transaction.atomic():
        if starts_transaction and connection.vendor == "postgresql":
            # PostgreSQL's default gives each query a moment of its own: a sale recorded between
            # the sales and their lines would leave lines without their sale.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def migration_state() -> dict[str, list[str]]:
    """The latest migration of each app in this code: an archive restores only here."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    state = {}
    for app_label, name in sorted(loader.graph.leaf_nodes()):
        state.setdefault(app_label, []).append(name)
    return state


def pending_migrations() -> list:
    executor = MigrationExecutor(connection)
    return executor.migration_plan(executor.loader.graph.leaf_nodes())


def content_counts() -> dict[str, int]:
    """What shows that a database is in use: no fresh ``migrate`` creates any of these."""
    existing = set(connection.introspection.table_names())
    watched = {
        "users": get_user_model(),
        "page revisions": Revision,
        "photos": get_image_model(),
        "sales": Sale,
    }
    return {
        label: model._base_manager.count() if model._meta.db_table in existing else 0
        for label, model in watched.items()
    }


def clear_tables() -> None:
    """Empty every table but the content types and permissions that ``migrate`` made (and the
    migrations' own record), in the caller's transaction."""
    kept = {model._meta.db_table for model in NAMED_MODELS}
    tables = [
        table
        for table in connection.introspection.django_table_names(only_existing=True)
        if table not in kept
    ]
    statements = connection.ops.sql_flush(no_style(), tables)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # TRUNCATE refuses tables with reference checks still pending from rows written
            # earlier in the transaction: run those checks now, and defer them again after.
            statements = [
                "SET CONSTRAINTS ALL IMMEDIATE",
                *statements,
                "SET CONSTRAINTS ALL DEFERRED",
            ]
        for statement in statements:
            cursor.execute(statement)


def load(dump_file: Path) -> None:
    """Load the rows of a dump into emptied tables, in the caller's transaction, as they are:
    no signal handler acts on them and no field fills itself in (``auto_now``).

    Like ``loaddata``, but the rows of a table go in by the hundred (a year of sales is 450,000
    rows: an hour one by one, a minute or two in batches). References are checked once all rows
    are in, and PostgreSQL's id sequences are moved past the restored ids.
    """
    ContentType.objects.clear_cache()
    loaded = set()
    with open(dump_file, encoding="utf-8") as stream:
        rows = serializers.deserialize("jsonl", stream)
        for model, group in itertools.groupby(rows, key=lambda row: type(row.object)):
            loaded.add(model)
            while batch := list(itertools.islice(group, BATCH)):
                _insert(model, batch)
    connection.check_constraints(table_names=[model._meta.db_table for model in loaded])
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), loaded):
            cursor.execute(statement)


def _insert(model, batch) -> None:
    if model in NAMED_MODELS or model._meta.parents or any(row.m2m_data for row in batch):
        # Saved one by one, as loaddata does: a named row may exist already (then it is kept),
        # a page type's row joins its page's, many-to-many links follow their row. Few rows.
        for row in batch:
            row.save()
        return
    objects = [row.object for row in batch]
    fields = model._meta.local_concrete_fields
    size = connection.ops.bulk_batch_size(fields, objects)
    for start in range(0, len(objects), size):
        # What Model.save(raw=True) does for one row (Django's own API, for many).
        model._base_manager._insert(
            objects[start : start + size], fields=fields, using=connection.alias, raw=True
        )


def check_counts(expected: dict[str, int]) -> None:
    """The restored tables hold as many rows as the archive says (its own tables, not the named
    ones: the new database may have more content types than the old one)."""
    named = {model._meta.label_lower for model in NAMED_MODELS}
    restored = {
        label: apps.get_model(label)._base_manager.count()
        for label in expected
        if label not in named
    }
    differences = [
        f"{label} ({expected[label]} in the archive, {count} restored)"
        for label, count in restored.items()
        if count != expected[label]
    ]
    if differences:
        raise ValueError("restored rows differ from the archive: " + ", ".join(differences))
