// Counts outcomes of practice changes that pass the same filters as entities/outcomes.
// Parameters: $changes, $directions
// Columns: total
// Visibility: public
MATCH (n:Outcome)
WHERE ($changes IS NULL OR n.changeId IN $changes)
    AND ($directions IS NULL OR n.direction IN $directions)
RETURN count(n) AS total
