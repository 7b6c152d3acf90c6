"""Papua, on the Papua New Guinea border (noken, coffee, sago), and the Riau Islands in the
South China Sea (dried seafood, pandan weaving)."""
from __future__ import annotations

from marketplace.dev.demo.specs import (
    FoodSpec,
    LicenceKind,
    Look,
    PackagingType,
    ProductSpec,
    ShopSpec,
    v,
)

NOKEN_WRAP = (
    "Noken dilipat dalam kantong kertas cokelat dengan kartu nama mama perajut, lalu "
    "dimasukkan ke amplop plastik tebal."
)
COFFEE_POUCH = (
    "Pouch aluminium berdiri dengan katup satu arah agar gas kopi keluar tanpa udara masuk, "
    "klip di atas; label berisi tanggal sangrai."
)
DRIED_FISH_BAG = (
    "Plastik vakum tebal, dimasukkan lagi ke plastik klip berlabel; dikirim dalam kardus agar "
    "tidak tertusuk."
)

SHOPS: tuple[ShopSpec, ...] = (
    ShopSpec(
        code="KRM",
        name="Noken & Kopi Mama Arso",
        province="Papua",
        regency="Keerom",
        address="Distrik Arso, Kabupaten Keerom, Papua",
        licence_area="9111",
        story=(
            "Mama-mama di Arso merajut noken dari serat kulit kayu dan benang sambil berjualan "
            "pinang dan sayur di pasar. Noken, yang diakui UNESCO sebagai warisan budaya tak "
            "benda, dirajut hanya dengan jari, dan satu noken besar bisa memakan waktu dua "
            "minggu. Kopi robusta kami tumbuh di kebun kampung, dipetik merah dan disangrai di "
            "Arso."
        ),
        owner_name="Yosina Kimber",
        owner_email="yosina.kimber",
        whatsapp="+6281200000401",
        cooperative="Kelompok Mama-Mama Perajut Noken Arso",
        products=(
            ProductSpec(
                name="Kopi Robusta Keerom Biji Sangrai",
                category="kopi",
                description=(
                    "Robusta dari kebun kampung di Keerom, dipetik merah, dijemur di para-para "
                    "dan disangrai sedang. Rasanya tebal dengan sentuhan cokelat dan sedikit "
                    "rempah. Disangrai setiap minggu; tanggal sangrai tertulis di label."
                ),
                materials="Biji kopi robusta sangrai",
                look=Look("coffee_beans"),
                packaging=PackagingType.POUCH,
                packaging_description=COFFEE_POUCH,
                variants=(
                    v("250 g", "250", 55_000, 30, 250, 300, (20, 12, 6)),
                    v("500 g", "500", 100_000, 20, 500, 570, (24, 14, 7)),
                    v("1 kg", "1K", 190_000, 8, 1_000, 1_100, (30, 18, 9)),
                ),
                food=FoodSpec(
                    ingredients="Biji kopi robusta sangrai 100%",
                    licence=LicenceKind.PIRT,
                    shelf_life_days=365,
                    storage="Tutup klip rapat; simpan sejuk dan gelap. Paling enak dalam sebulan.",
                ),
                photos=3,
            ),
            ProductSpec(
                name="Kopi Robusta Keerom Bubuk",
                category="kopi",
                description=(
                    "Robusta Keerom yang digiling sedang, cocok untuk kopi tubruk dan saring. "
                    "Digiling sesaat sebelum dikemas, tanpa campuran jagung atau gula."
                ),
                materials="Kopi robusta sangrai, digiling",
                look=Look("coffee_powder"),
                packaging=PackagingType.POUCH,
                packaging_description=COFFEE_POUCH,
                variants=(v("", "", 55_000, 25, 250, 300, (20, 12, 6)),),
                food=FoodSpec(
                    ingredients="Kopi robusta bubuk 100%",
                    licence=LicenceKind.PIRT,
                    shelf_life_days=270,
                    storage="Tutup klip rapat; simpan sejuk dan gelap.",
                ),
            ),
            ProductSpec(
                name="Noken Kulit Kayu",
                category="noken",
                description=(
                    "Noken dari serat kulit kayu yang dipintal di paha lalu dirajut dengan jari, "
                    "berwarna cokelat alami. Kuat dan mulur mengikuti isi; di Papua dipakai "
                    "membawa hasil kebun, bahkan anak kecil."
                ),
                materials="Serat kulit kayu",
                look=Look("noken", palette="kulit_kayu"),
                packaging=PackagingType.PAPER_WRAP,
                packaging_description=NOKEN_WRAP,
                variants=(v("", "", 325_000, 5, 300, 420, (30, 22, 6)),),
                photos=3,
            ),
            ProductSpec(
                name="Noken Benang Warna-warni",
                category="noken",
                description=(
                    "Noken rajut dari benang nilon berwarna dengan pola garis, ringan untuk "
                    "dibawa sehari-hari. Dua pilihan warna; ukuran sedang, muat buku dan botol "
                    "minum."
                ),
                materials="Benang nilon",
                look=Look("noken", palette="warna"),
                packaging=PackagingType.PAPER_WRAP,
                packaging_description=NOKEN_WRAP,
                variants=(
                    v("Merah–kuning–hijau", "MKH", 175_000, 8, 150, 250, (28, 20, 4)),
                    v("Biru–putih", "BP", 175_000, 6, 150, 250, (28, 20, 4)),
                ),
            ),
            ProductSpec(
                name="Noken Anggrek",
                category="noken",
                description=(
                    "Noken dari serat batang anggrek hutan yang berwarna kuning keemasan, "
                    "dianyam rapat bersama serat kulit kayu. Perlu berbulan-bulan; stok habis, "
                    "pesanan berikutnya dibuka saat serat terkumpul."
                ),
                materials="Serat anggrek hutan, serat kulit kayu",
                look=Look("noken", palette="anggrek"),
                packaging=PackagingType.BOX,
                packaging_description=(
                    "Kotak karton berlapis kertas tisu, dengan kartu cerita perajut."
                ),
                variants=(v("", "", 1_350_000, 0, 200, 450, (30, 24, 8)),),
            ),
            ProductSpec(
                name="Sagu Lempeng Keerom",
                category="kerupuk-camilan",
                description=(
                    "Sagu lempeng, roti sagu kering yang dipanggang di cetakan tanah liat. Keras "
                    "dan tahan lama; celupkan ke teh atau kopi sampai lunak. Bekal tradisional "
                    "orang Papua dalam perjalanan."
                ),
                materials="Tepung sagu",
                look=Look("sago_cake"),
                packaging=PackagingType.BOX,
                packaging_description="Plastik disegel di dalam kotak karton berlabel.",
                variants=(v("", "", 20_000, 30, 250, 330, (18, 12, 6)),),
                food=FoodSpec(
                    ingredients="Tepung sagu, air",
                    licence=LicenceKind.PIRT,
                    shelf_life_days=180,
                    storage="Simpan di tempat kering dan tertutup.",
                ),
            ),
            ProductSpec(
                name="Tepung Sagu Keerom",
                category="beras-sagu",
                description=(
                    "Tepung sagu dari pohon sagu di dusun Keerom, diperas dan diendapkan lalu "
                    "dijemur. Untuk papeda, kue dan pengental masakan."
                ),
                materials="Pati sagu kering",
                look=Look("sago_flour"),
                packaging=PackagingType.POUCH,
                packaging_description="Pouch plastik tebal berklip dengan label dusun asal.",
                variants=(v("", "", 30_000, 25, 1_000, 1_060, (25, 18, 6)),),
            ),
        ),
    ),
    ShopSpec(
        code="NTN",
        name="Hasil Laut Ranai",
        province="Kepulauan Riau",
        regency="Natuna",
        address="Kelurahan Ranai, Kec. Bunguran Timur, Kabupaten Natuna, Kepulauan Riau",
        licence_area="2103",
        story=(
            "Nelayan Natuna melaut dengan perahu kecil; saat musim ikan, tangkapan lebih banyak "
            "dari yang bisa dijual segar. Kami membeli ikan langsung dari nelayan di Ranai, "
            "membersihkan, menggarami ringan dan menjemurnya di para-para bambu, bukan di tanah. "
            "Ibu-ibu di kampung kami juga menganyam tudung saji dari daun pandan."
        ),
        owner_name="Rahmat Hidayat",
        owner_email="rahmat.hidayat",
        whatsapp="+6281200000501",
        products=(
            ProductSpec(
                name="Ikan Asin Tenggiri Natuna",
                category="ikan-kering",
                description=(
                    "Irisan tenggiri yang digarami ringan dan dijemur dua hari. Dagingnya tebal "
                    "dan tidak terlalu asin; rendam sebentar lalu goreng atau panggang."
                ),
                materials="Ikan tenggiri, garam",
                look=Look("fish_dried"),
                packaging=PackagingType.PLASTIC_BAG,
                packaging_description=DRIED_FISH_BAG,
                variants=(
                    v("250 g", "250", 75_000, 20, 250, 310, (24, 16, 4)),
                    v("500 g", "500", 140_000, 12, 500, 580, (28, 20, 5)),
                ),
                photos=3,
            ),
            ProductSpec(
                name="Ikan Teri Kering Natuna",
                category="ikan-kering",
                description=(
                    "Teri kecil yang direbus air garam di atas kapal lalu dijemur di darat. "
                    "Bersih, utuh dan tidak hancur. Untuk sambal teri dan nasi goreng."
                ),
                materials="Ikan teri, garam",
                look=Look("anchovy"),
                packaging=PackagingType.PLASTIC_BAG,
                packaging_description=DRIED_FISH_BAG,
                variants=(v("", "", 45_000, 30, 250, 300, (22, 15, 4)),),
            ),
            ProductSpec(
                name="Cumi Kering Natuna",
                category="ikan-kering",
                description=(
                    "Cumi-cumi yang dibelah, dibersihkan dan dijemur tanpa garam berlebihan. "
                    "Panggang atau goreng sebentar; enak untuk sambal cumi."
                ),
                materials="Cumi-cumi, garam",
                look=Look("squid"),
                packaging=PackagingType.PLASTIC_BAG,
                packaging_description=DRIED_FISH_BAG,
                variants=(v("", "", 95_000, 15, 250, 310, (26, 18, 4)),),
            ),
            ProductSpec(
                name="Kerupuk Ikan Tongkol Natuna",
                category="kerupuk-camilan",
                description=(
                    "Kerupuk mentah dari ikan tongkol dan tapioka, dipotong bundar dan dijemur. "
                    "Goreng dengan minyak panas sampai mengembang."
                ),
                materials="Ikan tongkol, tepung tapioka",
                look=Look("crackers_fish"),
                packaging=PackagingType.PLASTIC_BAG,
                packaging_description="Plastik tebal disegel panas dengan kartu label di atas.",
                variants=(v("", "", 28_000, 40, 250, 320, (25, 18, 6)),),
                food=FoodSpec(
                    ingredients="Ikan tongkol, tepung tapioka, bawang putih, garam",
                    licence=LicenceKind.PIRT,
                    shelf_life_days=180,
                    storage="Simpan di tempat kering dan tertutup.",
                    halal_certified=True,
                ),
            ),
            ProductSpec(
                name="Sambal Teri Natuna",
                category="sambal-bumbu",
                description=(
                    "Teri Natuna yang digoreng kering lalu dimasak dengan sambal cabai merah "
                    "sampai berminyak. Siap makan dengan nasi hangat."
                ),
                materials="Ikan teri, cabai merah, bawang merah, minyak",
                look=Look("sambal", palette="teri"),
                packaging=PackagingType.JAR,
                packaging_description=(
                    "Toples kaca bertutup kaleng, disegel, dibungkus plastik gelembung."
                ),
                variants=(v("", "", 35_000, 24, 150, 330, (8, 8, 9)),),
                food=FoodSpec(
                    ingredients=(
                        "Ikan teri, cabai merah, bawang merah, bawang putih, minyak sawit, garam, "
                        "gula"
                    ),
                    licence=LicenceKind.PIRT,
                    shelf_life_days=90,
                    storage="Setelah dibuka simpan di kulkas dan pakai sendok kering.",
                ),
            ),
            ProductSpec(
                name="Tudung Saji Anyaman Pandan",
                category="anyaman-rotan",
                description=(
                    "Tudung saji dari daun pandan laut yang dijemur dan diwarnai, dianyam "
                    "bersusun membentuk kubah. Menutup makanan di meja dari lalat, dan cantik "
                    "digantung di dinding."
                ),
                materials="Daun pandan laut, pewarna",
                look=Look("tudung", palette="warna"),
                packaging=PackagingType.BOX,
                packaging_description=(
                    "Kardus persegi; tudung ditumpuk dengan kertas di antaranya agar tidak "
                    "penyok."
                ),
                variants=(
                    v("Diameter 40 cm", "40", 110_000, 8, 250, 900, (42, 42, 22)),
                    v("Diameter 55 cm", "55", 150_000, 5, 380, 1_300, (57, 57, 28)),
                ),
            ),
        ),
    ),
)
