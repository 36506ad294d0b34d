"""The review workflow and its task are named in Indonesian: on a fresh database, and on one
migrated before, where only the names the project gave are renamed."""

import importlib

from django.apps import apps

from wagtail.models import Task, Workflow

from cms.models import FourEyesApprovalTask

names_migration = importlib.import_module("cms.migrations.0017_indonesian_workflow_names")


def names(model):
    return set(model.objects.values_list("name", flat=True))


def test_a_fresh_database_has_the_indonesian_names(db):
    assert names(Workflow) == {"Penerbitan produk"}
    assert names(Task) == {"Tinjauan petugas"}


def test_the_project_s_english_names_are_renamed_and_the_others_kept(db):
    names_migration.to_english(apps, None)  # a database migrated before the migration
    Workflow.objects.create(name="Product publication: Lapas Sukamiskin")
    Workflow.objects.create(name="Product publication (old)")
    Workflow.objects.create(name="Publikasi cerita")
    FourEyesApprovalTask.objects.create(name="Officer review: Lapas Sukamiskin")
    FourEyesApprovalTask.objects.create(name="Officer review by the head")
    assert {"Product publication", "Product publication: Lapas Sukamiskin"} <= names(Workflow)

    names_migration.to_indonesian(apps, None)

    assert names(Workflow) == {
        "Penerbitan produk",
        "Penerbitan produk: Lapas Sukamiskin",
        "Product publication (old)",
        "Publikasi cerita",
    }
    assert names(Task) == {
        "Tinjauan petugas",
        "Tinjauan petugas: Lapas Sukamiskin",
        "Officer review by the head",
    }


def test_the_renaming_is_reversed_without_touching_other_names(db):
    Workflow.objects.create(name="Publikasi cerita")

    names_migration.to_english(apps, None)

    assert names(Workflow) == {"Product publication", "Publikasi cerita"}
    assert names(Task) == {"Officer review"}
