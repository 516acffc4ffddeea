"""Forms of the administrator's pages: calendar, units, routing and accounts."""

from __future__ import annotations

from wtforms import BooleanField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from admin.forms import REQUIRED, Form, ThaiDateField, options
from core.services.users import ROLES

ROLE_CHOICES = list(ROLES.items())


class HolidayAddForm(Form):
    day = ThaiDateField("วันที่ (วว/ดด/ปปปป พ.ศ.)", validators=[DataRequired(REQUIRED)])
    name = StringField("ชื่อวันหยุด", validators=[DataRequired("กรุณาระบุชื่อวันหยุด"),
                                                  Length(max=200)])
    note = TextAreaField("มติคณะรัฐมนตรี / หมายเหตุ", validators=[Length(max=1000)])


class HolidayRemoveForm(Form):
    day = ThaiDateField("วันที่ (วว/ดด/ปปปป พ.ศ.)", validators=[DataRequired(REQUIRED)])
    note = TextAreaField("มติคณะรัฐมนตรี / หมายเหตุ", validators=[Length(max=1000)])


class UnitLineForm(Form):
    line_group_id = StringField("รหัสกลุ่มไลน์ของหน่วยงาน (C…)", validators=[Length(max=64)])
    head_line_id = StringField("รหัสไลน์ของหัวหน้าหน่วยงาน (U…)", validators=[Length(max=64)])


class UserCreateForm(Form):
    username = StringField("ชื่อผู้ใช้ (a-z 0-9 _ . -)", validators=[DataRequired(REQUIRED),
                                                                    Length(max=40)])
    role = SelectField("บทบาท", choices=options(ROLE_CHOICES), validators=[InputRequired()])
    unit = SelectField("หน่วยงาน", validators=[Optional()])
    password = PasswordField("รหัสผ่านเริ่มต้น (อย่างน้อย 10 ตัวอักษร)",
                             validators=[DataRequired(REQUIRED), Length(max=200)])


class UserEditForm(Form):
    role = SelectField("บทบาท", choices=options(ROLE_CHOICES), validators=[InputRequired()])
    unit = SelectField("หน่วยงาน", validators=[Optional()])
    active = BooleanField("ใช้งานได้")
    password = PasswordField("ตั้งรหัสผ่านใหม่ (เว้นว่างถ้าไม่เปลี่ยน)",
                             validators=[Optional(), Length(max=200)])
