// One page of findings of reviews the caller may see, filtered, in keyset order by id.
// Parameters: $includeRestricted, $reviews, $reviewTypes, $yearFrom, $yearTo, $kinds, $issues, $themes, $factors, $factorEffect, $agencies, $sectors, $ascending, $afterKey, $afterId, $limit
// Columns: key, id, node
MATCH (n:Finding)
WHERE ($includeRestricted OR n.restricted = false)
    AND ($reviews IS NULL OR n.reviewId IN $reviews)
    AND ($reviewTypes IS NULL OR n.reviewType IN $reviewTypes)
    AND ($yearFrom IS NULL OR n.year >= $yearFrom)
    AND ($yearTo IS NULL OR n.year <= $yearTo)
    AND ($kinds IS NULL OR n.kind IN $kinds)
WITH n,
    CASE WHEN $issues IS NULL THEN true ELSE size([(n)-[:EXEMPLIFIES]->(m1:PerennialIssue) WHERE m1.code IN $issues | m1]) > 0 END AS keep1,
    CASE WHEN $themes IS NULL THEN true ELSE size([(n)-[:ABOUT_THEME]->(m2:Theme) WHERE m2.code IN $themes | m2]) > 0 END AS keep2,
    CASE WHEN $factors IS NULL THEN true ELSE size([(n)-[s3:SHAPED_BY]->(m3:SystemsFactor) WHERE m3.code IN $factors AND ($factorEffect IS NULL OR s3.effect = $factorEffect) | m3]) > 0 END AS keep3,
    CASE WHEN $factorEffect IS NULL THEN true ELSE size([(n)-[s4:SHAPED_BY]->(m4:SystemsFactor) WHERE s4.effect = $factorEffect | m4]) > 0 END AS keep4,
    CASE WHEN $agencies IS NULL THEN true ELSE size([(n)-[:CONCERNS_AGENCY]->(m5:Agency) WHERE m5.id IN $agencies | m5]) > 0 END AS keep5,
    CASE WHEN $sectors IS NULL THEN true ELSE size([(n)-[:CONCERNS_AGENCY]->(m6:Agency) WHERE m6.sector IN $sectors | m6]) > 0 END AS keep6
WHERE keep1 AND keep2 AND keep3 AND keep4 AND keep5 AND keep6
WITH n, n.id AS key
WHERE $afterId IS NULL
    OR ($ascending AND (key > $afterKey OR (key = $afterKey AND n.id > $afterId)))
    OR (NOT $ascending AND (key < $afterKey OR (key = $afterKey AND n.id < $afterId)))
RETURN key, n.id AS id, properties(n) AS node
ORDER BY
    CASE WHEN $ascending THEN key END ASC, CASE WHEN $ascending THEN null ELSE key END DESC,
    CASE WHEN $ascending THEN id END ASC, CASE WHEN $ascending THEN null ELSE id END DESC
LIMIT $limit
