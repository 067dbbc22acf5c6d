// Replaces the CONCERNS links of each Review row with the harm / crime-type strands its row lists
// (row.strands).
// Parameters: $rows
// Columns: linked
// Visibility: internal
UNWIND $rows AS row
MATCH (n:Review {id: row.id})
OPTIONAL MATCH (n)-[old:CONCERNS]->(:Strand)
DELETE old
WITH DISTINCT n, row
UNWIND row.strands AS wanted
MATCH (t:Strand {code: wanted})
MERGE (n)-[:CONCERNS]->(t)
RETURN count(*) AS linked
