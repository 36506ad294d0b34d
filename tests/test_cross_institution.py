"""Staff of one institution forge requests for another's records at every address the admin has.

Institution B's private records all carry one marker (a customer's name, a draft's title, a photo's
title, a protected name, a bake's trigger...). Signed in as each role of institution A, the test
walks every URL pattern the resolver knows, fills its arguments with B's ids, and sends a GET and
then an empty POST (the test client sends no CSRF check, as a forger's own script would not need
one against a logged-in victim). No answer may show the marker, and no POST may change or delete
one of B's records.
"""

import itertools
import re
from dataclasses import dataclass, field

import pytest

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from wagtail.contrib.redirects.models import Redirect
from wagtail.documents.models import Document
from wagtail.models import Page, PageViewRestriction

from cms.models import InstitutionSettings, ProtectedName
from institutions.models import Role
from orders.models import Channel, Import, Inquiry, MovementKind, Sale
from orders.recording import LineInput, record_sale
from orders.stock import record_movement
from sitegen.models import Build, Deployment
from tests.factories import PhotoFactory, ProductPageFactory, jpeg_file

pytestmark = pytest.mark.django_db

MARKER = "zzrahasiabandung"

# Addresses a signed-in user's own session depends on: following them would sign the walker out.
SKIPPED = re.compile(r"logout|password_change|password/|account/|login|two-factor|2fa")


@dataclass
class Target:
    """B's records by kind, each kind a list of ids, and the rows a POST must leave alone."""

    ids: dict[str, list] = field(default_factory=dict)
    objects: list = field(default_factory=list)

    def add(self, kind, instance):
        self.ids.setdefault(kind, []).append(instance.pk)
        self.objects.append(instance)


@pytest.fixture
def institution_b(bandung, bandung_catalog, category, member_of, django_user_model):
    """Every kind of record of institution B, each carrying the marker where it has text."""
    catalog, workshop = bandung_catalog
    site = bandung.site
    target = Target()
    clerk = member_of(bandung, Role.CLERK, f"clerk_{MARKER}")
    clerk.email = f"{MARKER}@example.test"
    clerk.save()
    manager = member_of(bandung, Role.MANAGER, "manager_bandung")
    photo = PhotoFactory(title=f"Foto {MARKER}", collection=bandung.collection)
    live = ProductPageFactory(
        parent=catalog, workshop=workshop, category=category, code="DMP-001", title="Dompet"
    )
    draft = ProductPageFactory(
        parent=catalog,
        workshop=workshop,
        category=category,
        code="DMP-002",
        title=f"Draf {MARKER}",
        slug=f"draf-{MARKER}",
        live=False,
    )
    revision = draft.save_revision(user=manager)
    workflow_state = draft.get_workflow().start(draft, manager)
    restriction = PageViewRestriction.objects.create(
        page=live, restriction_type=PageViewRestriction.PASSWORD, password=MARKER
    )
    document = Document.objects.create(
        title=f"Dokumen {MARKER}", file=jpeg_file(f"{MARKER}.jpg"), collection=bandung.collection
    )
    record_movement(live, 10, MovementKind.INTAKE, clerk, reason=f"Masuk {MARKER}")
    channel = Channel.objects.get(code="whatsapp")
    sale = record_sale(
        Sale(channel=channel, customer_name=f"Pembeli {MARKER}"), [LineInput(live, 1)], clerk
    )
    inquiry = Inquiry.objects.create(
        site=site, channel=channel, customer_name=f"Penanya {MARKER}", created_by=clerk
    )
    for kind, instance in [
        ("page", draft),
        ("page", live),
        ("page", catalog),
        ("revision", revision),
        ("workflow_state", workflow_state),
        ("task_state", workflow_state.current_task_state),
        ("image", photo),
        ("document", document),
        ("restriction", restriction),
        ("redirect", Redirect.objects.create(site=site, old_path=f"/{MARKER}", redirect_link="/")),
        ("protectedname", ProtectedName.objects.create(site=site, name=f"Nama {MARKER}")),
        ("sale", sale),
        ("import", Import.objects.create(site=site, channel=channel, file_name=f"{MARKER}.csv")),
        ("inquiry", inquiry),
        ("stockmovement", live.stock_movements.get(kind=MovementKind.INTAKE)),
        ("productstock", live.stock),
        ("build", Build.objects.create(site=site, trigger=f"published: {MARKER}")),
        ("deployment", Deployment.objects.create(site=site, trigger=MARKER, target=MARKER)),
        ("user", clerk),
        (
            "group",
            Group.objects.get(institution_group__institution=bandung, name__endswith="Clerk"),
        ),
        ("collection", bandung.collection),
        ("site", site),
        ("settings", InstitutionSettings.for_site(site)),
        ("workflow", draft.get_workflow()),
        ("task", workflow_state.current_task_state.task),
    ]:
        target.add(kind, instance)
    return target


