"""Templates and assets of the public site, shared by Wagtail's preview and the baker."""
