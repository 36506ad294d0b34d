"""Builds the demo catalog through the same paths people use: pages are written by the demo
manager, submitted to the "Penerbitan produk" workflow and approved by the demo officer, so
the audit log of the demo reads like a real one."""

import random
import secrets
from dataclasses import dataclass, field
from io import BytesIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile

from wagtail.models import Site

from cms.demo import catalog
from cms.demo.photos import draw_photo
from cms.models import (
    AboutPage,
    CatalogIndexPage,
    Category,
    HomeFeaturedProduct,
    InstitutionSettings,
    MarketplaceLink,
    Photo,
    ProductPage,
    ProductPhoto,
    ShopLink,
    StoryIndexPage,
    StoryPage,
    WorkshopIndexPage,
    WorkshopPage,
    WorkshopPhoto,
)
from sitegen.models import PublishSettings, validate_public_address

ROLES = ("Manager", "Officer", "Clerk", "Head")


@dataclass
class SeedReport:
    """What the seeding did, for the command to print."""

    logins: dict[str, str] = field(default_factory=dict)
    created: bool = False
    live_products: int = 0
    products_in_moderation: list[str] = field(default_factory=list)
    products_with_draft: list[str] = field(default_factory=list)
    workshops: int = 0
    stories: int = 0
    public_address: str = ""


# Where `make demo` serves the baked site (serve_site on SITE_PORT): its links and QR codes
# must open there.
DEMO_PUBLIC_ADDRESS = "http://127.0.0.1:8001"


def set_public_address(address: str) -> str:
    """Give the demo site the address it is served at, on every run: `make demo SITE_PORT=…`
    serves it on another port."""
    validate_public_address(address)
    site = Site.objects.get(is_default_site=True)
    PublishSettings.objects.update_or_create(site=site, defaults={"public_address": address})
    return address


def reset_demo_logins() -> dict[str, str]:
    """Create or reset one user per role with a fresh random password.

    Returns username → password, for the command to print."""
    User = get_user_model()
    logins = {}
    for role in ROLES:
        username = role.lower()
        user, _ = User.objects.get_or_create(
            username=username,
            defaults={"email": f"{username}@demo.etalase.test", "first_name": role},
        )
        password = secrets.token_urlsafe(9)
        user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        logins[username] = password
    return logins


