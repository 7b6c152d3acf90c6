"""The benchmark's search mix (bench/search_mix.py): what buyers type, drawn with Zipf."""
from __future__ import annotations

import random
import re
from collections import Counter
from urllib.parse import parse_qs, urlsplit

from bench import search_mix


def test_at_least_200_distinct_urls_of_every_kind():
    mix = search_mix.search_paths()
    paths = [path for _, path in mix]
    assert len(set(paths)) == len(paths) >= 200
    groups = Counter(group for group, _ in mix)
    assert set(groups) == set(search_mix.GROUPS) and min(groups.values()) >= 20
    filtered = [parse_qs(urlsplit(path).query) for group, path in mix if group == "filtered"]
    for name in ("category", "province", "regency", "price", "in_stock", "sort", "page"):
        assert any(name in args for args in filtered), name
    assert search_mix.search_paths() == mix  # the same URLs every run


def test_popular_urls_are_drawn_most_often():
    mix = search_mix.search_paths()
    drawn = Counter(path for _, path in search_mix.draw(random.Random(7), mix, 20_000))
    assert drawn[mix[0][1]] > drawn[mix[10][1]] > drawn[mix[200][1]]
    assert mix[0][0] == "broad" or Counter(g for g, _ in mix[:20])["broad"] >= 5


def test_the_wrk_script_holds_every_url_and_ends_at_one():
    mix = search_mix.search_paths()
    script = search_mix.lua_script(mix)
    assert all(f'"{path}"' in script for _, path in mix)
    bounds = [float(b) for b in re.search(r"local cumulative = \{(.*)\}", script).group(1).split(",")]
    assert len(bounds) == len(mix) and bounds == sorted(bounds) and abs(bounds[-1] - 1) < 1e-6
