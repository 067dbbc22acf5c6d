// How many matches the search field has for $words over the kinds asked for ($kinds), per
// kind, among what the caller may see (FalkorDB full-text indexes, the words joined by spaces).
// A kind without a match gives no row.
// Parameters: $words, $kinds, $includeRestricted
// Columns: kind, total
// Visibility: review
UNWIND [k IN $kinds WHERE k = 'REVIEW'] AS kind
WITH kind, reduce(q = '', w IN $words | q + ' ' + w) AS query
CALL db.idx.fulltext.queryNodes('Review', query) YIELD node
WITH kind, node
WHERE $includeRestricted OR node.restricted = false
RETURN kind, count(node) AS total
UNION ALL
UNWIND [k IN $kinds WHERE k = 'FINDING'] AS kind
WITH kind, reduce(q = '', w IN $words | q + ' ' + w) AS query
CALL db.idx.fulltext.queryNodes('Finding', query) YIELD node
WITH kind, node
WHERE $includeRestricted OR node.restricted = false
RETURN kind, count(node) AS total
UNION ALL
UNWIND [k IN $kinds WHERE k = 'RECOMMENDATION'] AS kind
WITH kind, reduce(q = '', w IN $words | q + ' ' + w) AS query
CALL db.idx.fulltext.queryNodes('Recommendation', query) YIELD node
WITH kind, node
WHERE $includeRestricted OR node.restricted = false
RETURN kind, count(node) AS total
UNION ALL
UNWIND [k IN $kinds WHERE k = 'PRACTICE_CHANGE'] AS kind
WITH kind, reduce(q = '', w IN $words | q + ' ' + w) AS query
CALL db.idx.fulltext.queryNodes('PracticeChange', query) YIELD node
RETURN kind, count(node) AS total
