"""`rongrian line richmenu setup`: create the default rich menu with the project's image."""

from __future__ import annotations

import argparse

from rongrian.errors import CommandError
from rongrian.runtime import Runtime


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("line", help="the LINE Official Account")
    line = parser.add_subparsers(dest="line_command", required=True)
    richmenu = line.add_parser("richmenu", help="the rich menu under the chat")
    actions = richmenu.add_subparsers(dest="richmenu_command", required=True)
    setup = actions.add_parser("setup", help="create the default rich menu and its image; "
                                             "replaces an earlier one of ours")
    setup.set_defaults(func=run_setup)


def run_setup(args: argparse.Namespace) -> int:
    """Create the menu, upload its image, make it the default, delete our older menus."""
    import urllib3
    from linebot.v3.messaging.exceptions import ApiException

    from bot import richmenu
    from bot.config import line_config
    from bot.gateway import LineGateway

    runtime = Runtime.from_env()
    config = line_config(runtime.settings)
    gateway = LineGateway(config)
    try:
        older = [menu_id for menu_id, name in gateway.rich_menus() if name == richmenu.NAME]
        menu_id = gateway.create_rich_menu(richmenu.definition(), richmenu.image(), "image/png")
        gateway.set_default_rich_menu(menu_id)
        for old in older:
            gateway.delete_rich_menu(old)
    except ApiException as exc:
        raise CommandError(f"LINE refused the rich menu: HTTP {exc.status} {exc.reason}") from None
    except (urllib3.exceptions.HTTPError, OSError) as exc:
        raise CommandError(f"cannot reach the LINE API: {type(exc).__name__}") from None
    finally:
        gateway.close()
    where = "the local fake LINE" if config.local else "LINE"
    print(f"rich menu {menu_id} is now the default on {where}"
          + (f" (replaced {len(older)})" if older else ""))
    return 0
