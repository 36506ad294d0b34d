"""The demo catalog: six workshops of a fictional institution and what they make."""

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoWorkshop:
    title: str
    slug: str
    category: str
    code_prefix: str
    motif: str
    palette: tuple[str, str, str]
    description: str
    unit: str
    products: tuple[tuple[str, int], ...]  # (name, price in rupiah)


INSTITUTION = {
    "institution_name": "Lapas Kelas IIA Nusantara",
    "address": "Jl. Pemasyarakatan No. 1\nKota Nusantara, Jawa Barat 40000",
    "whatsapp_number": "0812-3456-7890",
}

ABOUT = {
    "intro": "Lapas Kelas IIA Nusantara membina warga binaan lewat kerja nyata: "
    "setiap produk di katalog ini dibuat di bengkel kerja kami.",
    "paragraphs": (
        "Program pembinaan kemandirian memberi warga binaan keterampilan yang dapat mereka bawa "
        "setelah bebas: membatik, menjahit, mengolah kulit, membuat roti dan merawat anggrek.",
        "Hasil penjualan dibagi sesuai aturan: sebagian menjadi premi bagi warga binaan yang "
        "bekerja, sebagian disetor sebagai Penerimaan Negara Bukan Pajak (PNBP).",
        "Galeri kami di dekat ruang kunjungan buka setiap hari kerja pukul 09.00–15.00. "
        "Pesanan partai besar untuk hotel, kantor dan acara dapat dibicarakan lewat WhatsApp.",
    ),
}

WORKSHOPS = (
    DemoWorkshop(
        "Batik Tulis",
        "batik-tulis",
        "Batik",
        "BTK",
        "batik",
        ("#f3e7d3", "#2c3e73", "#8a4b2a"),
        "Batik tulis dengan canting dan malam, diwarnai dengan pewarna alam.",
        "lembar",
        (
            ("Kain Batik Tulis Parang", 450000),
            ("Kain Batik Tulis Kawung", 425000),
            ("Selendang Batik Mega Mendung", 275000),
            ("Kemeja Batik Tulis Pria", 385000),
            ("Taplak Meja Batik", 195000),
            ("Syal Batik Sutra", 310000),
        ),
    ),
    DemoWorkshop(
        "Sandal Hotel",
        "sandal-hotel",
        "Sandal",
        "SDL",
        "sandal",
        ("#e9eef2", "#ffffff", "#5b7b99"),
        "Sandal hotel dan spa, dipesan dalam jumlah besar oleh hotel di sekitar kota.",
        "pasang",
        (
            ("Sandal Hotel Handuk Putih", 9500),
            ("Sandal Hotel Spons Premium", 14000),
            ("Sandal Spa Anyaman Pandan", 18500),
            ("Sandal Hotel Bordir Logo", 16000),
            ("Sandal Kamar Anak", 11000),
            ("Sandal Hotel Ekonomis", 7000),
        ),
    ),
    DemoWorkshop(
        "Kerajinan Kulit",
        "kerajinan-kulit",
        "Kulit",
        "KLT",
        "leather",
        ("#efe4d6", "#7a4a24", "#d9b26f"),
        "Dompet, tas dan ikat pinggang dari kulit sapi samak nabati, dijahit tangan.",
        "pcs",
        (
            ("Dompet Kulit Lipat", 165000),
            ("Tas Selempang Kulit", 485000),
            ("Ikat Pinggang Kulit", 195000),
            ("Gantungan Kunci Kulit", 35000),
            ("Sarung Paspor Kulit", 145000),
            ("Tas Laptop Kulit", 725000),
        ),
    ),
    DemoWorkshop(
        "Roti dan Kue",
        "roti-dan-kue",
        "Roti & Kue",
        "RTI",
        "bread",
        ("#fbf3e4", "#c98a3c", "#7b4a1e"),
        "Roti dan kue yang dipanggang setiap pagi untuk kantin dan pesanan acara.",
        "pak",
        (
            ("Roti Sobek Cokelat", 28000),
            ("Bolu Pandan", 45000),
            ("Kue Kering Nastar", 85000),
            ("Roti Tawar Gandum", 24000),
            ("Brownies Panggang", 55000),
            ("Kue Lapis Legit", 150000),
        ),
    ),
    DemoWorkshop(
        "Anggrek",
        "anggrek",
        "Tanaman",
        "AGR",
        "orchid",
        ("#eaf4e6", "#b05fa8", "#f2d349"),
        "Anggrek bulan dan dendrobium dari rumah kaca, dirawat hingga berbunga.",
        "pot",
        (
            ("Anggrek Bulan Putih", 125000),
            ("Anggrek Bulan Ungu", 135000),
            ("Dendrobium Kuning", 95000),
            ("Anggrek Vanda Biru", 175000),
            ("Bibit Anggrek Botol", 65000),
            ("Rangkaian Anggrek Meja", 225000),
        ),
    ),
    DemoWorkshop(
        "Kaos Sablon",
        "kaos-sablon",
        "Kaos",
        "KOS",
        "tshirt",
        ("#f2f2f2", "#23262b", "#e4572e"),
        "Kaos katun sablon manual untuk komunitas, sekolah dan acara.",
        "pcs",
        (
            ("Kaos Sablon Motif Batik", 85000),
            ("Kaos Komunitas Custom", 75000),
            ("Kaos Anak Sablon", 60000),
            ("Kaos Polo Bordir", 120000),
            ("Totebag Sablon", 45000),
            ("Kaos Lengan Panjang", 95000),
        ),
    ),
)

STORIES = (
    (
        "Di Balik Canting",
        "behind_the_scenes",
        "batik-tulis",
        "Satu lembar batik tulis membutuhkan tiga minggu kerja. Inilah prosesnya.",
        "Setiap pagi, bengkel batik dibuka pukul delapan. Malam dipanaskan, pola digambar dengan "
        "pensil, lalu canting mengikuti garisnya.",
    ),
    (
        "Sandal untuk Dua Ratus Kamar",
        "testimonial",
        "sandal-hotel",
        "Sebuah hotel di Bandung memesan sandal untuk seluruh kamarnya setiap bulan.",
        "Pesanan pertama datang lewat WhatsApp. Kini hotel itu menjadi pelanggan tetap.",
    ),
    (
        "Keterampilan yang Dibawa Pulang",
        "impact",
        "kerajinan-kulit",
        "Pelatihan kerja memberi bekal keterampilan untuk kehidupan setelah bebas.",
        "Tahun ini empat puluh delapan warga binaan menyelesaikan pelatihan kerajinan kulit.",
    ),
    (
        "Anggrek dari Rumah Kaca",
        "behind_the_scenes",
        "anggrek",
        "Merawat anggrek mengajarkan kesabaran: dari bibit botol hingga berbunga.",
        "Rumah kaca kecil di belakang blok pembinaan kini berisi lebih dari seribu pot anggrek.",
    ),
)

IMPACT_FIGURES = (
    ("48", "warga binaan terlatih tahun ini"),
    ("6", "bengkel kerja aktif"),
    ("1.200", "produk terjual bulan lalu"),
)

MARKETPLACE_URLS = {
    "tokopedia": "https://www.tokopedia.com/lapasnusantara/{slug}",
    "shopee": "https://shopee.co.id/lapasnusantara/{slug}",
}
