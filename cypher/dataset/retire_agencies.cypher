// Retires the agencies a dataset's retirements name, after every entity and link of its load is
// written. Every dataset entity linked to one changes in this run, since the links its row
// shows are gone (changedIn and linksChangedIn), and loses its row hash, so that the next load
// writes its row again. A tombstone keeps the retirement for the change feed (Retired, keyed
// 'agencies/<id>', with the run's ordinal and whether readers ever saw the entity); then the
// node goes, with its links.
// Parameters: $ids, $runId
// Columns: retired
// Visibility: internal
MATCH (this:LoadRun {id: $runId})
WITH this.ordinal AS ordinal
UNWIND $ids AS wanted
MATCH (n:Agency {id: wanted})
OPTIONAL MATCH (n)--(other)
WHERE other:Review OR other:Finding OR other:Recommendation OR other:ImrAssessment
    OR other:Briefing OR other:PracticeChange OR other:Outcome OR other:GovernanceRecord
    OR other:Resource OR (other:Agency AND NOT other:Force)
WITH ordinal, n, collect(DISTINCT other) AS linked
FOREACH (x IN linked | SET x.changedIn = ordinal, x.linksChangedIn = ordinal, x.rowHash = null)
MERGE (tombstone:Retired {key: 'agencies/' + n.id})
SET tombstone.kind = 'agencies', tombstone.id = n.id, tombstone.changedIn = ordinal,
    tombstone.everPublic = true
DETACH DELETE n
RETURN count(*) AS retired
