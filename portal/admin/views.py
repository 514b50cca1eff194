"""Administrators' pages: staff accounts, areas and their help contacts, safety on-call lists,
and share links.

Every POST carries a CSRF token (checked for the whole app by portal.security)."""

from __future__ import annotations

from typing import Any, TypeVar

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from portal.admin import services
from portal.admin.forms import (
    ROLE_NAMES,
    AddStaffForm,
    AreaForm,
    ContactForm,
    LinkForm,
    MoveForm,
    OnCallForm,
    RoleForm,
)
from portal.areas import services as area_services
from portal.areas.models import Area, AreaContact, ShareLink
from portal.areas.services import AreaError
from portal.auth.access import can_use, staff_blueprint
from portal.auth.models import StaffUser
from portal.auth.second_factor import is_set_up, needs_second_factor
from portal.auth.services import AccountError
from portal.content import current_bank
from portal.db import Base, get_db
from portal.logs import security_event
from portal.safety import on_call
from portal.safety.models import OnCall
from portal.security import portal_url

bp = staff_blueprint(
    "admin", roles={"administrator"}, import_name=__name__, url_prefix="/staff/admin"
)

Page = str | tuple[str, int]
Row = TypeVar("Row", bound=Base)

DONE = {
    "role": "The role is changed.",
    "role-off-call": (
        "The role is changed. That role cannot see safety alerts, so the person is off every "
        "safety on-call list now."
    ),
    "off": "The account is switched off. That person cannot sign in now.",
    "on": "The account is switched on. That person can sign in again.",
    "second-factor-reset": (
        "The second factor is reset. The person sets up their authenticator app again when they"
        " next sign in."
    ),
    "area-added": "The area is added. Now add its help contacts.",
    "renamed": "The area has its new name.",
    "area-off": "The area is switched off. It is not offered for new sessions or links.",
    "area-on": "The area is switched on again.",
    "contact-added": "The help contact is added.",
    "contact-changed": "The help contact is changed.",
    "contact-removed": "The help contact is removed.",
    "moved": "The help contacts are in their new order.",
    "link-added": "The link is made. Copy it from the list below.",
    "link-off": "The link is switched off. Opening it now shows “page not found”.",
    "on-call-added": "The person is on the safety on-call list now.",
    "on-call-removed": "The person is off the safety on-call list.",
    "on-call-moved": "The safety on-call list is in its new order.",
}


def _render(template: str, form: FlaskForm | None = None, **context: Any) -> Page:
    """A page; a form with errors (`form`, or another form on the page), or a refused change,
    makes it a 400."""
    forms = [form, *(value for value in context.values() if isinstance(value, FlaskForm))]
    failed = any(f is not None and f.errors for f in forms) or bool(context.get("problem"))
    page = render_template(
        template, form=form, done=DONE.get(request.args.get("done", "")), **context
    )
    return (page, 400) if failed else page


def _row(model: type[Row], row_id: int) -> Row:
    """The row with this id, or a 404."""
    row = get_db().get(model, row_id)
    if row is None:
        abort(404)
    return row


def _done(endpoint: str, done: str, **values: Any) -> Response:
    """Commit the change and show the page again with what was done."""
    get_db().commit()
    return redirect(url_for(endpoint, done=done, **values))


def safety_on_home() -> on_call.SafetyOnHome:
    """For the staff home page (a template global: portal.auth, which serves the page, sits
    below portal.safety): open safety alerts, and for administrators what stops an alert
    reaching a person."""
    return on_call.safety_on_home(
        get_db(), bool(current_app.config["SMTP_HOST"]), for_administrator=can_use("admin")
    )


# --- staff accounts ---------------------------------------------------------------------------


@bp.get("/staff")
def staff_list() -> Page:
    """Every staff account: email, name, role, and whether it can sign in."""
    accounts = services.staff_accounts(get_db())
    return _render("admin/staff_list.html", accounts=accounts, role_names=ROLE_NAMES)


