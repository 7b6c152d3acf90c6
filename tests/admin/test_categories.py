"""Categories: create, rename, reorder, move, delete (moving the products first), all audited."""
import json

import pytest
import sqlalchemy as sa

from marketplace.accounts.models import Role
from marketplace.admin import audit, categories
from marketplace.catalog.models import Category, Product, ProductKind, ProductStatus
from tests.conftest import submit
from tests.factories import make_category, make_product, make_user


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def admin(db):
    return make_user(email="katalog@sentra.id", roles=(Role.ADMIN,))


def names(tree) -> list:
    return [(top.name_id, [c.name_id for c in children]) for top, children in tree]


def test_create_top_categories_and_children(db, admin):
    kain = categories.create_category("Kain & Tenun", "Textiles & weaving", actor=admin,
                                      default_kind=ProductKind.TEXTILE)
    ikat = categories.create_category("Tenun Ikat", "Ikat weaving", parent_id=kain.id,
                                      actor=admin, default_kind=ProductKind.TEXTILE)
    songket = categories.create_category("Songket", "Songket", parent_id=kain.id, actor=admin)
    madu = categories.create_category("Madu", "Honey", actor=admin, ip_address="10.1.1.1")
    assert names(categories.tree()) == [("Kain & Tenun", ["Tenun Ikat", "Songket"]), ("Madu", [])]
    assert kain.slug == "kain-tenun" and ikat.parent_id == kain.id
    assert songket.default_kind == ProductKind.CRAFT
    entries = audit.entries(action="category.create")
    assert len(entries) == 4
    assert entries[0].target_id == str(madu.id) and entries[0].ip_address == "10.1.1.1"
    assert json.loads(entries[0].after)["name_en"] == "Honey"
    # The same name twice gets its own slug.
    assert categories.create_category("Madu", "Honey", actor=admin).slug == "madu-2"


def test_only_two_levels_and_never_under_a_category_holding_products(db, admin):
    kain = categories.create_category("Kain", "Cloth", actor=admin)
    ikat = categories.create_category("Ikat", "Ikat", parent_id=kain.id, actor=admin)
    with pytest.raises(categories.TooDeep):
        categories.create_category("Ikat Sumba", "Sumba ikat", parent_id=ikat.id, actor=admin)
    db.session.rollback()
    madu = categories.create_category("Madu", "Honey", actor=admin)
    make_product(category=madu)
    with pytest.raises(categories.HoldsProducts):
        categories.create_category("Madu Hutan", "Forest honey", parent_id=madu.id, actor=admin)
    db.session.rollback()
    assert len(audit.entries(action="category.create")) == 3


def test_rename_keeps_the_slug_and_is_audited(db, admin):
    category = categories.create_category("Kopi", "Coffee", actor=admin)
    categories.update_category(category, "Kopi Perbatasan", "Border coffee", ProductKind.FOOD,
                               actor=admin)
    db.session.expire_all()
    category = db.session.get(Category, category.id)
    assert (category.name_id, category.name_en, category.slug) == (
        "Kopi Perbatasan", "Border coffee", "kopi")
    assert category.default_kind == ProductKind.FOOD
    [entry] = audit.entries(action="category.update")
    assert json.loads(entry.before)["name_id"] == "Kopi"
    assert json.loads(entry.after)["name_en"] == "Border coffee"


def test_reorder_among_siblings(db, admin):
    a = categories.create_category("A", "A", actor=admin)
    b = categories.create_category("B", "B", actor=admin)
    c = categories.create_category("C", "C", actor=admin)
    child_1 = categories.create_category("A1", "A1", parent_id=a.id, actor=admin)
    categories.create_category("A2", "A2", parent_id=a.id, actor=admin)
    assert categories.reorder_category(c, -1, actor=admin) is True
    assert categories.reorder_category(child_1, +1, actor=admin) is True
    assert names(categories.tree()) == [("A", ["A2", "A1"]), ("C", []), ("B", [])]
    # Nothing past either end, and nothing recorded for it.
    assert categories.reorder_category(a, -1, actor=admin) is False
    assert categories.reorder_category(b, +1, actor=admin) is False
    assert len(audit.entries(action="category.reorder")) == 2