# -- the URL patterns --------------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    route: str  # the whole pattern, prefixes included, as the resolver writes it
    callback: object

    @property
    def parameters(self) -> list[str]:
        return re.findall(r"<(?:\w+:)?(\w+)>", self.route.replace("(?P<", "<"))


def url_patterns(patterns=None, prefix=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield Pattern(prefix + str(pattern.pattern), pattern.callback)


def fill(route: str, values: dict[str, str]) -> str:
    """The address a pattern answers with these argument values."""
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda match: values[match.group(1)], route)
    while (start := path.find("(?P<")) >= 0:
        name = path[start + 4 : path.index(">", start)]
        depth, end = 0, start
        for end in range(start, len(path)):
            depth += {"(": 1, ")": -1}.get(path[end], 0)
            if depth == 0:
                break
        path = path[:start] + values[name] + path[end + 1 :]
    return "/" + path.replace("^", "").replace("$", "").replace("\\", "")


# Which of B's records an argument names, by its name (or, for a bare `pk`, by the address).
ARGUMENT_KINDS = {
    "page_id": ["page"],
    "parent_page_id": ["page"],
    "page_to_move_id": ["page"],
    "destination_id": ["page"],
    "page_pk": ["page"],
    "image_id": ["image"],
    "document_id": ["document"],
    "doc_id": ["document"],
    "redirect_id": ["redirect"],
    "revision_id": ["revision"],
    "revision_id_a": ["revision"],
    "revision_id_b": ["revision"],
    "task_state_id": ["task_state"],
    "workflow_state_id": ["workflow_state"],
    "collection_id": ["collection"],
    "page_view_restriction_id": ["restriction"],
    "workflow_pk": ["workflow"],
    "task_id": ["task"],
}
ADDRESS_KINDS = [
    # Channels and categories are shared by every institution: nothing of B's to address.
    ("orders/channel", "shared"),
    ("category", "shared"),
    ("orders/import", "import"),
    ("orders/sale", "sale"),
    ("orders/inquiry", "inquiry"),
    ("orders/stockmovement", "stockmovement"),
    ("orders/productstock", "productstock"),
    ("protected", "protectedname"),
    ("redirect", "redirect"),
    ("images", "image"),
    ("documents", "document"),
    ("users", "user"),
    ("groups", "group"),
    ("workflows/tasks", "task"),
    ("workflows", "workflow"),
    ("collections", "collection"),
    ("sites", "site"),
    ("settings", "settings"),
    ("bakes", "build"),
    ("publications", "deployment"),
    ("sitegen", "build"),
    ("pages", "page"),
]
FIXED = {
    "action_name": "approve",
    "action": "approve",
    "filter_spec": "original",
    "session_id": "1",
    "uidb64": "MQ",
    "token": "set-password",
}


def values_for(pattern: Pattern, target: Target) -> list[dict[str, str]]:
    """Every filling of the pattern's arguments with B's ids (empty: nothing of B's fits)."""
    choices = {}
    for name in pattern.parameters:
        if name in FIXED:
            choices[name] = [FIXED[name]]
        elif name in (
            "app_label",
            "model_name",
            "app_name",
            "content_type_app_name",
            "content_type_model_name",
        ):
            continue  # filled from each record below
        elif name == "path":
            choices[name] = [photo_file_name(target)]
        elif name in ARGUMENT_KINDS:
            choices[name] = [i for kind in ARGUMENT_KINDS[name] for i in target.ids.get(kind, [])]
        else:
            kind = next((kind for part, kind in ADDRESS_KINDS if part in pattern.route), None)
            choices[name] = (
                target.ids.get(kind, [])
                if kind
                else sorted(
                    {pk for ids in target.ids.values() for pk in ids if isinstance(pk, int)}
                )
            )
    fillings = []
    names = list(choices)
    for combination in itertools.product(*(choices[name] for name in names)):
        values = {name: str(value) for name, value in zip(names, combination, strict=True)}
        fillings.extend(_with_model_names(pattern, values, target))
    return fillings


