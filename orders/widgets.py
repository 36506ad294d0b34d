"""Form widgets of the orders admin."""

from django import forms


class ProductSelect(forms.Select):
    """Products listed as "BTK-001 — Batik Tulis Parang", the way clerks and customers name them."""

    def create_option(self, name, value, label, *args, **kwargs):
        product = getattr(value, "instance", None)
        if product is not None:
            label = f"{product.code} — {product.title}"
        return super().create_option(name, value, label, *args, **kwargs)
