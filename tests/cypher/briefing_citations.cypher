// The reviews one briefing cites.
// Parameters: $id
// Columns: reviews
// Visibility: internal
MATCH (b:Briefing {id: $id})
OPTIONAL MATCH (b)-[:CITES]->(r:Review)
RETURN collect(r.id) AS reviews
