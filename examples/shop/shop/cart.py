"""Shopping carts for the demo shop."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from shop.pricing import discount, line_total, with_tax

CATALOGUE = {
    "tea": Decimal("4.50"),
    "mug": Decimal("12.00"),
    "kettle": Decimal("39.90"),
}


@dataclass
class Cart:
    """Items and quantities, priced from the catalogue."""

    items: dict[str, int] = field(default_factory=dict)
    code: str | None = None

    def add(self, sku: str, quantity: int = 1) -> None:
        if sku not in CATALOGUE:
            raise KeyError(sku)
        if quantity <= 0:
            raise ValueError("quantity must be positive")
        self.items[sku] = self.items.get(sku, 0) + quantity

    def remove(self, sku: str) -> None:
        self.items.pop(sku, None)

    def subtotal(self) -> Decimal:
        return sum((line_total(CATALOGUE[s], q) for s, q in self.items.items()), Decimal("0"))

    def total(self) -> Decimal:
        sub = self.subtotal()
        return with_tax(sub - discount(sub, self.code))
