// Outcomes as import-format rows.
// Parameters: $ids
// Columns: id, row
// Visibility: public
UNWIND $ids AS id
MATCH (n:Outcome {id: id})
RETURN n.id AS id, {
    outcome_id: n.id, change_id: n.changeId, description: n.description,
    direction: n.direction, observed_on: n.observedOn, measure: n.measure, value: n.value,
    baseline: n.baseline, evidence_url: n.evidenceUrl
} AS row
