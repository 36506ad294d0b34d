"""Models of the cms app, split by subject."""

from cms.models.pages import (
    AboutPage,
    Availability,
    CatalogIndexPage,
    HomeFeaturedProduct,
    HomePage,
    MarketplaceLink,
    ProductPage,
    ProductPhoto,
    StoryIndexPage,
    StoryPage,
    StoryType,
    WorkshopIndexPage,
    WorkshopPage,
    WorkshopPhoto,
)
from cms.models.photos import Photo, PhotoRendition
from cms.models.privacy import ProtectedName
from cms.models.settings import InstitutionSettings, ShopLink, SocialAccount
from cms.models.snippets import Category
from cms.models.workflow import FourEyesApprovalTask

__all__ = [
    "AboutPage",
    "Availability",
    "CatalogIndexPage",
    "Category",
    "FourEyesApprovalTask",
    "HomeFeaturedProduct",
    "HomePage",
    "InstitutionSettings",
    "MarketplaceLink",
    "Photo",
    "PhotoRendition",
    "ProductPage",
    "ProductPhoto",
    "ProtectedName",
    "ShopLink",
    "SocialAccount",
    "StoryIndexPage",
    "StoryPage",
    "StoryType",
    "WorkshopIndexPage",
    "WorkshopPage",
    "WorkshopPhoto",
]
