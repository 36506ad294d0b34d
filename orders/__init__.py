"""Inquiries, sales, stock and reports recorded by clerks in place of their paper ledger."""