def test_move_between_parents_and_to_the_top(db, admin):
    kain = categories.create_category("Kain", "Cloth", actor=admin)
    craft = categories.create_category("Kriya", "Crafts", actor=admin)
    bag = categories.create_category("Tas Tenun", "Woven bags", parent_id=kain.id, actor=admin)
    categories.create_category("Ikat", "Ikat", parent_id=kain.id, actor=admin)
    product = make_product(category=bag)

    categories.move_category(bag, craft.id, actor=admin)
    assert names(categories.tree()) == [("Kain", ["Ikat"]), ("Kriya", ["Tas Tenun"])]
    assert db.session.get(Product, product.id).category_id == bag.id  # products go with it
    categories.move_category(bag, None, actor=admin)
    assert names(categories.tree())[-1] == ("Tas Tenun", [])

    with pytest.raises(categories.TooDeep):  # has children: cannot become one
        categories.move_category(kain, craft.id, actor=admin)
    db.session.rollback()
    with pytest.raises(categories.HoldsProducts):  # Tas Tenun holds a product
        categories.move_category(craft, bag.id, actor=admin)
    db.session.rollback()
    with pytest.raises(categories.CategoryError):
        categories.move_category(bag, bag.id, actor=admin)
    db.session.rollback()
    moves = audit.entries(action="category.move")
    assert len(moves) == 2
    assert json.loads(moves[1].before)["parent_id"] == kain.id
    assert json.loads(moves[1].after)["parent_id"] == craft.id


def test_a_category_with_children_or_products_is_not_deleted(db, admin):
    kain = categories.create_category("Kain", "Cloth", actor=admin)
    ikat = categories.create_category("Ikat", "Ikat", parent_id=kain.id, actor=admin)
    make_product(category=ikat)
    make_product(category=ikat, status=ProductStatus.ARCHIVED)  # archived ones count too
    with pytest.raises(categories.HasChildren):
        categories.delete_category(kain, actor=admin)
    with pytest.raises(categories.HasProducts) as refused:
        categories.delete_category(ikat, actor=admin)
    assert refused.value.count == 2
    db.session.rollback()
    assert db.session.get(Category, ikat.id) is not None
    assert audit.entries(action="category.delete") == []


def test_delete_moving_the_products_in_the_same_transaction(db, admin):
    kain = categories.create_category("Kain", "Cloth", actor=admin)
    old = categories.create_category("Ikat Lama", "Old ikat", parent_id=kain.id, actor=admin)
    new = categories.create_category("Tenun Ikat", "Ikat weaving", parent_id=kain.id, actor=admin)
    products = [make_product(category=old) for _ in range(3)]
    changed = {p.id: p.updated_at for p in products}
    with pytest.raises(categories.BadTarget):  # not into a category with subcategories
        categories.delete_category(old, move_products_to=kain.id, actor=admin)
    db.session.rollback()
    with pytest.raises(categories.BadTarget):
        categories.delete_category(old, move_products_to=old.id, actor=admin)
    db.session.rollback()

    assert categories.delete_category(old, move_products_to=new.id, actor=admin,
                                      ip_address="10.0.0.9") == 3
    db.session.expire_all()
    assert db.session.get(Category, old.id) is None
    moved = db.session.scalars(sa.select(Product).where(Product.id.in_(changed))).all()
    assert {p.category_id for p in moved} == {new.id}
    assert {p.id: p.updated_at for p in moved} == changed  # not the seller's edit
    [move] = audit.entries(action="category.move_products")
    assert json.loads(move.before) == {"category_id": old.id, "products": 3}
    assert json.loads(move.after)["category_id"] == new.id
    [deleted] = audit.entries(action="category.delete")
    assert json.loads(deleted.before)["name_id"] == "Ikat Lama"
    assert deleted.ip_address == "10.0.0.9"


def test_an_empty_category_is_simply_deleted(db, admin):
    empty = categories.create_category("Kosong", "Empty", actor=admin)
    assert categories.delete_category(empty, actor=admin) == 0
    assert db.session.get(Category, empty.id) is None
    assert audit.entries(action="category.move_products") == []
    assert len(audit.entries(action="category.delete")) == 1


# --- Through the pages ---------------------------------------------------------------------

