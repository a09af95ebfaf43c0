package dev.hellokafka.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * A stock Apache Kafka cluster of any Kafka 4 release, each node a {@code java} process of its own, as a Kafka
 * download runs it: for trying the tutorial's programs, or running its walk in external mode, against the release a
 * reader's company runs. {@code ./mvnw -q -Pstock -Dstock.version=4.0.1} starts one node on localhost:9092;
 * {@code -Dstock.nodes=3} three (9092, 9093, 9094), each a broker and a controller. The release's jars come from
 * Maven Central the first time (into {@code target/stock/VERSION/libs}); its own {@code kafka-storage format}
 * ({@code kafka.tools.StorageTool}) formats each node, and {@code kafka-server-start} ({@code kafka.Kafka}) runs it.
 * Unlike the playground it is not the tutorial's broker: nothing of this project runs inside it.
 */
public final class StockCluster {

    /** Kafka's own default ports, moved by {@code -Dstock.port}: controllers 100 above, JMX 900 above. */
    static final int DEFAULT_PORT = 9092;

    private static final Pattern RELEASE = Pattern.compile("4\\.\\d+\\.\\d+");
    private static final Duration READY_WITHIN = Duration.ofMinutes(2);

    private StockCluster() {}

    /**
     * What to start, and where: the files and command lines follow from it alone, so that they can be checked
     * without starting anything.
     *
     * @param home where this release's jars, the nodes' files, logs and data live: target/stock/VERSION
     */
    record Plan(String version, int nodes, int port, int controllerPort, int jmxPort, Path home, Path java) {

        Plan {
            if (!RELEASE.matcher(version).matches()) {
                throw new StartFailed("-Dstock.version=" + version + " is not a Kafka 4 release: this starts"
                        + " releases 4.0.0 and later (KRaft only), e.g. -Dstock.version=4.0.1");
            }
            if (nodes < 1 || nodes == 2 || nodes > 9) {
                throw new StartFailed("-Dstock.nodes=" + nodes + ": start 1 node, or 3 to 9 (two controllers"
                        + " survive no failure, and Kafka's internal topics want three copies)");
            }
        }

        static Plan fromSystemProperties() {
            String version = System.getProperty("stock.version", AppInfoParser.getVersion())
                    .trim();
            int port = Integer.getInteger("stock.port", DEFAULT_PORT);
            return new Plan(
                    version,
                    Integer.getInteger("stock.nodes", 1),
                    port,
                    Integer.getInteger("stock.controllerPort", port + 100),
                    Integer.getInteger("stock.jmxPort", port + 900),
                    Path.of("target", "stock", version).toAbsolutePath(),
                    Path.of(System.getProperty("java.home"), "bin", "java"));
        }

        List<Integer> ids() {
            return IntStream.rangeClosed(1, nodes).boxed().toList();
        }

        int clientPort(int node) {
            return port + node - 1;
        }

        int controllerPort(int node) {
            return controllerPort + node - 1;
        }

        int jmxPort(int node) {
            return jmxPort + node - 1;
        }

        Path libs() {
            return home.resolve("libs");
        }

        Path data() {
            return home.resolve("data");
        }

        Path properties(int node) {
            return home.resolve("node-" + node + ".properties");
        }

        Path log(int node) {
            return home.resolve("node-" + node + ".log");
        }

        Path logConfig() {
            return home.resolve("log4j2.properties");
        }

        String bootstrapServers() {
            return ids().stream().map(id -> "localhost:" + clientPort(id)).collect(Collectors.joining(","));
        }

