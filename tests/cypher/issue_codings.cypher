// Every (finding, issue code) coding, to check that no coding is lost by a crosswalk.
// Parameters: none
// Columns: finding, issue
// Visibility: internal
MATCH (f:Finding)-[e:EXEMPLIFIES]->(i:PerennialIssue)
RETURN f.id AS finding, i.code AS issue
ORDER BY finding, issue
