"""What the security checks cost, and what a guesser gets.

In one process, on a throw-away SQLite portal:
- the staff home page with its sign-in looked up in the database on every request (issue 13),
  against the same page with the old cookie-only user loader (the account by id), same run;
- one client typing wrong join codes as fast as it can: how many are checked before /join
  answers 429, and how long a refusal takes against a checked wrong code;
- twenty wrong passwords for one account sent at once from twenty threads: how many passwords
  were checked (the lock's limit), and the time, against twenty for twenty different accounts.
Figures go to bench/RESULTS.md (section 8).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from typing import Any

from flask import Flask
from sqlalchemy.orm import Session
from werkzeug import security as werkzeug_security

from bench.results import RESULTS, entry_heading, machine, record
from bench.throwaway import throwaway_portal
from portal import create_app
from portal.auth import login_manager
from portal.auth import services as auth_services
from portal.auth.models import StaffUser
from portal.auth.services import create_user
from portal.auth.sessions import start_staff_session
from portal.config import PROJECT_ROOT
from portal.db import get_db

PAGE_RUNS = 200
GUESSES = 300
THREADS = 20
PASSWORD = "bench-password-123"  # noqa: S105  # nosec B105  (a throw-away account's)
WRONG = "wrong-password"  # noqa: S105  # nosec B105  (the guess that fails)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-record", action="store_true", help=f"do not add to {RESULTS.name}")
    args = parser.parse_args()
    on = machine("SQLite")
    with throwaway_portal("security-bench-") as portal:
        app = create_app(
            {
                "DATABASE_URL": portal.url,
                "SECRET_KEY": portal.env["PORTAL_SECRET_KEY"],
                "AUDIO_DIR": portal.env["PORTAL_AUDIO_DIR"],
                "WTF_CSRF_ENABLED": False,
                "SAFETY_SENDER_THREAD": False,
            }
        )
        checked, old = _staff_page(app)
        before_429, refused, wrong = _join_guessing(app)
        one, one_checks, many, many_checks = _password_race(app)
        app.extensions["db_engine"].dispose()

    lines = [
        entry_heading("sqlite: staff page sign-in check, join-code guessing, sign-in race"),
        "",
        f"- Machine: {on}",
        f"- /staff/ signed in, median of {PAGE_RUNS}: sign-in row checked on every request "
        f"**{checked * 1000:.2f} ms**; old cookie-only loader {old * 1000:.2f} ms; ratio "
        f"**{checked / old:.2f}x**",
        f"- One client, {GUESSES} wrong join codes as fast as it can: **{before_429}** checked, "
        f"then 429; a refusal takes {refused * 1000:.2f} ms (median) against "
        f"{wrong * 1000:.2f} ms for a checked wrong code ({refused / wrong:.2f}x)",
        f"- {THREADS} wrong passwords at once for one account: **{one_checks}** passwords "
        f"checked, {one:.2f} s; for {THREADS} different accounts: {many_checks} checked, "
        f"{many:.2f} s",
    ]
    print("\n".join(lines))
    if not args.no_record:
        record("security", lines)
        print(f"Added to {RESULTS.relative_to(PROJECT_ROOT)}.")
    return 0


def _median_get(client: Any, path: str) -> float:
    assert client.get(path).status_code == 200
    times = []
    for _ in range(PAGE_RUNS):
        start = time.perf_counter()
        client.get(path)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _staff_page(app: Flask) -> tuple[float, float]:
    """/staff/ with the sign-in checked, then with the account loaded by id (the old loader)."""
    with app.test_request_context("/staff/sign-in"):
        db = get_db()
        user = create_user(db, "facilitator@example.org", "F", "facilitator", PASSWORD)
        start_staff_session(db, user)
        db.commit()
        from flask import session

        cookie = dict(session)
    client = app.test_client()
    with client.session_transaction() as held:
        held.update(cookie)
    checked = _median_get(client, "/staff/")

    loader = login_manager._user_callback  # noqa: SLF001  # put back below

    def old_loader(user_id: str) -> StaffUser | None:
        return get_db().get(StaffUser, int(user_id.partition(":")[0]))

    login_manager.user_loader(old_loader)
    try:
        old = _median_get(client, "/staff/")
    finally:
        login_manager.user_loader(loader)
    return checked, old


def _join_guessing(app: Flask) -> tuple[int, float, float]:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    checked = 0
    refusals, wrongs = [], []
    for guess in range(GUESSES):
        start = time.perf_counter()
        status = client.post("/join", data={"code": f"{guess:06d}"}).status_code
        took = time.perf_counter() - start
        if status == 429:
            refusals.append(took)
        else:
            checked += 1
            wrongs.append(took)
    return checked, statistics.median(refusals), statistics.median(wrongs)


def _password_race(app: Flask) -> tuple[float, int, float, int]:
    engine = app.extensions["db_engine"]
    with Session(engine) as db:
        for n in range(THREADS + 1):  # staff-0 for the one-account run, then twenty fresh ones
            create_user(db, f"staff-{n}@example.org", "S", "reviewer", PASSWORD)
        db.commit()
    real_check = auth_services.check_password_hash
    checks = [0]
    count_lock = threading.Lock()

    def counted(hashed: str, password: str) -> bool:
        with count_lock:
            checks[0] += 1
        return werkzeug_security.check_password_hash(hashed, password)

    def run(emails: list[str]) -> tuple[float, int]:
        checks[0] = 0
        barrier = threading.Barrier(len(emails))

        def one(index: int, email: str) -> None:
            client = app.test_client()
            client.environ_base["REMOTE_ADDR"] = f"198.51.100.{index}"
            barrier.wait()
            client.post("/staff/sign-in", data={"email": email, "password": WRONG})

        threads = [threading.Thread(target=one, args=(i, e)) for i, e in enumerate(emails)]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return time.perf_counter() - start, checks[0]

    auth_services.check_password_hash = counted  # type: ignore[assignment]  # counted, put back
    try:
        # One account from twenty clients at once: the email lock for everyone needs more, so
        # each client's own limit (5) is what holds; set the everyone-limit to 5 to see the lock
        app.config["SIGN_IN_EMAIL_MAX_FAILURES"] = 5
        one_time, one_checks = run(["staff-0@example.org"] * THREADS)
        many_time, many_checks = run([f"staff-{n + 1}@example.org" for n in range(THREADS)])
    finally:
        auth_services.check_password_hash = real_check
    return one_time, one_checks, many_time, many_checks


if __name__ == "__main__":
    sys.exit(main())
