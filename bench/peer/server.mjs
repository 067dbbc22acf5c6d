// The peer of the benchmark (bench/peer.py): @neo4j/graphql over the service's Neo4j graph,
// served over HTTP by Apollo Server's standalone server, with the type definitions in
// schema.graphql. No authentication and no authorisation: every caller sees everything.
//
//   node server.mjs --port 4000 [--uri neo4j://127.0.0.1:7687] [--record FILE] [--nagle]
//   node server.mjs --print-schema
//
// The Neo4j URI comes from --uri, else from $NEO4J_URI; $NEO4J_USER and $NEO4J_PASSWORD are
// sent when set (a server without authentication needs neither). Once it listens, it prints
// one line to standard output: "peer ready at <url>".
//
// The driver (neo4j-driver 5.28) leaves Nagle's algorithm on for its Bolt sockets, and some
// statements then wait for Neo4j's delayed ACK, some 40 ms on Linux: in a trial, the detail
// page's statement took 55 ms in a read transaction instead of 6. The server turns Nagle's
// algorithm off (TCP_NODELAY) on unencrypted connections, as asyncio does for the service's
// Python driver; --nagle keeps the driver's default.
//
// --record FILE appends every statement the library sends to Neo4j (its Cypher text and
// parameters, one JSON object a line) to FILE, from a driver wrapped to see each call of
// Transaction.run. It is for recording what one request sends, not for timing.

import { appendFileSync, readFileSync } from "node:fs";
import net from "node:net";
import { parseArgs } from "node:util";

import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { Neo4jGraphQL } from "@neo4j/graphql";
import { printSchema } from "graphql";
import neo4j from "neo4j-driver";

const { values: options } = parseArgs({
    options: {
        port: { type: "string", default: "4000" },
        host: { type: "string", default: "127.0.0.1" },
        uri: { type: "string" },
        record: { type: "string" },
        nagle: { type: "boolean", default: false },
        "print-schema": { type: "boolean", default: false },
    },
});

const typeDefs = readFileSync(new URL("./schema.graphql", import.meta.url), "utf8");

// The driver opens its (unencrypted) Bolt connections with net.connect.
function withoutNagle() {
    const connect = net.connect;
    net.connect = (...args) => connect(...args).setNoDelay(true);
}

function driverFor(uri) {
    const user = process.env.NEO4J_USER;
    const password = process.env.NEO4J_PASSWORD;
    const auth = user && password ? neo4j.auth.basic(user, password) : undefined;
    return neo4j.driver(uri, auth, { userAgent: "graph-service-bench-peer" });
}

// A view of `target` whose method `name` is replaced, every other member passed through.
function replacing(target, name, replacement) {
    return new Proxy(target, {
        get(object, key) {
            if (key === name) return replacement;
            const value = Reflect.get(object, key, object);
            return typeof value === "function" ? value.bind(object) : value;
        },
    });
}

// The driver, but every Transaction.run (the one call the library sends Cypher through, in a
// managed transaction of a session it opens per request) is written to `file` first.
function recording(driver, file) {
    const recordRun = (tx) =>
        replacing(tx, "run", (cypher, params) => {
            appendFileSync(file, JSON.stringify({ cypher, params }) + "\n");
            return tx.run(cypher, params);
        });
    const wrapSession = (session) => {
        const managed = (method) => (work, config) =>
            session[method]((tx) => work(recordRun(tx)), config);
        return new Proxy(session, {
            get(object, key) {
                if (key === "executeRead" || key === "executeWrite") return managed(key);
                if (key === "run") {
                    return (cypher, params, config) => {
                        appendFileSync(file, JSON.stringify({ cypher, params }) + "\n");
                        return object.run(cypher, params, config);
                    };
                }
                const value = Reflect.get(object, key, object);
                return typeof value === "function" ? value.bind(object) : value;
            },
        });
    };
    return replacing(driver, "session", (config) => wrapSession(driver.session(config)));
}

async function main() {
    if (options["print-schema"]) {
        const schema = await new Neo4jGraphQL({ typeDefs }).getSchema();
        process.stdout.write(printSchema(schema));
        return;
    }
    const uri = options.uri ?? process.env.NEO4J_URI;
    if (!uri) {
        console.error("error: give the Neo4j URI with --uri or $NEO4J_URI");
        process.exit(2);
    }
    const port = Number.parseInt(options.port, 10);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
        console.error(`error: --port must be a port number, got ${options.port}`);
        process.exit(2);
    }
    if (!options.nagle) withoutNagle();
    const driver = driverFor(uri);
    await driver.verifyConnectivity();
    const used = options.record ? recording(driver, options.record) : driver;
    const schema = await new Neo4jGraphQL({ typeDefs, driver: used }).getSchema();
    const server = new ApolloServer({ schema });
    const { url } = await startStandaloneServer(server, {
        listen: { port, host: options.host },
    });
    console.log(`peer ready at ${url}`);
    const stop = async () => {
        await server.stop();
        await driver.close();
        process.exit(0);
    };
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
});
