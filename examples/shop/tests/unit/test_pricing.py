from decimal import Decimal

import pytest

from shop.cart import Cart
from shop.pricing import discount, line_total, with_tax


@pytest.mark.parametrize("price,qty,expected", [("4.50", 2, "9.00"), ("12.00", 0, "0.00"), ("39.90", 3, "119.70")])
def test_line_total(price, qty, expected):
    assert line_total(Decimal(price), qty) == Decimal(expected)


def test_negative_quantity_is_refused():
    with pytest.raises(ValueError):
        line_total(Decimal("1"), -1)


@pytest.mark.parametrize("code,subtotal,expected", [
    (None, "100", "0"), ("WELCOME10", "100", "10.00"), ("WELCOME10", "4.55", "0.46"),
    ("FREESHIP", "50", "4.99"), ("FREESHIP", "49.99", "0"), ("BOGUS", "100", "0"),
])
def test_discount(code, subtotal, expected):
    assert discount(Decimal(subtotal), code) == Decimal(expected)


@pytest.mark.parametrize("amount,expected", [("10", "12.00"), ("0.01", "0.01"), ("19.99", "23.99")])
def test_with_tax(amount, expected):
    assert with_tax(Decimal(amount)) == Decimal(expected)


def test_cart_total_with_code():
    cart = Cart(code="WELCOME10")
    cart.add("mug", 2)
    cart.add("tea")
    assert cart.subtotal() == Decimal("28.50")
    assert cart.total() == Decimal("30.78")


def test_cart_rejects_unknown_sku():
    with pytest.raises(KeyError):
        Cart().add("spoon")


def test_cart_rejects_zero_quantity():
    with pytest.raises(ValueError):
        Cart().add("tea", 0)


def test_remove_missing_item_is_harmless():
    cart = Cart()
    cart.remove("tea")
    assert cart.items == {}


def test_add_accumulates():
    cart = Cart()
    cart.add("tea")
    cart.add("tea", 2)
    assert cart.items == {"tea": 3}
