"""Publishing pages in tests the way an approval does: a new live revision."""


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def edit(page, **fields):
    """Change fields of a live page and publish the change, as an approved edit."""
    page = page.specific_class.objects.get(pk=page.pk)
    for name, value in fields.items():
        setattr(page, name, value)
    return publish(page)
