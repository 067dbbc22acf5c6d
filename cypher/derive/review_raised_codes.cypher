// Derives, for a batch of reviews, one list of every code they raise, each prefixed with its
// kind ('PerennialIssue:', 'Theme:', 'SystemsFactor:'), which relatedReviews compares in one
// pass. Run after the per-kind code lists.
// Parameters: $ids
// Columns: reviews
UNWIND $ids AS id
MATCH (r:Review {id: id})
SET r.raisedCodes = [c IN r.issueCodes | 'PerennialIssue:' + c]
    + [c IN r.themeCodes | 'Theme:' + c] + [c IN r.factorCodes | 'SystemsFactor:' + c]
RETURN count(r) AS reviews
