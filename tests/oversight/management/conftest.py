"""The monthly accountability report reuses the orders tests' month of sales computed by hand."""

from tests.orders.conftest import make_product, november, shopee, whatsapp  # noqa: F401
