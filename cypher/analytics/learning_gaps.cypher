// Reads, per current perennial issue, the derived learning-gap figures for the caller's
// visibility: reviews, targeting recommendations and those unimplemented, the first completed
// practice change, and the reviews published after it.
// Parameters: $includeRestricted
// Columns: code, reviews, recommendations, unimplemented, firstChangeOn, reviewsAfterChange
// Visibility: derived
OPTIONAL MATCH (figures:DerivedState {id: 'open'})
WITH figures
WHERE $includeRestricted OR coalesce(figures.stale, false) = false
MATCH (i:PerennialIssue)
WHERE coalesce(i.retired, false) = false
RETURN i.code AS code,
    CASE WHEN $includeRestricted THEN i.reviews ELSE i.openReviews END AS reviews,
    CASE WHEN $includeRestricted THEN i.recommendations ELSE i.openRecommendations END
        AS recommendations,
    CASE WHEN $includeRestricted THEN i.unimplemented ELSE i.openUnimplemented END
        AS unimplemented,
    CASE WHEN $includeRestricted THEN i.firstChangeOn ELSE i.openFirstChangeOn END
        AS firstChangeOn,
    CASE WHEN $includeRestricted THEN i.reviewsAfterChange ELSE i.openReviewsAfterChange END
        AS reviewsAfterChange