        /**
         * A node's server.properties: Kafka's defaults, and only what Kafka's own config/server.properties sets,
         * with this node's id, ports and directory. One node keeps that file's single copies of the internal
         * topics; a cluster keeps Kafka's default of three.
         */
        String nodeProperties(int node) {
            String controllers =
                    ids().stream().map(id -> "localhost:" + controllerPort(id)).collect(Collectors.joining(","));
            StringBuilder text = new StringBuilder()
                    .append("# Apache Kafka ")
                    .append(version)
                    .append(", node ")
                    .append(node)
                    .append(" of ")
                    .append(nodes)
                    .append(": Kafka's defaults, and what its config/server.properties sets.\n")
                    .append("process.roles=broker,controller\n")
                    .append("node.id=")
                    .append(node)
                    .append('\n')
                    .append("controller.quorum.bootstrap.servers=")
                    .append(controllers)
                    .append('\n')
                    .append("listeners=PLAINTEXT://localhost:")
                    .append(clientPort(node))
                    .append(",CONTROLLER://localhost:")
                    .append(controllerPort(node))
                    .append('\n')
                    .append("advertised.listeners=PLAINTEXT://localhost:")
                    .append(clientPort(node))
                    .append(",CONTROLLER://localhost:")
                    .append(controllerPort(node))
                    .append('\n')
                    .append("controller.listener.names=CONTROLLER\n")
                    .append("listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SSL:SSL,"
                            + "SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL\n")
                    .append("log.dirs=")
                    .append(data().resolve("node-" + node))
                    .append('\n');
            if (nodes == 1) {
                text.append("offsets.topic.replication.factor=1\n")
                        .append("transaction.state.log.replication.factor=1\n")
                        .append("transaction.state.log.min.isr=1\n")
                        .append("share.coordinator.state.topic.replication.factor=1\n")
                        .append("share.coordinator.state.topic.min.isr=1\n");
            }
            return text.append("group.initial.rebalance.delay.ms=0\n").toString();
        }

        /**
         * {@code kafka-storage.sh format}: one node is its quorum alone ({@code --standalone}); in a cluster, every
         * node is formatted with the same voters, each with its own directory id ({@code --initial-controllers}).
         */
        List<String> formatCommand(int node, String clusterId, List<Uuid> directoryIds) {
            List<String> command = new ArrayList<>(List.of(
                    java.toString(),
                    "-Xmx256M", // kafka-run-class.sh's heap for a tool
                    "-Dlog4j2.configurationFile=" + logConfig(),
                    "-cp",
                    libs().resolve("*").toString(),
                    "kafka.tools.StorageTool",
                    "format",
                    "--cluster-id",
                    clusterId,
                    "--config",
                    properties(node).toString()));
            if (nodes == 1) {
                command.add("--standalone");
            } else {
                command.add("--initial-controllers");
                command.add(ids().stream()
                        .map(id -> id + "@localhost:" + controllerPort(id) + ":" + directoryIds.get(id - 1))
                        .collect(Collectors.joining(",")));
            }
            return command;
        }

        /**
         * {@code kafka-server-start.sh}: the JVM options its scripts give a broker (heap, G1, JMX on the node's
         * port), then {@code kafka.Kafka} with the node's properties. JMX answers on localhost only: it has no
         * login.
         */
        List<String> startCommand(int node) {
            int jmx = jmxPort(node);
            return List.of(
                    java.toString(),
                    "-Xmx1G",
                    "-Xms1G",
                    "-server",
                    "-XX:+UseG1GC",
                    "-XX:MaxGCPauseMillis=20",
                    "-XX:InitiatingHeapOccupancyPercent=35",
                    "-XX:+ExplicitGCInvokesConcurrent",
                    "-XX:MaxInlineLevel=15",
                    "-Djava.awt.headless=true",
                    "-Dcom.sun.management.jmxremote=true",
                    "-Dcom.sun.management.jmxremote.authenticate=false",
                    "-Dcom.sun.management.jmxremote.ssl=false",
                    "-Dcom.sun.management.jmxremote.host=localhost",
                    "-Dcom.sun.management.jmxremote.port=" + jmx,
                    "-Dcom.sun.management.jmxremote.rmi.port=" + jmx,
                    "-Djava.rmi.server.hostname=localhost",
                    "-Dlog4j2.configurationFile=" + logConfig(),
                    "-cp",
                    libs().resolve("*").toString(),
                    "kafka.Kafka",
                    properties(node).toString());
        }

        /** Every port a node listens on, named for the line that says which one is taken. */
        Map<Integer, String> ports() {
            Map<Integer, String> ports = new LinkedHashMap<>();
            for (int id : ids()) {
                ports.put(clientPort(id), "node " + id + "'s client port (-Dstock.port)");
                ports.put(controllerPort(id), "node " + id + "'s controller port (-Dstock.controllerPort)");
                ports.put(jmxPort(id), "node " + id + "'s JMX port (-Dstock.jmxPort)");
            }
            return ports;
        }

