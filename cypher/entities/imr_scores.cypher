// The rubric scores of each IMR assessment, by assessment id.
// Parameters: $ids
// Columns: key, code, score
// Visibility: parent
UNWIND $ids AS id
MATCH (:ImrAssessment {id: id})-[s:SCORED]->(x:ImrCriterion)
RETURN id AS key, x.code AS code, s.score AS score
ORDER BY key, code
