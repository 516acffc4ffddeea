"""Draw bot/static/richmenu.png from bot/static/richmenu.html (a development tool).

Run `python -m bot.richmenu_art` after changing the menu; it renders the page with
Playwright and the system Chromium (Thai fonts from fonts-thai-tlwg) and writes the PNG.
"""

from __future__ import annotations

import sys
from pathlib import Path

from bot.richmenu import HEIGHT, IMAGE, WIDTH

STATIC = Path(__file__).parent / "static"


def main(chromium: str = "/usr/bin/chromium") -> int:
    """Render the menu page to the PNG the `line richmenu setup` command uploads."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium)
        page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
        page.goto((STATIC / "richmenu.html").as_uri())
        page.screenshot(path=str(STATIC / IMAGE), full_page=False)
        browser.close()
    size = (STATIC / IMAGE).stat().st_size
    print(f"{STATIC / IMAGE}: {WIDTH}x{HEIGHT}, {size} bytes")
    return 0 if size <= 1024 * 1024 else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
