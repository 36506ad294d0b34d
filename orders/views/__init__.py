"""Admin views of the orders app, beyond the lists and forms modeladmin gives."""
