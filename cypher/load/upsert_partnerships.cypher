// Creates the partnerships (boards, safeguarding partnerships, community safety partnerships)
// that commission reviews, keyed by an id derived from their name.
// Parameters: $rows
// Columns: written
UNWIND $rows AS row
MERGE (p:Partnership {id: row.id})
SET p.name = row.name
RETURN count(p) AS written
