"""The orders data migration: the channels exist and each role gets only its permissions."""

from django.contrib.auth.models import Group

from wagtail.models import GroupSitePermission

from orders.models import Channel


def orders_permissions(role):
    return set(
        Group.objects.get(name=role)
        .permissions.filter(content_type__app_label="orders")
        .values_list("codename", flat=True)
    )


def test_every_sales_channel_exists(db):
    assert set(Channel.objects.values_list("code", flat=True)) == {
        "whatsapp",
        "tokopedia",
        "shopee",
        "tiktok_shop",
        "lazada",
        "bukalapak",
        "blibli",
        "walk_in",
        "exhibition",
        "direct",
    }


def test_clerks_record_and_the_head_reads_and_sets_shares(db):
    clerk, head = orders_permissions("Clerk"), orders_permissions("Head")
    for model in ("inquiry", "sale", "stockmovement", "import"):
        assert {f"add_{model}", f"change_{model}", f"view_{model}"} <= clerk
        assert f"view_{model}" in head and f"add_{model}" not in head
    assert "view_channel" in clerk and "change_channel" not in clerk
    assert {"view_report", "change_channel"} <= head
    shares = GroupSitePermission.objects.filter(group__name="Head", site__is_default_site=True)
    assert shares.filter(permission__codename="change_sharesettings").exists()
    assert "view_report" not in clerk


def test_clerks_make_quotations_the_head_approves_and_managers_read_them(db):
    assert {"add_quotation", "change_quotation", "view_quotation"} <= orders_permissions("Clerk")
    assert "approve_quotation" not in orders_permissions("Clerk")
    assert {"view_quotation", "approve_quotation"} <= orders_permissions("Head")
    assert "change_quotation" not in orders_permissions("Head")
    settings = GroupSitePermission.objects.filter(group__name="Head", site__is_default_site=True)
    assert settings.filter(permission__codename="change_quotationsettings").exists()


def test_managers_read_quotations_and_orders_officers_get_nothing_and_nobody_deletes(db):
    assert orders_permissions("Manager") == {
        "view_quotation",
        "view_productionorder",
        "record_progress",
    }
    assert orders_permissions("Officer") == set()
    # A buyer withdraws its consent to be named publicly: its record goes (the log keeps it).
    deletable = {"delete_buyerconsent"}
    for role in ("Clerk", "Head", "Manager"):
        deleted = {codename for codename in orders_permissions(role) if "delete" in codename}
        assert deleted <= deletable


def test_clerks_deliver_and_invoice_orders_the_head_chooses_to_show_the_record(db):
    clerk, head = orders_permissions("Clerk"), orders_permissions("Head")
    assert {
        "add_productionorder",
        "view_productionorder",
        "record_delivery",
        "record_payment",
        "add_buyerconsent",
    } <= clerk
    assert "record_progress" not in clerk
    assert head & {"record_delivery", "record_payment", "record_progress"} == set()
    assert {"view_productionorder", "view_buyerconsent"} <= head
    settings = GroupSitePermission.objects.filter(group__name="Head", site__is_default_site=True)
    assert settings.filter(permission__codename="change_businessrecordsettings").exists()
