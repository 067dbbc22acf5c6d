// Reviews related to one review, for relatedReviews: each review the caller may see (other than
// the review itself) that raises at least one of the perennial issues, themes or systems factors
// the review raises, ranked by the Jaccard index of the two sets of codes (shared / either; a
// code of each kind is a different element), then by shared codes descending, then id; one
// window of that ranking ($skip, $limit). Reads the code lists derived onto reviews (all
// kinds in one list, raisedCodes, to compare in one pass). The first
// row (part 'self') is the review itself; no row at all when the review is unknown or the
// caller may not see it.
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
WITH r.raisedCodes AS codes
MATCH (other:Review)
WHERE other.id <> $id AND ($includeRestricted OR other.restricted = false)
WITH codes, other, size([c IN other.raisedCodes WHERE c IN codes]) AS shared
WHERE shared > 0
WITH other, shared, size(codes) + size(other.raisedCodes) - shared AS either
ORDER BY toFloat(shared) / either DESC, shared DESC, other.id
SKIP $skip
LIMIT $limit
RETURN 'related' AS part, other {.id, .title, .reviewType, .jurisdiction, .status, .restricted, .publishedOn, .initiatedOn, .year, .subjectAgeGroup, .summary, .sourceUrl, .commissionedBy} AS node, shared, either,
    other.issueCodes AS issues, other.themeCodes AS themes, other.factorCodes AS factors
