"""The marketplaces and social networks a product or an institution may link to.

Each entry lists the domains its links may use, so a link pasted under the wrong marketplace (or a
look-alike phishing address) is refused in the admin instead of being published.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Marketplace(models.TextChoices):
    TOKOPEDIA = "tokopedia", "Tokopedia"
    SHOPEE = "shopee", "Shopee"
    TIKTOK_SHOP = "tiktok_shop", "TikTok Shop"
    LAZADA = "lazada", "Lazada"
    BUKALAPAK = "bukalapak", "Bukalapak"
    BLIBLI = "blibli", "Blibli"


MARKETPLACE_DOMAINS = {
    Marketplace.TOKOPEDIA: ("tokopedia.com", "tokopedia.link"),
    Marketplace.SHOPEE: ("shopee.co.id", "shope.ee", "shp.ee"),
    Marketplace.TIKTOK_SHOP: ("tiktok.com",),
    Marketplace.LAZADA: ("lazada.co.id",),
    Marketplace.BUKALAPAK: ("bukalapak.com",),
    Marketplace.BLIBLI: ("blibli.com",),
}


class SocialNetwork(models.TextChoices):
    INSTAGRAM = "instagram", "Instagram"
    FACEBOOK = "facebook", "Facebook"
    TIKTOK = "tiktok", "TikTok"
    YOUTUBE = "youtube", "YouTube"
    X = "x", _("X (Twitter)")


SOCIAL_NETWORK_DOMAINS = {
    SocialNetwork.INSTAGRAM: ("instagram.com",),
    SocialNetwork.FACEBOOK: ("facebook.com", "fb.com"),
    SocialNetwork.TIKTOK: ("tiktok.com",),
    SocialNetwork.YOUTUBE: ("youtube.com", "youtu.be"),
    SocialNetwork.X: ("x.com", "twitter.com"),
}
