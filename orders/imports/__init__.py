"""Imports of order exports from marketplace seller centres.

A clerk downloads the orders of a period from the seller centre (CSV or XLSX) and uploads the
file. `files` reads it into rows, a format module (`shopee`, `tokopedia`) turns each row into
an order line and says what is wrong with it, `plan` matches the lines to products and existing
sales, and `run` records the new sales in one transaction. Nothing is imported while one row
has a problem, and an order already imported is never imported again.
"""
