"""Thai titles and ranks typed before a first name, and the labels people put around a name.

`core/domain/people.py` reads these tables; a new title is one row here (and a test in
tests/unit/test_people.py).

Each `Title` has the form that is kept with the case (`stored`) and the forms people type
(`typed`). How a typed form is matched:

- a form with dots ("พ.ต.ท.") also matches with dots left out or a space after a dot
  ("พ.ต.ท", "พ.ต. ท.", "พตท"); when its final dot is there it may be glued to the name
  ("ร.ต.อ.สมชาย"), otherwise a space must follow ("น.ส สมใจ", "พตท สมชาย");
- with no dot at all, an abbreviation of one or two letters only counts when it is in
  `DOTLESS_ABBREVIATIONS` ("นส สมใจ"): others (นพ, มล) are also first names or nicknames;
- a whole word ("นาย", "ร้อยตำรวจเอก", "คุณ", "พระมหา") may be glued to the name when the
  name starts with a consonant or a leading vowel (so "นายิกา" and "คุณากร" stay names);
- `rank` titles may end in หญิง (a female officer: "ร.ต.อ.หญิง" → ร้อยตำรวจเอกหญิง);
- titles can follow each other ("ผศ.ดร.", "ว่าที่ ร.ต.", "พ.ต.อ. ดร."); `ACTING`
  (ว่าที่) is written joined to the rank after it.

Stored forms are the written-out title (น.ส. → นางสาว, พ.ต.ท. → พันตำรวจโท), except
where one abbreviation stands for ranks of different forces (ร.ต.: ร้อยตรี, เรือตรี or
เรืออากาศตรี; จ.ส.ต.: จ่าสิบตรี or จ่าสิบตำรวจ; น.อ., จ.อ. …): those are kept as the
abbreviation, not guessed. ดร. is kept as written, as is the custom.

Written by hand from the abbreviations in common use in Thai official letters; not every
title there is: add a row when complainants type one that is missing.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Title:
    stored: str
    typed: tuple[str, ...]
    rank: bool = False  # police or military rank: may end in หญิง


def _ranks(*rows: tuple[str, str]) -> tuple[Title, ...]:
    """Ranks as (written-out form, abbreviation): both are typed, the first is kept."""
    return tuple(Title(full, (full, short), rank=True) for full, short in rows)


CIVIL: tuple[Title, ...] = (
    Title("นาย", ("นาย",)),
    Title("นาง", ("นาง",)),
    Title("นางสาว", ("นางสาว", "น.ส.", "นส.")),
    Title("เด็กชาย", ("เด็กชาย", "ด.ช.")),
    Title("เด็กหญิง", ("เด็กหญิง", "ด.ญ.")),
    Title("คุณ", ("คุณ",)),
)

POLICE: tuple[Title, ...] = _ranks(
    ("พลตำรวจเอก", "พล.ต.อ."), ("พลตำรวจโท", "พล.ต.ท."), ("พลตำรวจตรี", "พล.ต.ต."),
    ("พันตำรวจเอก", "พ.ต.อ."), ("พันตำรวจโท", "พ.ต.ท."), ("พันตำรวจตรี", "พ.ต.ต."),
    ("ร้อยตำรวจเอก", "ร.ต.อ."), ("ร้อยตำรวจโท", "ร.ต.ท."), ("ร้อยตำรวจตรี", "ร.ต.ต."),
    ("ดาบตำรวจ", "ด.ต."),
    ("สิบตำรวจเอก", "ส.ต.อ."), ("สิบตำรวจโท", "ส.ต.ท."), ("สิบตำรวจตรี", "ส.ต.ต."),
) + (
    Title("จ่าสิบตำรวจ", ("จ่าสิบตำรวจ",), rank=True),
    Title("พลตำรวจ", ("พลตำรวจ",), rank=True),
)

MILITARY: tuple[Title, ...] = _ranks(
    # Army
    ("พลเอก", "พล.อ."), ("พลโท", "พล.ท."), ("พลตรี", "พล.ต."),
    ("พันเอก", "พ.อ."), ("พันโท", "พ.ท."), ("พันตรี", "พ.ต."),
    ("จ่าสิบเอก", "จ.ส.อ."), ("จ่าสิบโท", "จ.ส.ท."),
    ("สิบเอก", "ส.อ."), ("สิบโท", "ส.ท."), ("สิบตรี", "ส.ต."),
    # Navy
    ("พลเรือเอก", "พล.ร.อ."), ("พลเรือโท", "พล.ร.ท."), ("พลเรือตรี", "พล.ร.ต."),
    ("พันจ่าเอก", "พ.จ.อ."), ("พันจ่าโท", "พ.จ.ท."), ("พันจ่าตรี", "พ.จ.ต."),
    # Air force
    ("พลอากาศเอก", "พล.อ.อ."), ("พลอากาศโท", "พล.อ.ท."), ("พลอากาศตรี", "พล.อ.ต."),
    ("พันจ่าอากาศเอก", "พ.อ.อ."), ("พันจ่าอากาศโท", "พ.อ.ท."), ("พันจ่าอากาศตรี", "พ.อ.ต."),
) + tuple(
    Title(full, (full,), rank=True) for full in (
        "ร้อยเอก", "ร้อยโท", "ร้อยตรี", "จ่าสิบตรี", "พลทหาร",
        "นาวาเอก", "นาวาโท", "นาวาตรี", "เรือเอก", "เรือโท", "เรือตรี",
        "จ่าเอก", "จ่าโท", "จ่าตรี", "นาวาอากาศเอก", "นาวาอากาศโท", "นาวาอากาศตรี",
        "เรืออากาศเอก", "เรืออากาศโท", "เรืออากาศตรี",
        "จ่าอากาศเอก", "จ่าอากาศโท", "จ่าอากาศตรี",
    )
) + tuple(
    # One abbreviation, ranks of different forces: kept as typed.
    Title(short, (short,), rank=True) for short in (
        "ร.อ.", "ร.ท.", "ร.ต.", "จ.ส.ต.", "น.อ.", "น.ท.", "น.ต.", "จ.อ.", "จ.ท.", "จ.ต.",
    )
)

# Acting rank (reserve officers): "ว่าที่ ร.ต." is kept as ว่าที่ร้อยตรี.
ACTING = "ว่าที่"
ACTING_RANKS = {"ร.ต.": "ร้อยตรี", "ร.ท.": "ร้อยโท", "ร.อ.": "ร้อยเอก"}

ACADEMIC: tuple[Title, ...] = (
    Title("ศาสตราจารย์", ("ศาสตราจารย์", "ศ.")),
    Title("รองศาสตราจารย์", ("รองศาสตราจารย์", "รศ.")),
    Title("ผู้ช่วยศาสตราจารย์", ("ผู้ช่วยศาสตราจารย์", "ผศ.")),
    Title("ดร.", ("ดร.",)),
    Title("นายแพทย์", ("นายแพทย์", "นพ.")),
    Title("แพทย์หญิง", ("แพทย์หญิง", "พญ.")),
    Title("ทันตแพทย์", ("ทันตแพทย์", "ทพ.")),
    Title("ทันตแพทย์หญิง", ("ทันตแพทย์หญิง", "ทพญ.")),
    Title("เภสัชกร", ("เภสัชกร", "ภก.")),
    Title("เภสัชกรหญิง", ("เภสัชกรหญิง", "ภญ.")),
)

ROYAL: tuple[Title, ...] = (
    Title("หม่อมเจ้า", ("หม่อมเจ้า", "ม.จ.")),
    Title("หม่อมราชวงศ์", ("หม่อมราชวงศ์", "ม.ร.ว.")),
    Title("หม่อมหลวง", ("หม่อมหลวง", "ม.ล.")),
    Title("ท่านผู้หญิง", ("ท่านผู้หญิง",)),
    Title("คุณหญิง", ("คุณหญิง",)),
)

MONASTIC: tuple[Title, ...] = (
    Title("พระมหา", ("พระมหา",)),
    Title("พระครู", ("พระครู",)),
    Title("พระอธิการ", ("พระอธิการ",)),
    Title("พระภิกษุ", ("พระภิกษุ",)),
    Title("พระปลัด", ("พระปลัด",)),
    Title("พระสมุห์", ("พระสมุห์",)),
    Title("พระใบฎีกา", ("พระใบฎีกา",)),
    Title("สามเณร", ("สามเณร", "ส.ณ.")),
    Title("แม่ชี", ("แม่ชี",)),
)

# Read only when a space follows: glued, they start ordinary first names (พระพร, พระพาย).
SPACED_ONLY: tuple[Title, ...] = (
    Title("พระ", ("พระ",)),
)

THAI_TITLES: tuple[Title, ...] = CIVIL + POLICE + MILITARY + ACADEMIC + ROYAL + MONASTIC

# Abbreviations of one or two letters that are read even without a dot ("นส สมใจ").
DOTLESS_ABBREVIATIONS = frozenset({"นส", "ดช", "ดญ", "ดต", "ดร", "ผศ", "รศ"})

# Words around a name: "ชื่อ สมชาย นามสกุล ใจดี", "ผมชื่อสมชาย ใจดีครับ".
# Labels at the start (longest first); they may be glued to the name.
NAME_LABELS: tuple[str, ...] = (
    "ชื่อและนามสกุล", "ชื่อ-นามสกุล", "ชื่อ - นามสกุล", "ชื่อนามสกุล", "ชื่อ-สกุล",
    "ชื่อ - สกุล", "ชื่อสกุล", "ชื่อจริง", "ชื่อ", "นามสกุล",
)
# Who is speaking, before a label ("ผมชื่อ", "หนูชื่อ"). ผม, ดิฉัน, กระผม and ข้าพเจ้า are
# also taken off alone before a space; หนู, ฉัน and เรา only before a label (หนู is also
# a first name).
SPEAKERS: tuple[str, ...] = ("ข้าพเจ้า", "กระผม", "ดิฉัน", "ดีฉัน", "ผม", "หนู", "ฉัน", "เรา")
SPEAKERS_ALONE: tuple[str, ...] = ("ข้าพเจ้า", "กระผม", "ดิฉัน", "ดีฉัน", "ผม")
# Labels between the first name and the surname ("สมชาย นามสกุล ใจดี"); สกุล only alone.
SURNAME_LABELS: tuple[str, ...] = ("นามสกุล", "สกุล")
