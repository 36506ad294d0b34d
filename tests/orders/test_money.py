"""The rounding rule of orders/money.py: half up, per line, and the shares sum to the net."""

from decimal import Decimal

import pytest

from django.core.exceptions import ValidationError

from orders.money import line_net, round_half_up, rupiah, split


@pytest.mark.parametrize(
    ("amount", "rounded"),
    [("0.5", 1), ("1.49", 1), ("1.5", 2), ("2.5", 3), ("12345.5", 12346), ("0.49", 0)],
)
def test_halves_round_up_not_to_even(amount, rounded):
    assert round_half_up(Decimal(amount)) == rounded


def test_the_three_shares_always_add_up_to_the_net():
    # 33,333 × 15% = 4,999.95 → 5,000; × 12.5% = 4,166.625 → 4,167; rest 33,333 − 9,167 = 24,166.
    shares = split(33333, Decimal("15.00"), Decimal("12.50"))
    assert (shares.premi, shares.pnbp, shares.rest) == (5000, 4167, 24166)
    assert shares.premi + shares.pnbp + shares.rest == 33333


def test_an_exact_half_rupiah_rounds_up():
    # Rp 25 × 10% = 2.5 → 3 (banker's rounding would give 2).
    assert split(25, Decimal("10"), Decimal("0")).premi == 3


def test_a_full_split_still_sums_to_the_net():
    # 101 × 50.5% = 51.005 → 51; 101 × 49.5% = 49.995 → 50; rest 101 − 51 − 50 = 0.
    shares = split(101, Decimal("50.5"), Decimal("49.5"))
    assert (shares.premi, shares.pnbp, shares.rest) == (51, 50, 0)


def test_a_line_net_subtracts_the_discount_and_refuses_a_larger_one():
    assert line_net(3, 120000, 15000) == 345000
    assert line_net(2, 100, 200) == 0
    with pytest.raises(ValidationError, match="more than the line"):
        line_net(2, 100, 201)


def test_amounts_are_written_with_dots():
    assert rupiah(1234500) == "1.234.500"


@pytest.mark.parametrize(
    ("quantity", "unit_price", "discount", "message"),
    [
        (3_000_000_000, 325000, 0, "The quantity 3.000.000.000 is not between 1 and 100.000."),
        (0, 325000, 0, "The quantity 0 is not between 1 and 100.000."),
        (1, 1_000_000_001, 0, "is not between Rp 0 and Rp 1.000.000.000."),
        (1, 100, -1, "A discount cannot be negative."),
    ],
)
def test_a_line_outside_the_bounds_is_refused_in_words(quantity, unit_price, discount, message):
    with pytest.raises(ValidationError, match=message):
        line_net(quantity, unit_price, discount)


def test_the_largest_line_is_accepted():
    assert line_net(100_000, 1_000_000_000, 0) == 100_000_000_000_000
