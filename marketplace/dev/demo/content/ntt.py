"""Nusa Tenggara Timur, on the Timor-Leste border: tenun ikat, salt, honey, moringa, candlenut,
canarium nuts and lontar palm."""
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
    v,
)

NTT = "Nusa Tenggara Timur"

TENUN_BOX = (
    "Kotak karton tebal berlapis kertas minyak; kain dilipat tiga dan disertai kartu berisi nama "
    "penenun, motif dan cara merawat. Kotak dibungkus plastik agar aman dari hujan di jalan."
)
SELENDANG_BAG = (
    "Kantong kain blacu bertali, kain digulung dengan kertas tisu di dalamnya; kartu motif dan "
    "nama penenun terikat di tali. Dikirim dalam amplop plastik tebal."
)

SHOPS: tuple[ShopSpec, ...] = (
    ShopSpec(
        code="KPG",
        name="Tenun Ikat Ina Bo'i",
        province=NTT,
        regency="Kupang",
        address="Desa Tesbatan, Kec. Amarasi, Kabupaten Kupang, Nusa Tenggara Timur",
        licence_area="5301",
        story=(
            "Kelompok ini dimulai oleh Mama Yuliana Bo'i dan sembilan perempuan di Amarasi yang "
            "menenun di kolong rumah setelah panen jagung. Semua benang diwarnai sendiri dengan "
            "akar mengkudu dan daun tarum, proses yang bisa memakan waktu berminggu-minggu "
            "sebelum kain mulai ditenun. Dulu kain dijual lewat pengepul di Kupang; kini setiap "
            "kain diberi label nama penenun, ukuran dan cerita motifnya."
        ),
        owner_name="Yuliana Bo'i",
        owner_email="ina.boi",
        whatsapp="+6281200000101",
        cooperative="Kelompok Tenun Fua Ina Amarasi",
        products=(
            ProductSpec(
                name="Sarung Tenun Ikat Amarasi Motif Buaya",
                category="tenun-ikat",
                description=(
                    "Sarung ikat lungsin yang ditenun tangan dengan alat gedogan oleh Mama "
                    "Yuliana selama kurang lebih enam minggu. Merah bata dari akar mengkudu dan "
                    "biru tua dari tarum dicelup berulang kali, sehingga warnanya dalam dan tidak "
                    "luntur bila dicuci dengan tangan. Sudah dijahit menjadi sarung (tabung)."
                ),
                materials="Benang kapas pintal tangan, pewarna akar mengkudu dan daun tarum",
                look=Look("ikat", "buaya", "mengkudu"),
                packaging=PackagingType.BOX,
                packaging_description=TENUN_BOX,
                variants=(v("", "", 1_850_000, 2, 650, 950, (35, 28, 6)),),
                textile=TextileSpec(
                    motif="Buaya",
                    motif_meaning=(
                        "Menurut cerita rakyat Timor, pulau Timor berasal dari seekor buaya yang "
                        "menjadi daratan; motif buaya dipakai untuk menghormati leluhur dan "
                        "asal-usul."
                    ),
                    weaver="Mama Yuliana Bo'i",
                    threads="Kapas pintal tangan",
                    dyes=Dye.NATURAL,
                    dye_notes="mengkudu (merah), tarum (biru)",
                    length_cm=170, width_cm=64, weaving_days=42,
                ),
                photos=3,
            ),
            ProductSpec(
                name="Sarung Tenun Ikat Amarasi Motif Kuda",
                category="tenun-ikat",
                description=(
                    "Sarung ikat dengan deretan kuda yang digayakan, ditenun oleh Mama Sarlota "
                    "Taneo. Tersedia dua ukuran: dewasa dan remaja, keduanya sudah dijahit. "
                    "Benang kapas pabrik diwarnai dengan mengkudu dan tarum di rumah kelompok."
                ),
                materials="Benang kapas, pewarna akar mengkudu dan daun tarum",
                look=Look("ikat", "kuda", "tarum"),
                packaging=PackagingType.BOX,
                packaging_description=TENUN_BOX,
                variants=(
                    v("Dewasa 170 × 64 cm", "L", 1_450_000, 3, 620, 920, (35, 28, 6)),
                    v("Remaja 150 × 56 cm", "M", 1_150_000, 2, 520, 800, (32, 26, 6)),
                ),
                textile=TextileSpec(
                    motif="Kuda",
                    motif_meaning=(
                        "Menurut penenunnya, kuda melambangkan kerja keras, kekuatan dan "
                        "kehormatan keluarga."
                    ),
                    weaver="Mama Sarlota Taneo",
                    threads="Kapas pabrik",
                    dyes=Dye.NATURAL,
                    dye_notes="mengkudu (merah), tarum (biru)",
                    length_cm=170, width_cm=64, weaving_days=35,
                ),
                photos=3,
            ),
            ProductSpec(
                name="Selimut Tenun Ikat Amarasi Motif Kait",
                category="tenun-ikat",
                description=(
                    "Selimut lebar, kain pria untuk upacara adat, dari dua lembar tenunan yang "
                    "disambung di tengah. Motif belah ketupat berkait memenuhi badan kain. "
                    "Stok sedang habis: kain berikutnya masih di alat tenun dan selesai sekitar "
                    "dua bulan lagi."
                ),
                materials="Benang kapas pintal tangan, pewarna akar mengkudu dan daun tarum",
                look=Look("ikat", "kait", "mengkudu"),
                packaging=PackagingType.BOX,
                packaging_description=TENUN_BOX,
                variants=(v("", "", 2_750_000, 0, 1_100, 1_500, (40, 32, 8)),),
                textile=TextileSpec(
                    motif="Belah ketupat berkait",
                    motif_meaning=(
                        "Kait-kait yang saling bertaut melambangkan ikatan kekerabatan yang tidak "
                        "boleh putus."
                    ),
                    weaver="Mama Yuliana Bo'i dan Mama Ance Nubatonis",
                    threads="Kapas pintal tangan",
                    dyes=Dye.NATURAL,
                    dye_notes="mengkudu (merah), tarum (biru), kapur sirih sebagai pengunci warna",
                    length_cm=200, width_cm=110, weaving_days=70,
                ),
            ),
            ProductSpec(
                name="Selendang Tenun Ikat Motif Cecak",
                category="tenun-ikat",
                description=(
                    "Selendang ringan dengan motif cecak kecil berderet di antara garis-garis "
                    "lungsin. Cocok dipakai ke gereja, pesta, atau dikalungkan kepada tamu. "
                    "Ujung kain dibiarkan berumbai."
                ),
                materials="Benang kapas, pewarna akar mengkudu",
                look=Look("ikat", "cecak", "coklat"),
                packaging=PackagingType.CLOTH_BAG,
                packaging_description=SELENDANG_BAG,
                variants=(v("", "", 450_000, 6, 180, 320, (30, 22, 4)),),
                textile=TextileSpec(
                    motif="Cecak",
                    motif_meaning=(
                        "Cecak dipercaya sebagai penjaga rumah dan penghubung dengan para leluhur."
                    ),
                    weaver="Mama Ance Nubatonis",
                    threads="Kapas pabrik",
                    dyes=Dye.NATURAL,
                    dye_notes="mengkudu (merah kecokelatan)",
                    length_cm=185, width_cm=42, weaving_days=14,
                ),
            ),
            ProductSpec(
                name="Syal Tenun Ikat Pewarna Alam",
                category="tenun-ikat",
                description=(
                    "Syal kecil untuk pemula kain tenun: motif belah ketupat sederhana, ringan, "
                    "mudah dipadukan dengan kemeja atau kaos. Pilih merah mengkudu atau biru "
                    "tarum; warna bisa sedikit berbeda dari foto karena dicelup dengan tangan."
                ),
                materials="Benang kapas, pewarna akar mengkudu atau daun tarum",
                look=Look("ikat", "ketupat", "mengkudu"),
                packaging=PackagingType.CLOTH_BAG,
                packaging_description=SELENDANG_BAG,
                variants=(
                    v("Merah mengkudu", "MRH", 275_000, 5, 110, 220, (25, 18, 4)),
                    v("Biru tarum", "BRU", 275_000, 4, 110, 220, (25, 18, 4)),
                ),
                textile=TextileSpec(
                    motif="Belah ketupat",
                    motif_meaning=(
                        "Empat sudut belah ketupat dibaca sebagai empat penjuru mata angin: "
                        "keseimbangan hidup."
                    ),
                    weaver="Ibu-ibu Kelompok Fua Ina",
                    threads="Kapas pabrik",
                    dyes=Dye.NATURAL,
                    dye_notes="mengkudu (merah) atau tarum (biru)",
                    length_cm=150, width_cm=25, weaving_days=7,
                ),
            ),
            ProductSpec(
                name="Taplak Meja Tenun Ikat Amarasi",
                category="produk-tenun",
                description=(
                    "Taplak meja panjang (table runner) dari sisa lungsin kain sarung, ditenun "
                    "rapat dan dijahit tepi. Membawa motif Amarasi ke meja makan tanpa harus "
                    "memotong kain adat."
                ),
                materials="Benang kapas, pewarna akar mengkudu dan daun tarum",
                look=Look("runner", "kait", "tarum"),
                packaging=PackagingType.BOX,
                packaging_description=TENUN_BOX,
                variants=(v("", "", 325_000, 8, 260, 480, (35, 25, 4)),),
                textile=TextileSpec(
                    motif="Kait",
                    motif_meaning="Kait yang bersambung melambangkan keluarga yang saling terikat.",
                    weaver="Mama Sarlota Taneo",
                    threads="Kapas pabrik",
                    dyes=Dye.NATURAL,
                    dye_notes="mengkudu (merah), tarum (biru)",
                    length_cm=150, width_cm=35, weaving_days=10,
                ),
            ),
            ProductSpec(
                name="Selendang Tenun Ikat Motif Kait Kecil",
                category="tenun-ikat",
                description=(
                    "Selendang sempit dengan kait-kait kecil berwarna krem di atas dasar biru "
                    "tarum. Ditenun oleh anggota termuda kelompok, yang belajar dari ibunya. "
                    "Panjang cukup untuk dililit dua kali di leher."
                ),
                materials="Benang kapas, pewarna daun tarum",
                look=Look("ikat", "kait", "tarum"),
                packaging=PackagingType.CLOTH_BAG,
                packaging_description=SELENDANG_BAG,
                variants=(v("", "", 350_000, 7, 150, 280, (30, 22, 4)),),
                textile=TextileSpec(
                    motif="Kait",
                    motif_meaning="Kait yang bersambung melambangkan keluarga yang saling terikat.",
                    weaver="Novi Bo'i",
                    threads="Kapas pabrik",
                    dyes=Dye.NATURAL,
                    dye_notes="tarum (biru)",
                    length_cm=175, width_cm=32, weaving_days=12,
                ),
            ),
        ),
    ),
    ShopSpec(
        code="BLU",
        name="Tais Tasifeto",
        province=NTT,
        regency="Belu",
        address="Desa Silawan, Kec. Tasifeto Timur, Kabupaten Belu, Nusa Tenggara Timur",
        licence_area="5304",
        story=(
            "Dari Desa Silawan, beberapa kilometer dari pos lintas batas Motaain, dua puluh "
            "penenun menjual tais (kain tenun Tetun) bersama. Pembeli dari Timor-Leste sudah "
            "lama datang ke desa; lewat Sentra, kain yang sama sampai ke Kupang, Jakarta dan luar "
            "negeri dengan harga yang ditentukan penenunnya sendiri."
        ),
        owner_name="Maria Goreti Bere",
        owner_email="maria.bere",
        whatsapp="+6281200000102",
        cooperative="Koperasi Produsen Tais Belu Sejahtera",
        products=(
            ProductSpec(
                name="Tais Mane Ikat Motif Manu",
                category="tenun-ikat",
                description=(
                    "Tais mane, kain pria orang Tetun, lebar dan dipakai dililit di pinggang. "
                    "Motif ayam jantan (manu) diikat pada lungsin dan diapit garis-garis hitam. "
                    "Merah dari mengkudu, hitam dari benang pabrik."
                ),
                materials="Benang kapas pabrik, pewarna akar mengkudu",
                look=Look("ikat", "manu", "hitam"),
                packaging=PackagingType.BOX,
                packaging_description=TENUN_BOX,
                variants=(v("", "", 1_350_000, 3, 900, 1_250, (40, 30, 7)),),
                textile=TextileSpec(
                    motif="Manu (ayam jantan)",
                    motif_meaning=(
                        "Menurut penenunnya, ayam jantan melambangkan keberanian dan "
                        "kewaspadaan seorang laki-laki menjaga keluarganya."
                    ),
                    weaver="Mama Maria Goreti Bere",
                    threads="Kapas pabrik",
                    dyes=Dye.MIXED,
                    dye_notes="mengkudu (merah), benang pabrik hitam",
                    length_cm=195, width_cm=95, weaving_days=30,
                ),
                photos=3,
            ),
            ProductSpec(
                name="Tais Feto Motif Sotis",
                category="tenun-buna-sotis",
                description=(
                    "Sarung wanita (tais feto) dengan pola sotis, lungsin tambahan yang diangkat "
                    "helai demi helai, membentuk bunga dan bintang kecil berwarna cerah. Dipakai "
                    "pada pesta dan upacara adat. Dua ukuran, keduanya sudah dijahit."
                ),
                materials="Benang kapas dan benang akrilik berwarna",
                look=Look("sotis", "bunga", "hitam"),
                packaging=PackagingType.BOX,
                packaging_description=TENUN_BOX,
                variants=(
                    v("L 165 × 66 cm", "L", 2_200_000, 2, 700, 1_000, (35, 28, 6)),
                    v("M 150 × 60 cm", "M", 1_900_000, 2, 620, 920, (35, 28, 6)),
                ),
                textile=TextileSpec(
                    motif="Sotis bunga dan bintang",
                    motif_meaning=(
                        "Bunga dan bintang berderet melambangkan harapan dan sukacita; kain ini "
                        "biasa dipakai perempuan pada pesta pernikahan."
                    ),
                    weaver="Mama Fransiska Luruk",
                    threads="Kapas pabrik, akrilik",
                    dyes=Dye.SYNTHETIC,
                    dye_notes="benang pabrik berwarna",
                    length_cm=165, width_cm=66, weaving_days=45,
                ),
                photos=3,
            ),
            ProductSpec(
                name="Selendang Buna Belu",
                category="tenun-buna-sotis",
                description=(
                    "Selendang dengan teknik buna: benang pakan tambahan dililitkan satu per satu "
                    "pada lungsin, sehingga polanya timbul di permukaan kain. Deretan belah "
                    "ketupat merah, kuning dan putih di atas dasar hitam."
                ),
                materials="Benang kapas, benang akrilik berwarna",
                look=Look("buna", "ketupat", "hitam"),
                packaging=PackagingType.CLOTH_BAG,
                packaging_description=SELENDANG_BAG,
                variants=(v("", "", 550_000, 4, 200, 340, (30, 22, 4)),),
                textile=TextileSpec(
                    motif="Buna belah ketupat",
                    motif_meaning=(
                        "Belah ketupat yang berderet melambangkan keluarga besar yang saling "
                        "menjaga."
                    ),
                    weaver="Mama Yasinta Mau",
                    threads="Kapas pabrik, akrilik",
                    dyes=Dye.SYNTHETIC,
                    dye_notes="benang pabrik berwarna",
                    length_cm=175, width_cm=40, weaving_days=20,
                ),
            ),
            ProductSpec(
                name="Selimut Tais Ikat Motif Bintang",
                category="tenun-ikat",
                description=(
                    "Selimut ikat berukuran besar dengan bintang bersudut delapan di badan kain. "
                    "Tebal dan hangat, bisa dipakai sebagai kain adat atau penutup sofa. "
                    "Ditenun dari dua lembar yang disambung tangan."
                ),
                materials="Benang kapas pabrik, pewarna akar mengkudu dan daun tarum",
                look=Look("ikat", "bintang", "mengkudu"),
                packaging=PackagingType.BOX,
                packaging_description=TENUN_BOX,
                variants=(v("", "", 1_650_000, 2, 1_050, 1_450, (40, 32, 8)),),
                textile=TextileSpec(
                    motif="Bintang",
                    motif_meaning=(
                        "Bintang penunjuk arah bagi orang yang berjalan malam; lambang harapan "
                        "dan tuntunan."
                    ),
                    weaver="Mama Maria Goreti Bere",
                    threads="Kapas pabrik",
                    dyes=Dye.NATURAL,
                    dye_notes="mengkudu (merah), tarum (biru)",
                    length_cm=200, width_cm=105, weaving_days=60,
                ),
            ),
            ProductSpec(
                name="Dompet Tenun Tais",
                category="produk-tenun",
                description=(
                    "Dompet kecil beritsleting dari potongan tais, dilapisi kain blacu di dalam. "
                    "Muat uang kertas yang dilipat dua, kartu dan koin. Motif tiap dompet sedikit "
                    "berbeda karena dipotong dari kain yang berbeda."
                ),
                materials="Kain tenun tais, kain blacu, ritsleting",
                look=Look("wallet", "ketupat", "mengkudu"),
                packaging=PackagingType.PAPER_WRAP,
                packaging_description=(
                    "Dibungkus kertas cokelat dan diikat tali rami, label motif diselipkan."
                ),
                variants=(
                    v("Merah", "MRH", 85_000, 12, 60, 110, (20, 12, 3)),
                    v("Hitam", "HTM", 85_000, 10, 60, 110, (20, 12, 3)),
                    v("Biru", "BRU", 85_000, 6, 60, 110, (20, 12, 3)),
                ),
                textile=TextileSpec(
                    motif="Futus kecil",
                    motif_meaning="Potongan motif ikat dari sisa kain tais.",
                    weaver="Penenun Koperasi Tais Belu Sejahtera",
                    threads="Kapas pabrik",
                    dyes=Dye.MIXED,
                    dye_notes="mengkudu (merah) dan benang pabrik",
                    length_cm=19, width_cm=11, weaving_days=3,
                ),
            ),
            ProductSpec(
                name="Tas Selempang Tenun Tais",
                category="produk-tenun",
                description=(
                    "Tas selempang dari kain tais dengan tali kulit sintetis. Sedang difoto "
                    "ulang dan dihitung ongkos kirimnya, sebelum ditampilkan di toko."
                ),
                materials="Kain tenun tais, kain blacu, tali kulit sintetis",
                look=Look("bag", "manu", "hitam"),
                packaging=PackagingType.PLASTIC_BAG,
                packaging_description=(
                    "Plastik bening tebal berperekat, diisi kertas agar bentuk tas tidak berubah."
                ),
                variants=(v("", "", 275_000, 5, 300, 420, (32, 26, 8)),),
                textile=TextileSpec(
                    motif="Manu (ayam jantan)",
                    motif_meaning="Potongan motif ayam jantan dari kain tais mane.",
                    weaver="Mama Maria Goreti Bere",
                    threads="Kapas pabrik",
                    dyes=Dye.MIXED,
                    dye_notes="mengkudu (merah), benang pabrik hitam",
                    length_cm=30, width_cm=24, weaving_days=6,
                ),
                status=ProductStatus.DRAFT,
            ),
        ),
    ),
    ShopSpec(
        code="MLK",
        name="Garam Laut Besikama",
        province=NTT,
        regency="Malaka",
        address="Desa Besikama, Kec. Malaka Barat, Kabupaten Malaka, Nusa Tenggara Timur",
        licence_area="5321",
        story=(
            "Di pesisir selatan Malaka, garam dibuat dengan menjemur air laut di petak-petak "
            "tambak pada musim kemarau, dari Mei sampai November. Kelompok kami berisi dua belas "
            "keluarga petambak yang kini mengemas garamnya sendiri, tidak lagi menjual curah ke "
            "pengepul. Saat musim hujan, kami mengemas madu hutan dari lereng Weliman."
        ),
        owner_name="Yohanes Seran",
        owner_email="yohanes.seran",
        whatsapp="+6281200000103",
        cooperative="KUB Petambak Garam Besikama",
        is_verified=False,
        products=(
            ProductSpec(
                name="Garam Laut Krosok Besikama",
                category="garam",
                description=(
                    "Garam kasar dari tambak di pesisir Besikama, dijemur matahari dan dicuci air "
                    "garam sendiri sehingga bersih dari lumpur. Kristalnya besar dan renyah, "
                    "enak untuk ikan bakar dan sambal. Sudah beryodium sesuai aturan garam "
                    "konsumsi."
                ),
                materials="Garam laut, kalium iodat",
                look=Look("salt_coarse"),
                packaging=PackagingType.POUCH,
                packaging_description=(
                    "Pouch plastik tebal berklip, disegel panas, label berisi berat bersih, "
                    "nomor izin edar, kode produksi dan tanggal kedaluwarsa."
                ),
                variants=(
                    v("500 g", "500", 16_000, 60, 500, 540, (20, 14, 4)),
                    v("1 kg", "1K", 28_000, 45, 1_000, 1_060, (25, 18, 5)),
                ),
                food=FoodSpec(
                    ingredients="Garam laut, kalium iodat (yodium)",
                    licence=LicenceKind.BPOM_MD,
                    shelf_life_days=1095,
                    storage="Simpan di wadah tertutup, di tempat kering.",
                ),
            ),
            ProductSpec(
                name="Garam Meja Halus Beryodium",
                category="garam",
                description=(
                    "Garam laut Besikama yang digiling halus dan dikeringkan ulang agar tidak "
                    "menggumpal. Untuk dapur sehari-hari dan meja makan. Tanpa bahan anti kempal "
                    "tambahan."
                ),
                materials="Garam laut, kalium iodat",
                look=Look("salt_fine"),
                packaging=PackagingType.JAR,
                packaging_description=(
                    "Toples plastik PET bertutup ulir dengan segel aluminium, label keliling."
                ),
                variants=(v("", "", 18_000, 40, 500, 580, (10, 10, 13)),),
                food=FoodSpec(
                    ingredients="Garam laut, kalium iodat (yodium)",
                    licence=LicenceKind.BPOM_MD,
                    shelf_life_days=1095,
                    storage="Tutup rapat setelah dipakai; simpan di tempat kering.",
                ),
            ),
            ProductSpec(
                name="Garam Rempah Kemangi Cabai",
                category="garam",
                description=(
                    "Garam laut halus dicampur daun kemangi kering, cabai dan bawang putih. "
                    "Tabur di atas telur, jagung rebus atau ikan bakar. Dibuat dalam jumlah kecil "
                    "setiap bulan."
                ),
                materials="Garam laut, kemangi kering, cabai, bawang putih",
                look=Look("salt_herb"),
                packaging=PackagingType.JAR,
                packaging_description="Botol kaca kecil bertutup penabur, disegel plastik susut.",
                variants=(v("", "", 25_000, 30, 150, 320, (7, 7, 12)),),
                food=FoodSpec(
                    ingredients=(
                        "Garam laut beryodium, daun kemangi kering, cabai kering, bawang putih "
                        "bubuk"
                    ),
                    licence=LicenceKind.PIRT,
                    shelf_life_days=365,
                    storage="Simpan di tempat kering, jauh dari uap kompor.",
                ),
            ),
            ProductSpec(
                name="Madu Hutan Weliman",
                category="madu",
                description=(
                    "Madu lebah hutan dari lereng Weliman, dipanen dua kali setahun oleh "
                    "kerabat anggota kelompok. Ditiriskan tanpa dipanaskan, lalu disaring kain. "
                    "Rasanya manis dengan sedikit asam; bisa mengkristal bila udara dingin, itu "
                    "tanda wajar madu asli."
                ),
                materials="Madu hutan",
                look=Look("honey"),
                packaging=PackagingType.BOTTLE,
                packaging_description=(
                    "Botol kaca bertutup ulir dan segel plastik, dibungkus plastik gelembung dan "
                    "kardus bersekat."
                ),
                variants=(
                    v("250 ml", "250", 80_000, 20, 340, 700, (10, 10, 18)),
                    v("500 ml", "500", 145_000, 14, 680, 1_150, (12, 12, 22)),
                ),
                food=FoodSpec(
                    ingredients="Madu hutan 100%",
                    licence=LicenceKind.PIRT,
                    shelf_life_days=730,
                    storage="Simpan di suhu ruang, tertutup rapat, jauh dari sinar matahari.",
                ),
            ),
            ProductSpec(
                name="Ikan Tembang Asin Besikama",
                category="ikan-kering",
                description=(
                    "Ikan tembang tangkapan nelayan Besikama, digarami ringan dan dijemur di "
                    "para-para, bukan di tanah. Goreng sebentar untuk lauk nasi jagung. Rasanya "
                    "tidak terlalu asin."
                ),
                materials="Ikan tembang, garam",
                look=Look("fish_dried"),
                packaging=PackagingType.PLASTIC_BAG,
                packaging_description=(
                    "Plastik vakum tebal, dimasukkan lagi ke plastik klip agar bau tidak keluar."
                ),
                variants=(v("", "", 30_000, 25, 250, 300, (22, 15, 3)),),
            ),
        ),
    ),
    ShopSpec(
        code="TTU",
        name="KWT Kelor Insana",
        province=NTT,
        regency="Timor Tengah Utara",
        address="Desa Oelolok, Kec. Insana, Kabupaten Timor Tengah Utara, Nusa Tenggara Timur",
        licence_area="5303",
        story=(
            "Dua puluh lima perempuan petani di Insana menanam kelor di pekarangan dan memetik "
            "kemiri dari kebun keluarga. Daun kelor dikeringkan di rumah pengering beratap plastik "
            "agar warnanya tetap hijau dan bersih dari debu, lalu digiling dan dikemas di rumah "
            "produksi kelompok. Di sela musim tanam, beberapa anggota menenun buna."
        ),
        owner_name="Agustina Kolo",
        owner_email="agustina.kolo",
        whatsapp="+6281200000104",
        cooperative="Kelompok Wanita Tani Kelor Insana",
        products=(
            ProductSpec(
                name="Teh Daun Kelor Insana",
                category="teh-herbal",
                description=(
                    "Daun kelor muda yang dikeringkan di rumah pengering, bukan di bawah matahari "
                    "langsung, sehingga tetap hijau dan harum. Seduh satu sendok teh dengan air "
                    "panas, tunggu lima menit. Tanpa campuran dan tanpa gula."
                ),
                materials="Daun kelor kering",
                look=Look("moringa_tea"),
                packaging=PackagingType.POUCH,
                packaging_description=(
                    "Pouch kertas kraft berlapis aluminium dengan jendela bening dan klip."
                ),
                variants=(
                    v("50 g", "50", 30_000, 40, 50, 90, (18, 12, 4)),
                    v("100 g", "100", 55_000, 25, 100, 150, (22, 15, 5)),
                ),
                food=FoodSpec(
                    ingredients="Daun kelor (Moringa oleifera) kering 100%",
                    licence=LicenceKind.PIRT,
                    shelf_life_days=365,
                    storage="Tutup klip rapat; simpan di tempat kering dan sejuk.",
                    halal_certified=True,
                ),
                photos=3,
            ),
            ProductSpec(
                name="Serbuk Kelor Murni",
                category="teh-herbal",
                description=(
                    "Daun kelor kering yang digiling halus dan diayak. Campurkan satu sendok ke "
                    "jus, bubur atau adonan kue. Warnanya hijau tua; bila sudah kecokelatan, "
                    "berarti terlalu lama disimpan di tempat panas."
                ),
                materials="Daun kelor kering",
                look=Look("moringa_powder"),
                packaging=PackagingType.POUCH,
                packaging_description=(
                    "Pouch aluminium berdiri dengan klip, label depan dan belakang."
                ),
                variants=(v("", "", 45_000, 30, 100, 140, (20, 14, 5)),),
                food=FoodSpec(
                    ingredients="Daun kelor (Moringa oleifera) kering, digiling 100%",
                    licence=LicenceKind.PIRT,
                    shelf_life_days=365,
                    storage="Simpan tertutup rapat, jauh dari cahaya dan panas.",
                    halal_certified=True,
                ),
            ),
            ProductSpec(
                name="Kemiri Kupas Timor",
                category="rempah-kacang",
                description=(
                    "Kemiri dari kebun keluarga di Insana, dipecah satu per satu dan dipilah "
                    "yang utuh. Putih bersih, tidak apek. Untuk bumbu dapur atau minyak kemiri."
                ),
                materials="Kemiri kupas",
                look=Look("candlenut"),
                packaging=PackagingType.POUCH,
                packaging_description=(
                    "Pouch plastik bening berklip, label nama kelompok dan tanggal kemas."
                ),
                variants=(
                    v("500 g", "500", 40_000, 35, 500, 560, (22, 16, 5)),
                    v("1 kg", "1K", 75_000, 20, 1_000, 1_080, (28, 20, 6)),
                ),
            ),
            ProductSpec(
                name="Madu Hutan Mutis",
                category="madu",
                description=(
                    "Madu lebah hutan dari kawasan Gunung Mutis, dibeli langsung dari pemanen di "
                    "desa-desa sekitar hutan. Berwarna gelap dengan aroma kayu. Disaring dingin, "
                    "tanpa dipanaskan."
                ),
                materials="Madu hutan",
                look=Look("honey"),
                packaging=PackagingType.JAR,
                packaging_description=(
                    "Toples kaca bertutup kaleng dan segel, dibungkus plastik gelembung."
                ),
                variants=(v("", "", 100_000, 9, 350, 720, (10, 10, 14)),),
                food=FoodSpec(
                    ingredients="Madu hutan 100%",
                    licence=LicenceKind.PIRT,
                    shelf_life_days=730,
                    storage="Simpan di suhu ruang; jangan masukkan ke kulkas.",
                ),
            ),
            ProductSpec(
                name="Keripik Jagung Pedas",
                category="kerupuk-camilan",
                description=(
                    "Jagung lokal yang direbus, dipipihkan, dijemur lalu digoreng dengan minyak "
                    "kelapa, dibumbui cabai dan bawang. Renyah dan pedas sedang. Dibuat setiap "
                    "minggu, jadi selalu baru."
                ),
                materials="Jagung lokal, minyak kelapa, cabai, bawang putih",
                look=Look("corn_chips"),
                packaging=PackagingType.PLASTIC_BAG,
                packaging_description=(
                    "Plastik tebal disegel panas dengan kartu label di bagian atas."
                ),
                variants=(v("", "", 20_000, 50, 200, 240, (25, 18, 6)),),
                food=FoodSpec(
                    ingredients="Jagung, minyak kelapa, cabai, bawang putih, garam",
                    licence=LicenceKind.PIRT,
                    shelf_life_days=120,
                    storage="Simpan di tempat kering; setelah dibuka, tutup rapat.",
                ),
            ),
            ProductSpec(
                name="Selendang Buna Insana",
                category="tenun-buna-sotis",
                description=(
                    "Selendang buna dengan pola kait dan bunga berwarna cerah di atas dasar "
                    "hitam, ditenun Mama Agustina di sela musim tanam. Di Insana, selendang buna "
                    "biasa dikalungkan kepada tamu yang dihormati."
                ),
                materials="Benang kapas, benang akrilik berwarna",
                look=Look("buna", "kait", "hitam"),
                packaging=PackagingType.CLOTH_BAG,
                packaging_description=SELENDANG_BAG,
                variants=(v("", "", 600_000, 3, 210, 350, (30, 22, 4)),),
                textile=TextileSpec(
                    motif="Buna kait dan bunga",
                    motif_meaning=(
                        "Kait dan bunga yang bersambung melambangkan persaudaraan dan "
                        "penghormatan kepada tamu."
                    ),
                    weaver="Mama Agustina Kolo",
                    threads="Kapas pabrik, akrilik",
                    dyes=Dye.SYNTHETIC,
                    dye_notes="benang pabrik berwarna",
                    length_cm=180, width_cm=40, weaving_days=21,
                ),
                photos=3,
            ),
        ),
    ),
    ShopSpec(
        code="ALR",
        name="Kenari & Tenun Mama Ester",
        province=NTT,
        regency="Alor",
        address="Kec. Alor Barat Laut, Kabupaten Alor, Nusa Tenggara Timur",
        licence_area="5305",
        story=(
            "Mama Ester memecah kenari dengan batu di teras rumahnya sejak kecil, seperti "
            "kebanyakan perempuan di Alor. Kini ia bekerja bersama enam tetangga: kenari dipecah, "
            "dijemur dan dipilah dengan tangan, sementara dua anggota menenun kain ikat. Dulu "
            "kenari dijual curah di pasar Kalabahi; dengan kemasan berlabel, harganya naik hampir "
            "dua kali lipat."
        ),
        owner_name="Ester Maure",
        owner_email="ester.maure",
        whatsapp="+6281200000105",
        products=(
            ProductSpec(
                name="Kenari Kupas Alor",
                category="rempah-kacang",
                description=(
                    "Biji kenari Alor yang dipecah dengan tangan, dijemur dan dipilih yang utuh. "
                    "Gurih seperti almon tetapi lebih lembut. Makan langsung, sangrai, atau "
                    "campurkan ke kue."
                ),
                materials="Biji kenari kupas",
                look=Look("kenari"),
                packaging=PackagingType.POUCH,
                packaging_description=(
                    "Pouch plastik berdiri dengan klip dan jendela bening, label nama desa."
                ),
                variants=(
                    v("250 g", "250", 55_000, 30, 250, 300, (20, 14, 5)),
                    v("500 g", "500", 100_000, 18, 500, 570, (24, 16, 6)),
                ),
            ),
            ProductSpec(
                name="Kenari Salut Gula Merah",
                category="kerupuk-camilan",
                description=(
                    "Kenari sangrai yang disalut gula merah cair lalu didinginkan sampai "
                    "renyah. Camilan khas Alor untuk teh sore. Manis, tidak lengket di tangan."
                ),
                materials="Kenari, gula merah",
                look=Look("kenari_candied"),
                packaging=PackagingType.JAR,
                packaging_description=(
                    "Toples plastik bening bertutup, disegel dan diberi label keliling."
                ),
                variants=(v("", "", 35_000, 25, 150, 230, (9, 9, 10)),),
                food=FoodSpec(
                    ingredients="Kenari, gula merah, garam",
                    licence=LicenceKind.PIRT,
                    shelf_life_days=180,
                    storage="Simpan tertutup di tempat sejuk dan kering.",
                ),
            ),
            ProductSpec(
                name="Sarung Tenun Ikat Alor Motif Moko",
                category="tenun-ikat",
                description=(
                    "Sarung ikat dengan motif moko, nekara perunggu kecil yang menjadi benda "
                    "berharga di Alor. Diwarnai dengan mengkudu, tarum dan kulit kayu, memberi "
                    "perpaduan merah, biru tua dan cokelat. Ditenun tangan selama lima minggu."
                ),
                materials="Benang kapas pintal tangan, pewarna mengkudu, tarum dan kulit kayu",
                look=Look("ikat", "moko", "coklat"),
                packaging=PackagingType.BOX,
                packaging_description=TENUN_BOX,
                variants=(v("", "", 1_600_000, 2, 640, 940, (35, 28, 6)),),
                textile=TextileSpec(
                    motif="Moko",
                    motif_meaning=(
                        "Moko dipakai sebagai belis (mas kawin) di Alor; motifnya melambangkan "
                        "kehormatan dan ikatan antarkeluarga."
                    ),
                    weaver="Mama Ester Maure",
                    threads="Kapas pintal tangan",
                    dyes=Dye.NATURAL,
                    dye_notes="mengkudu (merah), tarum (biru), kulit kayu (cokelat)",
                    length_cm=165, width_cm=62, weaving_days=35,
                ),
                photos=3,
            ),
            ProductSpec(
                name="Selendang Tenun Ikat Alor Pewarna Alam",
                category="tenun-ikat",
                description=(
                    "Selendang ikat berpola belah ketupat bertingkat, dengan warna cokelat "
                    "kemerahan dari kulit kayu. Ringan, cocok untuk hadiah. Setiap selendang "
                    "diberi kartu nama penenun."
                ),
                materials="Benang kapas, pewarna kulit kayu dan tarum",
                look=Look("ikat", "ketupat", "coklat"),
                packaging=PackagingType.CLOTH_BAG,
                packaging_description=SELENDANG_BAG,
                variants=(v("", "", 425_000, 4, 170, 310, (30, 22, 4)),),
                textile=TextileSpec(
                    motif="Belah ketupat bertingkat",
                    motif_meaning=(
                        "Menurut penenunnya, tingkat-tingkat belah ketupat adalah tangga "
                        "kehidupan."
                    ),
                    weaver="Mama Debora Lakatua",
                    threads="Kapas pabrik",
                    dyes=Dye.NATURAL,
                    dye_notes="kulit kayu (cokelat kemerahan), tarum (biru)",
                    length_cm=180, width_cm=40, weaving_days=14,
                ),
            ),
        ),
    ),
    ShopSpec(
        code="RTN",
        name="Pondok Lontar Ba'a",
        province=NTT,
        regency="Rote Ndao",
        address="Kelurahan Mokdale, Kec. Lobalain, Kabupaten Rote Ndao, Nusa Tenggara Timur",
        licence_area="5314",
        story=(
            "Pohon lontar memberi hampir segalanya di Rote: nira untuk gula, daun untuk topi "
            "Ti'i Langga dan wadah, batang untuk rumah. Kami sebelas keluarga penyadap di "
            "Lobalain yang memasak nira menjadi gula air dan gula lempeng di tungku kayu. Topi "
            "Ti'i Langga dianyam oleh Bapa Daniel dan dua anaknya; satu topi makan waktu tiga "
            "sampai empat hari."
        ),
        owner_name="Daniel Ndun",
        owner_email="daniel.ndun",
        whatsapp="+6281200000106",
        cooperative="Kelompok Penyadap Lontar Lobalain",
        is_verified=False,
        products=(
            ProductSpec(
                name="Gula Air Lontar Rote",
                category="gula-aren-lontar",
                description=(
                    "Nira lontar yang dimasak perlahan sampai kental seperti sirup, berwarna "
                    "cokelat keemasan. Di Rote dicampur air untuk minuman atau dituang ke bubur. "
                    "Tanpa gula tambahan dan tanpa pengawet."
                ),
                materials="Nira lontar",
                look=Look("syrup"),
                packaging=PackagingType.BOTTLE,
                packaging_description=(
                    "Botol kaca bertutup ulir dan segel, dibungkus plastik gelembung dan kardus."
                ),
                variants=(
                    v("330 ml", "330", 30_000, 30, 450, 800, (9, 9, 20)),
                    v("600 ml", "600", 50_000, 20, 820, 1_300, (10, 10, 26)),
                ),
                food=FoodSpec(
                    ingredients="Nira lontar (Borassus flabellifer) yang dimasak",
                    licence=LicenceKind.PIRT,
                    shelf_life_days=365,
                    storage="Simpan di tempat sejuk; setelah dibuka simpan di kulkas.",
                ),
            ),
            ProductSpec(
                name="Gula Lempeng Lontar",
                category="gula-aren-lontar",
                description=(
                    "Gula lontar padat berbentuk lempeng bundar tipis, dicetak dalam daun lontar. "
                    "Manis legit dengan rasa karamel. Patahkan dan larutkan untuk kopi, teh atau "
                    "kue."
                ),
                materials="Nira lontar",
                look=Look("sugar_disc"),
                packaging=PackagingType.BOX,
                packaging_description=(
                    "Lempeng dibungkus plastik satu per satu, lalu dimasukkan ke kotak karton "
                    "berlabel."
                ),
                variants=(v("", "", 40_000, 25, 500, 620, (18, 18, 6)),),
                food=FoodSpec(
                    ingredients="Nira lontar (Borassus flabellifer)",
                    licence=LicenceKind.PIRT,
                    shelf_life_days=270,
                    storage="Simpan di tempat kering; gula bisa melembek di udara lembap.",
                ),
            ),
            ProductSpec(
                name="Topi Ti'i Langga",
                category="anyaman-rotan",
                description=(
                    "Topi tradisional Rote dari daun lontar, dengan tanduk tegak di bagian depan. "
                    "Dianyam tangan oleh Bapa Daniel Ndun, dari daun yang dijemur dan diraut "
                    "tipis. Dua ukuran: dewasa dan anak."
                ),
                materials="Daun lontar kering",
                look=Look("hat"),
                packaging=PackagingType.BOX,
                packaging_description=(
                    "Kardus tinggi dengan penyangga karton di dalam agar tanduk topi tidak "
                    "patah; diisi kertas koran di sekelilingnya."
                ),
                variants=(
                    v("Dewasa (lingkar 58 cm)", "DWS", 275_000, 4, 350, 1_100, (45, 45, 40)),
                    v("Anak (lingkar 52 cm)", "ANK", 200_000, 3, 280, 900, (40, 40, 35)),
                ),
                photos=3,
            ),
            ProductSpec(
                name="Selendang Tenun Ikat Rote",
                category="tenun-ikat",
                description=(
                    "Selendang ikat Rote berpola belah ketupat dan bunga, dalam merah, hitam dan "
                    "krem. Ditenun oleh istri-istri penyadap lontar di musim hujan, saat nira "
                    "sedikit."
                ),
                materials="Benang kapas pabrik",
                look=Look("ikat", "bunga", "hitam"),
                packaging=PackagingType.CLOTH_BAG,
                packaging_description=SELENDANG_BAG,
                variants=(v("", "", 400_000, 5, 180, 320, (30, 22, 4)),),
                textile=TextileSpec(
                    motif="Belah ketupat dan bunga",
                    motif_meaning=(
                        "Menurut penenunnya, melambangkan rumah yang teratur dan keluarga yang "
                        "ramah kepada tamu."
                    ),
                    weaver="Mama Orpa Ndun",
                    threads="Kapas pabrik",
                    dyes=Dye.SYNTHETIC,
                    dye_notes="benang pabrik merah, hitam dan krem",
                    length_cm=180, width_cm=45, weaving_days=16,
                ),
            ),
            ProductSpec(
                name="Haik Anyaman Daun Lontar",
                category="anyaman-rotan",
                description=(
                    "Haik, wadah anyaman daun lontar berbentuk ember yang dipakai penyadap untuk "
                    "menampung nira. Versi kecil ini cocok untuk wadah buah atau tanaman hias. "
                    "Tahan lama bila tidak terus-menerus basah."
                ),
                materials="Daun lontar kering",
                look=Look("haik"),
                packaging=PackagingType.PAPER_WRAP,
                packaging_description=(
                    "Dibungkus kertas cokelat dan dimasukkan ke kardus bekas yang bersih."
                ),
                variants=(v("", "", 85_000, 10, 150, 450, (28, 28, 26)),),
            ),
            ProductSpec(
                name="Gantungan Kunci Sasando Mini",
                category="anyaman-rotan",
                description=(
                    "Sasando mini dari daun lontar dan bambu, sebagai gantungan kunci. Tidak "
                    "dibuat lagi; ditampilkan untuk arsip toko."
                ),
                materials="Daun lontar, bambu, benang nilon",
                look=Look("keychain"),
                packaging=PackagingType.PLASTIC_BAG,
                packaging_description="Plastik klip kecil dengan kartu nama toko.",
                variants=(v("", "", 25_000, 0, 20, 40, (12, 8, 3)),),
                status=ProductStatus.ARCHIVED,
            ),
        ),
    ),
)
