// Counts forces' governance records that pass the same filters as entities/governance_records.
// Parameters: $forces
// Columns: total
// Visibility: public
MATCH (n:GovernanceRecord)
WHERE ($forces IS NULL OR n.forceId IN $forces)
RETURN count(n) AS total
