// Full-text search for the search field (Neo4j: one Lucene query per full-text index, the
// words joined by AND). The index only finds the matches; their score is computed here from
// the text itself, so that equal data gives equal scores whatever the index's internals: how
// many times the words occur in the lower-cased searchable text, within longer words too
// (non-overlapping occurrences of each word, summed over the words). For each kind asked for
// ($kinds), its best $limit matches the caller may see, by score descending then id; the
// caller merges the kinds. $words are lower-case runs of letters and digits, so no Lucene
// operator or special character can reach the index.
// Parameters: $words, $kinds, $includeRestricted, $limit
// Columns: kind, id, score, reviewId, node
// Visibility: review
UNWIND [k IN $kinds WHERE k = 'REVIEW'] AS kind
WITH kind, reduce(q = '', w IN $words | q + CASE WHEN q = '' THEN '' ELSE ' AND ' END + w) AS query
CALL db.index.fulltext.queryNodes('review_fulltext', query) YIELD node
WITH kind, node
WHERE $includeRestricted OR node.restricted = false
WITH kind, node, toLower(coalesce(node.title, '') + ' ' + coalesce(node.summary, '')) AS text
WITH kind, node,
     reduce(s = 0, w IN $words | s + (size(text) - size(replace(text, w, ''))) / size(w)) AS score
ORDER BY score DESC, node.id
LIMIT $limit
RETURN kind, node.id AS id, score, node.id AS reviewId, node {.id, .title, .reviewType, .jurisdiction, .status, .restricted, .publishedOn, .initiatedOn, .year, .subjectAgeGroup, .summary, .sourceUrl, .commissionedBy} AS node
UNION ALL
UNWIND [k IN $kinds WHERE k = 'FINDING'] AS kind
WITH kind, reduce(q = '', w IN $words | q + CASE WHEN q = '' THEN '' ELSE ' AND ' END + w) AS query
CALL db.index.fulltext.queryNodes('finding_fulltext', query) YIELD node
WITH kind, node
WHERE $includeRestricted OR node.restricted = false
WITH kind, node, toLower(coalesce(node.text, '')) AS text
WITH kind, node,
     reduce(s = 0, w IN $words | s + (size(text) - size(replace(text, w, ''))) / size(w)) AS score
ORDER BY score DESC, node.id
LIMIT $limit
RETURN kind, node.id AS id, score, node.reviewId AS reviewId, node {.id, .reviewId, .text, .kind} AS node
UNION ALL
UNWIND [k IN $kinds WHERE k = 'RECOMMENDATION'] AS kind
WITH kind, reduce(q = '', w IN $words | q + CASE WHEN q = '' THEN '' ELSE ' AND ' END + w) AS query
CALL db.index.fulltext.queryNodes('recommendation_fulltext', query) YIELD node
WITH kind, node
WHERE $includeRestricted OR node.restricted = false
WITH kind, node, toLower(coalesce(node.text, '')) AS text
WITH kind, node,
     reduce(s = 0, w IN $words | s + (size(text) - size(replace(text, w, ''))) / size(w)) AS score
ORDER BY score DESC, node.id
LIMIT $limit
RETURN kind, node.id AS id, score, node.reviewId AS reviewId, node {.id, .reviewId, .text, .level, .status, .madeOn, .statusUpdatedOn, .implemented} AS node
UNION ALL
UNWIND [k IN $kinds WHERE k = 'PRACTICE_CHANGE'] AS kind
WITH kind, reduce(q = '', w IN $words | q + CASE WHEN q = '' THEN '' ELSE ' AND ' END + w) AS query
CALL db.index.fulltext.queryNodes('practicechange_fulltext', query) YIELD node
WITH kind, node, toLower(coalesce(node.description, '')) AS text
WITH kind, node,
     reduce(s = 0, w IN $words | s + (size(text) - size(replace(text, w, ''))) / size(w)) AS score
ORDER BY score DESC, node.id
LIMIT $limit
RETURN kind, node.id AS id, score, null AS reviewId, node {.id, .agencyId, .description, .changeType, .status, .startedOn, .completedOn, .evidence} AS node
