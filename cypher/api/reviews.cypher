// One page of reviews the caller may see, filtered, in keyset order ($sort: published, title or id).
// Parameters: $includeRestricted, $reviewTypes, $jurisdiction, $statuses, $yearFrom, $yearTo, $publishedFrom, $publishedTo, $forces, $agencies, $sectors, $strands, $issues, $themes, $factors, $sort, $ascending, $afterKey, $afterId, $limit
// Columns: key, id, node
MATCH (n:Review)
WHERE ($includeRestricted OR n.restricted = false)
    AND ($reviewTypes IS NULL OR n.reviewType IN $reviewTypes)
    AND ($jurisdiction IS NULL OR n.jurisdiction = $jurisdiction)
    AND ($statuses IS NULL OR n.status IN $statuses)
    AND ($yearFrom IS NULL OR n.year >= $yearFrom)
    AND ($yearTo IS NULL OR n.year <= $yearTo)
    AND ($publishedFrom IS NULL OR n.publishedOn >= $publishedFrom)
    AND ($publishedTo IS NULL OR n.publishedOn <= $publishedTo)
WITH n,
    CASE WHEN $forces IS NULL THEN true ELSE size([(n)-[:IN_FORCE_AREA]->(m1:Force) WHERE m1.code IN $forces | m1]) > 0 END AS keep1,
    CASE WHEN $agencies IS NULL THEN true ELSE size([(n)-[:INVOLVED]->(m2:Agency) WHERE m2.id IN $agencies | m2]) > 0 END AS keep2,
    CASE WHEN $sectors IS NULL THEN true ELSE size([(n)-[:INVOLVED]->(m3:Agency) WHERE m3.sector IN $sectors | m3]) > 0 END AS keep3,
    CASE WHEN $strands IS NULL THEN true ELSE size([(n)-[:CONCERNS]->(m4:Strand) WHERE m4.code IN $strands | m4]) > 0 END AS keep4,
    CASE WHEN $issues IS NULL THEN true ELSE size([(n)-[:RAISES]->(m5:PerennialIssue) WHERE m5.code IN $issues | m5]) > 0 END AS keep5,
    CASE WHEN $themes IS NULL THEN true ELSE size([(n)-[:RAISES]->(m6:Theme) WHERE m6.code IN $themes | m6]) > 0 END AS keep6,
    CASE WHEN $factors IS NULL THEN true ELSE size([(n)-[:RAISES]->(m7:SystemsFactor) WHERE m7.code IN $factors | m7]) > 0 END AS keep7
WHERE keep1 AND keep2 AND keep3 AND keep4 AND keep5 AND keep6 AND keep7
WITH n, CASE $sort WHEN 'title' THEN n.title WHEN 'published' THEN coalesce(n.publishedOn, '') ELSE n.id END AS key
WHERE $afterId IS NULL
    OR ($ascending AND (key > $afterKey OR (key = $afterKey AND n.id > $afterId)))
    OR (NOT $ascending AND (key < $afterKey OR (key = $afterKey AND n.id < $afterId)))
RETURN key, n.id AS id, properties(n) AS node
ORDER BY
    CASE WHEN $ascending THEN key END ASC, CASE WHEN $ascending THEN null ELSE key END DESC,
    CASE WHEN $ascending THEN id END ASC, CASE WHEN $ascending THEN null ELSE id END DESC
LIMIT $limit
