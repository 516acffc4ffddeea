"""What people add around an answer in a Thai chat: polite particles (ค่ะ, ครับ, นะคะ …).

A name, a phone number or a province typed in LINE often ends with a polite particle,
with or without a space: "ใจงาม ค่ะ", "ใจงามค่ะ", "กทม.ค่ะ", "0812345678 ครับ". The
particles below are taken off the end before the answer is read.
"""

from __future__ import annotations

import re
import unicodedata

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def thai_digits_to_arabic(text: str) -> str:
    """Thai digits ๐-๙ as 0-9 (people type either)."""
    return text.translate(_THAI_DIGITS)

# Particles that are taken off even when typed glued to the last word ("ใจงามค่ะ"): no
# Thai name, place or number ends with them. Longest first, so นะคะ wins over คะ.
POLITE_PARTICLES_GLUED: tuple[str, ...] = (
    "ครับผม", "นะครับ", "นะค่ะ", "นะคะ", "นะจ๊ะ", "นะจ้ะ", "นะจ้า", "คร้าบ", "ค้าบ", "ขอรับ",
    "ครับ", "ค่ะ", "ค้ะ", "คะ", "คับ", "จ้ะ", "จ๊ะ", "จ้า", "ฮ่ะ", "ฮะ",
)
# Particles taken off only after a space: glued, they are the end of real words and
# names (ชนะ, มีค่า). The Latin ones are also taken off glued to Thai ("ใจงามna").
POLITE_PARTICLES_SPACED: tuple[str, ...] = ("นะ", "ค่า", "ฮับ")
POLITE_PARTICLES_LATIN: tuple[str, ...] = (
    "na", "ka", "kha", "krub", "krap", "krab", "khrap", "kub", "kap", "ja",
)

_ALL = POLITE_PARTICLES_GLUED + POLITE_PARTICLES_SPACED + POLITE_PARTICLES_LATIN
_ALT_GLUED = "|".join(map(re.escape, POLITE_PARTICLES_GLUED))
_ALT_LATIN = "|".join(map(re.escape, POLITE_PARTICLES_LATIN))
_ALT_ALL = "|".join(map(re.escape, sorted(_ALL, key=len, reverse=True)))
_PARTICLE_WORDS = frozenset(p.lower() for p in _ALL)
# A particle at the end, then perhaps a full stop, exclamation marks or a tilde.
_TRAILING_PARTICLE = re.compile(
    rf"(?:\s+(?:{_ALT_ALL})|(?:{_ALT_GLUED})|(?<=[\u0E01-\u0E4E])(?:{_ALT_LATIN}))[\s.!~]*$",
    re.IGNORECASE,
)


def strip_polite_particles(text: str) -> str:
    """The text without polite particles at its end; spaces collapsed, NFC.

    "ใจงาม ค่ะ", "ใจงามค่ะ" and "ใจงาม นะคะ" all give "ใจงาม"; a text that is only a
    particle gives "".
    """
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text or "")).strip()
    while True:
        if text.lower() in _PARTICLE_WORDS:
            return ""
        stripped = _TRAILING_PARTICLE.sub("", text).strip()
        if stripped == text:
            return text
        text = stripped
