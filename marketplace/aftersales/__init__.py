"""After the sale: receipt, escrow release, complaints, disputes (reviews later), above orders and
the ledger. Moved here from marketplace/ledger by the i15-money branch."""