@bp.route("/staff/new", methods=["GET", "POST"])
def add_staff() -> Page:
    """Email, name and role; the portal makes a password and shows it once, on the next page."""
    form = AddStaffForm()
    if form.validate_on_submit():
        db = get_db()
        try:
            user, password = services.add_staff_account(
                db, current_user, form.email.data or "", form.display_name.data or "",
                form.role.data or "", hours=current_app.config["PASSWORD_LINK_HOURS"],
            )  # fmt: skip
        except AccountError as error:
            form.email.errors = [f"{error} Use a different email address."]
        else:
            db.commit()
            return render_template(
                "admin/staff_added.html",
                user=user,
                password=password,
                role_name=ROLE_NAMES[user.role],
                sign_in_url=portal_url("auth.sign_in"),
                hours=current_app.config["PASSWORD_LINK_HOURS"],
                needs_second_factor=needs_second_factor(user),
            )
    return _render("admin/staff_new.html", form)


def _account_page(user: StaffUser, form: RoleForm | None = None, problem: str = "") -> Page:
    if form is None:
        form = RoleForm(role=user.role)
    return _render(
        "admin/staff_account.html",
        form,
        user=user,
        own=user.id == current_user.id,
        role_name=ROLE_NAMES[user.role],
        problem=problem,
        needs_second_factor=needs_second_factor(user),
        second_factor_set_up=is_set_up(user),
    )


@bp.route("/staff/<int:user_id>", methods=["GET", "POST"])
def staff_account(user_id: int) -> Page | Response:
    """One account: change its role, switch it off or on (never your own)."""
    user = _row(StaffUser, user_id)
    form = RoleForm()
    if not form.validate_on_submit():
        return _account_page(user, form if request.method == "POST" else None)
    try:
        left = services.change_role(get_db(), current_user, user, form.role.data or "")
    except services.AdminError as error:
        return _account_page(user, problem=str(error))
    return _done("admin.staff_account", "role-off-call" if left else "role", user_id=user.id)


def _switch_account(user_id: int, active: bool) -> Page | Response:
    user = _row(StaffUser, user_id)
    try:
        services.set_staff_active(get_db(), current_user, user, active)
    except services.AdminError as error:
        return _account_page(user, problem=str(error))
    return _done("admin.staff_account", "on" if active else "off", user_id=user.id)


@bp.post("/staff/<int:user_id>/switch-off")
def switch_off_staff(user_id: int) -> Page | Response:
    """The account can no longer sign in; its history stays."""
    return _switch_account(user_id, active=False)


@bp.post("/staff/<int:user_id>/switch-on")
def switch_on_staff(user_id: int) -> Page | Response:
    """The account can sign in again."""
    return _switch_account(user_id, active=True)


@bp.post("/staff/<int:user_id>/password-reset-link")
def make_password_reset_link(user_id: int) -> Page | Response:
    """A one-time link for a colleague to choose a new password, shown once; older links stop
    working."""
    user = _row(StaffUser, user_id)
    db = get_db()
    hours = current_app.config["PASSWORD_LINK_HOURS"]
    try:
        link = services.password_reset_link(db, current_user, user, hours)
    except services.AdminError as error:
        return _account_page(user, problem=str(error))
    db.commit()
    security_event("password_reset_link_made", staff_user=user.id, by=current_user.id)
    return render_template(
        "admin/reset_link.html",
        user=user,
        url=portal_url("sign_in_steps.reset_password", token=link.token),
        expires_at=link.expires_at,
        hours=hours,
    )


@bp.post("/staff/<int:user_id>/second-factor-reset")
def reset_second_factor(user_id: int) -> Page | Response:
    """Forget a colleague's authenticator app (a lost phone): they set it up at next sign-in."""
    user = _row(StaffUser, user_id)
    try:
        services.forget_second_factor(get_db(), current_user, user)
    except services.AdminError as error:
        return _account_page(user, problem=str(error))
    security_event("second_factor_reset", staff_user=user.id, by=current_user.id)
    return _done("admin.staff_account", "second-factor-reset", user_id=user.id)


# --- areas ------------------------------------------------------------------------------------


def _on_call_context(area: Area | None, form: OnCallForm | None = None) -> dict[str, Any]:
    """An on-call list with its form to add someone (no area: the whole site's list)."""
    db = get_db()
    area_id = area.id if area is not None else None
    form = form or OnCallForm(formdata=None)
    form.person.choices = [
        (person.id, f"{person.display_name} ({ROLE_NAMES[person.role].lower()})")
        for person in on_call.can_be_added(db, area_id)
    ]
    return {
        "on_call_people": on_call.on_call_list(db, area_id),
        "on_call_form": form,
        "escalate_minutes": current_app.config["SAFETY_ESCALATE_MINUTES"],
        "role_names": ROLE_NAMES,
    }


