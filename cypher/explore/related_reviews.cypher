// Reviews related to one review, for relatedReviews: each review the caller may see (other than
// the review itself) that raises at least one of the perennial issues, themes or systems factors
// the review raises, ranked by the Jaccard index of the two sets of codes (shared / either),
// then by shared codes descending, then id; one window of that ranking ($skip, $limit).
// The first row (part 'self') is the review itself with its codes; no row at all when the
// review is unknown or the caller may not see it. Codes are {kind: label, code}.
// Parameters: $id, $includeRestricted, $skip, $limit
// Columns: part, node, shared, either, codes
MATCH (r:Review {id: $id})
WHERE $includeRestricted OR r.restricted = false
RETURN 'self' AS part, properties(r) AS node, null AS shared, null AS either,
    [(r)-[:RAISES]->(c) | {kind: labels(c)[0], code: c.code}] AS codes
UNION ALL
MATCH (r:Review {id: $id})
WHERE $includeRestricted OR r.restricted = false
WITH r, size([(r)-[:RAISES]->(x) | x]) AS own
MATCH (r)-[:RAISES]->(c)<-[:RAISES]-(other:Review)
WHERE other.id <> r.id AND ($includeRestricted OR other.restricted = false)
WITH own, other, count(c) AS shared
WITH other, shared, own + size([(other)-[:RAISES]->(y) | y]) - shared AS either
WITH other, shared, either, toFloat(shared) / either AS score
ORDER BY score DESC, shared DESC, other.id
SKIP $skip
LIMIT $limit
RETURN 'related' AS part, properties(other) AS node, shared, either,
    [(other)-[:RAISES]->(c) | {kind: labels(c)[0], code: c.code}] AS codes
