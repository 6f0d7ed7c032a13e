"""The momentum chart as a PNG: ratings over time with the ten reviews clients see shaded, and
billings per month stacked by fee band.

matplotlib is imported only when a chart is drawn, so starting the bot never pays for it, and the
drawing uses a `Figure` of its own with the Agg canvas (no pyplot and its global state), so charts
drawn in several threads at once never share anything. Drawing takes a while: call
`render_momentum_chart` off the event loop, with `asyncio.to_thread`.
"""

from __future__ import annotations

import io
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

from advisor.momentum import LOW_RATING, REVIEW_WINDOW_SIZE, MomentumChart
from advisor.money import format_money

MIN_SIDE_PX = 200
MAX_SIDE_PX = 4000
_DPI = 100
# Band colours from the most expensive band to the cheapest: the cheaper, the greener.
# By the rate of fee paid, dearest first; money whose fee is not known is grey.
_RATE_COLOURS = (
    (Decimal("0.20"), "#d9534f"),
    (Decimal("0.15"), "#f0ad4e"),
    (Decimal("0.10"), "#f7d154"),
    (Decimal("0.05"), "#5cb85c"),
    (Decimal(0), "#5bc0de"),
)
_UNKNOWN_FEE_COLOUR = "#b0b0b0"


def _colour(rate: Decimal | None) -> str:
    if rate is None:
        return _UNKNOWN_FEE_COLOUR
    return next(colour for floor, colour in _RATE_COLOURS if rate >= floor)


_WINDOW_SHADE = "#fff3cd"
_RATING_COLOUR = "#337ab7"
_LOW_COLOUR = "#d9534f"
_HALF_DAY = timedelta(hours=12)
_FORTNIGHT = timedelta(days=15)


def _check_side(value: int, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an int, not {type(value).__name__}")
    if not MIN_SIDE_PX <= value <= MAX_SIDE_PX:
        raise ValueError(f"{what} must be from {MIN_SIDE_PX} to {MAX_SIDE_PX} pixels")
    return value


def _draw_ratings(axes: Any, data: MomentumChart) -> None:
    if not data.ratings:
        axes.text(0.5, 0.5, "No rated jobs yet", ha="center", va="center", transform=axes.transAxes)
        axes.set_yticks([])
        axes.set_xticks([])
        axes.set_title("Ratings over time")
        return
    days = [datetime.combine(point.ended_on, time()) for point in data.ratings]
    stars = [float(point.rating) for point in data.ratings]
    shown = [day for day, point in zip(days, data.ratings, strict=True) if point.in_window]
    if shown:
        axes.axvspan(
            min(shown) - _HALF_DAY,
            max(shown) + _HALF_DAY,
            color=_WINDOW_SHADE,
            label=f"The {REVIEW_WINDOW_SIZE} reviews clients see",
        )
    axes.plot(days, stars, color=_RATING_COLOUR, linewidth=1, alpha=0.5)
    colours = [
        _LOW_COLOUR if point.rating < LOW_RATING else _RATING_COLOUR for point in data.ratings
    ]
    axes.scatter(days, stars, c=colours, zorder=3, s=28)
    axes.axhline(
        float(LOW_RATING),
        color=_LOW_COLOUR,
        linestyle="--",
        linewidth=0.8,
        label=f"Under {LOW_RATING} stars drags the window down",
    )
    axes.set_ylim(0.8, 5.2)
    axes.set_ylabel("Stars")
    if len(set(days)) == 1:
        # A single day gives the date axis no width to lay its ticks out on.
        axes.set_xlim(days[0] - _FORTNIGHT, days[0] + _FORTNIGHT)
    average = f" (window average {data.window_average})" if data.window_average else ""
    axes.set_title(f"Ratings over time{average}")
    axes.legend(loc="best", fontsize="small")


def _draw_billings(axes: Any, data: MomentumChart) -> None:
    from matplotlib.ticker import FuncFormatter

    labels = [month.month.strftime("%b %y") for month in data.months]
    positions = list(range(len(data.months)))
    bottoms = [0.0] * len(data.months)
    for index, rate_label in enumerate(data.rate_labels):
        heights = [float(month.by_rate[index]) for month in data.months]
        axes.bar(
            positions,
            heights,
            bottom=bottoms,
            color=_colour(data.rates[index]),
            label=_plain(rate_label),
            width=0.8,
        )
        bottoms = [low + high for low, high in zip(bottoms, heights, strict=True)]
    axes.set_xticks(positions[::2], labels[::2], fontsize="small")
    axes.yaxis.set_major_formatter(
        FuncFormatter(
            lambda value, _: _plain(format_money(_tick(value), data.currency, trim_zero_cents=True))
        )
    )
    axes.set_title("Billed per month, by the rate of fee paid")
    if not any(bottoms):
        axes.set_yticks([])
        axes.text(
            0.5,
            0.5,
            "Nothing billed in the last 24 months",
            ha="center",
            va="center",
            transform=axes.transAxes,
        )
    else:
        axes.legend(loc="best", fontsize="small")


def _plain(text: str) -> str:
    """Text shown as written: matplotlib reads a pair of dollar signs as mathematics."""
    return text.replace("$", r"\$")


def _tick(value: float) -> Decimal:
    # Axis ticks are floats by nature; they are labels here, never money that is computed with.
    return Decimal(str(round(value)))


def render_momentum_chart(
    data: MomentumChart, *, width_px: int = 1200, height_px: int = 700
) -> bytes:
    """Draw the chart and return it as PNG bytes of exactly `width_px` x `height_px` pixels."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    width, height = _check_side(width_px, "width_px"), _check_side(height_px, "height_px")
    figure = Figure(figsize=(width / _DPI, height / _DPI), dpi=_DPI)
    FigureCanvasAgg(figure)
    ratings, billings = figure.subplots(2, 1)
    _draw_ratings(ratings, data)
    _draw_billings(billings, data)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=_DPI)
    return buffer.getvalue()
