// Force governance records as import-format rows.
// Parameters: $ids
// Columns: id, row
// Visibility: public
UNWIND $ids AS id
MATCH (n:GovernanceRecord {id: id})
RETURN n.id AS id, {
    force_id: n.forceId, recorded_on: n.recordedOn, has_review_team: n.hasReviewTeam,
    review_lead_role: n.reviewLeadRole, oversight_board: n.oversightBoard,
    recommendation_tracking: n.recommendationTracking, imr_signoff_role: n.imrSignoffRole,
    notes: n.notes
} AS row
