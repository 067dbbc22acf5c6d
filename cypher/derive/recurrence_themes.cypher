// Derives the recurrence tallies of the Theme dimension: per code, review type, year,
// jurisdiction and restriction, the reviews raising the code, their findings coded with it,
// first and last publication and the forces affected (';'-terminated codes, which
// read back far faster than a list). Replaces the previous tallies.
// Parameters: none
// Columns: tallies
OPTIONAL MATCH (old:RecurrenceTally {dimension: 'themes'})
DELETE old
WITH count(*) AS cleared
MATCH (r:Review)-[raised:RAISES]->(entry:Theme)
WITH entry.code AS code, r.reviewType AS reviewType, r.year AS year,
    r.jurisdiction AS jurisdiction, r.restricted AS restricted, count(r) AS reviews,
    sum(raised.findings) AS findings, min(r.publishedOn) AS firstSeen,
    max(r.publishedOn) AS lastSeen, collect(r.forceCodes) AS forceLists
WITH code, reviewType, year, jurisdiction, restricted, reviews, findings, firstSeen, lastSeen,
    reduce(seen = [], codes IN forceLists | seen + [c IN codes WHERE NOT c IN seen]) AS forces
CREATE (t:RecurrenceTally {dimension: 'themes', code: code, reviewType: reviewType,
    restricted: restricted, reviews: reviews, findings: findings})
SET t.year = year, t.jurisdiction = jurisdiction, t.firstSeen = firstSeen,
    t.lastSeen = lastSeen, t.forces = reduce(text = '', c IN forces | text + c + ';')
RETURN count(t) AS tallies
