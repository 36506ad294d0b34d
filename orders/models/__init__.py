"""Models of the orders app, split by subject."""

from orders.models.channels import Channel, ChannelKind
from orders.models.imports import IMPORT_UNDER_WAY, Import, ImportStatus
from orders.models.inquiries import Inquiry, InquiryLine, InquiryStatus
from orders.models.production import (
    BusinessRecordSettings,
    BuyerConsent,
    Delivery,
    DeliveryLine,
    Invoice,
    ProductionOrder,
    ProductionOrderLine,
    ProductionProgress,
    PublicRecordShown,
)
from orders.models.quotations import (
    Quotation,
    QuotationCounter,
    QuotationLine,
    QuotationSettings,
    QuotationStatus,
)
from orders.models.sales import PaymentStatus, Sale, SaleLine, ShippingStatus
from orders.models.shares import ShareSettings, WorkshopShare
from orders.models.stock import MANUAL_KINDS, MovementKind, ProductStock, StockMovement

__all__ = [
    "IMPORT_UNDER_WAY",
    "MANUAL_KINDS",
    "Channel",
    "BusinessRecordSettings",
    "BuyerConsent",
    "ChannelKind",
    "Delivery",
    "DeliveryLine",
    "Import",
    "ImportStatus",
    "Inquiry",
    "InquiryLine",
    "InquiryStatus",
    "Invoice",
    "MovementKind",
    "PaymentStatus",
    "ProductStock",
    "ProductionOrder",
    "ProductionOrderLine",
    "ProductionProgress",
    "PublicRecordShown",
    "Quotation",
    "QuotationCounter",
    "QuotationLine",
    "QuotationSettings",
    "QuotationStatus",
    "Sale",
    "SaleLine",
    "ShareSettings",
    "ShippingStatus",
    "StockMovement",
    "WorkshopShare",
]
