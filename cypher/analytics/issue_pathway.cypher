// Reads one perennial issue's derived pathway tallies for the caller's visibility: per review
// type ('*' for all), the counts at each stage and the counts the conversion rates divide.
// Parameters: $includeRestricted, $code
// Columns: reviewType, findings, findingsAddressed, reviews, recommendations, recommendationsImplemented, changes, changesWithOutcome, improved, noChange, worsened, unknown
// Visibility: derived
OPTIONAL MATCH (figures:DerivedState {id: 'open'})
WITH figures
WHERE $includeRestricted OR coalesce(figures.stale, false) = false
MATCH (t:PathwayTally)
WHERE t.code = $code AND t.scope = CASE WHEN $includeRestricted THEN 'all' ELSE 'open' END
RETURN t.reviewType AS reviewType, t.findings AS findings,
    t.findingsAddressed AS findingsAddressed, t.reviews AS reviews,
    t.recommendations AS recommendations,
    t.recommendationsImplemented AS recommendationsImplemented, t.changes AS changes,
    t.changesWithOutcome AS changesWithOutcome, t.improved AS improved, t.noChange AS noChange,
    t.worsened AS worsened, t.unknown AS unknown