        /** Where a file is, as the reader named the project: relative to the working directory if it is in it. */
        String shown(Path file) {
            Path here = Path.of("").toAbsolutePath();
            return file.startsWith(here) ? here.relativize(file).toString() : file.toString();
        }
    }

    /** The cluster did not start; the message says why in one line. */
    static final class StartFailed extends RuntimeException {
        StartFailed(String message) {
            super(message);
        }
    }

    public static void main(String[] args) throws InterruptedException {
        // Every process this one starts (Maven, the format tool, the nodes), for the shutdown hook to stop.
        List<Process> children = new CopyOnWriteArrayList<>();
        List<Process> nodes = new ArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        // Ctrl-C runs shutdown hooks, at any moment from here on: stop the children there (SIGTERM, as
        // kafka-server-stop.sh sends), so that no java process outlives this one.
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            stopping.set(true);
                            boolean running = children.stream().anyMatch(Process::isAlive);
                            if (running) {
                                System.out.println("stock: stopping");
                            }
                            stop(children);
                            if (running) {
                                System.out.println("stock: stopped");
                            }
                            stopped.countDown();
                        },
                        "stock-shutdown"));
        Plan plan;
        try {
            plan = Plan.fromSystemProperties();
            long started = System.nanoTime();
            requireFreePorts(plan.ports());
            downloadOnce(plan, children);
            nodes.addAll(startNodes(plan, children));
            awaitBrokers(plan, nodes);
            printReady(plan, Duration.ofNanos(System.nanoTime() - started));
        } catch (StartFailed e) {
            stop(children);
            System.err.println("stock: " + e.getMessage());
            System.exit(1);
            return;
        }
        // A node stopped by hand (kill, to watch the others take over) is said; the others keep running, and when
        // none is left this ends too.
        for (int id : plan.ids()) {
            nodes.get(id - 1).onExit().thenAccept(node -> {
                if (stopping.get()) {
                    return;
                }
                boolean last = nodes.stream().noneMatch(Process::isAlive);
                System.err.println("stock: node " + id + " stopped (exit code " + node.exitValue() + ", log "
                        + plan.shown(plan.log(id)) + ")"
                        + (last ? "; no node is left" : "; the others keep running"));
                if (last) {
                    System.exit(1);
                }
            });
        }
        stopped.await();
    }

    private static void requireFreePorts(Map<Integer, String> ports) {
        for (Map.Entry<Integer, String> port : ports.entrySet()) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getByName("localhost"), port.getKey()));
            } catch (IOException e) {
                throw new StartFailed("port " + port.getKey() + ", " + port.getValue()
                        + ", is already in use: stop what listens there (a stock node left running?"
                        + " pgrep -af kafka.Kafka), or choose other ports");
            }
        }
    }

    /**
     * The release's jars, as a Kafka download has them in libs/: resolved from Maven Central by the project's own
     * Maven (the wrapper) on a pom written for the release, the first time only.
     */
    private static void downloadOnce(Plan plan, List<Process> children) {
        if (Files.isDirectory(plan.libs())) {
            return;
        }
        Path mvnw = Path.of(isWindows() ? "mvnw.cmd" : "mvnw").toAbsolutePath();
        if (!Files.isRegularFile(mvnw)) {
            throw new StartFailed(
                    "no " + mvnw.getFileName() + " in " + mvnw.getParent() + ": run this from the project's directory");
        }
        Path pom = plan.home().resolve("pom.xml");
        Path log = plan.home().resolve("download.log");
        System.out.println("stock: downloading Apache Kafka " + plan.version()
                + "'s jars from Maven Central (once; a minute or two) ...");
        try {
            Files.createDirectories(plan.home());
            Files.writeString(pom, stockPom(plan.version()));
            Process maven = new ProcessBuilder(
                            mvnw.toString(), "-B", "-q", "-f", pom.toString(), "dependency:copy-dependencies")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            children.add(maven);
            if (!maven.waitFor(10, TimeUnit.MINUTES)) {
                maven.destroyForcibly();
                throw new StartFailed("the download of Apache Kafka " + plan.version()
                        + " took more than 10 minutes; Maven's output: " + plan.shown(log));
            }
            if (maven.exitValue() != 0) {
                String output = Files.readString(log);
                throw new StartFailed(
                        output.contains("kafka_2.13:jar:" + plan.version())
                                        && (output.contains("not found") || output.contains("Could not find"))
                                ? "Apache Kafka " + plan.version() + " is not on Maven Central"
                                        + " (org.apache.kafka:kafka_2.13:" + plan.version() + "): is it a release?"
                                        + " Maven's output: " + plan.shown(log)
                                : "Maven could not download Apache Kafka " + plan.version() + "'s jars: see "
                                        + plan.shown(log));
            }
            // Complete or absent: libs/ appears only once every jar is there.
            Files.move(plan.home().resolve("target").resolve("dependency"), plan.libs());
            EmbeddedKafkaBroker.deleteRecursively(plan.home().resolve("target"));
        } catch (IOException e) {
            throw new StartFailed("the download of Apache Kafka " + plan.version() + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartFailed("interrupted while downloading Apache Kafka " + plan.version());
        }
    }

    static String stockPom(String version) {
        try (InputStream in = StockCluster.class.getResourceAsStream("stock-pom.xml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${stock.version}", version);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Formats every node (side by side: each is a JVM of its own), then starts them; each logs to its file. */
    private static List<Process> startNodes(Plan plan, List<Process> children) {
        System.out.println("stock: starting Apache Kafka " + plan.version() + ", " + plan.nodes()
                + (plan.nodes() == 1 ? " node" : " nodes") + " ...");
        try {
            // A start begins with empty data: a quorum formatted on other ports or with other nodes would not
            // start again.
            EmbeddedKafkaBroker.deleteRecursively(plan.data());
            Files.writeString(plan.logConfig(), LOG_CONFIG);
            String clusterId = Uuid.randomUuid().toString();
            List<Uuid> directoryIds =
                    plan.ids().stream().map(id -> Uuid.randomUuid()).toList();
            List<Process> formats = new ArrayList<>();
            for (int id : plan.ids()) {
                Files.writeString(plan.properties(id), plan.nodeProperties(id));
                Files.deleteIfExists(plan.log(id));
                formats.add(new ProcessBuilder(plan.formatCommand(id, clusterId, directoryIds))
                        .redirectErrorStream(true)
                        .redirectOutput(
                                ProcessBuilder.Redirect.appendTo(plan.log(id).toFile()))
                        .start());
                children.add(formats.get(formats.size() - 1));
            }
            for (int id : plan.ids()) {
                Process format = formats.get(id - 1);
                if (!format.waitFor(2, TimeUnit.MINUTES)) {
                    formats.forEach(Process::destroyForcibly);
                    throw new StartFailed("formatting node " + id + "'s storage took more than 2 minutes (see "
                            + plan.shown(plan.log(id)) + ")");
                }
                if (format.exitValue() != 0) {
                    throw new StartFailed("formatting node " + id + "'s storage failed: " + why(plan.log(id)) + " (see "
                            + plan.shown(plan.log(id)) + ")");
                }
            }
            List<Process> nodes = new ArrayList<>();
            for (int id : plan.ids()) {
                nodes.add(new ProcessBuilder(plan.startCommand(id))
                        .redirectErrorStream(true)
                        .redirectOutput(
                                ProcessBuilder.Redirect.appendTo(plan.log(id).toFile()))
                        .start());
                children.add(nodes.get(nodes.size() - 1));
            }
            return nodes;
        } catch (IOException e) {
            throw new StartFailed("could not start the nodes: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartFailed("interrupted while starting the nodes");
        }
    }

    /**
     * Waits, in a bounded loop, until the cluster says it has every broker; a node that stops meanwhile ends the
     * wait at once, with the reason from its log.
     */
    private static void awaitBrokers(Plan plan, List<Process> nodes) {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        CompletableFuture<Object> anyExit =
                CompletableFuture.anyOf(nodes.stream().map(Process::onExit).toArray(CompletableFuture[]::new));
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                plan.bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                2_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                3_000))) {
            int brokers = 0;
            while (true) {
                int dead = deadNode(nodes);
                if (dead > 0) {
                    throw new StartFailed("node " + dead + " stopped while starting: " + why(plan.log(dead)) + " (see "
                            + plan.shown(plan.log(dead)) + ")");
                }
                if (System.nanoTime() > deadline) {
                    throw new StartFailed("the cluster did not answer with " + plan.nodes() + " brokers within "
                            + READY_WITHIN.toSeconds() + " s (it had " + brokers + "): see "
                            + plan.ids().stream()
                                    .map(id -> plan.shown(plan.log(id)))
                                    .collect(Collectors.joining(", ")));
                }
                try {
                    brokers = admin.describeCluster(new DescribeClusterOptions().timeoutMs(3_000))
                            .nodes()
                            .get(4, TimeUnit.SECONDS)
                            .size();
                    if (brokers == plan.nodes()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    // not answering yet
                }
                try {
                    // Between two questions, wait for a node to stop rather than for nothing.
                    anyExit.get(500, TimeUnit.MILLISECONDS);
                } catch (TimeoutException | ExecutionException e) {
                    // none stopped: ask again
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartFailed("interrupted while waiting for the cluster");
        }
    }

    private static int deadNode(List<Process> nodes) {
        for (int i = 0; i < nodes.size(); i++) {
            if (!nodes.get(i).isAlive()) {
                return i + 1;
            }
        }
        return 0;
    }

    private static void printReady(Plan plan, Duration took) {
        System.out.printf(
                "stock: Apache Kafka %s, %s, is ready (%.1f s)%n",
                plan.version(),
                plan.nodes() == 1 ? "one node" : plan.nodes() + " nodes, each a broker and a controller",
                took.toMillis() / 1000.0);
        for (int id : plan.ids()) {
            System.out.printf(
                    "  node %d  localhost:%d  JMX localhost:%d  log %s%n",
                    id, plan.clientPort(id), plan.jmxPort(id), plan.shown(plan.log(id)));
        }
        System.out.println("  bootstrap servers  " + plan.bootstrapServers());
        System.out.println("  the walk on it     ./mvnw test -Dkafka.broker=external -Dkafka.bootstrap.servers="
                + plan.bootstrapServers());
        System.out.println("  stop it            Ctrl-C");
        System.out.flush();
    }

    /** SIGTERM to every node (each shuts down cleanly, as kafka-server-stop.sh asks), then a kill if one hangs. */
    private static void stop(Collection<Process> nodes) {
        nodes.forEach(Process::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (Process node : nodes) {
            try {
                if (!node.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    node.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                node.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String why(Path log) {
        try {
            return why(Files.readAllLines(log, StandardCharsets.UTF_8));
        } catch (IOException | UncheckedIOException e) {
            return "its log cannot be read (" + e.getMessage() + ")";
        }
    }

    private static final Pattern EXCEPTION = Pattern.compile("^(Caused by: )?[\\w.$]+(Exception|Error)(: .*)?$");

    /**
     * The reason a node gave for stopping, from its log: its first ERROR, or the first exception if none, and then
     * the innermost cause of the exception logged with it.
     */
    static String why(List<String> log) {
        int first = IntStream.range(0, log.size())
                .filter(i -> log.get(i).contains(" ERROR "))
                .findFirst()
                .orElse(-1);
        String reason =
                first < 0 ? null : log.get(first).substring(log.get(first).indexOf(" ERROR ") + 7);
        for (int i = first + 1; i < log.size(); i++) {
            String line = log.get(i).trim();
            if (EXCEPTION.matcher(line).matches()) {
                reason = line.replaceFirst("^Caused by: ", "");
            } else if (reason != null && !line.startsWith("at ") && !line.startsWith("...")) {
                break; // the exception's trace ended
            }
        }
        return reason == null ? "its log says no more" : reason.trim();
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").startsWith("Windows");
    }

    /** Kafka's own log format, to the process's output, which goes to node-N.log. */
    private static final String LOG_CONFIG = """
            # Kafka's log format, on the console, which StockCluster sends to node-N.log.
            appender.stdout.type = Console
            appender.stdout.name = STDOUT
            appender.stdout.layout.type = PatternLayout
            appender.stdout.layout.pattern = [%d] %p %m (%c)%n
            rootLogger.level = INFO
            rootLogger.appenderRef.stdout.ref = STDOUT
            """;
}
