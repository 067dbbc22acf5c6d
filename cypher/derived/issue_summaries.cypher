// Derives, on every perennial issue, the figures learningGaps and issueCoOccurrence read, each
// twice: over everything, and (the open* properties) over unrestricted reviews only. Run after
// RAISES, TARGETS and the recommendation flags are derived.
// Parameters: none
// Columns: issues
// Visibility: internal
MATCH (i:PerennialIssue)
OPTIONAL MATCH (i)<-[raised:RAISES]-(r:Review)
WITH i, count(raised) AS reviews,
    sum(CASE WHEN r.restricted = false THEN 1 ELSE 0 END) AS openReviews
OPTIONAL MATCH (i)<-[target:TARGETS]-(rec:Recommendation)
WITH i, reviews, openReviews, count(target) AS recommendations,
    sum(CASE WHEN rec.restricted = false THEN 1 ELSE 0 END) AS openRecommendations,
    sum(CASE WHEN target IS NOT NULL AND rec.implemented = false THEN 1 ELSE 0 END)
        AS unimplemented,
    sum(CASE WHEN rec.restricted = false AND rec.implemented = false THEN 1 ELSE 0 END)
        AS openUnimplemented
OPTIONAL MATCH (i)<-[:TARGETS]-(done:Recommendation)<-[:IMPLEMENTS]-(c:PracticeChange)
WHERE c.status IN ['implemented', 'embedded'] AND c.completedOn IS NOT NULL
WITH i, reviews, openReviews, recommendations, openRecommendations, unimplemented,
    openUnimplemented, min(c.completedOn) AS firstChangeOn,
    min(CASE WHEN done.restricted = false THEN c.completedOn END) AS openFirstChangeOn
OPTIONAL MATCH (i)<-[:RAISES]-(later:Review)
WHERE later.publishedOn > firstChangeOn
WITH i, reviews, openReviews, recommendations, openRecommendations, unimplemented,
    openUnimplemented, firstChangeOn, openFirstChangeOn, count(later) AS reviewsAfterChange,
    sum(CASE WHEN later.restricted = false AND later.publishedOn > openFirstChangeOn
        THEN 1 ELSE 0 END) AS openReviewsAfterChange
SET i.reviews = reviews, i.openReviews = openReviews, i.recommendations = recommendations,
    i.openRecommendations = openRecommendations, i.unimplemented = unimplemented,
    i.openUnimplemented = openUnimplemented, i.firstChangeOn = firstChangeOn,
    i.openFirstChangeOn = openFirstChangeOn, i.reviewsAfterChange = reviewsAfterChange,
    i.openReviewsAfterChange = openReviewsAfterChange
RETURN count(i) AS issues
