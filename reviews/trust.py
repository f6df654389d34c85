"""How trust figures become a rating for ranking and a level. Pure functions, no queries.

Bayesian average (for ranking): ``(C * m + sum of ratings) / (C + n)`` with the prior
``m = 4.0`` and the weight ``C = 5`` reviews: a member with no review ranks at 4.0, one
5-star review gives 4.17, fifty 4.8-star reviews give 4.73, so a single 5-star review never
outranks a long record of excellent ones, and a few bad reviews weigh less than many.

Levels (checked from the top; the first that matches wins):

* **trusted**: at least 10 completed exchanges, Bayesian rating at least 4.5, at least one
  active vouch, and no moderation sanction in the last 12 months;
* **regular**: at least 3 completed exchanges and a Bayesian rating at least 3.5;
* **newcomer**: everyone else.
"""

from __future__ import annotations

import statistics
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy

from .models import TrustLevel

BAYES_PRIOR_MEAN = Decimal("4.0")
BAYES_PRIOR_WEIGHT = 5

TRUSTED_MIN_EXCHANGES = 10
TRUSTED_MIN_BAYESIAN = Decimal("4.5")
TRUSTED_MIN_VOUCHES = 1
SANCTION_MEMORY = timedelta(days=365)
REGULAR_MIN_EXCHANGES = 3
REGULAR_MIN_BAYESIAN = Decimal("3.5")

#: Response rate and time, and cancellations, look at this period.
FIGURES_PERIOD = timedelta(days=365)


def bayesian_rating(*, rating_sum: int, rating_count: int) -> Decimal:
    value = (BAYES_PRIOR_MEAN * BAYES_PRIOR_WEIGHT + rating_sum) / (BAYES_PRIOR_WEIGHT + rating_count)
    return value.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


def average_rating(*, rating_sum: int, rating_count: int) -> Decimal | None:
    if not rating_count:
        return None
    return (Decimal(rating_sum) / rating_count).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def trust_level(
    *,
    exchanges: int,
    bayesian: Decimal,
    vouches: int,
    last_sanction_at: datetime | None,
    now: datetime,
) -> str:
    recently_sanctioned = last_sanction_at is not None and last_sanction_at > now - SANCTION_MEMORY
    if (
        exchanges >= TRUSTED_MIN_EXCHANGES
        and bayesian >= TRUSTED_MIN_BAYESIAN
        and vouches >= TRUSTED_MIN_VOUCHES
        and not recently_sanctioned
    ):
        return TrustLevel.TRUSTED
    if exchanges >= REGULAR_MIN_EXCHANGES and bayesian >= REGULAR_MIN_BAYESIAN:
        return TrustLevel.REGULAR
    return TrustLevel.NEWCOMER


def median_seconds(durations: list[float]) -> int | None:
    if not durations:
        return None
    return round(statistics.median(durations))


# Labels of the search hooks in listings (sort by the owner's trust, "trusted members only"),
# kept in this app's catalogue so that they are translated wherever they are shown.
SEARCH_SORT_LABEL = gettext_lazy("Most trusted owners first")
SEARCH_TRUSTED_ONLY_LABEL = gettext_lazy("Trusted members only")
