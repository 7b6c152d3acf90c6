"""Banks a seller can be paid out to: the national banks and the regional banks of the border
provinces first."""

BANKS = (
    "BRI", "BNI", "Bank Mandiri", "BCA", "BSI (Bank Syariah Indonesia)", "Bank NTT",
    "Bank Kalbar", "Bank Kaltimtara", "Bank Papua", "Bank Riau Kepri Syariah", "BTN",
    "CIMB Niaga", "Bank Danamon", "Permata Bank", "Bank Jago", "SeaBank",
)
