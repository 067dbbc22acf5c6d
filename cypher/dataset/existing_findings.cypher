// Which of the given finding ids already exist in the graph, with the review each belongs to
// (a recommendation may only address findings of its own review). The property stands in
// when a load was stopped before the finding's IDENTIFIES link was written.
// Parameters: $ids
// Columns: id, reviewId
// Visibility: internal
UNWIND $ids AS wanted
MATCH (n:Finding {id: wanted})
OPTIONAL MATCH (r:Review)-[:IDENTIFIES]->(n)
RETURN n.id AS id, coalesce(r.id, n.reviewId) AS reviewId
