// Which of the given finding ids already exist in the graph, with the review each belongs to
// (a recommendation may only address findings of its own review).
// Parameters: $ids
// Columns: id, reviewId
UNWIND $ids AS wanted
MATCH (r:Review)-[:IDENTIFIES]->(n:Finding {id: wanted})
RETURN n.id AS id, r.id AS reviewId
