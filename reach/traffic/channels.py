"""What a request tells beyond its page: a bot or a person, an asset or a page, and the channel
the visitor came from (the link's ``utm_source``, else the referrer's host)."""

import re
from functools import lru_cache
from pathlib import PurePosixPath
from urllib.parse import parse_qs, urlsplit

from reach.models import TrafficChannel

# Crawlers, link-preview fetchers (WhatsApp's, Facebook's), monitors and scripts; an empty
# user agent too. People's in-app browsers (Instagram, Facebook's FBAN) do not match.
BOT_AGENT = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|facebookexternalhit|facebookcatalog|meta-external|"
    r"whatsapp/|telegram|preview|headless|lighthouse|pagespeed|curl/|wget/|python-|"
    r"go-http-client|java/|okhttp|httpclient|axios|node-fetch|scrapy|monitor|pingdom|uptime|"
    r"^-?$",
    re.IGNORECASE,
)

ASSET_SUFFIXES = {
    ".css", ".js", ".mjs", ".map", ".json", ".xml", ".csv", ".txt", ".svg", ".png", ".jpg",
    ".jpeg", ".gif", ".webp", ".avif", ".ico", ".woff", ".woff2", ".ttf", ".wasm", ".pdf",
    ".pf_meta", ".pf_index", ".pf_fragment", ".pagefind",
}  # fmt: skip
ASSET_FOLDERS = ("static/", "media/", "pagefind/")

UTM_SOURCES = {
    "google": TrafficChannel.GOOGLE,
    "instagram": TrafficChannel.INSTAGRAM,
    "ig": TrafficChannel.INSTAGRAM,
    "facebook": TrafficChannel.FACEBOOK,
    "fb": TrafficChannel.FACEBOOK,
    "whatsapp": TrafficChannel.WHATSAPP,
    "whatsapp_status": TrafficChannel.WHATSAPP,
    "wa": TrafficChannel.WHATSAPP,
    "tiktok": TrafficChannel.TIKTOK,
    "tokopedia": TrafficChannel.TOKOPEDIA,
    "shopee": TrafficChannel.SHOPEE,
}
# Referrer hosts by domain (the domain itself or any host below it).
REFERRER_DOMAINS = {
    "instagram.com": TrafficChannel.INSTAGRAM,
    "facebook.com": TrafficChannel.FACEBOOK,
    "fb.com": TrafficChannel.FACEBOOK,
    "fb.me": TrafficChannel.FACEBOOK,
    "com.facebook.katana": TrafficChannel.FACEBOOK,  # android-app://
    "wa.me": TrafficChannel.WHATSAPP,
    "whatsapp.com": TrafficChannel.WHATSAPP,
    "l.wl.co": TrafficChannel.WHATSAPP,  # WhatsApp's link shim
    "com.whatsapp": TrafficChannel.WHATSAPP,
    "tiktok.com": TrafficChannel.TIKTOK,
    "tokopedia.com": TrafficChannel.TOKOPEDIA,
    "tokopedia.link": TrafficChannel.TOKOPEDIA,
    "shopee.co.id": TrafficChannel.SHOPEE,
    "shopee.com": TrafficChannel.SHOPEE,
    "shope.ee": TrafficChannel.SHOPEE,
}


@lru_cache(maxsize=16384)
def is_bot(user_agent: str) -> bool:
    return BOT_AGENT.search(user_agent) is not None


def is_asset(path: str) -> bool:
    """A style, script, image, font, feed or search index file: never a page view."""
    path = path.lstrip("/")
    return path.startswith(ASSET_FOLDERS) or PurePosixPath(path).suffix.lower() in ASSET_SUFFIXES


def _utm_source(query: str) -> str:
    if "utm_source=" not in query:
        return ""
    return parse_qs(query).get("utm_source", [""])[0].strip().lower()


def _referrer_channel(host: str) -> str:
    if "google" in host.split("."):  # www.google.co.id, com.google.android.googlequicksearchbox
        return TrafficChannel.GOOGLE
    for domain, channel in REFERRER_DOMAINS.items():
        if host == domain or host.endswith("." + domain):
            return channel
    return TrafficChannel.OTHER


@lru_cache(maxsize=65536)
def channel_of(query: str, referrer: str, own_hosts: frozenset[str]) -> str:
    """The channel of a request: its ``utm_source`` (an unknown one is "other"), else its
    referrer's host. A referrer on the site itself (a click from one of its pages, an order
    button) carries the channel of that page's own address, else counts as direct."""
    source = _utm_source(query)
    if source:
        return UTM_SOURCES.get(source, TrafficChannel.OTHER)
    if not referrer:
        return TrafficChannel.DIRECT
    address = urlsplit(referrer)
    host = (address.hostname or "").lower()
    if not host:
        return TrafficChannel.DIRECT
    if host in own_hosts:
        source = _utm_source(address.query)
        return UTM_SOURCES.get(source, TrafficChannel.OTHER) if source else TrafficChannel.DIRECT
    return _referrer_channel(host)
