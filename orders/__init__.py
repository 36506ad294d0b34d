"""Inquiries, sales, stock and reports recorded by clerks (see the orders issue)."""
