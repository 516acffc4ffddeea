"""Forms of the staff pages: sign-in, account, and the actions on a case (Thai messages)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    Field,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, ValidationError
from wtforms.widgets import HiddenInput

from core.domain.cases import COMPLEXITIES, OUTCOMES
from core.domain.thai_text import thai_digits_to_arabic

REQUIRED = "กรุณากรอกช่องนี้"


def options(pairs: Iterable[tuple[Any, str]]) -> list[SelectChoice]:
    """Choices of a select or radio field from (value, Thai label) pairs."""
    return [SelectChoice(value=value, label=label) for value, label in pairs]


def parse_thai_date(text: str) -> date:
    """`2/3/2569` (Buddhist Era), `2/3/2026`, or `2026-03-02`; ValueError otherwise."""
    text = thai_digits_to_arabic((text or "").strip())
    match = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", text)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
        if not match:
            raise ValueError(text)
        year, month, day = (int(g) for g in match.groups())
    return date(year - 543 if year > 2400 else year, month, day)


def parse_time(text: str) -> tuple[int, int]:
    """`09:30`, `9.30` or `๐๙:๓๐` as (hour, minute); ValueError otherwise."""
    text = thai_digits_to_arabic((text or "").strip())
    match = re.fullmatch(r"([01]?[0-9]|2[0-3])[:.]([0-5][0-9])", text)
    if not match:
        raise ValueError(text)
    return int(match.group(1)), int(match.group(2))


class ThaiDateField(StringField):
    """A date typed as วว/ดด/ปปปป in the Buddhist Era; `.date` holds the parsed value."""

    date: date | None = None

    def pre_validate(self, form: Any) -> None:
        """Parse the typed text, or say how to write it."""
        self.date = None
        if not (self.data or "").strip():
            return
        try:
            self.date = parse_thai_date(self.data)
        except ValueError:
            raise ValidationError("วันที่ต้องอยู่ในรูป วว/ดด/ปปปป (พ.ศ.) เช่น 2/3/2569") from None


THAI_MESSAGES = {
    "This field is required.": REQUIRED,
    "Not a valid choice.": "ค่าที่เลือกไม่ถูกต้อง กรุณาเลือกจากรายการ",
    "Invalid Choice: could not coerce.": "ค่าที่เลือกไม่ถูกต้อง กรุณาเลือกจากรายการ",
    "Not a valid integer value.": "ต้องเป็นตัวเลข",
    "Field must be equal to %(other_name)s.": "ค่าในสองช่องไม่ตรงกัน",
    "Field must be at least %(min)d character long.": "ต้องยาวอย่างน้อย %(min)d ตัวอักษร",
    "Field must be at least %(min)d characters long.": "ต้องยาวอย่างน้อย %(min)d ตัวอักษร",
    "Field cannot be longer than %(max)d character.": "ยาวได้ไม่เกิน %(max)d ตัวอักษร",
    "Field cannot be longer than %(max)d characters.": "ยาวได้ไม่เกิน %(max)d ตัวอักษร",
    "Field must be between %(min)d and %(max)d characters long.":
        "ต้องยาว %(min)d ถึง %(max)d ตัวอักษร",
}


class ThaiMessages:
    """WTForms' built-in messages in Thai (anything unlisted falls back to a Thai generic)."""

    def gettext(self, text: str) -> str:
        """One message."""
        return THAI_MESSAGES.get(text, "ค่าที่กรอกไม่ถูกต้อง")

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """A message with a number."""
        return self.gettext(singular if n == 1 else plural)


class Form(FlaskForm):
    """A form of the staff pages; the blueprint checks the CSRF token of every POST."""

    class Meta:
        csrf = False

        def get_translations(self, form: Any) -> ThaiMessages:
            """Thai for WTForms' own messages."""
            return ThaiMessages()


class VersionedForm(Form):
    """A form about one case, carrying the version the person saw."""

    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])

    main_field = "version"  # where a refusal from the rules is shown

    def refusal_field(self) -> Field:
        """The field next to which a refusal of the whole action is shown."""
        return getattr(self, self.main_field)


class LoginForm(Form):
    username = StringField("ชื่อผู้ใช้", validators=[DataRequired(REQUIRED), Length(max=80)])
    password = PasswordField("รหัสผ่าน", validators=[DataRequired(REQUIRED), Length(max=200)])


class PasswordForm(Form):
    current = PasswordField("รหัสผ่านปัจจุบัน", validators=[DataRequired(REQUIRED)])
    new = PasswordField("รหัสผ่านใหม่ (อย่างน้อย 10 ตัวอักษร)", validators=[
        DataRequired(REQUIRED), Length(min=10, max=200, message="รหัสผ่านต้องยาว 10-200 ตัวอักษร")])
    confirm = PasswordField("พิมพ์รหัสผ่านใหม่อีกครั้ง", validators=[
        DataRequired(REQUIRED), EqualTo("new", message="รหัสผ่านใหม่ทั้งสองช่องไม่ตรงกัน")])


class ContactForm(VersionedForm):
    note = TextAreaField("บันทึกการติดต่อ (ไม่บังคับ ผู้ร้องจะเห็นข้อความนี้)",
                         validators=[Length(max=2000)])
    main_field = "note"


class ComplexityForm(VersionedForm):
    complexity = RadioField("ความซับซ้อน", choices=options(COMPLEXITIES.items()),
                            validators=[InputRequired("กรุณาเลือก")])
    main_field = "complexity"


class NoteForm(VersionedForm):
    text = TextAreaField("ข้อความ", validators=[DataRequired("กรุณาพิมพ์ข้อความบันทึก"),
                                                Length(max=4000)])
    public = BooleanField("แจ้งผู้ร้องด้วย (ผู้ร้องจะได้รับข้อความนี้ทางไลน์)")
    main_field = "text"


class CategoryForm(VersionedForm):
    category = SelectField("หมวดหมู่ที่ถูกต้อง", validators=[InputRequired("กรุณาเลือกหมวดหมู่")])
    main_field = "category"


class TransferForm(VersionedForm):
    unit_code = SelectField("โอนไปยังหน่วยงาน", validators=[InputRequired("กรุณาเลือกหน่วยงาน")])
    reason = TextAreaField("เหตุผล (ผู้ร้องจะเห็นข้อความนี้)", validators=[
        DataRequired("กรุณาระบุเหตุผลในการโอนเรื่อง"), Length(max=2000)])
    main_field = "unit_code"


class CloseForm(VersionedForm):
    outcome = RadioField("ผลการดำเนินการ", coerce=int,
                         choices=options((k, f"{k}. {v}") for k, v in OUTCOMES.items()),
                         validators=[InputRequired("กรุณาเลือกผลการดำเนินการ")])
    explanation = TextAreaField("คำชี้แจงที่จะแจ้งผู้ร้อง", validators=[
        DataRequired("กรุณาระบุคำชี้แจงที่จะแจ้งผู้ร้อง"), Length(max=4000)])
    main_field = "outcome"


class ReopenForm(VersionedForm):
    reason = TextAreaField("เหตุผลในการเปิดเรื่องใหม่", validators=[
        DataRequired("กรุณาระบุเหตุผลในการเปิดเรื่องใหม่"), Length(max=2000)])
    main_field = "reason"


class LineLinkForm(Form):
    action = HiddenField(default="link")
