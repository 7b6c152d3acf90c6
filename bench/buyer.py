"""A signed-in buyer with a cart, for the benchmark's pages "for a signed-in buyer".

`python -m bench.buyer EMAIL PASSWORD` (run in a benchmark database's environment) makes the
account: verified, consent recorded, a fast password hash. `signed_in_cookie` then logs in over
HTTP against the running store, as a browser would, puts a product in the cart and returns the
cookies wrk sends with every request (the session and the cart count).
"""
from __future__ import annotations

import http.client
import http.cookiejar
import re
import secrets
import sys
import urllib.parse
import urllib.request

PASSWORD = "kain-tenun-ikat-2026-bench"


def new_email() -> str:
    return f"bench-buyer-{secrets.token_hex(4)}@example.id"


def make_buyer(email: str, password: str = PASSWORD) -> None:
    """The account (in this process's database: the benchmark's environment)."""
    from werkzeug.security import generate_password_hash

    from marketplace import create_app
    from marketplace.accounts.models import User
    from marketplace.extensions import db
    from marketplace.privacy.consent import record_consent
    from marketplace.timeutil import utcnow

    app = create_app()
    with app.app_context():
        user = User(email=email, name="Bench Buyer", email_verified_at=utcnow(),
                    password_hash=generate_password_hash(password, method="pbkdf2:sha256:1000"))
        db.session.add(user)
        db.session.flush()
        record_consent(user)
        db.session.commit()


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html)
    if not match:
        raise RuntimeError("no CSRF token on the log-in page")
    return match.group(1)


def signed_in_cookie(base: str, email: str, product_path: str,
                     password: str = PASSWORD) -> str:
    """Log in, add the product to the cart; the `Cookie` header a browser would then send."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(base + "/account/login", timeout=60) as response:
        token = _csrf(response.read().decode())
    form = urllib.parse.urlencode({"csrf_token": token, "email": email, "password": password})
    with opener.open(base + "/account/login", form.encode(), timeout=60) as response:
        if "/account/login" in response.url:
            raise RuntimeError("the benchmark buyer could not log in")
    with opener.open(base + product_path, timeout=60) as response:
        variant = re.search(r'name="variant_id" value="(\d+)"', response.read().decode())
    if not variant:
        raise RuntimeError(f"no variant to add on {product_path}")
    request = urllib.request.Request(
        base + "/cart/add", urllib.parse.urlencode({"variant_id": variant.group(1),
                                                    "quantity": "2"}).encode(),
        headers={"Origin": base})
    opener.open(request, timeout=60).close()
    cookies = {cookie.name: cookie.value for cookie in jar}
    if "cart_count" not in cookies:
        raise RuntimeError("no cart_count cookie after adding to the cart")
    # wrk sends no User-Agent: the first page with it marks the session "not fresh" (Flask-Login's
    # session protection), as a browser's would be after a change of address; kept from then on.
    header = f"session={cookies['session']}; cart_count={cookies['cart_count']}"
    parsed = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=60)
    try:
        connection.request("GET", "/", headers={"Cookie": header})
        response = connection.getresponse()
        response.read()
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            if name == "session":
                cookies["session"] = rest.split(";", 1)[0]
    finally:
        connection.close()
    return f"session={cookies['session']}; cart_count={cookies['cart_count']}"


if __name__ == "__main__":
    make_buyer(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else PASSWORD)
