"""Areas (localities), the help contacts an administrator sets for each, and share links.

Every change is written to the audit log. No Flask globals: views and commands pass the session.
"""

from __future__ import annotations

import secrets

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.areas.models import Area, AreaContact, ShareLink
from portal.audit.services import record
from portal.auth.models import StaffUser
from portal.shared.ordering import move_one_place

# Fictional numbers from the UK drama range (01632 960000-960999): never a real phone.
DEMO_AREAS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "North locality": (
        ("North keeping safe team", "01632 960201", "If someone is hurting you, call them."),
        ("North advocacy", "01632 960202", "If you want help to speak up, call them."),
    ),
    "South locality": (
        ("South keeping safe team", "01632 960301", "If someone is hurting you, call them."),
        ("South advocacy", "01632 960302", "If you want help to speak up, call them."),
    ),
}
AREA_NAME_LENGTH = 120


class AreaError(ValueError):
    """A change to an area, contact or link cannot be made; the message says why."""


def area_names(db: Session) -> dict[int, str]:
    """Every area's name by id, in name order."""
    return {area.id: area.name for area in db.scalars(select(Area).order_by(Area.name))}


def area_by_id(db: Session, area_id: int | None) -> Area | None:
    """The area with this id, if there is one."""
    return db.get(Area, area_id) if area_id is not None else None


# --- areas ------------------------------------------------------------------------------------


def all_areas(db: Session) -> list[Area]:
    """Every area, switched on ones first, by name."""
    return list(db.scalars(select(Area).order_by(Area.active.desc(), Area.name)))


def active_areas(db: Session) -> list[Area]:
    """Areas that can be chosen for something new, by name."""
    return list(db.scalars(select(Area).where(Area.active).order_by(Area.name)))


def areas_to_choose(db: Session, keep: int | None = None) -> list[Area]:
    """Areas switched on, and the area `keep` even if it is switched off, by name."""
    return list(
        db.scalars(
            select(Area).where(Area.active.is_(True) | (Area.id == keep)).order_by(Area.name)
        )
    )


def _check_area_name(db: Session, name: str, area_id: int | None = None) -> str:
    name = " ".join(name.split())
    if not name:
        raise AreaError("Type the name of the area.")
    if len(name) > AREA_NAME_LENGTH:
        raise AreaError(f"Use {AREA_NAME_LENGTH} letters or fewer for the area name.")
    same = select(Area.id).where(func.lower(Area.name) == name.lower())
    if area_id is not None:
        same = same.where(Area.id != area_id)
    if db.scalar(same) is not None:
        raise AreaError(f"There is already an area called {name}. Use a different name.")
    return name


def add_area(db: Session, actor: StaffUser | None, name: str) -> Area:
    """A new, switched on area; names are unique (ignoring capitals)."""
    area = Area(name=_check_area_name(db, name), active=True)
    db.add(area)
    db.flush()
    record(db, actor, "area.added", f"area:{area.id}", area.name)
    return area


def rename_area(db: Session, actor: StaffUser, area: Area, name: str) -> None:
    """Give an area a new name; answers and sessions keep pointing at it."""
    name = _check_area_name(db, name, area.id)
    if name == area.name:
        return
    record(db, actor, "area.renamed", f"area:{area.id}", f"{area.name} to {name}")
    area.name = name
    db.flush()


def set_area_active(db: Session, actor: StaffUser, area: Area, active: bool) -> None:
    """A switched off area is not offered for new sessions or links; old answers keep it."""
    if area.active == active:
        return
    area.active = active
    action = "area.switched_on" if active else "area.switched_off"
    record(db, actor, action, f"area:{area.id}", area.name)


def ensure_demo_areas(db: Session) -> list[str]:
    """Make the demo areas and their (fictional) help contacts if missing; their names."""
    for name, contacts in DEMO_AREAS.items():
        if db.scalar(select(Area).where(Area.name == name)) is None:
            area = add_area(db, None, name)
            for contact_name, phone, text in contacts:
                add_contact(db, None, area, contact_name, phone, text)
    return list(DEMO_AREAS)


# --- help contacts ----------------------------------------------------------------------------


def area_contacts(db: Session, area_id: int) -> list[AreaContact]:
    """An area's help contacts, in the order the help page shows them."""
    return list(
        db.scalars(
            select(AreaContact)
            .where(AreaContact.area_id == area_id)
            .order_by(AreaContact.position, AreaContact.id)
        )
    )


def add_contact(
    db: Session, actor: StaffUser | None, area: Area, name: str, phone: str, text: str
) -> AreaContact:
    """A help contact at the end of the area's list."""
    last = db.scalar(select(func.max(AreaContact.position)).where(AreaContact.area_id == area.id))
    contact = AreaContact(
        area_id=area.id, name=name, phone=phone, text=text, position=(last or 0) + 1
    )
    db.add(contact)
    db.flush()
    record(db, actor, "area_contact.added", f"area_contact:{contact.id}", f"{area.name}: {name}")
    return contact


def change_contact(
    db: Session, actor: StaffUser, contact: AreaContact, name: str, phone: str, text: str
) -> None:
    """Change a help contact's name, phone number or words."""
    contact.name, contact.phone, contact.text = name, phone, text
    db.flush()
    record(db, actor, "area_contact.changed", f"area_contact:{contact.id}", name)


def remove_contact(db: Session, actor: StaffUser, contact: AreaContact) -> None:
    """Take a help contact off the area's help page."""
    record(db, actor, "area_contact.removed", f"area_contact:{contact.id}", contact.name)
    db.delete(contact)
    db.flush()


def move_contact(db: Session, actor: StaffUser, contact: AreaContact, up: bool) -> None:
    """Swap a help contact with the one above (or below) it; numbers the list 1, 2, 3..."""
    if move_one_place(area_contacts(db, contact.area_id), contact, up) is None:
        return
    db.flush()
    record(db, actor, "area_contact.moved", f"area_contact:{contact.id}", "up" if up else "down")


# --- share links ------------------------------------------------------------------------------


def share_links(db: Session) -> list[tuple[ShareLink, str]]:
    """Every share link with its area's name, newest first."""
    rows = db.execute(
        select(ShareLink, Area.name)
        .join(Area, Area.id == ShareLink.area_id)
        .order_by(ShareLink.created_at.desc(), ShareLink.id.desc())
    )
    return [(link, area_name) for link, area_name in rows]


def create_link(
    db: Session, actor: StaffUser, label: str, questionnaire_slug: str, area: Area
) -> ShareLink:
    """A new link with a short random token (short enough for a text message)."""
    if not area.active:
        raise AreaError("That area is switched off. Choose another area.")
    token = secrets.token_urlsafe(9)
    while db.scalar(select(ShareLink.id).where(ShareLink.token == token)) is not None:
        token = secrets.token_urlsafe(9)
    link = ShareLink(
        token=token,
        questionnaire_slug=questionnaire_slug,
        area_id=area.id,
        label=label,
        active=True,
        created_by=actor.id,
    )
    db.add(link)
    db.flush()
    detail = f"{label} ({questionnaire_slug}, {area.name})"
    record(db, actor, "share_link.created", f"share_link:{link.id}", detail)
    return link


def switch_off_link(db: Session, actor: StaffUser, link: ShareLink) -> None:
    """The link stops working: opening it shows "page not found"."""
    if not link.active:
        return
    link.active = False
    record(db, actor, "share_link.switched_off", f"share_link:{link.id}", link.label)


def active_link(db: Session, token: str) -> ShareLink | None:
    """The switched on link with this token, if any."""
    return db.scalar(select(ShareLink).where(ShareLink.token == token, ShareLink.active))
