"""Moving models from one app to another keeps their rows: their content types move with them,
so that permissions, groups' permissions, log entries and settings keep pointing at them."""


def move_content_types(apps, models, from_app, to_app):
    """Give the content types of `models` (lowercase model names) of `from_app` the label
    `to_app`. A content type already made under `to_app` for one of them (`migrate` makes the
    content types of a new app, and their permissions, once it has run) holds nothing of the
    installation's own yet: it gives way to the old one."""
    content_types = apps.get_model("contenttypes", "ContentType").objects
    for model in models:
        old = content_types.filter(app_label=from_app, model=model).first()
        if old is None:
            continue
        content_types.filter(app_label=to_app, model=model).delete()
        old.app_label = to_app
        old.save(update_fields=["app_label"])
