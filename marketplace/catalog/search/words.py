"""Word lists for the search analyzer: the field's own root words and the stop words.

ROOT_WORDS is written by the project for what its sellers make. Both stemmers check it first:
a word that is a root, or becomes one when a common Indonesian affix is taken off
(menenun -> tenun, kemasan -> kemas), is not stemmed further. Snowball has no dictionary and
needs it most. Add a word here when a search test shows a stemmer cutting a word of the field
wrongly (Snowball: kerupuk -> rupuk; Sastrawi: mengemas -> emas).
"""
from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


ROOT_WORDS = _words("""
    tenun ikat songket sarung selendang selimut syal kain benang kapas sutra katun pintal
    celup warna tarum mengkudu engkerebai motif tais buna sotis kebat sulam bordir jahit
    rajut anyam ukir pahat manik noken rotan bambu pandan lontar keranjang tikar bidai takin
    tudung topi tas dompet gelang kalung kriya rajin gedogan
    kemas bungkus label kotak toples botol karung
    madu kopi garam lada merica kemiri kenari kelor gula aren nira sagu beras jagung kerupuk
    keripik sambal terasi ikan teri cumi udang jeruk durian lempok kelulut sarang hutan teh
    rempah bumbu kacang tepung asin kering salai asap kelapa cabai kemangi tenggiri ketupat
    sangrai giling jemur masak goreng rebus olah petik panen tanam tani ternak campur
    robusta arabika pedas manis gurih
""")

# Indonesian function words: common in descriptions, useless in a query.
INDONESIAN_STOP_WORDS = _words("""
    ada adalah agar akan aku anda antara apa apakah atau bagi bagaimana bahwa banyak beberapa
    begitu belum bisa boleh bukan dalam dan dapat dari daripada demikian dengan di dia hanya
    hingga ia ini itu jadi jika juga kalau kami kamu karena ke kepada ketika kita lagi lalu
    lebih maka mana masih mau melalui memang mereka mungkin namun nya oleh pada para per
    pernah pun saat saja sampai sangat saya sebagai sebelum sedang sehingga sejak selain semua
    sendiri seperti serta sesudah setelah setiap sudah supaya tanpa telah tentang tetapi tapi
    tersebut tidak untuk yaitu yakni yang
""")

ENGLISH_STOP_WORDS = _words("""
    a an and are as at be but by can for from has have if in into is it its may not of on or
    our so than that the their them they this to too us was we were what when which who will
    with yet you your
""")

STOP_WORDS = INDONESIAN_STOP_WORDS | ENGLISH_STOP_WORDS
