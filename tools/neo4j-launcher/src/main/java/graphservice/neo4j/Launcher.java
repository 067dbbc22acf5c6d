package graphservice.neo4j;

import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * Neo4j Community Edition for the test run and the benchmarks: one server with Bolt on a free
 * loopback port, without authentication (only this machine's loopback reaches it).
 *
 * <p>Prints {@code neo4j://127.0.0.1:PORT} on a line of its own once Bolt accepts connections,
 * then runs until its standard input ends, which is when the process that started it closes
 * the pipe or dies; it then stops Neo4j. A failed start prints the cause and the end of Neo4j's
 * debug log on standard error and exits with status 1.
 *
 * <p>Without arguments Neo4j runs over a new temporary store, deleted when it stops, with the
 * small page cache the test run needs. Options: {@code --page-cache SIZE} (such as 2g) and
 * {@code --store-dir DIR}, a store kept when Neo4j stops and used again by the next start with
 * the same directory.
 */
public final class Launcher {
    private static final String HOST = "127.0.0.1";
    private static final int DEBUG_LOG_LINES = 80;
    private static final int BIND_ATTEMPTS = 3;
    private static final String USAGE = "usage: java -jar neo4j-launcher.jar"
            + " [--page-cache SIZE (e.g. 512m, 2g)] [--store-dir DIR (kept and reused)]";

    private Launcher() {}

    /** What the command line chose; the defaults are what the test run uses. */
    private record Options(long pageCacheBytes, Path storeDir) {
        // The rest of the test run shares the machine: a small page cache will do.
        static final long TEST_PAGE_CACHE = ByteUnit.mebiBytes(128);

        static Options parse(String[] args) {
            long pageCache = TEST_PAGE_CACHE;
            Path storeDir = null;
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                String value = args[i + 1];
                switch (args[i]) {
                    case "--page-cache" -> pageCache = ByteUnit.parse(value);
                    case "--store-dir" -> storeDir = Path.of(value).toAbsolutePath();
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return new Options(pageCache, storeDir);
        }

        boolean keepsStore() {
            return storeDir != null;
        }
    }

    public static void main(String[] args) throws IOException {
        // Neo4j writes its own progress to stdout; the URI line must be the only line there.
        PrintStream uriOut = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.setOut(System.err);

        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException wrong) {
            System.err.println(wrong.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        long started = System.nanoTime();
        DatabaseManagementService service = null;
        Path home = null;
        int port = 0;
        for (int attempt = 1; service == null; attempt++) {
            home = options.keepsStore()
                    ? Files.createDirectories(options.storeDir())
                    : Files.createTempDirectory("neo4j-launcher-");
            try {
                port = freePort();
                service = start(home, port, options);
            } catch (Throwable failure) {
                // Another process may take the free port before Neo4j binds it: try another.
                if (attempt < BIND_ATTEMPTS && causedBy(failure, BindException.class)) {
                    System.err.println("port " + port + " was taken meanwhile; trying another");
                    deleteTemporary(home, options);
                    continue;
                }
                System.err.println("Neo4j did not start: " + failure);
                failure.printStackTrace();
                printDebugLogTail(home);
                deleteTemporary(home, options);
                System.exit(1);
                return;
            }
        }
        Runnable stop = stopper(service, home, options);
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "neo4j-launcher-stop"));
        System.err.printf(
                "Neo4j started in %d ms over %s (%s store, page cache %d MiB)%n",
                Duration.ofNanos(System.nanoTime() - started).toMillis(),
                home,
                options.keepsStore() ? "kept" : "temporary",
                options.pageCacheBytes() / ByteUnit.mebiBytes(1));
        uriOut.println("neo4j://" + HOST + ":" + port);

        // The parent holds our stdin open for as long as it wants Neo4j; EOF means stop.
        while (System.in.read() != -1) {
            // the content is of no interest, only its end
        }
        stop.run();
        System.exit(0);
    }

    private static DatabaseManagementService start(Path home, int port, Options options) {
        SocketAddress bolt = new SocketAddress(HOST, port);
        return new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, bolt)
                // neo4j:// clients ask for a routing table, which names this address.
                .setConfig(BoltConnector.advertised_address, bolt)
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                // Transactions over their time limit are stopped when the monitor next looks
                // (every 2 s by default): look often, so that short limits hold in tests.
                .setConfig(GraphDatabaseSettings.transaction_monitor_check_interval,
                        Duration.ofMillis(50))
                .setConfig(GraphDatabaseSettings.pagecache_memory, options.pageCacheBytes())
                .build();
    }

    /** Stops Neo4j (and deletes a temporary store), once, whichever of EOF or a signal is first. */
    private static Runnable stopper(DatabaseManagementService service, Path home, Options options) {
        return new Runnable() {
            private boolean stopped;

            @Override
            public synchronized void run() {
                if (stopped) {
                    return;
                }
                stopped = true;
                service.shutdown();
                deleteTemporary(home, options);
            }
        };
    }

    /** A port nothing listens on now; Neo4j binds it a moment later. */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> kind) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (kind.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static void printDebugLogTail(Path home) {
        Path log = home.resolve("logs").resolve("debug.log");
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            System.err.println("--- last lines of " + log + " ---");
            lines.subList(Math.max(0, lines.size() - DEBUG_LOG_LINES), lines.size())
                    .forEach(System.err::println);
        } catch (IOException unreadable) {
            System.err.println("(no debug log at " + log + ": " + unreadable + ")");
        }
    }

    /** Deletes the store unless the command line asked for it to be kept. */
    private static void deleteTemporary(Path home, Options options) {
        if (options.keepsStore()) {
            return;
        }
        try (Stream<Path> paths = Files.walk(home)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }
}
