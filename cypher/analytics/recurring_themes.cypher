// Counts, per Theme raised by the selected reviews, the reviews and their findings coded
// with it per review type and year, with first and last publication and the forces affected.
// Parameters: $includeRestricted, $yearFrom, $yearTo, $reviewTypes, $forces, $strands, $jurisdiction
// Columns: code, reviewType, year, reviews, findings, firstSeen, lastSeen, forces
// Visibility: derived
OPTIONAL MATCH (figures:DerivedState {id: 'open'})
WITH figures
WHERE $includeRestricted OR coalesce(figures.stale, false) = false
MATCH (r:Review)
WHERE ($includeRestricted OR r.restricted = false)
    AND ($yearFrom IS NULL OR r.year >= $yearFrom)
    AND ($yearTo IS NULL OR r.year <= $yearTo)
    AND ($reviewTypes IS NULL OR r.reviewType IN $reviewTypes)
    AND ($jurisdiction IS NULL OR r.jurisdiction = $jurisdiction)
    AND ($forces IS NULL OR any(force IN r.forceCodes WHERE force IN $forces))
    AND ($strands IS NULL OR any(strand IN r.strandCodes WHERE strand IN $strands))
MATCH (r)-[raised:RAISES]->(entry:Theme)
WITH entry.code AS code, r.reviewType AS reviewType, r.year AS year, count(r) AS reviews,
    sum(raised.findings) AS findings, min(r.publishedOn) AS firstSeen,
    max(r.publishedOn) AS lastSeen, collect(r.forceCodes) AS forceLists
RETURN code, reviewType, year, reviews, findings, firstSeen, lastSeen,
    reduce(seen = [], codes IN forceLists | seen + [c IN codes WHERE NOT c IN seen]) AS forces
