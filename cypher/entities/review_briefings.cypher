// The briefings citing each review, by review id.
// Parameters: $ids
// Columns: key, node
// Visibility: parent
UNWIND $ids AS id
MATCH (:Review {id: id})<-[:CITES]-(x:Briefing)
WITH id, x
RETURN id AS key, x {.id, .title, .kind, .publishedOn, .url} AS node
ORDER BY key, node.id
