// Every code a review can raise, prefixed with its kind as in Review.raisedCodes: the
// dimensions of the review code index (vectors or bit masks), once sorted. Retired codes are
// included, so a new taxonomy version changes the space only when it adds codes.
// Parameters: none
// Columns: code
// Visibility: internal
MATCH (c:PerennialIssue)
RETURN 'PerennialIssue:' + c.code AS code
UNION ALL
MATCH (c:Theme)
RETURN 'Theme:' + c.code AS code
UNION ALL
MATCH (c:SystemsFactor)
RETURN 'SystemsFactor:' + c.code AS code