def _with_model_names(pattern, values, target):
    """Patterns that name a model by app label and model name get those of each of B's
    records (with its id where the pattern takes one)."""
    model_arguments = {
        "app_label",
        "model_name",
        "app_name",
        "content_type_app_name",
        "content_type_model_name",
    }
    if not model_arguments & set(pattern.parameters):
        return [values]
    fillings = []
    pages_only = "content_type_model_name" in pattern.parameters
    for instance in target.objects:
        if pages_only and not isinstance(instance, Page):
            continue
        meta = type(instance)._meta
        filled = {
            **values,
            "app_label": meta.app_label,
            "app_name": meta.app_label,
            "content_type_app_name": meta.app_label,
            "model_name": meta.model_name,
            "content_type_model_name": meta.model_name,
        }
        for name in ("pk", "instance_pk", "object_id"):
            if name in values:
                filled[name] = str(instance.pk)
        fillings.append(filled)
    return fillings


def photo_file_name(target: Target) -> str:
    from cms.models import Photo

    return Photo.objects.get(pk=target.ids["image"][0]).file.name


def addresses(target: Target) -> list[str]:
    """Every address of every pattern, filled with B's ids, that resolves back to its view."""
    found = []
    for pattern in url_patterns():
        if SKIPPED.search(pattern.route):
            continue
        for values in values_for(pattern, target):
            try:
                address = fill(pattern.route, values)
                if resolve(address.split("?")[0]).func is not pattern.callback:
                    continue
            except (KeyError, Resolver404):
                continue
            found.append(address)
    return sorted(set(found))


# -- what B holds, to tell a POST changed it ---------------------------------------------------


def snapshot(target: Target) -> dict:
    rows = {}
    for instance in target.objects:
        model = type(instance)
        values = model.objects.filter(pk=instance.pk).values().first()
        if isinstance(instance, Page):
            values = (
                Page.objects.filter(pk=instance.pk)
                .values(
                    "title",
                    "live",
                    "path",
                    "latest_revision_id",
                    "locked",
                    "has_unpublished_changes",
                )
                .first()
            )
        rows[(ContentType.objects.get_for_model(model).model, instance.pk)] = values
    return rows


def changes(before: dict, after: dict) -> list[str]:
    return [f"{key}: {before[key]} → {after[key]}" for key in before if before[key] != after[key]]


@pytest.mark.parametrize("role", [Role.MANAGER, Role.OFFICER, Role.CLERK, Role.HEAD])
def test_staff_of_one_institution_reach_nothing_of_another(
    client, role, institution_b, django_user_model, capsys
):
    user = django_user_model.objects.create_user(f"a_{role.lower()}", "a@example.test", "x")
    user.groups.add(Group.objects.get(name=role))
    urls = addresses(institution_b)
    # A view that fails on an empty form answers 500 like it would to the forger: not a leak.
    client.raise_request_exception = False
    leaks, altered, requests = [], [], 0
    for address in urls:
        # A POST can only harm B's records through an address that names one.
        for method in ("get", "post") if re.search(r"/\d+/", address) else ("get",):
            client.force_login(user)
            before = snapshot(institution_b) if method == "post" else None
            response = getattr(client, method)(address)
            requests += 1
            body = b"".join(response) if response.streaming else response.content
            if MARKER.encode() in body.lower():
                leaks.append(f"{method.upper()} {address} → {response.status_code}")
            if before is not None and (changed := changes(before, snapshot(institution_b))):
                altered.append(f"POST {address} → {response.status_code}: {changed}")
    patterns = len(list(url_patterns()))
    with capsys.disabled():
        # The coverage figure of the walk, for the security review.
        print(f"\n{role}: {patterns} URL patterns, {len(urls)} addresses, {requests} requests")  # noqa: T201

    assert leaks == [], "\n".join(leaks)
    assert altered == [], "\n".join(altered)
