"""The new-case form for the channels other than LINE, and its checks (the bot's rules)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from admin.forms import REQUIRED, Form, ThaiDateField, options, parse_time
from core.domain.addresses import address_issue
from core.domain.cases import CHANNELS, COMPLEXITIES
from core.domain.clock import BANGKOK
from core.domain.errors import DomainError
from core.domain.geo import find_location
from core.domain.hospitals import default_matcher
from core.domain.people import normalize_phone, parse_full_name
from core.services.cases import NewCase

OTHER_CHANNELS = [(k, v) for k, v in CHANNELS.items() if k != "line"]
EARLIEST = datetime(2010, 1, 1, tzinfo=BANGKOK)
MIN_ADDRESS_CHARS = 10
# The LINE conversation's address check (core/domain/addresses.py), worded for staff.
ADDRESS_ISSUES_TH = {
    "phone": "ช่องที่อยู่มีแต่หมายเลขโทรศัพท์ (หรือมีที่อยู่น้อยเกินไป) กรุณากรอกเบอร์ในช่อง "
             "\"หมายเลขโทรศัพท์\" และกรอกที่อยู่ของผู้ร้องที่นี่",
    "name": "ช่องที่อยู่ดูเหมือนเป็นชื่อ-นามสกุล กรุณากรอกชื่อในช่อง \"ชื่อ-นามสกุลผู้ร้อง\" "
            "และกรอกที่อยู่ของผู้ร้องที่นี่",
    "run": "ที่อยู่มีตัวอักษรเดียวกันซ้ำติดกันหลายตัว ดูไม่ใช่ที่อยู่จริง กรุณาตรวจสอบ",
    "no_place": "ไม่พบชื่อสถานที่ในที่อยู่นี้ กรุณาระบุอย่างน้อย หมู่ ถนน ซอย ตำบล/แขวง อำเภอ/เขต "
                "จังหวัด หรือรหัสไปรษณีย์ (ถ้าไม่ทราบตัวผู้ร้อง เลือก \"ไม่ระบุตัวผู้ร้อง\")",
    "no_house_number": "ที่อยู่นี้ยังไม่มีบ้านเลขที่ หากไม่มีบ้านเลขที่ กรุณาระบุหมู่บ้าน ตำบล อำเภอ "
                       "และจังหวัด",
}


ANONYMOUS_BUT_TYPED = ("เลือก \"ไม่ระบุตัวผู้ร้อง\" ไว้ ระบบจึงจะไม่บันทึกช่องนี้ กรุณาลบข้อความในช่องนี้ "
                       "หรือยกเลิกการเลือก \"ไม่ระบุตัวผู้ร้อง\"")


class NewCaseForm(Form):
    submission = HiddenField()  # one-time id: the same form sent twice files one case
    channel = SelectField("ช่องทางที่รับเรื่อง", choices=options(OTHER_CHANNELS),
                          validators=[InputRequired("กรุณาเลือกช่องทาง")])
    received_date = ThaiDateField("วันที่รับเรื่องจริง (วว/ดด/ปปปป พ.ศ.)",
                                  validators=[DataRequired(REQUIRED)])
    received_time = StringField("เวลา (ชช:นน)", validators=[DataRequired(REQUIRED)])
    anonymous = BooleanField("ไม่ระบุตัวผู้ร้อง (ข้อเสนอแนะ/บัตรสนเท่ห์)")
    full_name = StringField("ชื่อ-นามสกุลผู้ร้อง", validators=[Length(max=200)])
    address = TextAreaField("ที่อยู่", validators=[Length(max=500)])
    province = SelectField("จังหวัด (ถ้าไม่เลือก ระบบหาจากที่อยู่)", validators=[Optional()])
    phone = StringField("หมายเลขโทรศัพท์", validators=[Length(max=40)])
    hospital = SelectField("สถานพยาบาลที่ร้องเรียน (ถ้ามี)", validators=[Optional()])
    hospital_text = StringField("หรือพิมพ์ชื่อสถานพยาบาล", validators=[Length(max=300)])
    description = TextAreaField("รายละเอียดเรื่องร้องเรียน", validators=[
        DataRequired("กรุณาระบุรายละเอียดเรื่องร้องเรียน"), Length(max=5000)])
    category = SelectField("หมวดหมู่", validators=[Optional()])
    complexity = RadioField("ความซับซ้อน", choices=options(COMPLEXITIES.items()), default="simple",
                            validators=[InputRequired("กรุณาเลือก")])
    unit = SelectField("หน่วยงานที่รับผิดชอบ", validators=[Optional()])

    def received_at(self, now: datetime) -> datetime | None:
        """The receipt instant typed (Bangkok time), or None with the field's error set."""
        try:
            hour, minute = parse_time(self.received_time.data or "")
        except ValueError:
            self.received_time.errors.append("เวลาต้องอยู่ในรูป ชช:นน เช่น 09:30")
            return None
        day = self.received_date.date
        if day is None:
            return None
        moment = datetime.combine(day, time(hour, minute), BANGKOK)
        if moment > now + timedelta(minutes=5):
            self.received_date.errors.append("วันเวลาที่รับเรื่องต้องไม่อยู่ในอนาคต")
            return None
        if moment < EARLIEST:
            self.received_date.errors.append("วันที่รับเรื่องเก่าเกินไป")
            return None
        return moment

    def to_new_case(self, now: datetime, suggested: str | None) -> NewCase | None:
        """The complaint to file, or None with errors set next to the fields."""
        received_at = self.received_at(now)
        if not self.category.data:
            self.category.errors.append("กรุณาเลือกหมวดหมู่ (กด \"แนะนำหมวดหมู่\" เพื่อดูคำแนะนำ)")
        new = NewCase(channel=self.channel.data or "", description=self.description.data or "",
                      category=self.category.data or "", received_at=received_at or now,
                      complexity=self.complexity.data or "simple",
                      unit_code=self.unit.data or None, suggested_category=suggested)
        self._hospital(new)
        if self.anonymous.data:
            self._anonymous(new)
        else:
            self._complainant(new)
        if any(field.errors for field in self):
            return None
        return new

    def _anonymous(self, new: NewCase) -> None:
        """No complainant: a name or phone typed as well is a contradiction to resolve, not
        something to drop unseen; a chosen province still routes the letter."""
        for field in (self.full_name, self.phone):
            if (field.data or "").strip():
                field.errors.append(ANONYMOUS_BUT_TYPED)
        new.province_code = self.province.data or None

    def _complainant(self, new: NewCase) -> None:
        for field in (self.full_name, self.address, self.phone):
            if not (field.data or "").strip():
                field.errors.append("กรุณากรอกช่องนี้ (หรือเลือก \"ไม่ระบุตัวผู้ร้อง\")")
        try:
            if self.full_name.data:
                name = parse_full_name(self.full_name.data)
                new.title, new.first_name, new.last_name = (name.title, name.first_name,
                                                            name.last_name)
        except DomainError as exc:
            self.full_name.errors.append(str(exc))
        try:
            if self.phone.data:
                new.phone = normalize_phone(self.phone.data)
        except DomainError as exc:
            self.phone.errors.append(str(exc))
        address = (self.address.data or "").strip()
        if address and len(address) < MIN_ADDRESS_CHARS:
            self.address.errors.append("ที่อยู่สั้นเกินไป กรุณาระบุบ้านเลขที่ ถนน/ตำบล อำเภอ จังหวัด")
        elif address and (issue := address_issue(address)):
            self.address.errors.append(ADDRESS_ISSUES_TH[issue])
        new.address = address or None
        location = find_location(address) if address else None
        new.province_code = self.province.data or (location.province_code if location else None)
        if location and location.province_code == new.province_code:
            new.district_code = location.district_code
        if address and not new.province_code and not self.address.errors:
            self.province.errors.append("หาจังหวัดจากที่อยู่ไม่พบ กรุณาเลือกจังหวัด")

    def _hospital(self, new: NewCase) -> None:
        text = (self.hospital_text.data or "").strip()
        new.hospital_id = self.hospital.data or None
        if not new.hospital_id and text:
            match = default_matcher().best(text)
            new.hospital_id = match.hospital_id if match else None
            new.hospital_text = text
