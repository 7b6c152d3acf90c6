"""`python -m marketplace.dev.fake_stripe`: serve the fake Stripe (what `make run` starts)."""
from marketplace.dev.fake_stripe import main

main()
