// Reviews related to one review, for relatedReviews: each review the caller may see (other than
// the review itself) that raises at least one of the perennial issues, themes or systems factors
// the review raises, ranked by the Jaccard index of the two sets of codes (shared / either; a
// code of each kind is a different element), then by shared codes descending, then id; one
// window of that ranking ($skip, $limit). The first row (part 'self') is the review itself; no
// row at all when the review is unknown or the caller may not see it.
// The codes two reviews share come from their derived code bit masks when both were built over
// the same code space: each of the review's bits (codeBits, powers of 2) is tested in the other's
// mask with integer division, one integer read per review instead of intersecting string lists.
// While a refresh rebuilds the masks (derived/code_vectors_begin to _done), reviews whose mask
// is missing or from another space (a taxonomy added codes) have their code lists intersected
// instead, so the answer stays exact; otherwise that second pass reads nothing.
// Parameters: $id, $includeRestricted, $skip, $limit
// Columns: part, node, shared, either, issues, themes, factors
// Visibility: derived
OPTIONAL MATCH (figures:DerivedState {id: 'open'})
WITH figures
WHERE $includeRestricted OR coalesce(figures.stale, false) = false
MATCH (r:Review {id: $id})
WHERE $includeRestricted OR r.restricted = false
RETURN 'self' AS part, r {.id, .title, .reviewType, .jurisdiction, .status, .restricted, .publishedOn, .initiatedOn, .year, .subjectAgeGroup, .summary, .sourceUrl, .commissionedBy} AS node, null AS shared, null AS either,
    r.issueCodes AS issues, r.themeCodes AS themes, r.factorCodes AS factors
UNION ALL
OPTIONAL MATCH (figures:DerivedState {id: 'open'})
WITH figures
WHERE $includeRestricted OR coalesce(figures.stale, false) = false
MATCH (r:Review {id: $id})
WITH r
WHERE $includeRestricted OR r.restricted = false
WITH r.raisedCodes AS codes, r.codeSpace AS space, coalesce(r.codeBits, []) AS bits,
    size(r.raisedCodes) AS own
OPTIONAL MATCH (state:CodeSpace {of: 'Review'})
WITH codes, space, bits, own, coalesce(state.complete AND state.key = space, false) AS whole
CALL (codes, space, bits, own, whole) {
    MATCH (other:Review)
    WHERE other.id <> $id AND ($includeRestricted OR other.restricted = false)
        AND other.codeSpace = space
    WITH other, other.codeMask AS mask, own + other.codeCount AS total
    RETURN other, total, size([bit IN bits WHERE (mask / bit) % 2 = 1]) AS shared
    UNION ALL
    WITH codes, own
    WHERE NOT whole
    MATCH (other:Review)
    WHERE other.id <> $id AND ($includeRestricted OR other.restricted = false)
        AND NOT coalesce(other.codeSpace = space, false)
    RETURN other, own + size(other.raisedCodes) AS total,
        size([c IN other.raisedCodes WHERE c IN codes]) AS shared
}
WITH other, shared, total
WHERE shared > 0
WITH other, shared, total - shared AS either
ORDER BY toFloat(shared) / either DESC, shared DESC, other.id
SKIP $skip
LIMIT $limit
RETURN 'related' AS part, other {.id, .title, .reviewType, .jurisdiction, .status, .restricted, .publishedOn, .initiatedOn, .year, .subjectAgeGroup, .summary, .sourceUrl, .commissionedBy} AS node, shared, either,
    other.issueCodes AS issues, other.themeCodes AS themes, other.factorCodes AS factors
