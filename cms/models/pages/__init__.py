"""The page types of a catalog site, one module each, on `CatalogBasePage` (base.py).

home.py      HomePage, HomeFeaturedProduct
indexes.py   CatalogIndexPage, WorkshopIndexPage, StoryIndexPage (paginated listings)
workshop.py  WorkshopPage, WorkshopPhoto
product.py   ProductPage, ProductPhoto, MarketplaceLink, Availability
story.py     StoryPage, StoryType
about.py     AboutPage
photos.py    the photo fields and galleries every page type uses
"""

from cms.models.pages.about import AboutPage
from cms.models.pages.base import CatalogBasePage
from cms.models.pages.home import HomeFeaturedProduct, HomePage
from cms.models.pages.indexes import CatalogIndexPage, StoryIndexPage, WorkshopIndexPage
from cms.models.pages.product import Availability, MarketplaceLink, ProductPage, ProductPhoto
from cms.models.pages.story import StoryPage, StoryType
from cms.models.pages.workshop import WorkshopPage, WorkshopPhoto

__all__ = [
    "AboutPage",
    "Availability",
    "CatalogBasePage",
    "CatalogIndexPage",
    "HomeFeaturedProduct",
    "HomePage",
    "MarketplaceLink",
    "ProductPage",
    "ProductPhoto",
    "StoryIndexPage",
    "StoryPage",
    "StoryType",
    "WorkshopIndexPage",
    "WorkshopPage",
    "WorkshopPhoto",
]
