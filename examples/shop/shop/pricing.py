"""Prices, discounts and tax for the demo shop."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

TAX_RATE = Decimal("0.20")


def line_total(unit_price: Decimal, quantity: int) -> Decimal:
    """Price of one cart line."""
    if quantity < 0:
        raise ValueError("quantity must not be negative")
    return unit_price * quantity


def discount(subtotal: Decimal, code: str | None) -> Decimal:
    """The discount a code gives on a subtotal."""
    if code is None:
        return Decimal("0")
    if code == "WELCOME10":
        return (subtotal * Decimal("0.10")).quantize(Decimal("0.01"), ROUND_HALF_UP)
    if code == "FREESHIP" and subtotal >= Decimal("50"):
        return Decimal("4.99")
    return Decimal("0")


def with_tax(amount: Decimal) -> Decimal:
    """Amount including tax, rounded to cents."""
    return (amount * (1 + TAX_RATE)).quantize(Decimal("0.01"), ROUND_HALF_UP)
