package dev.hellokafka.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

class StockClusterTest {

    private static final Path HOME = Path.of("/work/target/stock/4.0.1");
    private static final Path JAVA = Path.of("/jdk/bin/java");

    private static StockCluster.Plan plan(int nodes) {
        return new StockCluster.Plan("4.0.1", nodes, 29092, 29192, 29992, HOME, JAVA);
    }

    private static Map<String, String> settings(String text) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(text));
        Map<String, String> byName = new TreeMap<>();
        properties.stringPropertyNames().forEach(name -> byName.put(name, properties.getProperty(name)));
        return byName;
    }

    @Test
    void oneNodeHasWhatKafkasServerPropertiesSetsAndNothingElse() throws IOException {
        Map<String, String> expected = new TreeMap<>(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("controller.quorum.bootstrap.servers", "localhost:29192"),
                Map.entry("listeners", "PLAINTEXT://localhost:29092,CONTROLLER://localhost:29192"),
                Map.entry("advertised.listeners", "PLAINTEXT://localhost:29092,CONTROLLER://localhost:29192"),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry(
                        "listener.security.protocol.map",
                        "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,"
                                + "SASL_SSL:SASL_SSL"),
                Map.entry("log.dirs", HOME.resolve("data/node-1").toString()),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0")));
        assertEquals(expected, settings(plan(1).nodeProperties(1)));
    }

    @Test
    void aClusterKeepsKafkasThreeCopiesOfTheInternalTopicsAndKnowsEveryController() throws IOException {
        Map<String, String> node2 = settings(plan(3).nodeProperties(2));
        assertEquals("2", node2.get("node.id"));
        assertEquals(
                "localhost:29192,localhost:29193,localhost:29194", node2.get("controller.quorum.bootstrap.servers"));
        assertEquals("PLAINTEXT://localhost:29093,CONTROLLER://localhost:29193", node2.get("listeners"));
        assertEquals(HOME.resolve("data/node-2").toString(), node2.get("log.dirs"));
        assertFalse(
                node2.keySet().stream().anyMatch(name -> name.contains("replication.factor") || name.endsWith("isr")),
                "Kafka's defaults: " + node2);
        assertEquals("0", node2.get("group.initial.rebalance.delay.ms"));
    }

    @Test
    void oneNodeIsFormattedStandaloneAClusterWithTheSameInitialControllers() {
        String libs = HOME.resolve("libs/*").toString();
        assertEquals(
                List.of(
                        JAVA.toString(),
                        "-Xmx256M",
                        "-Dlog4j2.configurationFile=" + HOME.resolve("log4j2.properties"),
                        "-cp",
                        libs,
                        "kafka.tools.StorageTool",
                        "format",
                        "--cluster-id",
                        "the-id",
                        "--config",
                        HOME.resolve("node-1.properties").toString(),
                        "--standalone"),
                plan(1).formatCommand(1, "the-id", List.of(Uuid.ONE_UUID)));
        List<Uuid> directories = List.of(Uuid.randomUuid(), Uuid.randomUuid(), Uuid.randomUuid());
        String voters = "1@localhost:29192:" + directories.get(0) + ",2@localhost:29193:" + directories.get(1)
                + ",3@localhost:29194:" + directories.get(2);
        for (int node = 1; node <= 3; node++) {
            List<String> command = plan(3).formatCommand(node, "the-id", directories);
            assertEquals(List.of("--initial-controllers", voters), command.subList(command.size() - 2, command.size()));
            assertTrue(
                    command.contains(
                            HOME.resolve("node-" + node + ".properties").toString()),
                    command.toString());
        }
    }

    @Test
    void eachNodeRunsKafkaKafkaWithItsOwnJmxPort() {
        List<String> command = plan(3).startCommand(3);
        assertEquals(JAVA.toString(), command.get(0));
        assertEquals(
                List.of(
                        "-cp",
                        HOME.resolve("libs/*").toString(),
                        "kafka.Kafka",
                        HOME.resolve("node-3.properties").toString()),
                command.subList(command.size() - 4, command.size()));
        assertTrue(command.contains("-Dcom.sun.management.jmxremote.port=29994"), command.toString());
        assertTrue(command.contains("-Dcom.sun.management.jmxremote.rmi.port=29994"), command.toString());
        assertTrue(command.contains("-Dcom.sun.management.jmxremote.host=localhost"), command.toString());
        assertTrue(command.contains("-Xmx1G"), "kafka-server-start.sh's heap: " + command);
    }

    @Test
    void everyPortIsCheckedAndNamed() {
        Map<Integer, String> ports = plan(3).ports();
        assertEquals(9, ports.size());
        assertEquals("node 2's JMX port (-Dstock.jmxPort)", ports.get(29993));
        assertEquals("localhost:29092,localhost:29093,localhost:29094", plan(3).bootstrapServers());
    }

    @Test
    void aVersionThatIsNotKafka4OrTwoNodesEndInOneLine() {
        var version = assertThrows(
                StockCluster.StartFailed.class,
                () -> new StockCluster.Plan("3.9.1", 1, 29092, 29192, 29992, HOME, JAVA));
        assertEquals(
                "-Dstock.version=3.9.1 is not a Kafka 4 release: this starts releases 4.0.0 and later (KRaft only),"
                        + " e.g. -Dstock.version=4.0.1",
                version.getMessage());
        var two = assertThrows(StockCluster.StartFailed.class, () -> plan(2));
        assertTrue(two.getMessage().startsWith("-Dstock.nodes=2: start 1 node, or 3 to 9"), two.getMessage());
    }

    @Test
    void theReasonANodeStoppedIsItsFirstErrorsInnermostCause() {
        List<String> log = List.of(
                "[2026-12-04 09:10:00,000] INFO Starting (kafka.Kafka$)",
                "[2026-12-04 09:10:01,000] ERROR Exiting Kafka due to fatal exception during startup. (kafka.Kafka$)",
                "org.apache.kafka.common.KafkaException: Socket server failed to bind to localhost:29092",
                "\tat kafka.network.Acceptor.openServerSocket(SocketServer.scala:700)",
                "Caused by: java.net.BindException: Address already in use",
                "\tat java.base/sun.nio.ch.Net.bind0(Native Method)",
                "\t... 12 more",
                "[2026-12-04 09:10:02,000] ERROR something later (kafka.server.BrokerServer)");
        assertEquals("java.net.BindException: Address already in use", StockCluster.why(log));
        assertEquals(
                "something else (kafka.Kafka$)",
                StockCluster.why(List.of("[t] INFO fine (x)", "[t] ERROR something else (kafka.Kafka$)")));
        assertEquals(
                "java.lang.IllegalArgumentException: bad",
                StockCluster.why(List.of("Exception in thread", "java.lang.IllegalArgumentException: bad")));
        assertEquals("its log says no more", StockCluster.why(List.of("[t] INFO fine (x)")));
    }

    @Test
    void thePomAsksForTheRelease() {
        String pom = StockCluster.stockPom("4.1.2");
        assertTrue(pom.contains("<artifactId>kafka_2.13</artifactId>\n      <version>4.1.2</version>"), pom);
        assertFalse(pom.contains("${"), pom);
    }
}
