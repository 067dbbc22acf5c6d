// Reads a JSON array of {name, text} statements on stdin and writes, for each one, the
// diagnostics of Neo4j's Cypher analyser as a JSON array on stdout.
import { lintCypherQuery } from '@neo4j-cypher/language-support';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const statements = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const report = statements.map(({ name, text }) => {
  const { diagnostics } = lintCypherQuery(text, {}, {});
  return {
    name,
    diagnostics: diagnostics.map((d) => ({
      severity: d.severity === 1 ? 'error' : 'warning',
      message: d.message,
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
    })),
  };
});
process.stdout.write(JSON.stringify(report));
