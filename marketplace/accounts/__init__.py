"""Accounts: users and the roles they hold."""
