"""Demo marketing centres: a sentra in Kabupaten Kupang and a PLUT in Kalimantan Barat, each with
the demo shops it coaches, one run for a weaver without a device (assisted, no owner account),
and one staff account (no password: `flask create-admin`-style tools or a reset set one)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from marketplace.accounts.models import Role, User, UserRole
from marketplace.catalog.models import Centre, CentreKind, CentreStaff, Shop
from marketplace.extensions import db


@dataclass(frozen=True)
class CentreSpec:
    name: str
    slug: str
    kind: CentreKind
    province: str
    regency: str
    address: str
    contact: str
    description: str
    staff_email: str
    staff_name: str
    shops: tuple[str, ...]  # demo shop names it coaches
    assisted: tuple[str, ...] = field(default=())  # of those, the ones it runs (no owner)


CENTRES = (
    CentreSpec(
        name="Sentra Tenun Ikat Kupang", slug="sentra-tenun-ikat-kupang",
        kind=CentreKind.SENTRA_UMKM, province="Nusa Tenggara Timur", regency="Kupang",
        address="Jl. Timor Raya, Oelamasi, Kabupaten Kupang", contact="+6281237001122",
        description=("Sentra pemasaran tenun ikat Kabupaten Kupang: membina kelompok tenun soal "
                     "kemasan, foto dan harga, dan menjalankan toko bagi penenun yang belum "
                     "memiliki ponsel."),
        staff_email="petugas.kupang", staff_name="Fransiska Lake",
        shops=("Tenun Ikat Ina Bo'i", "Tais Tasifeto", "Kenari & Tenun Mama Ester"),
        assisted=("Tenun Ikat Ina Bo'i",),
    ),
    CentreSpec(
        name="PLUT-KUMKM Kalimantan Barat", slug="plut-kumkm-kalimantan-barat",
        kind=CentreKind.PLUT, province="Kalimantan Barat", regency="Sanggau",
        address="Jl. Lintas Malindo, Entikong, Sanggau", contact="+6285245003344",
        description=("Pusat Layanan Usaha Terpadu di perbatasan Entikong: pendampingan izin "
                     "P-IRT dan halal, kemasan madu dan lada, serta pengiriman ke Sarawak."),
        staff_email="petugas.plut.kalbar", staff_name="Agus Santoso",
        shops=("Sanggar Kriya Dayak Entikong", "Kebun Lada Jagoi Babang",
               "KUB Madu Hutan Danau Sentarum", "Rumah Tenun Ikat Kelam"),
        assisted=("Rumah Tenun Ikat Kelam",),
    ),
)

ASSISTED_SHOPS = frozenset(name for centre in CENTRES for name in centre.assisted)


def add_centres(shops: dict[str, Shop], email_domain: str, now: datetime) -> int:
    for spec in CENTRES:
        centre = Centre(name=spec.name, slug=spec.slug, kind=spec.kind, province=spec.province,
                        regency=spec.regency, address=spec.address, contact=spec.contact,
                        description=spec.description, is_demo=True,
                        created_at=now - timedelta(days=150))
        db.session.add(centre)
        staff = User(email=f"{spec.staff_email}@{email_domain}", name=spec.staff_name,
                     password_hash=None, is_demo=True, created_at=now - timedelta(days=140),
                     email_verified_at=now - timedelta(days=140))
        staff.roles.append(UserRole(role=Role.CENTRE_STAFF))
        db.session.add(staff)
        db.session.add(CentreStaff(centre=centre, user=staff))
        for name in spec.shops:
            shop = shops[name]
            shop.centre = centre
            shop.is_assisted = name in spec.assisted
    db.session.flush()
    return len(CENTRES)