def _areas_page(on_call_form: OnCallForm | None = None) -> Page:
    context = _on_call_context(None, on_call_form)
    return _render(
        "admin/areas.html",
        on_call_form if on_call_form is not None and on_call_form.errors else None,
        areas=area_services.all_areas(get_db()),
        on_call_by_area=on_call.people_on_call_by_area(get_db()),
        **context,
    )


@bp.get("/areas")
def areas() -> Page:
    """Every area, switched on ones first, with a link to each area's help contacts; and the
    whole site's safety on-call list."""
    return _areas_page()


@bp.route("/areas/new", methods=["GET", "POST"])
def add_area() -> Page | Response:
    """A new area; its name must not be used already."""
    form = AreaForm()
    if form.validate_on_submit():
        try:
            area = area_services.add_area(get_db(), current_user, form.name.data or "")
        except AreaError as error:
            form.name.errors = [str(error)]
        else:
            return _done("admin.area", "area-added", area_id=area.id)
    return _render("admin/area_new.html", form)


def _area_page(
    area: Area, form: AreaForm | None = None, on_call_form: OnCallForm | None = None
) -> Page:
    """The area's page; `form` (rename) or `on_call_form` as sent, when either has errors."""
    rename_form = form or AreaForm(name=area.name)
    errored = on_call_form if on_call_form is not None and on_call_form.errors else rename_form
    return _render(
        "admin/area.html",
        errored,
        rename_form=rename_form,
        area=area,
        contacts=area_services.area_contacts(get_db(), area.id),
        **_on_call_context(area, on_call_form),
    )


@bp.route("/areas/<int:area_id>", methods=["GET", "POST"])
def area(area_id: int) -> Page | Response:
    """An area: rename it, switch it off or on, and list, add, order or remove its contacts."""
    area = _row(Area, area_id)
    form = AreaForm()
    if not form.validate_on_submit():
        return _area_page(area, form if request.method == "POST" else None)
    try:
        area_services.rename_area(get_db(), current_user, area, form.name.data or "")
    except AreaError as error:
        form.name.errors = [str(error)]
        return _area_page(area, form)
    return _done("admin.area", "renamed", area_id=area.id)


def _switch_area(area_id: int, active: bool) -> Response:
    area = _row(Area, area_id)
    area_services.set_area_active(get_db(), current_user, area, active)
    return _done("admin.area", "area-on" if active else "area-off", area_id=area.id)


@bp.post("/areas/<int:area_id>/switch-off")
def switch_off_area(area_id: int) -> Response:
    """New sessions and links cannot choose the area; answers already given keep it."""
    return _switch_area(area_id, active=False)


@bp.post("/areas/<int:area_id>/switch-on")
def switch_on_area(area_id: int) -> Response:
    """The area can be chosen again."""
    return _switch_area(area_id, active=True)


def _contact_fields(form: ContactForm) -> tuple[str, str, str]:
    return (
        " ".join((form.name.data or "").split()),
        " ".join((form.phone.data or "").split()),
        " ".join((form.text.data or "").split()),
    )


@bp.route("/areas/<int:area_id>/contacts/new", methods=["GET", "POST"])
def add_contact(area_id: int) -> Page | Response:
    """A help contact at the end of the area's list."""
    area = _row(Area, area_id)
    form = ContactForm()
    if form.validate_on_submit():
        area_services.add_contact(get_db(), current_user, area, *_contact_fields(form))
        return _done("admin.area", "contact-added", area_id=area.id)
    return _render("admin/contact.html", form, area=area, contact=None)


@bp.route("/contacts/<int:contact_id>", methods=["GET", "POST"])
def contact(contact_id: int) -> Page | Response:
    """Change a help contact's name, phone number or words."""
    contact = _row(AreaContact, contact_id)
    form = ContactForm(obj=contact)
    if form.validate_on_submit():
        area_services.change_contact(get_db(), current_user, contact, *_contact_fields(form))
        return _done("admin.area", "contact-changed", area_id=contact.area_id)
    area = _row(Area, contact.area_id)
    return _render("admin/contact.html", form, area=area, contact=contact)


