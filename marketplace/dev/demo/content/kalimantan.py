"""Kalimantan, on the Malaysian border: songket Sambas, jeruk, kerupuk, pepper, palm sugar,
rattan and beads, Dayak ikat, forest honey, smoked fish and Krayan rice and salt."""
from __future__ import annotations

from marketplace.dev.demo.specs import (
    Dye,
    FoodSpec,
    LicenceKind,
    Look,
    PackagingType,
    ProductSpec,
    ProductStatus,
    ShopSpec,
    TextileSpec,
    Weaving,
    v,
)

KALBAR = "Kalimantan Barat"
KALTARA = "Kalimantan Utara"

SONGKET_BOX = (
    "Kotak karton kaku berlapis kain satin, kain dilipat dengan kertas tisu bebas asam di "
    "antara lipatan agar benang emas tidak tertekuk; kartu motif dan nama penenun di atasnya."
)
IKAT_BOX = (
    "Kotak karton tebal, kain dilipat dan dibungkus kertas minyak, dengan kartu berisi nama "
    "penenun, motif dan pewarna. Dibungkus plastik di luar kotak."
)
CRACKER_BAG = (
    "Plastik tebal disegel panas dengan kartu label di atas; dikirim dalam kardus agar kerupuk "
    "tidak remuk."
)
CRAFT_WRAP = "Dibungkus kertas cokelat, diisi kertas remas, dalam kardus bekas yang bersih."

