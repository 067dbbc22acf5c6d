// The recommendations in the graph that address the given findings, with their review: a
// finding may not move to another review while another review's recommendation addresses it.
// Parameters: $ids
// Columns: findingId, id, reviewId
// Visibility: internal
UNWIND $ids AS wanted
MATCH (rec:Recommendation)-[:ADDRESSES]->(f:Finding {id: wanted})
RETURN f.id AS findingId, rec.id AS id, rec.reviewId AS reviewId
