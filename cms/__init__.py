"""The Wagtail project of Etalase: settings, page models, roles and the publication workflow."""
