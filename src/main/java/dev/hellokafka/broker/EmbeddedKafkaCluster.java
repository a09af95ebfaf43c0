package dev.hellokafka.broker;

import static dev.hellokafka.broker.EmbeddedKafkaBroker.LOOPBACK;

import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.raft.DynamicVoters;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real Apache Kafka cluster inside this JVM: three controllers, which keep the cluster's metadata in a
 * quorum of three voters, and a number of brokers, which keep the data. The roles run in separate nodes, as in
 * a production cluster, so that brokers can fail without touching the quorum and the other way round. Every
 * node can be stopped and started again on the same ports and data. Built from the same node code as
 * {@link EmbeddedKafkaBroker}.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {

    /** Controllers are nodes 101, 102, 103; brokers are 1, 2, 3, ...: their ids say their role. */
    public static final List<Integer> CONTROLLER_IDS = List.of(101, 102, 103);

    private final Map<Integer, KafkaNode> controllers;
    private final Map<Integer, KafkaNode> brokers;
    private final Path dataDir;
    private final boolean deleteDataDirOnClose;
    private final String bootstrapServers;
    private final String clusterId;
    private final String controllerAddresses;
    private final Map<Integer, Uuid> controllerDirectoryIds;
    private boolean closed;

    private EmbeddedKafkaCluster(
            Map<Integer, KafkaNode> controllers,
            Map<Integer, KafkaNode> brokers,
            Path dataDir,
            boolean deleteDataDirOnClose,
            String bootstrapServers,
            String clusterId,
            String controllerAddresses,
            Map<Integer, Uuid> controllerDirectoryIds) {
        this.controllerAddresses = controllerAddresses;
        this.controllerDirectoryIds = controllerDirectoryIds;
        this.controllers = controllers;
        this.brokers = brokers;
        this.dataDir = dataDir;
        this.deleteDataDirOnClose = deleteDataDirOnClose;
        this.bootstrapServers = bootstrapServers;
        this.clusterId = clusterId;
    }

    /** Three controllers and this many brokers on free ports, with data in a temporary directory. */
    public static EmbeddedKafkaCluster start(int brokerCount) {
        return start(brokerCount, List.of(), EmbeddedKafkaBroker.Options.WALK, null);
    }

    /**
     * Starts the cluster and returns once every broker serves clients.
     *
     * @param brokerPorts the brokers' client ports, or an empty list for free ports
     * @param dataDir where every node keeps its data (a directory per node); {@code null} for a temporary one
     * @throws BrokerStartException with a one-line reason when the cluster cannot start
     */
    public static EmbeddedKafkaCluster start(
            int brokerCount, List<Integer> brokerPorts, EmbeddedKafkaBroker.Options options, Path dataDir) {
        EmbeddedKafkaBroker.requireDirectoryOrNothing(dataDir);
        List<ServerSocketChannel> brokerSockets = new ArrayList<>();
        List<ServerSocketChannel> controllerSockets = new ArrayList<>();
        try {
            if (brokerPorts.isEmpty()) {
                brokerSockets.addAll(EmbeddedKafkaBroker.bindFreePorts(options.bindHost(), brokerCount));
            }
            for (int port : brokerPorts) {
                brokerSockets.add(EmbeddedKafkaBroker.bindPort(options.bindHost(), port));
            }
            controllerSockets.addAll(EmbeddedKafkaBroker.bindFreePorts(LOOPBACK, CONTROLLER_IDS.size()));
        } catch (BrokerStartException e) {
            brokerSockets.forEach(KafkaNode::closeQuietly);
            controllerSockets.forEach(KafkaNode::closeQuietly);
            throw e;
        }
        boolean temporary = dataDir == null;
        Path dir = temporary ? EmbeddedKafkaBroker.createTempDir() : dataDir.toAbsolutePath();
        Map<Integer, ServerSocketChannel> controllerPorts = new LinkedHashMap<>();
        CONTROLLER_IDS.forEach(id -> controllerPorts.put(id, controllerSockets.get(controllerPorts.size())));
        String quorum = controllerPorts.values().stream()
                .map(socket -> LOOPBACK + ":" + KafkaNode.port(socket))
                .collect(Collectors.joining(","));
        Map<Integer, KafkaNode> controllers = new LinkedHashMap<>();
        controllerPorts.forEach((id, socket) -> controllers.put(
                id,
                new KafkaNode(
                        controllerProperties(id, LOOPBACK, KafkaNode.port(socket), quorum, dir.resolve("node-" + id)),
                        dir.resolve("node-" + id),
                        List.of(socket))));
        Map<Integer, KafkaNode> brokers = new LinkedHashMap<>();
        List<String> addresses = new ArrayList<>();
        for (int id = 1; id <= brokerCount; id++) {
            ServerSocketChannel socket = brokerSockets.get(id - 1);
            addresses.add(options.advertisedHost() + ":" + KafkaNode.port(socket));
            Path nodeDir = dir.resolve("node-" + id);
            brokers.put(
                    id,
                    new KafkaNode(
                            brokerProperties(id, options, KafkaNode.port(socket), quorum, nodeDir, brokerCount),
                            nodeDir,
                            List.of(socket)));
        }
        try {
            // --initial-controllers: every controller is formatted with the same three voters, each with its own
            // directory id; brokers are formatted without voters.
            Map<Integer, Uuid> directoryIds = new LinkedHashMap<>();
            controllerPorts.keySet().forEach(id -> directoryIds.put(id, Uuid.randomUuid()));
            String voters = controllerPorts.entrySet().stream()
                    .map(c -> c.getKey() + "@" + LOOPBACK + ":" + KafkaNode.port(c.getValue()) + ":"
                            + directoryIds.get(c.getKey()))
                    .collect(Collectors.joining(","));
            String clusterId = Uuid.randomUuid().toString();
            String stored = null;
            for (KafkaNode controller : controllers.values()) {
                stored = controller.format(clusterId, DynamicVoters.parse(voters), List.of());
            }
            for (KafkaNode broker : brokers.values()) {
                broker.format(clusterId, null, List.of());
            }
            EmbeddedKafkaCluster cluster = new EmbeddedKafkaCluster(
                    controllers, brokers, dir, temporary, String.join(",", addresses), stored, quorum, directoryIds);
            startAll(controllers.values());
            cluster.awaitSettledQuorum();
            startAll(brokers.values()); // each returns once it is registered with the quorum and serving
            return cluster;
        } catch (Exception | LinkageError e) {
            brokers.values().forEach(KafkaNode::close);
            controllers.values().forEach(KafkaNode::close);
            if (temporary) {
                EmbeddedKafkaBroker.deleteRecursively(dir);
            }
            throw new BrokerStartException(
                    "the embedded Kafka cluster did not start: " + EmbeddedKafkaBroker.rootMessage(e), e);
        }
    }

    /** Starts the nodes side by side: a node's start-up is mostly waiting for the others. */
    private static void startAll(java.util.Collection<KafkaNode> nodes) {
        try {
            CompletableFuture.allOf(nodes.stream()
                            .map(node -> CompletableFuture.runAsync(node::start))
                            .toArray(CompletableFuture[]::new))
                    .join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** A controller's configuration: the {@code controller.properties} resource beside this class. */
    public static String controllerProperties(int nodeId, String host, int port, String quorum, Path logDirs) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("node.id", String.valueOf(nodeId));
        values.put("host", host);
        values.put("controller.port", String.valueOf(port));
        values.put("controller.quorum.bootstrap.servers", quorum);
        values.put("log.dirs", logDirs.toString());
        return KafkaNode.properties("controller.properties", values);
    }

    /** A broker's configuration: the {@code broker.properties} resource beside this class, then the tutorial's. */
    public static String brokerProperties(
            int nodeId, EmbeddedKafkaBroker.Options options, int port, String quorum, Path logDirs, int brokers) {
        int copies = Math.min(3, brokers);
        Map<String, String> values = new LinkedHashMap<>();
        values.put("node.id", String.valueOf(nodeId));
        values.put("host", options.bindHost());
        values.put("advertised.host", options.advertisedHost());
        values.put("client.port", String.valueOf(port));
        values.put("controller.quorum.bootstrap.servers", quorum);
        values.put("log.dirs", logDirs.toString());
        values.put("internal.replication.factor", String.valueOf(copies));
        values.put("internal.min.isr", String.valueOf(Math.max(1, copies - 1)));
        return KafkaNode.properties("broker.properties", values)
                + EmbeddedKafkaBroker.tutorialProperties(options.autoCreateTopics());
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String clusterId() {
        return clusterId;
    }

    /** Where the nodes keep their data, a directory each. */
    public Path dataDir() {
        return dataDir;
    }

    public List<Integer> brokerIds() {
        return List.copyOf(brokers.keySet());
    }

    /** Stops a broker, as kafka-server-stop.sh would: it hands its partition leaderships over first. */
    public void stopBroker(int nodeId) {
        node(brokers, nodeId).stop();
    }

    /** Starts a stopped broker again, on its ports and data. */
    public void startBroker(int nodeId) {
        node(brokers, nodeId).start();
    }

    public void stopController(int nodeId) {
        node(controllers, nodeId).stop();
    }

    public void startController(int nodeId) {
        node(controllers, nodeId).start();
    }

    /**
     * Starts every stopped node again, on its ports and data, and returns once the quorum has a leader that every
     * voter follows and every broker follows the metadata log: the cluster as {@link #start(int)} returned it.
     */
    public void startStoppedNodes() {
        controllers.values().forEach(KafkaNode::start); // a running node goes on as it is
        awaitSettledQuorum();
        brokers.values().forEach(KafkaNode::start);
        await("every broker to follow the metadata log", this::everyBrokerObserves);
    }

    /**
     * Returns once the quorum has a leader that every voter follows. A broker that starts while the first election
     * is still being decided can take a leader that loses it for the controller, and on a busy machine its
     * registration then never reaches the real one (it times out after initial.broker.registration.timeout.ms).
     */
    private void awaitSettledQuorum() {
        await("the controllers to settle on a leader", this::everyVoterFollowsALeader);
    }

    private static void await(String what, Callable<Boolean> condition) {
        try {
            Awaitility.await(what)
                    .pollInSameThread()
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(100))
                    .atMost(Duration.ofSeconds(30))
                    .until(condition);
        } catch (ConditionTimeoutException e) {
            throw new BrokerStartException(e.getMessage(), e);
        }
    }

    private boolean everyVoterFollowsALeader() throws Exception {
        return describeQuorum()
                .filter(quorum -> quorum.leaderId() >= 0
                        && quorum.voters().size() == CONTROLLER_IDS.size()
                        && quorum.voters().stream()
                                .allMatch(voter -> voter.replicaId() == quorum.leaderId()
                                        || voter.lastFetchTimestamp().isPresent()))
                .isPresent();
    }

    private boolean everyBrokerObserves() throws Exception {
        return describeQuorum()
                .map(quorum -> quorum.observers().stream()
                        .map(QuorumInfo.ReplicaState::replicaId)
                        .collect(Collectors.toSet())
                        .containsAll(brokers.keySet()))
                .orElse(false);
    }

    /**
     * The quorum as its leader describes it, or nothing while it has no leader that answers. Asks with a new admin
     * client each time, whose calls give up after 2 s. With one client for a whole wait and Kafka's 60 s per call
     * (default.api.timeout.ms), a walk's check once fell silent after its first answers (UnsupportedVersionException,
     * before the quorum had a metadata version) until JUnit's 90 s timeout.
     */
    private Optional<QuorumInfo> describeQuorum() throws Exception {
        try (Admin admin = Admin.create(controllersAdminSettings())) {
            return Optional.of(admin.describeMetadataQuorum().quorumInfo().get(3, TimeUnit.SECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnsupportedVersionException
                    || e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                return Optional.empty(); // no leader has written the metadata version yet, or none answered
            }
            throw e;
        }
    }

    /** Settings for an admin client of the controllers whose calls give up after 2 s, not 60 as by default. */
    private Map<String, Object> controllersAdminSettings() {
        return Map.of(
                AdminClientConfig.BOOTSTRAP_CONTROLLERS_CONFIG,
                controllerAddresses,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                2_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                2_000);
    }

    /**
     * A quorum's last leader waits 5 s when it stops, for a successor that cannot be elected once the others
     * have gone. A cluster whose data is about to be deleted first shrinks its quorum to the leader alone, which
     * then stops at once (so does a controller that is no longer a voter). Should that fail, the stop just
     * takes the 5 s.
     */
    private void leaveOneVoter() {
        try (Admin admin = Admin.create(controllersAdminSettings())) {
            int leader = admin.describeMetadataQuorum()
                    .quorumInfo()
                    .get(2, TimeUnit.SECONDS)
                    .leaderId();
            for (Map.Entry<Integer, Uuid> voter : controllerDirectoryIds.entrySet()) {
                if (voter.getKey() != leader && controllers.get(voter.getKey()).isRunning()) {
                    admin.removeRaftVoter(voter.getKey(), voter.getValue())
                            .all()
                            .get(2, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            // the quorum stops as it is, its leader after its 5 s
        }
    }

    private static KafkaNode node(Map<Integer, KafkaNode> nodes, int nodeId) {
        KafkaNode node = nodes.get(nodeId);
        if (node == null) {
            throw new IllegalArgumentException("no node " + nodeId + " of this kind; there are " + nodes.keySet());
        }
        return node;
    }

    /** Stops the brokers, then the controllers (a broker leaves cleanly only while the quorum is up). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            brokers.values().parallelStream().forEach(KafkaNode::close);
            if (deleteDataDirOnClose) {
                leaveOneVoter();
            }
            controllers.values().parallelStream().forEach(KafkaNode::close);
        } finally {
            if (deleteDataDirOnClose) {
                EmbeddedKafkaBroker.deleteRecursively(dataDir);
            }
        }
    }
}
