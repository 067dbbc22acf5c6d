"""Near-identical recommendations: word sets, their Jaccard index and exact grouping.

Two texts are near-identical when the Jaccard index of their word sets is at least
:data:`THRESHOLD`; a group is a connected set of near-identical texts. Grouping is exact
(every pair that qualifies is found, nothing is sampled) and deterministic.

Comparing every pair is quadratic, so :func:`similar_pairs` is a prefix-filtered similarity
join (Bayardo, Ma and Srikant, "Scaling up all pairs similarity search", WWW 2007): with the
tokens of every set in one global order, two sets whose Jaccard index reaches the threshold
must share a token among the first few of each, so only sets sharing such a token are
compared, and each candidate is then verified exactly.
"""

import re
from collections import Counter
from collections.abc import Sequence
from fractions import Fraction

THRESHOLD = Fraction(7, 10)

# NLTK's English stop-word list, with contractions given as the words the tokeniser splits
# them into ("don't" -> "don", "t"). Fixed here so that the same text always gives the same set.
# fmt: off
STOP_WORDS = frozenset(
    [
        "a", "about", "above", "after", "again", "against", "ain", "all", "am", "an", "and", "any",
        "are", "aren", "as", "at", "be", "because", "been", "before", "being", "below", "between",
        "both", "but", "by", "can", "couldn", "d", "did", "didn", "do", "does", "doesn", "doing",
        "don", "down", "during", "each", "few", "for", "from", "further", "had", "hadn", "has",
        "hasn", "have", "haven", "having", "he", "her", "here", "hers", "herself", "him", "himself",
        "his", "how", "i", "if", "in", "into", "is", "isn", "it", "its", "itself", "just", "ll",
        "m", "ma", "me", "mightn", "more", "most", "mustn", "my", "myself", "needn", "no", "nor",
        "not", "now", "o", "of", "off", "on", "once", "only", "or", "other", "our", "ours",
        "ourselves", "out", "over", "own", "re", "s", "same", "shan", "she", "should", "shouldn",
        "so", "some", "such", "t", "than", "that", "the", "their", "theirs", "them", "themselves",
        "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until",
        "up", "ve", "very", "was", "wasn", "we", "were", "weren", "what", "when", "where", "which",
        "while", "who", "whom", "why", "will", "with", "won", "wouldn", "y", "you", "your", "yours",
        "yourself", "yourselves"
    ]
)
# fmt: on

_WORD = re.compile(r"[^\W_]+")  # a run of letters and digits (\w without the underscore)


def words(text: str) -> frozenset[str]:
    """The words of ``text``: lower-cased runs of letters and digits, stop words removed."""
    return frozenset(_WORD.findall(text.lower())) - STOP_WORDS


