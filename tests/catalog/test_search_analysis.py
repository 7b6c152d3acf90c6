"""The search analyzer: Indonesian stemming with either stemmer, English, stop words, queries."""
from __future__ import annotations

import pytest

from marketplace.catalog.search import stemming
from marketplace.catalog.search.analysis import search_analyzer
from marketplace.catalog.search.engine import MAX_QUERY_CHARS, clean_query, word_forms

STEMMERS = stemming.STEMMERS


def terms(text: str, stemmer: str) -> list[str]:
    return [token.text for token in search_analyzer(stemmer)(text, mode="query")]


@pytest.mark.parametrize("stemmer", STEMMERS)
@pytest.mark.parametrize(("words", "root"), [
    ("menenun penenun tenunan penenunnya tenun", "tenun"),
    ("kemasan dikemas mengemas kemas", "kemas"),
    ("anyaman menganyam anyam", "anyam"),
    ("rajutan merajut", "rajut"),
    ("ukiran mengukir", "ukir"),
])
def test_indonesian_forms_meet_at_their_root(stemmer, words, root):
    assert set(terms(words, stemmer)) == {root}


@pytest.mark.parametrize("stemmer", STEMMERS)
def test_field_words_and_place_names_are_not_cut(stemmer):
    words = "kerupuk keripik kemiri kenari mengkudu keranjang madu kopi garam nunukan keerom belu sambas"
    assert terms(words, stemmer) == words.split()


@pytest.mark.parametrize("stemmer", STEMMERS)
def test_english_words_get_their_english_stem_too(stemmer):
    assert word_forms("weaving woven Honey coffee", stemmer) == [
        ["weaving", "weav"], ["woven"], ["honey"], ["coffee", "coffe"]]


@pytest.mark.parametrize("stemmer", STEMMERS)
def test_stop_words_of_both_languages_and_accents(stemmer):
    assert terms("Madu dan kopi untuk the café AND OR yang", stemmer) == ["madu", "kopi", "cafe"]


def test_snowball_alone_would_cut_what_the_root_words_protect():
    import Stemmer

    raw = Stemmer.Stemmer("indonesian")
    assert raw.stemWord("menenun") == "enun" and raw.stemWord("kerupuk") == "rupuk"
    assert stemming.snowball_indonesian("menenun") == "tenun"
    assert stemming.snowball_indonesian("kerupuk") == "kerupuk"


def test_sastrawi_dictionary_is_a_set_and_its_cache_is_bounded():
    stem_word = stemming._sastrawi()
    assert isinstance(stem_word.__self__.dictionary.words, set)
    assert stemming.sastrawi_indonesian("pewarnaan") == "warna"
    assert stemming.sastrawi_indonesian.cache_info().maxsize == stemming.CACHE_SIZE


def test_an_unknown_stemmer_is_refused():
    with pytest.raises(ValueError, match="SEARCH_STEMMER"):
        search_analyzer("porter")


@pytest.mark.parametrize("raw", ['"', "AND OR", "*", "(", "\x00", "tenun\x00ikat", "x" * 5000,
                                 "tenun AND (ikat OR", "\\", "%_", "   "])
def test_queries_are_words_never_syntax(raw):
    cleaned = clean_query(raw)
    assert "\x00" not in cleaned and len(cleaned) <= MAX_QUERY_CHARS
    word_forms(cleaned, "snowball")  # never raises


def test_clean_query_keeps_words_and_spaces_them():
    assert clean_query("  kain\ttenun\x00ikat  ") == "kain tenun ikat"
    assert word_forms(clean_query("tenun\x00ikat"), "snowball") == [["tenun"], ["ikat"]]


def test_snippets_mark_word_forms_and_escape_everything_else():
    from marketplace.catalog.search.snippets import SNIPPET_CHARS, snippet

    text = "Kain <b>tenun</b> & " + "x " * 100 + "dibuat oleh penenun Amarasi <script>alert(1)</script>"
    marked = snippet(text, frozenset({"tenun"}), "snowball")
    assert str(marked).startswith("Kain &lt;b&gt;<mark>tenun</mark>&lt;/b&gt; &amp; x")
    assert str(marked).endswith(" …") and len(marked) < SNIPPET_CHARS + 60
    later = snippet(text, frozenset({"amarasi"}), "snowball")
    assert str(later).startswith("… ") and "<mark>penenun</mark>" not in later
    assert "<mark>Amarasi</mark> &lt;script&gt;alert(1)&lt;/script&gt;" in later
    assert "<mark>penenun</mark>" in snippet(text[-60:], frozenset({"tenun"}), "snowball")
    assert snippet("<i>", frozenset(), "snowball") == "&lt;i&gt;"


@pytest.mark.parametrize("stemmer", [*STEMMERS, None])
def test_indexing_makes_the_same_terms_as_the_analyzer(stemmer):
    """The index is written through `index_terms`, queries read through the Whoosh analyzer:
    both must give the same terms, or a word would not find itself."""
    from collections import Counter

    from marketplace.dev.demo.content import SHOPS
    from marketplace.catalog.search.analysis import index_terms, plain_analyzer

    analyzer = search_analyzer(stemmer) if stemmer else plain_analyzer()
    texts = [
        "Kain Tenun Ikat Buna: menenun, penenunnya & tenunan — Weaving/woven; 1.5 m × 60 cm; A.B.C",
        "Crème brûlée, CAFÉ, Sastrawi's kemasan dikemas mengemas; di dan yang 'the' of x y z",
        "İstanbul ﬁne ǅ ß straße * kain* AND OR \"quoted\" (brackets) nunukan NUNUKAN Kapuas Hulu",
    ]
    texts += [f"{product.name} {product.description} {product.materials}" for shop in SHOPS
              for product in shop.products]
    for text in texts:
        expected = Counter(token.text for token in analyzer(text, mode="index"))
        assert Counter(index_terms(text, stemmer)) == expected, text


def test_the_index_keeps_prices_as_whole_rupiah():
    from whoosh.filedb.filestore import RamStorage

    from marketplace.catalog.search import schema as search_schema

    index = RamStorage().create_index(search_schema.make_schema("snowball"))
    with index.writer() as writer:
        writer.add_document(id="1", text="sarung tenun", spell="sarung", title="Sarung",
                            name="Sarung", description="", category=3, top_category=1,
                            province=b"Nusa Tenggara Timur", regency=b"Kupang",
                            price=9_250_000_000, in_stock=1, created=1_795_000_000)
    with index.searcher() as searcher:
        price = search_schema.read_columns(searcher.reader())["price"]
    assert price == [9_250_000_000] and type(price[0]) is int
    with pytest.raises(ValueError):
        search_schema._integer_column("d")  # a float column is refused
