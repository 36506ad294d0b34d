"""How amounts are written for people in Indonesia, on the public site and in the admin alike."""


def thousands(amount: int) -> str:
    """1234500 → "1.234.500": a dot between each group of three digits."""
    return f"{amount:,}".replace(",", ".")
