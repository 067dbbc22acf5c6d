// Every RAISES relationship, whatever its ends, with its counts.
// Parameters: none
// Columns: source, target, label, findings, supports, hinders
// Visibility: internal
MATCH (a)-[x:RAISES]->(b)
RETURN a.id AS source, b.code AS target, labels(b)[0] AS label, x.findings AS findings,
    x.supports AS supports, x.hinders AS hinders
