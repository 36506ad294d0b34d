"""The "What sells" report in the admin: the head and the managers read their own institution's
month, with its bars and its workbook; the clerks, the officers and another institution's staff
do not reach it."""

import io

import openpyxl
import pytest

from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from institutions.models import Institution, Role
from tests.orders.conftest import logged_in_english

REPORT = reverse("reach_funnel")
NOVEMBER = {"month": "2026-11"}


def refused(response) -> bool:
    """Wagtail answers a refused admin view with the dashboard and a message: nothing of the
    report, no workbook."""
    return response.status_code == 302 and response.url == reverse("wagtailadmin_home")


def workbook_of(response):
    workbook = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook}


@pytest.mark.parametrize("role", ["head", "manager"])
def test_the_head_and_the_managers_read_the_month(request, client, november, role):
    logged_in_english(client, request.getfixturevalue(role))

    response = client.get(REPORT, NOVEMBER)

    page = response.content.decode()
    assert response.status_code == 200
    # The month's steps, each said in words beside its bar (an inline SVG the readers skip).
    for step in ["Views: 121", "Order clicks: 12", "Inquiries: 4", "Sales: 2"]:
        assert f"<span>{step}</span>" in page
    assert (
        'aria-hidden="true" focusable="false"><rect x="0" y="0" height="14" width="100.0%"' in page
    )
    assert 'width="9.9%"' in page  # 12 clicks of 121 views
    assert "BTK-001 Batik Tulis Parang" in page
    assert "645.000" in page
    not_viewed = page.split('id="funnel-not-viewed"')[1].split("</ul>")[0]
    assert "TAS-007" in not_viewed and "BTK-001" not in not_viewed
    # The menu leads there.
    assert REPORT in client.get(reverse("wagtailadmin_home")).content.decode()


@pytest.mark.parametrize("role", ["clerk", "officer"])
def test_clerks_and_officers_are_refused(request, client, november, role):
    logged_in_english(client, request.getfixturevalue(role))

    assert refused(client.get(REPORT, NOVEMBER))
    assert refused(client.get(REPORT, {**NOVEMBER, "format": "xlsx"}))
    assert REPORT not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_another_institution_s_head_reads_only_their_own(client, november, bandung, member_of):
    """A head of Bandung forges the address with the first institution's site and a product's
    page: the report is still Bandung's, whose only product was viewed 999 times."""
    logged_in_english(client, member_of(bandung, Role.HEAD, "head_bandung"))
    home_site = november["batik"].get_site()
    forged = {**NOVEMBER, "site": home_site.pk, "page": november["batik"].pk}

    page = client.get(REPORT, forged).content.decode()
    sheets = workbook_of(client.get(REPORT, {**forged, "format": "xlsx"}))

    assert "<span>Views: 999</span>" in page
    assert "BTK-001" not in page and "645.000" not in page
    assert [row[0] for row in sheets["By product"][1:]] == ["KLT-001"]


def test_the_workbook_has_the_hand_counted_month(client, head, november):
    logged_in_english(client, head)

    response = client.get(REPORT, {**NOVEMBER, "format": "xlsx"})

    assert response["Content-Disposition"] == 'attachment; filename="what-sells-2026-11.xlsx"'
    sheets = workbook_of(response)
    heading, *products = sheets["By product"]
    assert heading == ("Code", "Product", "Workshop", "Views", "Order clicks", "Inquiries",
                       "Sales", "Quantity sold", "Net (Rp)")  # fmt: skip
    assert ("BTK-001", "Batik Tulis Parang", "Batik Tulis", 82, 8, 2, 1, 2, 300000) in products
    by_channel = {row[0]: row[2:] for row in sheets["By channel"][1:]}
    assert by_channel["WhatsApp"] == (10, 6, 3, 1, 2, 300000)
    assert by_channel["Total"] == (121, 12, 4, 2, 5, 645000)
    assert [row[0] for row in sheets["Viewed, not sold"][1:]] == ["DMP-002"]
    assert [row[0] for row in sheets["Not viewed"][1:]] == ["TAS-007"]


def test_a_title_written_as_a_formula_stays_text_in_the_workbook(client, head, november):
    """Titles come from managers: a spreadsheet must not run one."""
    batik = november["batik"]
    batik.title = '=HYPERLINK("https://evil.example","Batik")'
    batik.save_revision().publish()
    logged_in_english(client, head)

    sheets = workbook_of(client.get(REPORT, {**NOVEMBER, "format": "xlsx"}))

    titles = [row[1] for row in sheets["By product"][1:]]
    assert '\'=HYPERLINK("https://evil.example","Batik")' in titles
    assert not any(str(title).startswith("=") for title in titles)


# Who reads it: a permission of the roles (reach/migrations/0003), which the groups' editor in
# Settings → Groups gives and takes away.


def funnel_permission():
    return Permission.objects.get(content_type__app_label="reach", codename="view_funnel_report")


def test_only_the_heads_and_managers_groups_of_each_institution_have_the_permission(db, bandung):
    groups = Group.objects.filter(permissions=funnel_permission())

    assert set(groups.values_list("institution_group__role", flat=True)) == {"Head", "Manager"}
    assert set(groups.values_list("institution_group__institution", flat=True)) == {
        Institution.objects.get(site__is_default_site=True).pk,
        bandung.pk,
    }


def test_a_head_whose_group_loses_the_permission_is_refused(client, head, november):
    head.groups.get().permissions.remove(funnel_permission())
    logged_in_english(client, head)

    assert refused(client.get(REPORT, NOVEMBER))
    assert refused(client.get(REPORT, {**NOVEMBER, "format": "xlsx"}))
    assert REPORT not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_clerks_given_the_permission_read_their_institution_s_month(client, clerk, november):
    clerk.groups.get().permissions.add(funnel_permission())
    logged_in_english(client, clerk)

    response = client.get(REPORT, {**NOVEMBER, "format": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="what-sells-2026-11.xlsx"'
    assert REPORT in client.get(reverse("wagtailadmin_home")).content.decode()
