// Replaces the SCORED links of each IMR assessment row with its scores, one link per
// criterion assessed, carrying the score (0 to 3).
// Parameters: $rows
// Columns: linked
// Visibility: internal
UNWIND $rows AS row
MATCH (n:ImrAssessment {id: row.id})
OPTIONAL MATCH (n)-[old:SCORED]->(:ImrCriterion)
DELETE old
WITH DISTINCT n, row
UNWIND row.scores AS wanted
MATCH (t:ImrCriterion {code: wanted.code})
MERGE (n)-[r:SCORED {score: wanted.score}]->(t)
RETURN count(r) AS linked
