"""``coach bench pose``'s table stays readable in an 80-column terminal."""

from __future__ import annotations

from rich.console import Console

from coach.bench.pose import BackendTiming, Percentiles
from coach.cli.bench_pose import _table, short_backend_name

TERMINAL_COLUMNS = 80


def _timing(name: str, scale: float) -> BackendTiming:
    def pct(p50: float) -> Percentiles:
        return Percentiles(p50 * scale, p50 * scale * 1.9)

    stages = {
        "preprocess": pct(0.44),
        "inference": pct(17.57),
        "postprocess": pct(0.68),
        "estimate": pct(18.88),
    }
    return BackendTiming(name, 100, stages, pct(17.39), pct(1.30))


def test_four_backends_with_three_digit_timings_fit_80_columns_without_ellipsis() -> None:
    names = ["movenet-lightning", "movenet-thunder", "movenet-multipose", "blazepose-full"]
    results = [_timing(name, 6.0) for name in names]  # 105/200 ms: three-digit cells
    console = Console(width=TERMINAL_COLUMNS, record=True, color_system=None)
    console.print(_table(results, {"blazepose-heavy": "not installed"}, 100))
    text = console.export_text()
    assert "…" not in text
    assert max(len(line) for line in text.splitlines()) <= TERMINAL_COLUMNS
    for name in names:
        assert short_backend_name(name) in text
    assert "105/200" in text  # the inference stage, 17.57 ms × 6, uncut
    assert "2.64/5.02" in text  # preprocess, 0.44 ms × 6
    assert "1.09×" in text  # estimate / bare of every backend: 18.88 / 17.39


def test_short_names_drop_only_the_movenet_prefix() -> None:
    assert short_backend_name("movenet-lightning") == "lightning"
    assert short_backend_name("blazepose-full") == "blazepose-full"
