"""The typeface shipped with the project for what it draws itself (share-kit images, PDF
documents): no network and no system font needed, and the same letters on every machine."""

from pathlib import Path

FONTS_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR = FONTS_DIR / "DejaVuSans.ttf"
BOLD = FONTS_DIR / "DejaVuSans-Bold.ttf"