def is_near_identical(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether Jaccard(a, b) >= THRESHOLD; an empty set is near-identical to nothing."""
    if not a or not b:
        return False
    shared = len(a & b)
    return _reaches_threshold(shared, len(a) + len(b) - shared)


def _reaches_threshold(shared: int, union: int) -> bool:
    # shared / union >= p / q, in integers: a float threshold would misjudge exact ties.
    return shared * _Q >= union * _P


_P, _Q = THRESHOLD.numerator, THRESHOLD.denominator


def similar_pairs(sets: Sequence[frozenset[str]]) -> set[tuple[int, int]]:
    """Every pair ``(i, j)``, ``i < j``, of positions in ``sets`` whose sets are near-identical.

    The sets must be distinct (equal sets are near-identical by definition; group them
    before calling). Empty sets pair with nothing.

    For sets x and y with |y| <= |x| and Jaccard >= t, the overlap o is at least
    t/(1+t) * (|x| + |y|), hence at least t*|x| and at least 2t/(1+t) * |y|, and |y| >= t*|x|.
    With the tokens of every set in one global order, x's first |x| - ceil(t*|x|) + 1 tokens
    (its probe prefix) and y's first |y| - ceil(2t/(1+t)*|y|) + 1 tokens (its index prefix)
    then share a token. Sets are visited shortest first; each probes the index of the sets
    visited before it, then joins the index. A candidate is dropped as soon as the overlap
    counted so far plus the tokens left after the shared one cannot reach o (positional
    filter); the others are verified exactly.
    """
    ranked = _ranked_tokens(sets)
    members = [frozenset(tokens) for tokens in ranked]
    sizes = [len(tokens) for tokens in ranked]
    # least overlap of two sets whose sizes add up to n: ceil(t/(1+t) * n)
    least_overlap = [-(-n * _P // (_P + _Q)) for n in range(2 * max(sizes, default=0) + 1)]
    order = sorted((i for i in range(len(sets)) if sizes[i]), key=lambda i: (sizes[i], i))
    # token -> (set, its size, its tokens after this one), in the order the sets were indexed
    index: dict[int, list[tuple[int, int, int]]] = {}
    too_short: dict[int, int] = {}  # token -> how many leading entries are now too short
    pairs: set[tuple[int, int]] = set()
    for x in order:
        tokens, size = ranked[x], sizes[x]
        shortest = -(-size * _P // _Q)  # ceil(t * |x|)
        overlap: dict[int, int] = {}  # candidate -> tokens shared so far; -1 once dropped
        for i in range(size - shortest + 1):
            entries = index.get(tokens[i])
            if entries is None:
                continue
            # Sets join the index shortest first and |x| only grows: short ones leave for good.
            first = too_short.get(tokens[i], 0)
            while first < len(entries) and entries[first][1] < shortest:
                first += 1
            too_short[tokens[i]] = first
            rest_x = size - i - 1
            for k in range(first, len(entries)):
                y, other, rest_y = entries[k]
                seen = overlap.get(y, 0)
                if seen >= 0:
                    reachable = seen + 1 + min(rest_x, rest_y)
                    overlap[y] = seen + 1 if reachable >= least_overlap[size + other] else -1
        for y, seen in overlap.items():
            if seen > 0:
                shared = len(members[x] & members[y])
                if _reaches_threshold(shared, size + sizes[y] - shared):
                    pairs.add((y, x) if y < x else (x, y))
        for j in range(size - least_overlap[2 * size] + 1):
            index.setdefault(tokens[j], []).append((x, size, size - j - 1))
    return pairs


def _ranked_tokens(sets: Sequence[frozenset[str]]) -> list[tuple[int, ...]]:
    """Each set as token ranks in ascending order, rarest token first (ties: alphabetical).

    Rare tokens first keeps prefixes selective: few sets share a rare token.
    """
    frequency = Counter(token for tokens in sets for token in tokens)
    ordered = sorted(frequency, key=lambda token: (frequency[token], token))
    rank = {token: position for position, token in enumerate(ordered)}
    return [tuple(sorted(rank[token] for token in tokens)) for tokens in sets]


def near_identical_groups(texts: Sequence[str]) -> list[list[int]]:
    """Positions of ``texts`` grouped into connected sets of near-identical texts.

    Only groups of two or more are returned, each ordered by position, the groups ordered by
    their first position.
    """
    by_words: dict[frozenset[str], list[int]] = {}
    for position, text in enumerate(texts):
        by_words.setdefault(words(text), []).append(position)
    by_words.pop(frozenset(), None)
    distinct = list(by_words)
    parent = list(range(len(distinct)))
    for a, b in similar_pairs(distinct):
        _union(parent, a, b)
    components: dict[int, list[int]] = {}
    for position, word_set in enumerate(distinct):
        components.setdefault(_find(parent, position), []).extend(by_words[word_set])
    groups = [sorted(members) for members in components.values() if len(members) > 1]
    return sorted(groups, key=lambda members: members[0])


def _find(parent: list[int], item: int) -> int:
    root = item
    while parent[root] != root:
        root = parent[root]
    while parent[item] != root:  # path compression keeps later look-ups short
        parent[item], item = root, parent[item]
    return root


def _union(parent: list[int], a: int, b: int) -> None:
    root_a, root_b = _find(parent, a), _find(parent, b)
    if root_a != root_b:
        parent[max(root_a, root_b)] = min(root_a, root_b)
