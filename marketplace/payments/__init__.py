"""Payments: an adapter that knows nothing of orders.

gateway.py      Stripe Checkout sessions, refunds and webhook verification (the only module
                that imports `stripe`).
webhooks.py     a verified event's fields, checked and typed (malformed ones are refused).
errors.py       the typed errors every caller catches.
events.py       stored webhook event ids, so that a replayed event changes nothing.

The fake Stripe for tests and local development lives outside the runtime packages, in
`marketplace/dev/fake_stripe/`.

Nothing is imported here on purpose: `events` brings a table into the metadata and `gateway`
brings the `stripe` package, and a caller asks for the one it needs.
"""
