"""The signed-in person's account (password, LINE link) and the administrator's user list."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user

from admin.auth import StaffUser
from admin.context import admin_required, now, uow, viewer
from admin.forms import LineLinkForm, PasswordForm, options
from admin.forms_ref import UserCreateForm, UserEditForm
from admin.present import unit_names
from core.domain.errors import DomainError
from core.persistence.admin_queries import staff_accounts
from core.services import admin_accounts
from core.services.admin_audit import record
from core.services.users import create_user


def add_routes(bp: Blueprint) -> None:
    """Account and user pages."""
    bp.add_url_rule("/account", view_func=account, methods=["GET", "POST"])
    bp.add_url_rule("/account/line", view_func=line_link, methods=["POST"])
    bp.add_url_rule("/users", view_func=users, methods=["GET", "POST"])
    bp.add_url_rule("/users/<int:user_id>", view_func=edit_user, methods=["GET", "POST"])


@login_required
def account():  # noqa: ANN201
    """Change the password (every other session is signed out)."""
    form = PasswordForm()
    status = 200
    with uow() as work:
        user = work.users.get(current_user.user_id)
        if user is None:
            abort(404)
        if request.method == "POST":
            status = 422
            if form.validate():
                try:
                    admin_accounts.change_password(work, user, form.current.data or "",
                                                   form.new.data or "")
                except DomainError as exc:
                    field = form.current if "ปัจจุบัน" in str(exc) else form.new
                    field.errors.append(str(exc))
                else:
                    record(work, actor=user.username, action="password_change", now=now())
                    work.commit()
                    login_user(StaffUser.of(user))  # the new token keeps this session
                    flash("เปลี่ยนรหัสผ่านแล้ว", "ok")
                    return redirect(url_for("admin.account"))
        moment = now()
        code = user.line_link_code if user.line_link_expires_at and \
            user.line_link_expires_at > moment else None
        return render_template("admin/account.html", form=form, user=user, code=code,
                               expires=user.line_link_expires_at, link_form=LineLinkForm(
                                   formdata=None)), status


@login_required
def line_link():  # noqa: ANN201
    """A one-time code to send to the bot as `LINK <code>` (15 minutes), or unlink."""
    form = LineLinkForm()
    with uow() as work:
        user = work.users.get(current_user.user_id)
        if user is None:
            abort(404)
        action = "unlink" if form.action.data == "unlink" else "link"
        if action == "unlink":
            admin_accounts.unlink_line(user)
            flash("ยกเลิกการเชื่อมไลน์แล้ว", "ok")
        else:
            admin_accounts.new_line_link_code(work, user, now())
        record(work, actor=user.username, action=f"line_{action}", now=now())
        work.commit()
    return redirect(url_for("admin.account"))


def _unit_choices(form: UserCreateForm | UserEditForm) -> None:
    form.unit.choices = options([("", "— ไม่ระบุ (ผู้ดูแลระบบ) —")] + [
        (code, f"{code} {name}") for code, name in unit_names().items()])


@admin_required
def users():  # noqa: ANN201
    """Every account, and a form to add one."""
    form = UserCreateForm()
    _unit_choices(form)
    status = 200
    with uow() as work:
        if request.method == "POST":
            status = 422
            if form.validate():
                try:
                    user = create_user(work, username=form.username.data or "",
                                       role=form.role.data or "", unit_code=form.unit.data or None,
                                       password=form.password.data or "", now=now())
                except DomainError as exc:
                    message = str(exc)
                    field = (form.password if "รหัสผ่าน" in message else
                             form.unit if "หน่วยงาน" in message else form.username)
                    field.errors.append(message)
                else:
                    record(work, actor=viewer().username, action="user_create", now=now(),
                           user=user.username, role=user.role)
                    work.commit()
                    flash(f"สร้างบัญชี {user.username} แล้ว", "ok")
                    return redirect(url_for("admin.users"))
        accounts = staff_accounts(work.session)
        return render_template("admin/users.html", form=form, accounts=accounts,
                               moment=now()), status


@admin_required
def edit_user(user_id: int):  # noqa: ANN201
    """Change an account's role, unit or status, or set a new password."""
    with uow() as work:
        user = work.users.get(user_id)
        if user is None:
            abort(404)
        form = UserEditForm(obj=user, unit=user.unit_code or "")
        _unit_choices(form)
        status = 200
        if request.method == "POST":
            status = 422
            if form.validate():
                try:
                    admin_accounts.update_account(work, user, role=form.role.data or "",
                                                  unit_code=form.unit.data or None,
                                                  active=bool(form.active.data))
                    if form.password.data:
                        admin_accounts.set_password(user, form.password.data)
                except DomainError as exc:
                    field = (form.password if "รหัสผ่าน" in str(exc) else
                             form.role if str(exc) == admin_accounts.LAST_ADMIN else form.unit)
                    field.errors.append(str(exc))
                else:
                    record(work, actor=viewer().username, action="user_update", now=now(),
                           user=user.username, role=user.role, active=user.active,
                           password_reset=bool(form.password.data))
                    work.commit()
                    flash(f"บันทึกบัญชี {user.username} แล้ว", "ok")
                    return redirect(url_for("admin.users"))
        return render_template("admin/user.html", form=form, user=user), status
