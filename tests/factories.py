"""Factories for the content model (wagtail-factories, never hand-written tree paths)."""

from io import BytesIO

import factory
import wagtail_factories
from PIL import Image

from django.core.files.images import ImageFile

from wagtail.models import Collection

from cms.models import (
    CatalogIndexPage,
    Category,
    HomePage,
    Photo,
    ProductPage,
    ProductPhoto,
    WorkshopIndexPage,
    WorkshopPage,
)
from institutions.models import Institution


def jpeg_file(name="photo.jpg", size=(64, 48), colour="#2c3e73", **save_options):
    """A small JPEG; `save_options` may carry `exif=` to test metadata stripping."""
    buffer = BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG", **save_options)
    buffer.seek(0)
    return ImageFile(buffer, name=name)


def first_institutions_collection():
    """Where the staff of the first institution (the default site's) keep their photos; the
    root collection when the migrations' institution is gone (browser tests flush it)."""
    institution = Institution.objects.filter(site__is_default_site=True).first()
    return institution.collection if institution else Collection.get_first_root_node()


class PhotoFactory(factory.django.DjangoModelFactory):
    """A photo of the first institution; pass `collection=` for another institution's."""

    title = factory.Sequence(lambda n: f"Photo {n}")
    file = factory.LazyFunction(jpeg_file)
    collection = factory.LazyFunction(first_institutions_collection)

    class Meta:
        model = Photo


class CategoryFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")

    class Meta:
        model = Category


class HomePageFactory(wagtail_factories.PageFactory):
    """The home page of another institution's site: pass `parent=Page.get_first_root_node()`."""

    title = factory.Sequence(lambda n: f"Beranda {n}")
    slug = factory.Sequence(lambda n: f"beranda-{n}")

    class Meta:
        model = HomePage


class CatalogIndexPageFactory(wagtail_factories.PageFactory):
    title = "Katalog"
    slug = "katalog"

    class Meta:
        model = CatalogIndexPage


class WorkshopIndexPageFactory(wagtail_factories.PageFactory):
    title = "Bengkel Kerja"
    slug = "bengkel-kerja"

    class Meta:
        model = WorkshopIndexPage


class WorkshopPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Workshop {n}")

    class Meta:
        model = WorkshopPage


class ProductPageFactory(wagtail_factories.PageFactory):
    """A product page; pass `live=False` for a draft."""

    title = factory.Sequence(lambda n: f"Product {n}")
    code = factory.Sequence(lambda n: f"TST-{n + 100:03d}")
    category = factory.SubFactory(CategoryFactory)
    price = 150000
    short_description = "A product made in a workshop."

    class Meta:
        model = ProductPage
        skip_postgeneration_save = True

    @factory.post_generation
    def with_photo(page, create, extracted, **kwargs):
        """A photo from the collection of the product's institution (a page may show no other)."""
        if create and extracted is not False:
            institution = page.institution()
            photo = PhotoFactory(**({"collection": institution.collection} if institution else {}))
            ProductPhoto.objects.create(page=page, image=photo, alt_text="Front view")
