"""`rongrian line richmenu setup` against the fake LINE server."""

from __future__ import annotations

import struct

import pytest

from bot import richmenu
from rongrian.cli import main as rongrian
from tests.bot.conftest import SECRET, TOKEN
from tests.fakeline import FakeLine


@pytest.fixture
def line_env(monkeypatch: pytest.MonkeyPatch, fake_line: FakeLine, tmp_path) -> None:  # noqa: ANN001
    for key, value in {"LINE_CHANNEL_SECRET": SECRET, "LINE_CHANNEL_ACCESS_TOKEN": TOKEN,
                       "LINE_API_BASE_URL": fake_line.url, "SECRET_KEY": "k" * 32,
                       "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}",
                       "RONGRIAN_INSTANCE": str(tmp_path)}.items():
        monkeypatch.setenv(key, value)


def test_the_image_is_a_png_of_the_menu_size_under_1_mb() -> None:
    image = richmenu.image()
    assert image.startswith(b"\x89PNG") and len(image) < 1024 * 1024
    width, height = struct.unpack(">II", image[16:24])
    assert (width, height) == (richmenu.WIDTH, richmenu.HEIGHT)


def test_setup_creates_uploads_and_sets_the_default_then_replaces_it(
        line_env: None, fake_line: FakeLine, capsys: pytest.CaptureFixture[str]) -> None:
    assert rongrian(["line", "richmenu", "setup"]) == 0
    [first] = fake_line.rich_menus
    assert fake_line.default_rich_menu == first
    menu = fake_line.rich_menus[first]
    assert [a["action"]["data"] for a in menu["areas"]] == ["menu:complain", "menu:track",
                                                             "menu:help"]
    [upload] = fake_line.calls("richmenu_image")
    assert upload.headers["content-type"] == "image/png" and upload.body == richmenu.image()
    assert rongrian(["line", "richmenu", "setup"]) == 0
    [second] = fake_line.rich_menus
    assert second != first and fake_line.default_rich_menu == second
    assert "is now the default" in capsys.readouterr().out


def test_a_refusal_is_one_line_and_exit_1(line_env: None, fake_line: FakeLine,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    fake_line.fail("richmenu_create", 400, message="must be specified")
    assert rongrian(["line", "richmenu", "setup"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "HTTP 400" in err
