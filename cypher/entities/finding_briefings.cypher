// The briefings disseminating each finding, by finding id.
// Parameters: $ids
// Columns: key, node
// Visibility: parent
UNWIND $ids AS id
MATCH (:Finding {id: id})<-[:DISSEMINATES]-(x:Briefing)
WITH id, x
RETURN id AS key, x {.id, .title, .kind, .publishedOn, .url} AS node
ORDER BY key, node.id