def test_managing_categories_through_the_pages(client, db, admin, login_as):
    login_as(admin)
    response = submit(client, "/admin/categories", {
        "name_id": "Kain & Tenun", "name_en": "Textiles", "parent_id": "",
        "default_kind": "textile",
    }, form_url="/admin/categories")
    assert response.status_code == 303
    kain = db.session.scalar(sa.select(Category).where(Category.slug == "kain-tenun"))
    page = text(client.get("/admin/categories"))
    assert f'<option value="{kain.id}">Textiles</option>' in page  # may take children (English page)
    submit(client, "/admin/categories", {"name_id": "Tenun Ikat", "name_en": "Ikat",
                                         "parent_id": str(kain.id), "default_kind": "textile"},
           form_url="/admin/categories")
    ikat = db.session.scalar(sa.select(Category).where(Category.slug == "tenun-ikat"))
    assert ikat.parent_id == kain.id

    edit = f"/admin/categories/{ikat.id}"
    response = submit(client, edit, {"name_id": "Tenun Ikat NTT", "name_en": "NTT ikat",
                                     "default_kind": "textile"})
    assert response.status_code == 303
    submit(client, f"{edit}/move", {"parent_id": ""}, form_url=edit)
    db.session.expire_all()
    ikat = db.session.get(Category, ikat.id)
    assert (ikat.name_id, ikat.parent_id) == ("Tenun Ikat NTT", None)
    submit(client, f"{edit}/reorder", {"direction": "up"}, form_url="/admin/categories")
    assert [top.name_id for top, _ in categories.tree()] == ["Tenun Ikat NTT", "Kain & Tenun"]
    assert [e.action for e in audit.entries()] == [
        "category.reorder", "category.move", "category.update", "category.create",
        "category.create"]


def test_deleting_a_category_with_products_offers_to_move_them(client, db, admin, login_as):
    old = make_category("Ikat Lama", "Old ikat")
    new = make_category("Tenun Ikat", "Ikat weaving")
    product = make_product(category=old)
    old_id = old.id
    login_as(admin)
    edit = f"/admin/categories/{old_id}"
    page = text(client.get(edit))
    delete_form = page.split(f'action="{edit}/delete"')[1].split("</form>")[0]
    assert '<label for="move_products_to">' in delete_form
    assert f'<option value="{new.id}">Ikat weaving</option>' in delete_form
    assert f'<option value="{old_id}">' not in delete_form

    refused = submit(client, f"{edit}/delete", {"move_products_to": ""}, form_url=edit)
    assert refused.status_code == 400
    assert "choose where to move it" in text(refused)
    assert db.session.get(Category, old_id) is not None

    done = submit(client, f"{edit}/delete", {"move_products_to": str(new.id)}, form_url=edit)
    assert done.status_code == 303
    db.session.expire_all()
    assert db.session.get(Category, old_id) is None
    assert db.session.get(Product, product.id).category_id == new.id
    assert "1 product moved" in text(client.get("/admin/categories"))


def test_category_forms_without_valid_data_are_refused_calmly(client, db, admin, login_as):
    parent = make_category("Kain", "Cloth")
    make_product(category=parent)
    other = make_category("Madu", "Honey")
    login_as(admin)
    assert submit(client, "/admin/categories", {"name_id": "", "name_en": "",
                                                "default_kind": "spaceship"},
                  form_url="/admin/categories").status_code == 400
    # A parent holding products is not offered, and refused when posted anyway.
    response = submit(client, "/admin/categories", {
        "name_id": "Ikat", "name_en": "Ikat", "parent_id": str(parent.id), "default_kind": "craft",
    }, form_url="/admin/categories")
    assert response.status_code == 400
    edit = f"/admin/categories/{other.id}"
    assert submit(client, f"{edit}/move", {"parent_id": "abc"}, form_url=edit).status_code == 400
    assert submit(client, f"{edit}/reorder", {"direction": "sideways"},
                  form_url=edit).status_code == 303
    assert client.get("/admin/categories/999").status_code == 404
    assert client.get("/admin/categories/" + "9" * 30).status_code == 404
    assert audit.entries() == []


def test_renaming_moving_or_emptying_a_category_queues_its_products_for_search(db, admin):
    from marketplace.catalog.models import SearchIndexQueue

    def queued() -> set[int]:
        ids = set(db.session.scalars(sa.select(SearchIndexQueue.product_id)))
        db.session.execute(sa.delete(SearchIndexQueue))
        db.session.commit()
        return ids

    kain = categories.create_category("Kain", "Cloth", actor=admin)
    ikat = categories.create_category("Ikat", "Ikat", parent_id=kain.id, actor=admin)
    other = categories.create_category("Kriya", "Crafts", actor=admin)
    product = make_product(category=ikat)
    elsewhere = make_product(category=other)
    queued()
    categories.update_category(kain, "Kain Tenun", "Woven cloth", ProductKind.TEXTILE, actor=admin)
    assert queued() == {product.id}  # its documents carry the parent's names too
    categories.update_category(kain, "Kain Tenun", "Woven cloth", ProductKind.CRAFT, actor=admin)
    assert queued() == set()  # only the default kind changed
    categories.move_category(ikat, None, actor=admin)
    assert queued() == {product.id}
    categories.delete_category(other, move_products_to=ikat.id, actor=admin)
    assert queued() == {elsewhere.id}