SHOPS: tuple[ShopSpec, ...] = (
    ShopSpec(
        code="SBS",
        name="Songket Sambas Benang Emas",
        province=KALBAR,
        regency="Sambas",
        address="Desa Sumber Harapan, Kec. Sambas, Kabupaten Sambas, Kalimantan Barat",
        licence_area="6101",
        story=(
            "Kain lunggi, songket Sambas, ditenun dengan benang emas di rumah-rumah panggung Desa "
            "Sumber Harapan. Kelompok kami beranggotakan tiga puluh penenun, kebanyakan ibu rumah "
            "tangga yang menenun sore hari. Satu kain penuh bisa memakan waktu satu sampai tiga "
            "bulan, tergantung kerapatan motif."
        ),
        owner_name="Rosnani",
        owner_email="rosnani",
        whatsapp="+6281200000201",
        cooperative="Koperasi Penenun Kain Lunggi Sambas",
        products=(
            ProductSpec(
                name="Kain Songket Sambas Motif Pucuk Rebung",
                category="songket",
                description=(
                    "Kain songket penuh dengan tumpal pucuk rebung di kedua ujung dan bunga kecil "
                    "di badan kain, ditenun dengan benang emas di atas sutra merah marun. Stok "
                    "habis; kain berikutnya dapat dipesan dan selesai dalam dua bulan."
                ),
                materials="Benang sutra, benang emas",
                look=Look("songket", "pucuk_rebung", "marun"),
                packaging=PackagingType.BOX,
                packaging_description=SONGKET_BOX,
                variants=(v("", "", 2_500_000, 0, 600, 1_000, (38, 30, 6)),),
                textile=TextileSpec(
                    motif="Pucuk rebung",
                    motif_meaning=(
                        "Pucuk rebung tumbuh lurus ke atas dan berguna sejak muda: harapan agar "
                        "pemakainya tumbuh baik dan bermanfaat bagi orang banyak."
                    ),
                    weaver="Hj. Rosnani",
                    threads="Sutra, benang emas",
                    dyes=Dye.SYNTHETIC,
                    dye_notes="sutra celup pabrik (merah marun), benang emas sintetis",
                    length_cm=200, width_cm=90, weaving_days=60,
                ),
                photos=3,
            ),
            ProductSpec(
                name="Kain Songket Sambas Motif Tampuk Manggis",
                category="songket",
                description=(
                    "Songket hijau tua bermotif tampuk manggis yang ditabur rapat, dengan tepi "
                    "pucuk rebung. Ditenun dengan alat tenun gedogan oleh Kak Sarimah selama "
                    "tujuh minggu."
                ),
                materials="Benang sutra, benang emas",
                look=Look("songket", "tampuk_manggis", "hijau"),
                packaging=PackagingType.BOX,
                packaging_description=SONGKET_BOX,
                variants=(v("", "", 1_950_000, 2, 580, 980, (38, 30, 6)),),
                textile=TextileSpec(
                    motif="Tampuk manggis",
                    motif_meaning=(
                        "Kulit manggis gelap tetapi isinya putih bersih: lambang kejujuran dan "
                        "hati yang baik."
                    ),
                    weaver="Sarimah",
                    threads="Sutra, benang emas",
                    dyes=Dye.SYNTHETIC,
                    dye_notes="sutra celup pabrik (hijau tua), benang emas sintetis",
                    length_cm=200, width_cm=90, weaving_days=49,
                ),
                photos=3,
            ),
            ProductSpec(
                name="Selendang Songket Motif Bunga Tabur",
                category="songket",
                description=(
                    "Selendang songket ungu dengan bunga emas kecil yang ditabur merata. Ringan "
                    "untuk dipakai bersama kebaya atau baju kurung. Ujungnya berumbai."
                ),
                materials="Benang katun, benang emas",
                look=Look("songket", "bunga_tabur", "ungu"),
                packaging=PackagingType.BOX,
                packaging_description=SONGKET_BOX,
                variants=(v("", "", 650_000, 5, 220, 450, (32, 24, 4)),),
                textile=TextileSpec(
                    motif="Bunga tabur",
                    motif_meaning=(
                        "Bunga-bunga kecil yang ditabur merata melambangkan kebahagiaan dan rezeki "
                        "yang tersebar."
                    ),
                    weaver="Nurhayati",
                    threads="Katun, benang emas",
                    dyes=Dye.SYNTHETIC,
                    dye_notes="benang katun celup pabrik (ungu), benang emas sintetis",
                    length_cm=180, width_cm=50, weaving_days=18,
                ),
            ),
            ProductSpec(
                name="Tanjak Songket Sambas",
                category="produk-tenun",
                description=(
                    "Tanjak, ikat kepala lelaki Melayu, dari kain songket yang sudah dilipat dan "
                    "dijahit sehingga tinggal dipakai. Untuk pengantin, acara adat atau hadiah."
                ),
                materials="Kain songket, kain keras pelapis",
                look=Look("tanjak", "pucuk_rebung", "marun"),
                packaging=PackagingType.BOX,
                packaging_description=(
                    "Kotak karton persegi berjendela plastik, tanjak disangga karton agar tidak "
                    "penyok."
                ),
                variants=(v("", "", 225_000, 7, 150, 400, (25, 25, 15)),),
                textile=TextileSpec(
                    motif="Pucuk rebung (tepi)",
                    motif_meaning="Pucuk rebung melambangkan harapan untuk tumbuh dan berguna.",
                    weaver="Penenun Koperasi Kain Lunggi",
                    threads="Katun, benang emas",
                    dyes=Dye.SYNTHETIC,
                    dye_notes="benang celup pabrik, benang emas sintetis",
                    length_cm=90, width_cm=90, weaving_days=8,
                ),
            ),
            ProductSpec(
                name="Kain Songket Motif Pucuk Rebung (Tenun Mesin)",
                category="songket",
                description=(
                    "Kain bermotif songket Sambas yang ditenun dengan mesin dari desain kelompok "
                    "kami: lebih ringan dan jauh lebih murah, cocok untuk seragam acara. Ini "
                    "bukan tenunan tangan; benang emasnya lebih tipis."
                ),
                materials="Benang poliester, benang metalik",
                look=Look("songket", "pucuk_rebung", "biru"),
                packaging=PackagingType.PLASTIC_BAG,
                packaging_description=(
                    "Plastik bening berperekat dengan karton penyangga dan label."
                ),
                variants=(v("", "", 450_000, 12, 420, 560, (35, 27, 3)),),
                textile=TextileSpec(
                    motif="Pucuk rebung",
                    motif_meaning=(
                        "Pucuk rebung melambangkan harapan untuk tumbuh dan bermanfaat bagi orang "
                        "banyak."
                    ),
                    weaver="Ditenun mesin dari desain Koperasi Kain Lunggi",
                    threads="Poliester, benang metalik",
                    dyes=Dye.SYNTHETIC,
                    dye_notes="benang poliester berwarna pabrik",
                    length_cm=200, width_cm=90, weaving_days=1,
                    weaving=Weaving.MACHINE,
                ),
            ),
            ProductSpec(
                name="Dompet Songket Sambas",
                category="produk-tenun",
                description=(
                    "Dompet panjang dari potongan kain songket, dengan ritsleting dan enam slot "
                    "kartu. Tiga pilihan warna dasar; kilau benang emas tetap terlihat di setiap "
                    "warna."
                ),
                materials="Kain songket, kulit sintetis, ritsleting",
                look=Look("wallet", "bunga_tabur", "marun"),
                packaging=PackagingType.BOX,
                packaging_description=(
                    "Kotak karton kecil bertutup, dengan kertas tisu dan kartu motif."
                ),
                variants=(
                    v("Merah marun", "MRN", 95_000, 10, 90, 180, (22, 12, 4)),
                    v("Hijau", "HJU", 95_000, 8, 90, 180, (22, 12, 4)),
                    v("Ungu", "UNG", 95_000, 6, 90, 180, (22, 12, 4)),
                ),
                textile=TextileSpec(
                    motif="Bunga tabur",
                    motif_meaning="Bunga kecil bertabur: kebahagiaan dan rezeki yang tersebar.",
                    weaver="Penenun Koperasi Kain Lunggi",
                    threads="Katun, benang emas",
                    dyes=Dye.SYNTHETIC,
                    dye_notes="benang celup pabrik, benang emas sintetis",
                    length_cm=20, width_cm=10, weaving_days=3,
                ),
            ),
        ),
    ),
    ShopSpec(
        code="ARK",
        name="Dapur Perbatasan Aruk",
        province=KALBAR,
        regency="Sambas",
        address="Desa Sebunga, Kec. Sajingan Besar, Kabupaten Sambas, Kalimantan Barat",
        licence_area="6101",
        story=(
            "Dulu jeruk dan kerupuk kami dibeli pedagang, dikemas ulang dan dijual di Sarawak "
            "dengan nama lain. Kini kami mengemas dan memberi label sendiri di rumah produksi "
            "dekat pos lintas batas Aruk, dengan harga dalam rupiah. Anggota kami petani jeruk "
            "di Tebas dan Sajingan serta ibu-ibu pembuat kerupuk dan lempok."
        ),
        owner_name="Siti Aminah",
        owner_email="siti.aminah",
        whatsapp="+6281200000202",
        cooperative="Koperasi Perbatasan Aruk Bersatu",
        products=(
            ProductSpec(
                name="Jeruk Sambas Segar",
                category="buah-segar",
                description=(
                    "Jeruk siam dari kebun anggota di Tebas, dipetik saat kulit mulai menguning. "
                    "Manis segar dengan sedikit asam, banyak air. Dikirim dalam satu sampai dua "
                    "hari setelah petik; tahan sekitar seminggu di suhu ruang."
                ),
                materials="Jeruk siam Sambas",
                look=Look("citrus"),
                packaging=PackagingType.BOX,
                packaging_description=(
                    "Kardus berlubang udara dengan sekat, jeruk dibungkus kertas satu per satu."
                ),
                variants=(
                    v("2 kg", "2K", 50_000, 30, 2_000, 2_450, (30, 20, 15)),
                    v("5 kg", "5K", 115_000, 15, 5_000, 5_700, (40, 30, 20)),
                ),
                photos=3,
            ),
            ProductSpec(
                name="Kerupuk Ikan Tenggiri Sambas",
                category="kerupuk-camilan",
                description=(
                    "Kerupuk mentah dari daging tenggiri dan tapioka, dijemur sampai kering. "
                    "Goreng sendiri di rumah dengan minyak panas: mengembang dua kali lipat dan "
                    "terasa ikannya. Tanpa pengawet dan tanpa penyedap."
                ),
                materials="Ikan tenggiri, tepung tapioka, bawang putih",
                look=Look("crackers_fish"),
                packaging=PackagingType.PLASTIC_BAG,
                packaging_description=CRACKER_BAG,
                variants=(
                    v("250 g", "250", 28_000, 40, 250, 320, (25, 18, 6)),
                    v("500 g", "500", 52_000, 25, 500, 600, (30, 22, 7)),
                ),
                food=FoodSpec(
                    ingredients="Daging ikan tenggiri, tepung tapioka, bawang putih, garam, gula",
                    licence=LicenceKind.PIRT,
                    shelf_life_days=180,
                    storage=(
                        "Simpan di tempat kering; jemur sebentar bila melempem sebelum digoreng."
                    ),
                    halal_certified=True,
                ),
            ),
            ProductSpec(
                name="Kerupuk Udang Sambas",
                category="kerupuk-camilan",
                description=(
                    "Kerupuk udang mentah berwarna merah muda alami dari udang rebon. Goreng "
                    "dengan minyak banyak dan panas. Cocok untuk teman soto dan nasi goreng."
                ),
                materials="Udang rebon, tepung tapioka, bawang putih",
                look=Look("crackers_shrimp"),
                packaging=PackagingType.PLASTIC_BAG,
                packaging_description=CRACKER_BAG,
                variants=(v("", "", 32_000, 35, 250, 320, (25, 18, 6)),),
                food=FoodSpec(
                    ingredients="Udang rebon, tepung tapioka, bawang putih, garam, gula",
                    licence=LicenceKind.PIRT,
                    shelf_life_days=180,
                    storage="Simpan di tempat kering dan tertutup.",
                    halal_certified=True,
                ),
            ),
            ProductSpec(
                name="Lempok Durian Sambas",
                category="kue-manisan",
                description=(
                    "Dodol durian yang dimasak lima jam dari daging durian lokal dan gula, "
                    "diaduk terus di kuali besar. Legit, harum durian, sedikit berserat. Dibuat "
                    "hanya saat musim durian."
                ),
                materials="Daging durian, gula pasir",
                look=Look("lempok"),
                packaging=PackagingType.BOX,
                packaging_description=(
                    "Lempok digulung plastik tahan panas, lalu dimasukkan ke kotak karton "
                    "berlabel."
                ),
                variants=(v("", "", 55_000, 20, 250, 360, (20, 8, 6)),),
                food=FoodSpec(
                    ingredients="Daging durian, gula pasir",
                    licence=LicenceKind.PIRT,
                    shelf_life_days=90,
                    storage="Simpan di tempat sejuk; setelah dibuka simpan di kulkas.",
                    halal_certified=True,
                ),
            ),
            ProductSpec(
                name="Sambal Terasi Udang Sambas",
                category="sambal-bumbu",
                description=(
                    "Sambal terasi yang dimasak sampai minyaknya keluar, jadi tahan lama tanpa "
                    "pengawet. Pedasnya sedang, harum terasi udang Sambas. Sendokkan langsung "
                    "ke nasi atau ikan goreng."
                ),
                materials="Cabai merah, terasi udang, bawang merah, minyak",
                look=Look("sambal"),
                packaging=PackagingType.JAR,
                packaging_description=(
                    "Toples kaca bertutup kaleng, disegel plastik susut, dibungkus plastik "
                    "gelembung."
                ),
                variants=(v("", "", 28_000, 30, 150, 330, (8, 8, 9)),),
                food=FoodSpec(
                    ingredients=(
                        "Cabai merah, terasi udang, bawang merah, bawang putih, minyak sawit, "
                        "garam, gula"
                    ),
                    licence=LicenceKind.PIRT,
                    shelf_life_days=120,
                    storage="Setelah dibuka simpan di kulkas dan pakai sendok kering.",
                ),
            ),
            ProductSpec(
                name="Terasi Udang Sambas",
                category="sambal-bumbu",
                description=(
                    "Terasi dari udang rebon yang difermentasi dan dijemur. Label dan izin "
                    "sedang diperbarui; produk ditampilkan setelah label baru dicetak."
                ),
                materials="Udang rebon, garam",
                look=Look("terasi"),
                packaging=PackagingType.PAPER_WRAP,
                packaging_description=(
                    "Dibungkus plastik lalu kertas minyak, diikat dan diberi label."
                ),
                variants=(v("", "", 25_000, 20, 200, 240, (12, 8, 4)),),
                food=FoodSpec(
                    ingredients="Udang rebon, garam",
                    licence=LicenceKind.PIRT,
                    shelf_life_days=365,
                    storage="Simpan di wadah tertutup agar baunya tidak menyebar.",
                ),
                status=ProductStatus.DRAFT,
            ),
        ),
    ),
    ShopSpec(
        code="BKY",
        name="Kebun Lada Jagoi Babang",
        province=KALBAR,
        regency="Bengkayang",
        address="Desa Jagoi, Kec. Jagoi Babang, Kabupaten Bengkayang, Kalimantan Barat",
        licence_area="6107",
        story=(
            "Lada dari perbatasan Jagoi Babang dulu banyak dijual ke Serikin di Sarawak, lalu "
            "dikemas ulang dan dipasarkan sebagai lada Sarawak. Kelompok tani kami memetik, "
            "merendam dan menjemur lada sendiri, lalu mengemasnya dengan label asal Bengkayang. "
            "Di kebun yang sama kami menyadap aren untuk gula cetak dan gula semut."
        ),
        owner_name="Markus Sinyang",
        owner_email="markus.sinyang",
        whatsapp="+6281200000203",
        cooperative="Kelompok Tani Maju Bersama Jagoi",
        products=(
            ProductSpec(
                name="Lada Putih Bengkayang",
                category="rempah-kacang",
                description=(
                    "Lada putih butir: buah lada matang direndam sepuluh hari di air mengalir, "
                    "dikupas dan dijemur. Pedasnya tajam dan bersih, tidak berbau apek. Giling "
                    "sesaat sebelum dipakai."
                ),
                materials="Lada putih butir",
                look=Look("pepper_white"),
                packaging=PackagingType.POUCH,
                packaging_description=(
                    "Pouch aluminium berdiri dengan klip dan jendela kecil, label asal kebun."
                ),
                variants=(
                    v("100 g", "100", 22_000, 50, 100, 130, (15, 10, 4)),
                    v("250 g", "250", 50_000, 35, 250, 290, (18, 12, 5)),
                    v("500 g", "500", 95_000, 20, 500, 560, (22, 15, 6)),
                ),
                photos=3,
            ),
            ProductSpec(
                name="Lada Hitam Butir",
                category="rempah-kacang",
                description=(
                    "Lada hitam dari buah lada yang dipetik masih hijau lalu dijemur utuh. Lebih "
                    "harum dan sedikit lebih lembut dari lada putih; cocok untuk daging dan "
                    "sup."
                ),
                materials="Lada hitam butir",
                look=Look("pepper_black"),
                packaging=PackagingType.POUCH,
                packaging_description="Pouch aluminium berdiri dengan klip, label asal kebun.",
                variants=(v("", "", 42_000, 30, 250, 290, (18, 12, 5)),),
            ),
            ProductSpec(
                name="Lada Putih Bubuk",
                category="sambal-bumbu",
                description=(
                    "Lada putih Bengkayang yang digiling halus dalam jumlah kecil setiap minggu. "
                    "Dalam botol kaca bertutup penabur, langsung untuk meja makan."
                ),
                materials="Lada putih",
                look=Look("pepper_powder"),
                packaging=PackagingType.BOTTLE,
                packaging_description="Botol kaca bertutup penabur, disegel plastik susut.",
                variants=(v("", "", 26_000, 40, 100, 250, (6, 6, 12)),),
                food=FoodSpec(
                    ingredients="Lada putih bubuk 100%",
                    licence=LicenceKind.PIRT,
                    shelf_life_days=365,
                    storage="Tutup rapat, simpan jauh dari kompor.",
                ),
            ),
            ProductSpec(
                name="Gula Aren Cetak Bengkayang",
                category="gula-aren-lontar",
                description=(
                    "Nira aren yang dimasak di kuali kayu bakar lalu dicetak dalam tabung bambu. "
                    "Cokelat gelap, manis dengan rasa karamel dan sedikit asap. Untuk kolak, "
                    "bubur dan kopi."
                ),
                materials="Nira aren",
                look=Look("sugar_block"),
                packaging=PackagingType.PAPER_WRAP,
                packaging_description=(
                    "Dibungkus plastik lalu kertas cokelat, diikat tali rami dan diberi label."
                ),
                variants=(v("", "", 28_000, 35, 500, 560, (16, 10, 8)),),
                food=FoodSpec(
                    ingredients="Nira aren",
                    licence=LicenceKind.PIRT,
                    shelf_life_days=180,
                    storage="Simpan di tempat kering dan tertutup.",
                    halal_certified=True,
                ),
            ),
            ProductSpec(
                name="Gula Semut Aren",
                category="gula-aren-lontar",
                description=(
                    "Gula aren berbentuk butiran kering yang mudah larut. Pengganti gula pasir "
                    "untuk kopi, teh dan kue. Diayak dua kali agar butirannya rata."
                ),
                materials="Nira aren",
                look=Look("sugar_powder"),
                packaging=PackagingType.POUCH,
                packaging_description=(
                    "Pouch kertas kraft berlapis plastik dengan klip dan jendela."
                ),
                variants=(
                    v("250 g", "250", 25_000, 40, 250, 290, (18, 12, 5)),
                    v("500 g", "500", 45_000, 25, 500, 560, (22, 15, 6)),
                ),
                food=FoodSpec(
                    ingredients="Nira aren",
                    licence=LicenceKind.PIRT,
                    shelf_life_days=365,
                    storage="Tutup klip rapat; gula menggumpal di udara lembap.",
                    halal_certified=True,
                ),
            ),
            ProductSpec(
                name="Madu Kelulut Bengkayang",
                category="madu",
                description=(
                    "Madu dari lebah kelulut (lebah tanpa sengat) yang dipelihara dalam kotak "
                    "kayu di kebun lada. Lebih encer dan asam segar dibanding madu biasa. "
                    "Jumlahnya sedikit per kotak, karena itu harganya lebih tinggi."
                ),
                materials="Madu lebah kelulut",
                look=Look("honey"),
                packaging=PackagingType.BOTTLE,
                packaging_description=(
                    "Botol kaca 150 ml bertutup ulir, dibungkus plastik gelembung."
                ),
                variants=(v("", "", 95_000, 15, 200, 450, (8, 8, 16)),),
                food=FoodSpec(
                    ingredients="Madu lebah kelulut (Heterotrigona itama) 100%",
                    licence=LicenceKind.PIRT,
                    shelf_life_days=365,
                    storage=(
                        "Simpan di kulkas: madu kelulut lebih berair dan bisa berfermentasi di "
                        "suhu ruang."
                    ),
                ),
            ),
        ),
    ),
    ShopSpec(
        code="SGU",
        name="Sanggar Kriya Dayak Entikong",
        province=KALBAR,
        regency="Sanggau",
        address="Desa Entikong, Kec. Entikong, Kabupaten Sanggau, Kalimantan Barat",
        licence_area="6103",
        story=(
            "Sanggar kami di Entikong menjual anyaman rotan, bidai dan manik-manik buatan "
            "perempuan Dayak dari desa-desa di sepanjang perbatasan Sarawak. Rotan diambil dari "
            "kebun sendiri, diraut dan dijemur, lalu sebagian dihitamkan sebelum dianyam. "
            "Pembeli dari Tebedu sudah lama datang; kini pesanan juga datang dari Jakarta dan "
            "Bali."
        ),
        owner_name="Veronika Lina",
        owner_email="veronika.lina",
        whatsapp="+6281200000204",
        cooperative="Sanggar Kriya Dayak Entikong",
        products=(
            ProductSpec(
                name="Tas Anyaman Rotan Motif Dayak",
                category="anyaman-rotan",
                description=(
                    "Tas jinjing dari rotan sega yang diraut halus, dengan motif Dayak dari rotan "
                    "yang dihitamkan. Kuat untuk belanja ke pasar, rapi untuk kantor. Bagian "
                    "dalam dilapisi kain."
                ),
                materials="Rotan sega, rotan hitam, kain pelapis",
                look=Look("rattan_bag", palette="rotan"),
                packaging=PackagingType.CLOTH_BAG,
                packaging_description=(
                    "Kantong kain blacu bertali, tas diisi kertas agar bentuknya terjaga, dalam "
                    "kardus."
                ),
                variants=(v("", "", 350_000, 6, 450, 900, (35, 30, 15)),),
                photos=3,
            ),
            ProductSpec(
                name="Bidai Rotan Entikong",
                category="anyaman-rotan",
                description=(
                    "Bidai, tikar rotan Dayak yang dianyam dengan kulit kayu sebagai pengikat, "
                    "bermotif hitam di atas rotan alami. Dipakai untuk duduk, menjemur padi, atau "
                    "hiasan dinding. Dua ukuran."
                ),
                materials="Rotan, kulit kayu kapuak",
                look=Look("mat", palette="rotan"),
                packaging=PackagingType.SACK,
                packaging_description=(
                    "Digulung, diikat tali dan dibungkus karung plastik, lalu plastik wrap."
                ),
                variants=(
                    v("150 × 200 cm", "L", 1_250_000, 2, 4_500, 5_000, (155, 25, 25)),
                    v("100 × 150 cm", "M", 750_000, 3, 2_500, 2_900, (105, 20, 20)),
                ),
            ),
            ProductSpec(
                name="Takin Rotan (Keranjang Punggung)",
                category="anyaman-rotan",
                description=(
                    "Takin, keranjang punggung untuk membawa hasil kebun, dengan dua tali bahu "
                    "dari kulit kayu. Di kota sering dipakai sebagai keranjang cucian atau "
                    "tempat tanaman."
                ),
                materials="Rotan, kulit kayu",
                look=Look("takin", palette="rotan"),
                packaging=PackagingType.PAPER_WRAP,
                packaging_description=CRAFT_WRAP,
                variants=(v("", "", 300_000, 4, 900, 1_600, (40, 40, 55)),),
            ),
            ProductSpec(
                name="Gelang Manik Dayak",
                category="manik-manik",
                description=(
                    "Gelang manik-manik kaca dengan pola belah ketupat Dayak, dirangkai dengan "
                    "benang nilon kuat. Pas untuk pergelangan dewasa. Tiga pilihan warna."
                ),
                materials="Manik kaca, benang nilon",
                look=Look("bracelet", palette="merah"),
                packaging=PackagingType.CLOTH_BAG,
                packaging_description="Kantong kain kecil bertali serut dengan kartu nama perajut.",
                variants=(
                    v("Merah–kuning", "MK", 45_000, 20, 20, 60, (12, 9, 3)),
                    v("Biru–putih", "BP", 45_000, 15, 20, 60, (12, 9, 3)),
                    v("Hitam–oranye", "HO", 45_000, 12, 20, 60, (12, 9, 3)),
                ),
            ),
            ProductSpec(
                name="Kalung Manik Motif Enggang",
                category="manik-manik",
                description=(
                    "Kalung manik lebar dengan motif burung enggang, dirangkai selama seminggu. "
                    "Stok sedang habis; pesanan dibuka lagi bulan depan."
                ),
                materials="Manik kaca, benang nilon",
                look=Look("necklace", palette="kuning"),
                packaging=PackagingType.CLOTH_BAG,
                packaging_description="Kantong kain bertali serut dalam kotak karton kecil.",
                variants=(v("", "", 185_000, 0, 80, 220, (18, 14, 4)),),
            ),
            ProductSpec(
                name="Tas Manik Dayak",
                category="manik-manik",
                description=(
                    "Tas kecil yang seluruh permukaannya ditutup manik-manik dengan motif sulur "
                    "Dayak, bertali bahu. Dikerjakan dua perajut selama tiga minggu."
                ),
                materials="Manik kaca, kain, benang nilon",
                look=Look("bead_bag", palette="hitam"),
                packaging=PackagingType.BOX,
                packaging_description="Kotak karton berisi kertas tisu agar manik tidak tergores.",
                variants=(v("", "", 475_000, 3, 300, 600, (28, 22, 8)),),
            ),
            ProductSpec(
                name="Tempat Tisu Anyaman Rotan",
                category="anyaman-rotan",
                description=(
                    "Kotak tisu dari anyaman rotan dengan tutup yang bisa dilepas. Muat tisu "
                    "kotak ukuran biasa."
                ),
                materials="Rotan",
                look=Look("tissue_box", palette="rotan"),
                packaging=PackagingType.PAPER_WRAP,
                packaging_description=CRAFT_WRAP,
                variants=(v("", "", 85_000, 14, 200, 380, (27, 15, 12)),),
            ),
        ),
    ),
    ShopSpec(
        code="STG",
        name="Rumah Tenun Ikat Kelam",
        province=KALBAR,
        regency="Sintang",
        address="Desa Ensaid Panjang, Kec. Kelam Permai, Kabupaten Sintang, Kalimantan Barat",
        licence_area="6105",
        story=(
            "Kami menenun di rumah betang, rumah panjang tempat belasan keluarga Dayak tinggal "
            "bersama. Benang kapas diikat motif lalu dicelup engkerebai untuk merah dan tarum "
            "untuk biru, proses yang bisa berlangsung berbulan-bulan. Motif kami turun dari "
            "nenek; setiap kain diberi nama penenunnya."
        ),
        owner_name="Theresia Lenggang",
        owner_email="theresia.lenggang",
        whatsapp="+6281200000205",
        cooperative="Kelompok Tenun Ikat Betang Panjang",
        products=(
            ProductSpec(
                name="Kain Tenun Ikat Dayak Motif Enggang",
                category="tenun-ikat",
                description=(
                    "Kain ikat besar dengan motif burung enggang, diikat dan dicelup dengan "
                    "pewarna alam selama tiga bulan sebelum ditenun. Merah engkerebai dan biru "
                    "tarum di atas dasar cokelat. Satu-satunya di stok."
                ),
                materials="Benang kapas, pewarna engkerebai, tarum dan kulit kayu",
                look=Look("ikat", "enggang", "coklat"),
                packaging=PackagingType.BOX,
                packaging_description=IKAT_BOX,
                variants=(v("", "", 2_100_000, 1, 700, 1_050, (38, 30, 6)),),
                textile=TextileSpec(
                    motif="Burung enggang",
                    motif_meaning=(
                        "Enggang (rangkong) dihormati sebagai lambang dunia atas dan "
                        "kepemimpinan; menurut penenunnya, motif ini dulu hanya ditenun penenun "
                        "berpengalaman."
                    ),
                    weaver="Theresia Lenggang",
                    threads="Kapas pabrik",
                    dyes=Dye.NATURAL,
                    dye_notes="engkerebai (merah), tarum (biru), kulit kayu (cokelat)",
                    length_cm=180, width_cm=75, weaving_days=90,
                ),
                photos=3,
            ),
            ProductSpec(
                name="Kain Kebat Motif Naga",
                category="tenun-ikat",
                description=(
                    "Kebat, kain ikat Dayak untuk dililit di pinggang, dengan motif naga yang "
                    "berkelok di sepanjang kain. Warnanya merah tua dan krem."
                ),
                materials="Benang kapas, pewarna engkerebai",
                look=Look("ikat", "naga", "mengkudu"),
                packaging=PackagingType.BOX,
                packaging_description=IKAT_BOX,
                variants=(v("", "", 1_500_000, 2, 500, 850, (36, 28, 6)),),
                textile=TextileSpec(
                    motif="Naga",
                    motif_meaning="Naga penjaga dunia bawah; dipakai agar pemakainya terlindung.",
                    weaver="Maria Imang",
                    threads="Kapas pabrik",
                    dyes=Dye.NATURAL,
                    dye_notes="engkerebai (merah), kapur sebagai pengunci warna",
                    length_cm=160, width_cm=55, weaving_days=45,
                ),
                photos=3,
            ),
            ProductSpec(
                name="Selendang Ikat Dayak Motif Pucuk Paku",
                category="tenun-ikat",
                description=(
                    "Selendang dengan motif pucuk paku (pakis muda) yang melingkar. Ringan dan "
                    "lembut; warna biru tarum akan sedikit memudar indah seiring waktu."
                ),
                materials="Benang kapas, pewarna tarum",
                look=Look("ikat", "paku", "tarum"),
                packaging=PackagingType.CLOTH_BAG,
                packaging_description=(
                    "Kantong kain blacu bertali, kartu motif dan nama penenun terikat di tali."
                ),
                variants=(v("", "", 450_000, 5, 180, 320, (30, 22, 4)),),
                textile=TextileSpec(
                    motif="Pucuk paku",
                    motif_meaning=(
                        "Pucuk pakis yang melingkar melambangkan pertumbuhan dan kehidupan yang "
                        "terus berlanjut."
                    ),
                    weaver="Yuliana Sumbang",
                    threads="Kapas pabrik",
                    dyes=Dye.NATURAL,
                    dye_notes="tarum (biru)",
                    length_cm=180, width_cm=45, weaving_days=20,
                ),
            ),
            ProductSpec(
                name="Syal Tenun Ikat Dayak",
                category="tenun-ikat",
                description=(
                    "Syal kecil dengan motif belah ketupat Dayak, cocok untuk hadiah. Dua warna: "
                    "merah engkerebai atau biru tarum."
                ),
                materials="Benang kapas, pewarna engkerebai atau tarum",
                look=Look("ikat", "ketupat", "tarum"),
                packaging=PackagingType.CLOTH_BAG,
                packaging_description="Kantong kain blacu kecil bertali dengan kartu motif.",
                variants=(
                    v("Merah engkerebai", "MRH", 260_000, 4, 100, 200, (25, 18, 4)),
                    v("Biru tarum", "BRU", 260_000, 3, 100, 200, (25, 18, 4)),
                ),
                textile=TextileSpec(
                    motif="Belah ketupat",
                    motif_meaning="Belah ketupat: keseimbangan dan rumah yang terjaga.",
                    weaver="Penenun Betang Panjang",
                    threads="Kapas pabrik",
                    dyes=Dye.NATURAL,
                    dye_notes="engkerebai (merah) atau tarum (biru)",
                    length_cm=150, width_cm=25, weaving_days=8,
                ),
            ),
            ProductSpec(
                name="Tas Jinjing Tenun Ikat Dayak",
                category="produk-tenun",
                description=(
                    "Tas jinjing dari kain ikat Dayak dengan pegangan kayu dan lapisan dalam "
                    "berkantong. Cukup untuk laptop 13 inci."
                ),
                materials="Kain tenun ikat, kain blacu, pegangan kayu",
                look=Look("bag", "paku", "coklat"),
                packaging=PackagingType.CLOTH_BAG,
                packaging_description=(
                    "Kantong kain blacu besar, tas diisi kertas agar bentuknya terjaga."
                ),
                variants=(v("", "", 250_000, 6, 380, 560, (40, 32, 8)),),
                textile=TextileSpec(
                    motif="Pucuk paku",
                    motif_meaning="Pucuk pakis: pertumbuhan dan kehidupan yang berlanjut.",
                    weaver="Penenun Betang Panjang",
                    threads="Kapas pabrik",
                    dyes=Dye.NATURAL,
                    dye_notes="engkerebai (merah), kulit kayu (cokelat)",
                    length_cm=38, width_cm=32, weaving_days=6,
                ),
            ),
        ),
    ),
    ShopSpec(
        code="KPH",
        name="KUB Madu Hutan Danau Sentarum",
        province=KALBAR,
        regency="Kapuas Hulu",
        address="Desa Nanga Leboyan, Kec. Selimbau, Kabupaten Kapuas Hulu, Kalimantan Barat",
        licence_area="6106",
        story=(
            "Di Danau Sentarum, lebah hutan bersarang di tikung, dahan buatan dari kayu yang "
            "dipasang para periau (pemanen madu) di pohon-pohon rawa. Kami hanya memanen bagian "
            "sarang yang berisi madu dan menyisakan anakan, lalu meniriskan madu tanpa diperas "
            "dan tanpa dipanaskan. Setiap botol mencatat kelompok periau dan bulan panen."
        ),
        owner_name="Muhammad Basri",
        owner_email="basri",
        whatsapp="+6281200000206",
        cooperative="Koperasi Periau Leboyan Lestari",
        products=(
            ProductSpec(
                name="Madu Hutan Danau Sentarum",
                category="madu",
                description=(
                    "Madu lebah hutan Apis dorsata dari tikung di sekitar Danau Sentarum, dipanen "
                    "secara lestari dan ditiriskan tanpa panas. Berwarna cokelat keemasan dengan "
                    "aroma bunga rawa. Kadar air diukur setiap panen dan dicatat di label."
                ),
                materials="Madu hutan Apis dorsata",
                look=Look("honey"),
                packaging=PackagingType.BOTTLE,
                packaging_description=(
                    "Botol kaca bertutup ulir dan segel plastik; dibungkus plastik gelembung dan "
                    "kardus bersekat agar tidak pecah."
                ),
                variants=(
                    v("250 ml", "250", 85_000, 40, 340, 700, (10, 10, 18)),
                    v("500 ml", "500", 155_000, 30, 680, 1_150, (12, 12, 22)),
                    v("1 liter", "1L", 290_000, 8, 1_360, 2_100, (14, 14, 28)),
                ),
                food=FoodSpec(
                    ingredients="Madu hutan Apis dorsata 100%",
                    licence=LicenceKind.PIRT,
                    shelf_life_days=730,
                    storage="Simpan di suhu ruang, tertutup rapat, jauh dari sinar matahari.",
                    halal_certified=True,
                ),
                photos=3,
            ),
            ProductSpec(
                name="Madu Sarang Hutan",
                category="madu",
                description=(
                    "Potongan sarang lebah hutan berisi madu, dipotong langsung dari tikung. "
                    "Kunyah sarangnya atau oleskan ke roti. Jumlahnya terbatas setiap musim "
                    "panen."
                ),
                materials="Sarang dan madu lebah hutan",
                look=Look("honeycomb"),
                packaging=PackagingType.JAR,
                packaging_description=(
                    "Toples kaca bermulut lebar bertutup kaleng, dibungkus plastik gelembung."
                ),
                variants=(v("", "", 175_000, 6, 400, 850, (11, 11, 12)),),
                food=FoodSpec(
                    ingredients="Sarang lebah dan madu hutan Apis dorsata",
                    licence=LicenceKind.PIRT,
                    shelf_life_days=365,
                    storage="Simpan di suhu ruang, tertutup rapat.",
                    halal_certified=True,
                ),
            ),
            ProductSpec(
                name="Ikan Salai Baung",
                category="ikan-kering",
                description=(
                    "Ikan baung dari Danau Sentarum yang diasap perlahan di atas para-para selama "
                    "dua hari. Dagingnya padat dan harum asap. Masak dengan santan atau sambal."
                ),
                materials="Ikan baung asap",
                look=Look("fish_smoked"),
                packaging=PackagingType.BOX,
                packaging_description="Plastik vakum di dalam kotak karton berlapis kertas minyak.",
                variants=(v("", "", 85_000, 12, 250, 380, (25, 15, 6)),),
            ),
            ProductSpec(
                name="Ikan Salai Lais",
                category="ikan-kering",
                description=(
                    "Ikan lais asap, kecil dan gurih, dijual per ikat. Sedang habis: musim ikan "
                    "lais datang saat air danau mulai surut."
                ),
                materials="Ikan lais asap",
                look=Look("fish_smoked"),
                packaging=PackagingType.BOX,
                packaging_description="Plastik vakum di dalam kotak karton berlapis kertas minyak.",
                variants=(v("", "", 95_000, 0, 250, 380, (25, 15, 6)),),
            ),
            ProductSpec(
                name="Kerupuk Ikan Toman Kapuas Hulu",
                category="kerupuk-camilan",
                description=(
                    "Kerupuk mentah dari ikan toman danau dan tapioka, diiris tipis dan dijemur. "
                    "Goreng dengan minyak panas; rasanya gurih ikan air tawar."
                ),
                materials="Ikan toman, tepung tapioka, bawang putih",
                look=Look("crackers_fish"),
                packaging=PackagingType.PLASTIC_BAG,
                packaging_description=CRACKER_BAG,
                variants=(v("", "", 30_000, 35, 250, 320, (25, 18, 6)),),
                food=FoodSpec(
                    ingredients="Ikan toman, tepung tapioka, bawang putih, garam",
                    licence=LicenceKind.PIRT,
                    shelf_life_days=180,
                    storage="Simpan di tempat kering dan tertutup.",
                ),
            ),
            ProductSpec(
                name="Ikan Asin Sepat Danau",
                category="ikan-kering",
                description=(
                    "Ikan sepat dari Danau Sentarum, digarami ringan dan dijemur di atas rumah "
                    "lanting. Goreng kering untuk lauk atau campuran sambal."
                ),
                materials="Ikan sepat, garam",
                look=Look("fish_dried"),
                packaging=PackagingType.PLASTIC_BAG,
                packaging_description=(
                    "Plastik vakum, dimasukkan lagi ke plastik klip agar bau tidak keluar."
                ),
                variants=(v("", "", 35_000, 25, 250, 300, (22, 15, 3)),),
            ),
        ),
    ),
    ShopSpec(
        code="NNK",
        name="Lumbung Adan Krayan",
        province=KALTARA,
        regency="Nunukan",
        address="Desa Long Bawan, Kec. Krayan, Kabupaten Nunukan, Kalimantan Utara",
        licence_area="6504",
        story=(
            "Krayan adalah dataran tinggi di perbatasan Sabah dan Sarawak yang paling mudah "
            "dicapai dengan pesawat kecil dari Nunukan atau Tarakan. Beras adan ditanam orang "
            "Dayak Lundayeh di sawah yang diairi mata air gunung, tanpa pupuk kimia, dan sudah "
            "lama dibeli pedagang dari seberang batas. Garam gunung kami dimasak dari air sumur "
            "asin di tengah hutan, dengan kayu bakar, turun-temurun."
        ),
        owner_name="Yakub Ating",
        owner_email="yakub.ating",
        whatsapp="+6281200000301",
        cooperative="Koperasi Tani Adan Krayan",
        products=(
            ProductSpec(
                name="Beras Adan Putih Krayan",
                category="beras-sagu",
                description=(
                    "Beras adan putih dengan butir kecil dan pulen, harum ketika dimasak. Digiling "
                    "setelah dipesan agar tetap segar. Panen satu kali setahun dari sawah tadah "
                    "mata air."
                ),
                materials="Beras adan putih",
                look=Look("rice_white"),
                packaging=PackagingType.SACK,
                packaging_description=(
                    "Plastik vakum di dalam karung blacu bersablon, dijahit di bagian atas."
                ),
                variants=(
                    v("1 kg", "1K", 38_000, 60, 1_000, 1_100, (22, 14, 8)),
                    v("5 kg", "5K", 180_000, 20, 5_000, 5_300, (40, 28, 12)),
                ),
                photos=3,
            ),
            ProductSpec(
                name="Beras Adan Merah Krayan",
                category="beras-sagu",
                description=(
                    "Beras adan merah pecah kulit, pulen dan sedikit kenyal, dengan rasa seperti "
                    "kacang. Rendam satu jam sebelum dimasak."
                ),
                materials="Beras adan merah",
                look=Look("rice_red"),
                packaging=PackagingType.SACK,
                packaging_description="Plastik vakum di dalam karung blacu bersablon.",
                variants=(v("", "", 42_000, 30, 1_000, 1_100, (22, 14, 8)),),
            ),
            ProductSpec(
                name="Beras Adan Hitam Krayan",
                category="beras-sagu",
                description=(
                    "Beras adan hitam, ditanam sedikit di pinggir sawah. Habis sampai panen "
                    "berikutnya; tinggalkan pesan agar dikabari."
                ),
                materials="Beras adan hitam",
                look=Look("rice_black"),
                packaging=PackagingType.SACK,
                packaging_description="Plastik vakum di dalam karung blacu bersablon.",
                variants=(v("", "", 48_000, 0, 1_000, 1_100, (22, 14, 8)),),
            ),
            ProductSpec(
                name="Garam Gunung Krayan",
                category="garam",
                description=(
                    "Garam dari mata air asin di pegunungan Krayan, direbus berjam-jam di atas "
                    "kayu bakar sampai mengkristal. Rasanya lebih lembut dari garam laut. Belum "
                    "memiliki izin edar: dijual apa adanya, tanpa tambahan yodium."
                ),
                materials="Air garam pegunungan",
                look=Look("salt_mountain"),
                packaging=PackagingType.PAPER_WRAP,
                packaging_description=(
                    "Dibungkus daun lalu kertas cokelat, di dalam plastik klip tebal."
                ),
                variants=(
                    v("250 g", "250", 35_000, 25, 250, 300, (14, 8, 6)),
                    v("500 g", "500", 65_000, 10, 500, 580, (18, 10, 8)),
                ),
                food=FoodSpec(
                    ingredients="Garam dari air sumur asin pegunungan (tanpa yodium)",
                    licence=LicenceKind.NONE,
                    shelf_life_days=1095,
                    storage="Simpan kering; garam gunung mudah lembap.",
                ),
            ),
            ProductSpec(
                name="Tepung Beras Adan",
                category="beras-sagu",
                description=(
                    "Tepung dari beras adan putih, digiling halus untuk kue tradisional Lundayeh "
                    "dan bubur bayi. Tanpa campuran."
                ),
                materials="Beras adan putih",
                look=Look("rice_flour"),
                packaging=PackagingType.POUCH,
                packaging_description="Pouch plastik tebal berklip, label nama koperasi.",
                variants=(v("", "", 25_000, 30, 500, 540, (20, 14, 5)),),
            ),
        ),
    ),
)
