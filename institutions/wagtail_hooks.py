"""Admin registrations of the institutions app."""

from wagtail import hooks

from institutions import isolation

# Institutions kept apart in Wagtail's own admin (institutions/isolation.py): the page chooser,
# the admin API and the reports no hook can narrow; redirects per institution are cms's
# (cms/redirects.py).


@hooks.register("construct_page_chooser_queryset")
def keep_page_chooser_to_own_institution(pages, request):
    return isolation.own_pages(pages, request.user)


@hooks.register("construct_reports_menu")
def hide_superuser_reports(request, menu_items):
    isolation.hide_superuser_reports(request, menu_items)


# After Wagtail's own hooks (order 0), whose photos and documents endpoints these replace.
@hooks.register("construct_admin_api", order=1)
def register_own_api_endpoints(router):
    isolation.register_own_api_endpoints(router)
