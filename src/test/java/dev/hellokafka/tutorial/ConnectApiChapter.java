package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hellokafka.broker.EmbeddedKafkaBroker;
import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.KafkaTool;
import dev.hellokafka.harness.Poll;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import dev.hellokafka.programs.Cluster;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.connect.cli.ConnectStandalone;
import org.apache.kafka.connect.file.FileStreamSourceConnector;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.standalone.StandaloneHerder;
import org.apache.kafka.tools.consumer.ConsoleConsumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(TutorialExtension.class)
class ConnectApiChapter {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Broker broker;
    private final Recorder recorder;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    ConnectApiChapter(Broker broker, Recorder recorder) {
        this.broker = broker;
        this.recorder = recorder;
    }

    @Test
    @DisplayName("a standalone Connect worker moves the lines of a file into a topic")
    void fileSource(@TempDir Path dir) throws Exception {
        String topic = "file-lines-" + UUID.randomUUID(); // a new topic per run: the reading starts empty
        Cluster.createTopic(broker.clientProperties(), new NewTopic(topic, 1, (short) 1));
        Path file = dir.resolve("greetings.txt");
        Files.write(file, List.of("Hello, World!", "Hello, Kafka Connect"));
        Path connectFile = jarOf(FileStreamSourceConnector.class);
        int restPort = EmbeddedKafkaBroker.freePorts(1).get(0);
        recorder.registerRunValue(topic, "file-lines");
        recorder.registerRunValue(broker.bootstrapServers(), "localhost:9092"); // the address of the page's commands
        recorder.registerRunValue("127.0.0.1:" + restPort, "localhost:8083"); // the worker's REST port when left alone
        recorder.registerRunValue(file.toString(), "/tmp/greetings.txt");
        recorder.registerRunValue(dir.resolve("connect.offsets").toString(), "/tmp/connect.offsets");
        recorder.registerRunValue(connectFile.toString(), "libs/connect-file-" + AppInfoParser.getVersion() + ".jar");

        // What connect-standalone.sh reads: worker.properties, as a reader writes it for a Kafka download.
        Map<String, String> worker = new LinkedHashMap<>();
        worker.put("bootstrap.servers", broker.bootstrapServers());
        worker.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        worker.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        worker.put(
                "offset.storage.file.filename", dir.resolve("connect.offsets").toString());
        worker.put("listeners", "http://127.0.0.1:" + restPort);
        worker.put("plugin.path", connectFile.toString());
        worker.put("plugin.discovery", "service_load");
        recorder.output("worker", properties(worker), "properties");
        worker.putAll(securitySettings());
        Connect<StandaloneHerder> connect = new ConnectStandalone().startConnect(worker);
        try {
            URI api = connect.rest().advertisedUrl();
            String connector = """
                    {"name": "greetings-file",
                     "config": {"connector.class": "FileStreamSource",
                                "tasks.max": "1",
                                "file": "%s",
                                "topic": "%s"}}""".formatted(json(file), topic);
            HttpResponse<String> created = http.send(
                    HttpRequest.newBuilder(api.resolve("connectors"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(connector))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            recorder.output(
                    "create-connector",
                    "curl -X POST -H 'Content-Type: application/json' " + api.resolve("connectors") + " --data '\n"
                            + connector + "'",
                    "bash");
            assertEquals(201, created.statusCode(), () -> "the worker created the connector: " + created.body());

            List<String> status = new ArrayList<>();
            Poll.until("the connector and its task to run", PATIENCE, () -> {
                status.add(0, get(api.resolve("connectors/greetings-file/status")));
                return status.get(0).split("\"RUNNING\"", -1).length == 3; // the connector and its one task
            });
            // The worker answers on one line; the page shows the same JSON indented, as it says.
            recorder.output(
                    "status",
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(status.get(0))),
                    "json");

            List<String> lines = new ArrayList<>();
            try (Consumer<String, String> consumer = new KafkaConsumer<>(Fixtures.stringConsumerProps(broker))) {
                TopicPartition partition = new TopicPartition(topic, 0);
                consumer.assign(List.of(partition));
                consumer.seekToBeginning(List.of(partition));
                readUntil(consumer, lines, 2);
                Files.writeString(file, "A line written later\n", StandardOpenOption.APPEND); // echo ... >> file
                readUntil(consumer, lines, 3);
            }
            // What the reader runs to see them: Kafka's console consumer, from the first offset.
            KafkaTool.Result consumed = KafkaTool.run(
                    broker,
                    "kafka-console-consumer.sh",
                    ConsoleConsumer::main,
                    "",
                    "--bootstrap-server",
                    broker.bootstrapServers(),
                    "--topic",
                    topic,
                    "--from-beginning",
                    "--formatter-property",
                    "print.offset=true",
                    "--max-messages",
                    "3",
                    "--timeout-ms",
                    "30000");
            recorder.output("records", consumed.transcript());
            assertEquals(0, consumed.exitCode(), consumed.transcript());
            assertEquals(
                    List.of(
                            "offset 0: Hello, World!",
                            "offset 1: Hello, Kafka Connect",
                            "offset 2: A line written later"),
                    lines,
                    "every line of the file, in order, and no more");
        } finally {
            connect.stop();
            connect.awaitStop();
        }
    }

    private static Path jarOf(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static String properties(Map<String, String> settings) {
        StringBuilder text = new StringBuilder();
        settings.forEach(
                (key, value) -> text.append(key).append('=').append(value).append('\n'));
        return text.toString();
    }

    private static void readUntil(Consumer<String, String> consumer, List<String> lines, int count) {
        Poll.until(count + " lines in the topic", PATIENCE, () -> {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                lines.add("offset " + record.offset() + ": " + record.value());
            }
            return lines.size() >= count;
        });
    }

    private String get(URI uri) throws IOException, InterruptedException {
        return http.send(
                        HttpRequest.newBuilder(uri)
                                .timeout(Duration.ofSeconds(10))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /** A path inside a JSON string: backslashes (Windows) must be escaped. */
    private static String json(Path path) {
        return path.toString().replace("\\", "\\\\");
    }

    /**
     * The cluster's security settings (external mode), for the worker's own clients and, with their
     * prefixes, for the producers and consumers it makes for connectors.
     */
    private Map<String, String> securitySettings() {
        Map<String, String> settings = new HashMap<>();
        broker.securitySettings().forEach((key, value) -> {
            for (String prefix : List.of("", "producer.", "consumer.", "admin.")) {
                settings.put(prefix + key, String.valueOf(value));
            }
        });
        return settings;
    }
}
