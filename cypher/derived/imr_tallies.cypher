// Replaces the IMR tallies: per review type, review year, assessed force (null when the
// assessed agency is not a force) and criterion, how many scores of 0, 1, 2 and 3 were given,
// over every assessment and over those of unrestricted reviews only.
// Parameters: none
// Columns: tallies
// Visibility: internal
OPTIONAL MATCH (old:ImrTally)
DELETE old
WITH count(*) AS cleared
MATCH (i:ImrAssessment)-[:FOR_REVIEW]->(r:Review)
OPTIONAL MATCH (force:Force {code: i.agencyId})
WITH i, r, force.code AS forceCode
MATCH (i)-[scored:SCORED]->(criterion:ImrCriterion)
WITH r.reviewType AS reviewType, r.year AS year, forceCode, criterion.code AS code,
    scored.score AS score, r.restricted AS restricted
WITH reviewType, year, forceCode, code,
    sum(CASE WHEN score = 0 THEN 1 ELSE 0 END) AS all0,
    sum(CASE WHEN score = 1 THEN 1 ELSE 0 END) AS all1,
    sum(CASE WHEN score = 2 THEN 1 ELSE 0 END) AS all2,
    sum(CASE WHEN score = 3 THEN 1 ELSE 0 END) AS all3,
    sum(CASE WHEN score = 0 AND restricted = false THEN 1 ELSE 0 END) AS open0,
    sum(CASE WHEN score = 1 AND restricted = false THEN 1 ELSE 0 END) AS open1,
    sum(CASE WHEN score = 2 AND restricted = false THEN 1 ELSE 0 END) AS open2,
    sum(CASE WHEN score = 3 AND restricted = false THEN 1 ELSE 0 END) AS open3
CREATE (t:ImrTally {reviewType: reviewType, criterion: code,
    scores: [all0, all1, all2, all3], openScores: [open0, open1, open2, open3]})
SET t.year = year, t.force = forceCode
RETURN count(t) AS tallies
