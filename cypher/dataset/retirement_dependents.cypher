// The entities in the graph that need one of the given reviews, practice changes or agencies
// (for validating retirements): findings, recommendations and IMR assessments of a review,
// outcomes of a practice change, practice changes and IMR assessments of an agency, and
// recommendations addressed to an agency, each with every addressee (it needs one left).
// Parameters: $reviews, $changes, $agencies
// Columns: stem, id, field, needs
// Visibility: internal
UNWIND $reviews AS wanted
MATCH (n:Finding {reviewId: wanted})
RETURN 'findings' AS stem, n.id AS id, 'review_id' AS field, [wanted] AS needs
UNION ALL
UNWIND $reviews AS wanted
MATCH (n:Recommendation {reviewId: wanted})
RETURN 'recommendations' AS stem, n.id AS id, 'review_id' AS field, [wanted] AS needs
UNION ALL
UNWIND $reviews AS wanted
MATCH (n:ImrAssessment {reviewId: wanted})
RETURN 'imr_assessments' AS stem, n.id AS id, 'review_id' AS field, [wanted] AS needs
UNION ALL
UNWIND $changes AS wanted
MATCH (:PracticeChange {id: wanted})-[:RESULTED_IN]->(n:Outcome)
RETURN 'outcomes' AS stem, n.id AS id, 'change_id' AS field, [wanted] AS needs
UNION ALL
UNWIND $agencies AS wanted
MATCH (n:PracticeChange)-[:BY]->(:Agency {id: wanted})
RETURN 'practice_changes' AS stem, n.id AS id, 'agency_id' AS field, [wanted] AS needs
UNION ALL
UNWIND $agencies AS wanted
MATCH (n:ImrAssessment)-[:ASSESSES_IMR_OF]->(:Agency {id: wanted})
RETURN 'imr_assessments' AS stem, n.id AS id, 'agency_id' AS field, [wanted] AS needs
UNION ALL
UNWIND $agencies AS wanted
MATCH (n:Recommendation)-[:DIRECTED_TO]->(:Agency {id: wanted})
WITH DISTINCT n
MATCH (n)-[:DIRECTED_TO]->(addressee:Agency)
RETURN 'recommendations' AS stem, n.id AS id, 'addressed_to' AS field,
    collect(addressee.id) AS needs
