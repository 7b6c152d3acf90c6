"""Account rules: e-mail normalisation, password hashing, reset tokens, roles."""
from __future__ import annotations

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from werkzeug.security import check_password_hash, generate_password_hash

from marketplace.accounts.logins import end_all_logins, end_login, start_login
from marketplace.accounts.models import Role, User, UserRole
from marketplace.errors import DomainError
from marketplace.extensions import db
from marketplace.mail import queue_mail
from marketplace.navigation import external_url
from marketplace.timeutil import utcnow

# A hash to compare against when the account does not exist, so that a missing account
# takes as long as a wrong password (no account enumeration by timing).
_DUMMY_HASH = generate_password_hash("not-a-real-password")


class InvalidEmail(DomainError):
    pass


class EmailTaken(DomainError):
    pass


class WrongPassword(DomainError):
    pass


def normalise_email(raw: str) -> str:
    """One spelling per mailbox: trimmed, domain normalised, and lower-cased throughout."""
    try:
        result = validate_email(raw.strip(), check_deliverability=False)
    except EmailNotValidError:
        raise InvalidEmail(raw) from None
    return result.normalized.lower()


def hash_password(password: str) -> str:
    return generate_password_hash(password)  # Werkzeug 3: scrypt with a random salt


def find_user_by_email(email: str) -> User | None:
    try:
        normalised = normalise_email(email)
    except InvalidEmail:
        return None
    return db.session.scalar(sa.select(User).where(User.email == normalised))


def register_user(name: str, email: str, password: str) -> User:
    email = normalise_email(email)
    if db.session.scalar(sa.select(User.id).where(User.email == email)) is not None:
        raise EmailTaken(email)
    user = User(name=name.strip(), email=email, password_hash=hash_password(password))
    db.session.add(user)
    try:
        db.session.commit()
    except sa.exc.IntegrityError:  # registered at the same moment by a second request
        db.session.rollback()
        raise EmailTaken(email) from None
    return user


def authenticate(email: str, password: str) -> User | None:
    user = find_user_by_email(email)
    if user is None or not user.password_hash:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(user.password_hash, password) or not user.is_active:
        return None
    return user


def log_in(user: User) -> None:
    """Start a log-in for `user`; the route then hands it to Flask-Login (`login_user`)."""
    start_login(user)
    db.session.commit()


def log_out(user: User) -> None:
    """End this log-in: its session and remember-me cookie stop working wherever they are."""
    end_login(user)
    db.session.commit()


def sign_out_everywhere(user: User) -> None:
    end_all_logins(user)
    db.session.commit()


def change_password(user: User, current: str, new: str) -> None:
    """Every log-in ends, a copy of this browser's cookies included; this browser gets a new one
    (`user.get_id()` names it: the route logs it in again)."""
    if not user.password_hash or not check_password_hash(user.password_hash, current):
        raise WrongPassword()
    user.password_hash = hash_password(new)
    end_all_logins(user)
    start_login(user)
    db.session.commit()


def _reset_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="password-reset")


def make_reset_token(user: User) -> str:
    # The end of the current hash is in the token: once the password changes, it is void.
    return _reset_serializer().dumps({"u": user.id, "h": (user.password_hash or "")[-16:]})


def user_for_reset_token(token: str) -> User | None:
    try:
        data = _reset_serializer().loads(token, max_age=current_app.config["PASSWORD_RESET_MAX_AGE"])
    except (SignatureExpired, BadSignature):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    user = db.session.get(User, data["u"])
    if user is None or (user.password_hash or "")[-16:] != data.get("h"):
        return None
    return user


def request_password_reset(email: str) -> None:
    """Mail a reset link to the account with this address, if it has an active one (through
    the outbox: the caller dispatches after the commit). Links are on PUBLIC_BASE_URL."""
    user = find_user_by_email(email)
    if user is None or not user.is_active:
        return
    link = external_url("accounts.reset_password", token=make_reset_token(user))
    minutes = current_app.config["PASSWORD_RESET_MAX_AGE"] // 60
    queue_mail(
        user.email,
        _("Reset your Sentra password"),
        _("Hello %(name)s,\n\nOpen this link to choose a new password (it works for "
          "%(minutes)d minutes, once):\n%(link)s\n\nIf you did not ask for this, ignore "
          "this message: your password stays as it is.\n\nSentra",
          name=user.name, minutes=minutes, link=link),
    )
    db.session.commit()


def reset_password(user: User, new: str) -> None:
    """A reset ends every log-in: whoever had the old password is out."""
    user.password_hash = hash_password(new)
    end_all_logins(user)
    db.session.commit()


def grant_role(user: User, role: Role) -> bool:
    """Give a role; returns False when the user already had it."""
    if user.has_role(role):
        return False
    user.roles.append(UserRole(role=role))
    db.session.commit()
    return True


def create_or_promote_admin(email: str, password: str | None, name: str | None = None) -> tuple[User, bool]:
    """Make the account with this e-mail an admin, creating it when needed.

    Returns (user, created). A password is required only for a new account.
    """
    user = find_user_by_email(email)
    created = user is None
    if created:
        if not password:
            raise WrongPassword("a new account needs a password")
        user = register_user(name or email.split("@")[0], email, password)
        # The operator names the address on the command line: it needs no link to prove it.
        user.email_verified_at = utcnow()
    grant_role(user, Role.ADMIN)
    return user, created
