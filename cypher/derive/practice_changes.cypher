// Derives, for a batch of practice changes, how many outcomes each resulted in.
// Parameters: $ids
// Columns: changes
UNWIND $ids AS id
MATCH (c:PracticeChange {id: id})
WITH c, size([(c)-[resulted:RESULTED_IN]->(:Outcome) | resulted]) AS outcomes
SET c.outcomeCount = outcomes
RETURN count(c) AS changes
