"""bench/pages.py, the benchmark of every page, on the small benchmark data set: each page it
measures answers, so the script does not rot as pages move, and its report carries the
done-when ratios. The times themselves are measured by the script, never here."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from followthrough.benchdata.loader import bench_data_load

pytestmark = pytest.mark.django_db

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "pages.py"


@pytest.fixture(scope="module")
def bench_pages():
    spec = importlib.util.spec_from_file_location("bench_pages", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


def test_every_page_it_measures_answers_on_the_small_bench_data(bench_pages):
    bench_data_load(scale="small", seed=1)
    bench_pages.check_migrated()
    world = bench_pages.world()
    pages = bench_pages.pages(world)
    clients = {name: bench_pages.client_for(user) for name, user in world["people"].items()}

    bench_pages.measure(pages, clients, repeat=1, say=lambda line: None)

    assert {page.key: page.status for page in pages if page.status != page.expect} == {}
    assert all(page.queries > 0 and len(page.times_ms) == 1 for page in pages)
    assert world["plan_sizes"] == (20, 4)
    assert {"dashboard-largest", "dashboard-smallest", "my-actions-lead", "plan-big"} <= {
        page.key for page in pages
    }


def test_its_report_gives_each_done_when_ratio_with_its_limit(bench_pages):
    bench_data_load(scale="small", seed=1)
    world = bench_pages.world()
    pages = [
        page
        for page in bench_pages.pages(world)
        if page.key in {"dashboard-largest", "dashboard-smallest", "plan-big", "plan-small"}
    ]
    for page, ms in zip(pages, [30.0, 10.0, 90.0, 20.0], strict=True):
        page.status, page.queries, page.times_ms = 200, 5, [ms]

    result = bench_pages.report(pages, world, {"vendor": "sqlite"}, repeat=1)

    ratios = {r["ratio"]: (r["p50"], r["passes"]) for r in result["ratios"]}
    assert ratios["Largest dashboard / smallest dashboard"] == (3.0, False)
    assert ratios["300-action plan page / 30-action plan page"] == (4.5, False)
    # My actions was not measured: no figure, and it does not pass.
    assert ratios["bench-lead's My actions / smallest dashboard"] == (None, False)


def test_it_says_what_to_do_on_a_database_without_bench_data(bench_pages):
    with pytest.raises(bench_pages.BenchError, match="bench-data --scale national"):
        bench_pages.world()


def test_the_nearest_rank_percentile(bench_pages):
    twenty = [float(n) for n in range(1, 21)]
    assert bench_pages.percentile(twenty, 95) == 19.0
    assert bench_pages.percentile(twenty, 50) == 10.0
    assert bench_pages.percentile([7.0], 95) == 7.0
