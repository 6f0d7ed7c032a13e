"""The momentum chart PNG: a valid image of exactly the size asked, drawn without pyplot, and
matplotlib loaded only when a chart is drawn."""

from __future__ import annotations

import struct
import subprocess
import sys
import zlib
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

import pytest

from advisor.momentum import (
    ChartInputs,
    MomentumChart,
    MonthRate,
    RatedJob,
    momentum_chart,
)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
TODAY = date(2025, 6, 30)
D = Decimal


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk, which must come first and be intact."""
    assert png[:8] == PNG_SIGNATURE
    length, kind = struct.unpack(">I4s", png[8:16])
    assert (length, kind) == (13, b"IHDR")
    body = png[16 : 16 + length]
    (crc,) = struct.unpack(">I", png[16 + length : 20 + length])
    assert zlib.crc32(kind + body) == crc
    width, height = struct.unpack(">II", body[:8])
    return width, height


def busy_chart() -> MomentumChart:
    ratings = tuple(
        RatedJob(60 - n, TODAY - timedelta(days=9 * n), D("2.5") if n % 7 == 3 else D(5), "A", None)
        for n in range(60)
    )
    rates = (None, D("0.05"), D("0.10"), D("0.15"), D("0.20"))
    months = tuple(
        MonthRate(date(2024 + (m + 6) // 12, (m + 6) % 12 + 1, 1), rate, D(150 * n + m))
        for n, rate in enumerate(rates, start=1)
        for m in range(12)
    )
    return momentum_chart(ChartInputs("USD", ratings, month_rates=months), TODAY)


def empty_chart() -> MomentumChart:
    return momentum_chart(ChartInputs("EUR", ()), TODAY)


def one_rating_chart() -> MomentumChart:
    rated = (RatedJob(1, TODAY, D("4.25"), "A", None),)
    return momentum_chart(ChartInputs("USD", rated), TODAY)


@pytest.mark.parametrize("chart", [busy_chart, empty_chart, one_rating_chart])
def test_chart_is_a_png_of_the_default_size(chart: Callable[[], MomentumChart]) -> None:
    from commands.momentum._chart import render_momentum_chart

    png = render_momentum_chart(chart())
    assert png_size(png) == (1200, 700)


@pytest.mark.parametrize(("width", "height"), [(800, 450), (1201, 699), (333, 257)])
def test_chart_is_exactly_the_size_asked(width: int, height: int) -> None:
    from commands.momentum._chart import render_momentum_chart

    assert png_size(render_momentum_chart(busy_chart(), width_px=width, height_px=height)) == (
        width,
        height,
    )


@pytest.mark.parametrize(("width", "height"), [(199, 700), (1200, 4001), (0, 0)])
def test_chart_size_out_of_range_is_refused(width: int, height: int) -> None:
    from commands.momentum._chart import render_momentum_chart

    with pytest.raises(ValueError, match="pixels"):
        render_momentum_chart(busy_chart(), width_px=width, height_px=height)


def test_importing_the_chart_module_does_not_import_matplotlib() -> None:
    probe = (
        "import sys\n"
        "import commands.momentum._chart\n"
        "print(any(name.split('.')[0] == 'matplotlib' for name in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
