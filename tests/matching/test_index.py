from __future__ import annotations

import threading

from matching.index import IndexCache, IndexRow, MatchIndex


def _index(*texts: str) -> MatchIndex:
    return MatchIndex(
        [IndexRow(1, i, f"k{i}", t, t, True, None) for i, t in enumerate(texts)], dim=None
    )


def test_it_keeps_serving_the_old_index_while_a_new_one_is_built():
    cache = IndexCache()
    version = {"n": 1}
    release = threading.Event()
    built: list[MatchIndex] = []

    def build() -> MatchIndex:
        if built:
            release.wait(5)
        built.append(_index(f"version {version['n']}"))
        return built[-1]

    first = cache.get(signature=lambda: version["n"], build=build, ttl=0, background=True)
    version["n"] = 2
    # The rebuild is under way in a thread: the reader gets the index it had, at once.
    assert cache.get(signature=lambda: version["n"], build=build, ttl=0, background=True) is first
    release.set()
    for _ in range(100):
        current = cache.get(signature=lambda: version["n"], build=build, ttl=0, background=True)
        if current is not first:
            break
        threading.Event().wait(0.05)
    assert current.texts == ["version 2"]


def test_it_rebuilds_inline_only_when_the_signature_changed():
    cache = IndexCache()
    calls: list[int] = []

    def build() -> MatchIndex:
        calls.append(1)
        return _index("text")

    for _ in range(3):
        cache.get(signature=lambda: "same", build=build, ttl=0, background=False)
    assert len(calls) == 1


def test_intake_does_not_wait_for_the_first_build_of_the_index():
    cache = IndexCache()
    release = threading.Event()

    def build() -> MatchIndex:
        release.wait(5)
        return _index("built")

    kwargs = {"signature": lambda: 1, "build": build, "ttl": 60, "background": True}
    assert cache.get_if_ready(**kwargs) is None  # building in a thread, nobody waits
    release.set()
    for _ in range(100):
        ready = cache.get_if_ready(**kwargs)
        if ready is not None:
            break
        threading.Event().wait(0.05)
    assert ready is not None and ready.texts == ["built"]
