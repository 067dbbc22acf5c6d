// The briefings that informed each practice change, by change id.
// Parameters: $ids
// Columns: key, node
// Visibility: public
UNWIND $ids AS id
MATCH (:PracticeChange {id: id})-[:INFORMED_BY]->(x:Briefing)
WITH id, x
RETURN id AS key, x {.id, .title, .kind, .publishedOn, .url} AS node
ORDER BY key, node.id
