// Every CO_OCCURS relationship, whatever its ends, with its counts.
// Parameters: none
// Columns: a, b, labels, reviews, openReviews
// Visibility: internal
MATCH (a)-[x:CO_OCCURS]->(b)
RETURN a.code AS a, b.code AS b, labels(a) + labels(b) AS labels, x.reviews AS reviews,
    x.openReviews AS openReviews
