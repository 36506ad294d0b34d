"""What the baker writes for one page: its routes.

Most pages have one route, the page itself. A page that lists other pages (a paginated catalog, a
workshop with its products) defines ``get_static_routes()`` and returns one ``StaticRoute`` per
file, each with the ids of the pages it lists. The baker compares those ids with the last bake to
find listings whose content or pagination shifted, so a page that appears, disappears or moves
updates every listing it is on. A template that shows pages chosen by a query must expose that
query through ``get_static_routes()``; pages reached through fields (a product's workshop, a
story's products) are recorded automatically while the page renders.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class StaticRoute:
    # Below the page's URL, e.g. "" for the page itself or "halaman/2/" for a later listing page.
    subpath: str = ""
    listed: tuple[int, ...] = ()


def static_routes_of(page) -> list[StaticRoute]:
    get_static_routes = getattr(page, "get_static_routes", None)
    return get_static_routes() if get_static_routes else [StaticRoute()]


def is_listing(page) -> bool:
    return hasattr(page, "get_static_routes")