class DemoSeeder:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)  # noqa: S311 (demo photos and choices, not secrets)
        User = get_user_model()
        self.manager = User.objects.get(username="manager")
        self.officer = User.objects.get(username="officer")
        self.collection = Site.objects.get(is_default_site=True).institution.collection

    def run(self, report: SeedReport) -> None:
        site = Site.objects.get(is_default_site=True)
        home = site.root_page.specific
        categories = self._categories()
        catalog_index, workshop_index, story_index = self._indexes(home)
        workshops = {}
        products = []
        for demo in catalog.WORKSHOPS:
            workshops[demo.slug] = self._workshop(workshop_index, demo)
            products += self._products(catalog_index, demo, workshops[demo.slug], categories)
        report.workshops = len(workshops)
        report.stories = self._stories(story_index, workshops, products)
        self._about(home, workshops)
        self._home(home, products)
        self._institution(site)
        report.products_with_draft = [self._leave_newer_draft(products[1])]
        report.products_in_moderation = [self._product_in_moderation(catalog_index, products[0])]
        report.live_products = ProductPage.objects.live().count()

    # Publication, as people do it -------------------------------------------------------------

    def _publish_through_review(self, page):
        """Save a revision as the manager, submit it, and approve it as the officer."""
        page.save_revision(user=self.manager)
        workflow_state = page.get_workflow().start(page, self.manager)
        task_state = workflow_state.current_task_state
        task_state.task.specific.on_action(task_state, self.officer, "approve")

    def _create(self, parent, page):
        page.live = False
        page.owner = self.manager
        parent.add_child(instance=page)
        self._publish_through_review(page)
        return page

    def _photo(self, title, motif, palette):
        jpeg = BytesIO(draw_photo(palette, motif, self.rng))
        return Photo.objects.create(
            title=title,
            uploaded_by_user=self.manager,
            file=ImageFile(jpeg, name=f"{motif}.jpg"),
            collection=self.collection,  # the institution's, where its staff find them
        )

    # The catalog --------------------------------------------------------------------------------

    def _categories(self):
        categories = {}
        for order, demo in enumerate(catalog.WORKSHOPS):
            slug = demo.slug.split("-")[0]
            categories[demo.category], _ = Category.objects.get_or_create(
                name=demo.category, defaults={"slug": slug, "sort_order": order}
            )
        return categories

    def _indexes(self, home):
        return (
            self._create(
                home,
                CatalogIndexPage(
                    title="Katalog",
                    slug="katalog",
                    show_in_menus=True,
                    intro="Produk karya warga binaan, dibuat di bengkel kerja lembaga.",
                ),
            ),
            self._create(
                home,
                WorkshopIndexPage(
                    title="Bengkel Kerja",
                    slug="bengkel-kerja",
                    show_in_menus=True,
                    intro="Unit kerja tempat produk kami dibuat.",
                ),
            ),
            self._create(
                home,
                StoryIndexPage(
                    title="Cerita",
                    slug="cerita",
                    show_in_menus=True,
                    intro="Kisah di balik produk kami.",
                ),
            ),
        )

    def _workshop(self, index, demo):
        photo = self._photo(demo.title, demo.motif, demo.palette)
        return self._create(
            index,
            WorkshopPage(
                title=demo.title,
                slug=demo.slug,
                description=f"<p>{demo.description}</p>",
                photos=[
                    WorkshopPhoto(image=photo, alt_text=f"Suasana bengkel {demo.title.lower()}")
                ],
            ),
        )

    def _products(self, index, demo, workshop, categories):
        return [
            self._create(index, self._product(demo, number, name, price, workshop, categories))
            for number, (name, price) in enumerate(demo.products, start=1)
        ]

    def _product(self, demo, number, name, price, workshop, categories):
        photo = self._photo(name, demo.motif, demo.palette)
        slug = name.lower().replace(" ", "-").replace("&", "dan")
        availability = self.rng.choice(["ready_stock"] * 3 + ["pre_order", "made_to_order"])
        return ProductPage(
            title=name,
            slug=slug,
            code=f"{demo.code_prefix}-{number:03d}",
            category=categories[demo.category],
            workshop=workshop,
            price=price,
            unit=demo.unit,
            minimum_order_quantity=50 if demo.motif == "sandal" else 1,
            availability=availability,
            accepts_custom_orders=demo.motif in ("sandal", "tshirt", "batik"),
            short_description=f"{name} dari bengkel {demo.title.lower()}. {demo.description}",
            materials_and_care="<p>Simpan di tempat kering dan sejuk.</p>",
            story=[("paragraph", f"<p>{demo.description}</p>")],
            photos=[ProductPhoto(image=photo, alt_text=f"{name}, tampak depan")],
            marketplace_links=[
                MarketplaceLink(marketplace=key, url=url.format(slug=slug))
                for key, url in catalog.MARKETPLACE_URLS.items()
            ],
        )

    def _stories(self, index, workshops, products):
        for title, story_type, workshop_slug, summary, text in catalog.STORIES:
            workshop = workshops[workshop_slug]
            related = [product for product in products if product.workshop_id == workshop.pk]
            self._create(
                index,
                StoryPage(
                    title=title,
                    story_type=story_type,
                    summary=summary,
                    workshop=workshop,
                    related_products=related[:3],
                    body=[
                        ("paragraph", f"<p>{text}</p>"),
                        ("quote", {"text": summary, "attribution": "Petugas pembinaan"}),
                    ],
                ),
            )
        return len(catalog.STORIES)

    def _about(self, home, workshops):
        photo = next(iter(workshops.values())).photos.first()
        self._create(
            home,
            AboutPage(
                title="Tentang Kami",
                slug="tentang",
                show_in_menus=True,
                intro=catalog.ABOUT["intro"],
                body=[
                    *(("paragraph", f"<p>{text}</p>") for text in catalog.ABOUT["paragraphs"]),
                    ("image", {"image": photo.image, "alt_text": photo.alt_text, "caption": ""}),
                ],
            ),
        )

    def _home(self, home, products):
        home.hero_text = "Produk karya warga binaan: dibuat dengan tangan, dijual dengan bangga."
        hero = products[0].photos.first()
        home.hero_image, home.hero_image_alt = hero.image, hero.alt_text
        home.workshops_intro = "Enam bengkel kerja, satu tujuan: keterampilan untuk masa depan."
        home.impact_figures = [
            ("figure", {"figure": figure, "label": label})
            for figure, label in catalog.IMPACT_FIGURES
        ]
        home.featured_products = [
            HomeFeaturedProduct(product=product) for product in products[2::6]
        ]
        self._publish_through_review(home)

    def _institution(self, site):
        settings = InstitutionSettings.for_site(site)
        for name, value in catalog.INSTITUTION.items():
            setattr(settings, name, value)
        settings.full_clean()
        settings.shop_links = [
            ShopLink(marketplace=key, url=url.format(slug="").rstrip("/"))
            for key, url in catalog.MARKETPLACE_URLS.items()
        ]
        settings.save()

    # States the baker must handle ---------------------------------------------------------------

    def _leave_newer_draft(self, product):
        """A live product whose newer draft (a price rise) is not approved yet."""
        draft = product.get_latest_revision_as_object()
        draft.title = f"{product.title} (edisi baru)"
        draft.price = product.price + 50000
        draft.save_revision(user=self.manager)
        return product.code

    def _product_in_moderation(self, index, template):
        """A new product submitted by the manager and waiting for an officer."""
        product = ProductPage(
            title="Kain Batik Tulis Sekar Jagad",
            slug="kain-batik-tulis-sekar-jagad",
            code="BTK-099",
            category=template.category,
            workshop=template.workshop,
            price=650000,
            unit="lembar",
            short_description="Motif sekar jagad, menunggu persetujuan petugas.",
            photos=[
                ProductPhoto(image=template.photos.first().image, alt_text="Kain batik sekar jagad")
            ],
            live=False,
            owner=self.manager,
        )
        index.add_child(instance=product)
        product.save_revision(user=self.manager)
        product.get_workflow().start(product, self.manager)
        return product.code
