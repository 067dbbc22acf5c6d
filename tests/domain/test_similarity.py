"""Near-identical recommendations: the similarity join finds exactly what comparing every
pair finds, and grouping is deterministic."""

import random
from itertools import combinations

import pytest

from graph_service.domain.similarity import (
    STOP_WORDS,
    is_near_identical,
    near_identical_groups,
    similar_pairs,
    words,
)


def _brute_force_pairs(sets: list[frozenset[str]]) -> set[tuple[int, int]]:
    return {
        (i, j) for i, j in combinations(range(len(sets)), 2) if is_near_identical(sets[i], sets[j])
    }


def _brute_force_groups(texts: list[str]) -> list[list[int]]:
    """Connected components of the near-identical relation, by a flood fill over all pairs."""
    sets = [words(text) for text in texts]
    neighbours: dict[int, set[int]] = {i: set() for i in range(len(texts))}
    for i, j in combinations(range(len(texts)), 2):
        if is_near_identical(sets[i], sets[j]):
            neighbours[i].add(j)
            neighbours[j].add(i)
    seen: set[int] = set()
    groups = []
    for start in range(len(texts)):
        if start in seen:
            continue
        component, frontier = {start}, [start]
        while frontier:
            for other in neighbours[frontier.pop()] - component:
                component.add(other)
                frontier.append(other)
        seen |= component
        if len(component) > 1:
            groups.append(sorted(component))
    return groups


def _random_sets(rng: random.Random, count: int, vocabulary: int) -> list[frozenset[str]]:
    """Word sets built to land near the threshold: variants of a few seeds, plus noise."""
    tokens = [f"w{i}" for i in range(vocabulary)]
    seeds = [rng.sample(tokens, rng.randint(1, min(12, vocabulary))) for _ in range(count // 6 + 1)]
    sets: set[frozenset[str]] = set()
    while len(sets) < count:
        if rng.random() < 0.2:
            sets.add(frozenset(rng.sample(tokens, rng.randint(0, min(14, vocabulary)))))
            continue
        variant = list(rng.choice(seeds))
        for _ in range(rng.randint(0, 3)):
            edit = rng.random()
            if edit < 0.4 and variant:
                variant.pop(rng.randrange(len(variant)))
            elif edit < 0.8:
                variant.append(rng.choice(tokens))
            elif variant:
                variant[rng.randrange(len(variant))] = rng.choice(tokens)
        sets.add(frozenset(variant))
    return sorted(sets, key=sorted)


def test_words_are_lower_cased_runs_of_letters_and_digits_without_stop_words() -> None:
    assert words("The force SHOULD review its Section-47 guidance; don't_delay!") == {
        "force",
        "review",
        "section",
        "47",
        "guidance",
        "delay",
    }
    assert (
        words("Améliorer l\u2019échange d\u2019informations")
        == {
            "améliorer",
            "l",
            "échange",
            "d",
            "informations",
        }
        - STOP_WORDS
    )
    assert words("and the of, to!") == frozenset()


def test_the_threshold_is_inclusive_and_exact() -> None:
    seven = frozenset("abcdefg")
    assert is_near_identical(seven, seven | {"x", "y", "z"})  # 7 of 10: exactly 0.7
    assert not is_near_identical(seven | {"h"}, seven | {"x", "y", "z"})  # 7 of 11
    assert is_near_identical(frozenset("abc"), frozenset("abcd"))  # 3 of 4
    assert not is_near_identical(frozenset(), frozenset())  # no words say nothing


@pytest.mark.parametrize("seed", range(40))
def test_the_join_finds_exactly_the_pairs_brute_force_finds(seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311 (reproducible test data)
    sets = _random_sets(rng, count=rng.randint(2, 160), vocabulary=rng.choice((8, 20, 60)))
    assert similar_pairs(sets) == _brute_force_pairs(sets)


@pytest.mark.parametrize("seed", range(25))
def test_groups_are_the_connected_components_brute_force_finds(seed: int) -> None:
    rng = random.Random(1_000 + seed)  # noqa: S311
    sets = _random_sets(rng, count=rng.randint(2, 120), vocabulary=rng.choice((10, 30)))
    # Repeat some texts word for word, and in another order or case: same word set.
    texts = [" ".join(sorted(s)) for s in sets]
    texts += [text.upper() for text in rng.sample(texts, len(texts) // 4)]
    texts += [" ".join(reversed(text.split())) for text in rng.sample(texts, len(texts) // 4)]
    rng.shuffle(texts)
    assert near_identical_groups(texts) == _brute_force_groups(texts)


def test_groups_join_through_intermediate_members() -> None:
    texts = [
        "share police information daily with health partners hub",  # 0
        "unrelated text about custody records",  # 1
        "share police information weekly with health partners hub",  # 2: 5 of 7 with 0
        "share police information weekly with health partners online hub",  # 3: 6 of 7 with 2
        "Share police information daily with health partners hub.",  # 4: the same as 0
        "",  # 5: no words, groups with nothing
        "and the of",  # 6: only stop words
        "and the",  # 7
    ]
    assert not is_near_identical(words(texts[0]), words(texts[3]))  # 5 of 8
    assert near_identical_groups(texts) == [[0, 2, 3, 4]]


def test_grouping_does_not_depend_on_input_order() -> None:
    rng = random.Random(7)  # noqa: S311
    texts = [" ".join(sorted(s)) for s in _random_sets(rng, count=200, vocabulary=25)]
    expected = {tuple(texts[i] for i in group) for group in near_identical_groups(texts)}
    for _ in range(5):
        order = list(range(len(texts)))
        rng.shuffle(order)
        shuffled = [texts[i] for i in order]
        found = {
            tuple(sorted((shuffled[i] for i in group), key=texts.index))
            for group in near_identical_groups(shuffled)
        }
        assert found == expected


def test_long_texts_and_large_groups() -> None:
    base = [f"term{i}" for i in range(60)]
    texts = [" ".join([*base[:50], f"extra{i}"]) for i in range(300)]  # all 50 of 52: 0.96
    texts.append(" ".join(base[:30]))  # 30 of 51: too far from every one
    assert near_identical_groups(texts) == [list(range(300))]