@bp.post("/contacts/<int:contact_id>/move")
def move_contact(contact_id: int) -> Response:
    """Move a help contact one place up or down the area's help page."""
    contact = _row(AreaContact, contact_id)
    form = MoveForm()
    if form.validate_on_submit():
        area_services.move_contact(get_db(), current_user, contact, up=form.direction.data == "up")
    return _done("admin.area", "moved", area_id=contact.area_id)


@bp.post("/contacts/<int:contact_id>/remove")
def remove_contact(contact_id: int) -> Response:
    """Take a help contact off the area's help page."""
    contact = _row(AreaContact, contact_id)
    area_id = contact.area_id
    area_services.remove_contact(get_db(), current_user, contact)
    return _done("admin.area", "contact-removed", area_id=area_id)


# --- safety on-call lists ---------------------------------------------------------------------


def _add_on_call(area: Area | None) -> Page | Response:
    form = OnCallForm()
    if form.validate_on_submit():
        try:
            on_call.add_on_call(get_db(), current_user, area, form.person.data)
        except on_call.OnCallError as error:
            form.person.errors = [str(error)]
        else:
            return _on_call_done(area.id if area is not None else None, "on-call-added")
    if area is None:
        return _areas_page(form)
    return _area_page(area, on_call_form=form)


def _on_call_done(area_id: int | None, done: str) -> Response:
    if area_id is None:
        return _done("admin.areas", done, _anchor="on-call")
    return _done("admin.area", done, area_id=area_id, _anchor="on-call")


@bp.post("/areas/<int:area_id>/on-call")
def add_area_on_call(area_id: int) -> Page | Response:
    """Put a safeguarding lead or administrator at the end of the area's on-call list."""
    return _add_on_call(_row(Area, area_id))


@bp.post("/on-call")
def add_site_on_call() -> Page | Response:
    """Put a safeguarding lead or administrator at the end of the whole site's on-call list."""
    return _add_on_call(None)


@bp.post("/on-call/<int:on_call_id>/move")
def move_on_call(on_call_id: int) -> Response:
    """Move a person one place up or down their on-call list."""
    entry = _row(OnCall, on_call_id)
    form = MoveForm()
    if form.validate_on_submit():
        on_call.move_on_call(get_db(), current_user, entry, up=form.direction.data == "up")
    return _on_call_done(entry.area_id, "on-call-moved")


@bp.post("/on-call/<int:on_call_id>/remove")
def remove_on_call(on_call_id: int) -> Response:
    """Take a person off their on-call list."""
    entry = _row(OnCall, on_call_id)
    area_id = entry.area_id
    on_call.remove_on_call(get_db(), current_user, entry)
    return _on_call_done(area_id, "on-call-removed")


# --- share links ------------------------------------------------------------------------------


@bp.get("/links")
def links() -> Page:
    """Every share link with its full address to copy, newest first."""
    rows = area_services.share_links(get_db())
    titles = {slug: q.title for slug, q in current_bank("en").questionnaires.items()}
    return _render(
        "admin/links.html",
        rows=rows,
        titles=titles,
        urls={link.id: portal_url("links.open_link", token=link.token)
              for link, _area in rows},
    )  # fmt: skip


@bp.route("/links/new", methods=["GET", "POST"])
def new_link() -> Page | Response:
    """A label, the questions and a switched on area; the portal makes the address."""
    db = get_db()
    form = LinkForm()
    bank = current_bank("en")
    form.questionnaire.choices = [(q.slug, q.title) for q in bank.questionnaires.values()]
    form.area.choices = [(area.id, area.name) for area in area_services.active_areas(db)]
    if form.validate_on_submit():
        area = _row(Area, form.area.data)
        label = " ".join((form.label.data or "").split())
        area_services.create_link(db, current_user, label, form.questionnaire.data or "", area)
        return _done("admin.links", "link-added")
    return _render("admin/link_new.html", form, no_areas=not form.area.choices)


@bp.post("/links/<int:link_id>/switch-off")
def switch_off_link(link_id: int) -> Response:
    """The link stops working."""
    link = _row(ShareLink, link_id)
    area_services.switch_off_link(get_db(), current_user, link)
    return _done("admin.links", "link-off")
