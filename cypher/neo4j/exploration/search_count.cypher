// How many matches the search field has for $words over the kinds asked for ($kinds), per
// kind, among what the caller may see (Neo4j full-text indexes, the words joined by AND).
// A kind without a match gives no row.
// Parameters: $words, $kinds, $includeRestricted
// Columns: kind, total
// Visibility: review
UNWIND [k IN $kinds WHERE k = 'REVIEW'] AS kind
WITH kind, reduce(q = '', w IN $words | q + CASE WHEN q = '' THEN '' ELSE ' AND ' END + w) AS query
CALL db.index.fulltext.queryNodes('review_fulltext', query) YIELD node
WITH kind, node
WHERE $includeRestricted OR node.restricted = false
RETURN kind, count(node) AS total
UNION ALL
UNWIND [k IN $kinds WHERE k = 'FINDING'] AS kind
WITH kind, reduce(q = '', w IN $words | q + CASE WHEN q = '' THEN '' ELSE ' AND ' END + w) AS query
CALL db.index.fulltext.queryNodes('finding_fulltext', query) YIELD node
WITH kind, node
WHERE $includeRestricted OR node.restricted = false
RETURN kind, count(node) AS total
UNION ALL
UNWIND [k IN $kinds WHERE k = 'RECOMMENDATION'] AS kind
WITH kind, reduce(q = '', w IN $words | q + CASE WHEN q = '' THEN '' ELSE ' AND ' END + w) AS query
CALL db.index.fulltext.queryNodes('recommendation_fulltext', query) YIELD node
WITH kind, node
WHERE $includeRestricted OR node.restricted = false
RETURN kind, count(node) AS total
UNION ALL
UNWIND [k IN $kinds WHERE k = 'PRACTICE_CHANGE'] AS kind
WITH kind, reduce(q = '', w IN $words | q + CASE WHEN q = '' THEN '' ELSE ' AND ' END + w) AS query
CALL db.index.fulltext.queryNodes('practicechange_fulltext', query) YIELD node
RETURN kind, count(node) AS total
