// Derives the recurrence tallies of the strand dimension: per strand, review type, year,
// jurisdiction and restriction, the reviews concerning it, all their findings, first and last
// publication and the forces affected. Replaces the previous tallies.
// Parameters: none
// Columns: tallies
OPTIONAL MATCH (old:RecurrenceTally {dimension: 'strands'})
DELETE old
WITH count(*) AS cleared
MATCH (r:Review)-[:CONCERNS]->(entry:Strand)
WITH entry.code AS code, r.reviewType AS reviewType, r.year AS year,
    r.jurisdiction AS jurisdiction, r.restricted AS restricted, count(r) AS reviews,
    sum(r.findingCount) AS findings, min(r.publishedOn) AS firstSeen,
    max(r.publishedOn) AS lastSeen, collect(r.forceCodes) AS forceLists
WITH code, reviewType, year, jurisdiction, restricted, reviews, findings, firstSeen, lastSeen,
    reduce(seen = [], codes IN forceLists | seen + [c IN codes WHERE NOT c IN seen]) AS forces
CREATE (t:RecurrenceTally {dimension: 'strands', code: code, reviewType: reviewType,
    restricted: restricted, reviews: reviews, findings: findings})
SET t.year = year, t.jurisdiction = jurisdiction, t.firstSeen = firstSeen,
    t.lastSeen = lastSeen, t.forces = reduce(text = '', c IN forces | text + c + ';')
RETURN count(t) AS tallies
