package dev.hellokafka.harness;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import dev.hellokafka.broker.BrokerStartException;
import dev.hellokafka.broker.EmbeddedKafkaBroker;
import org.apache.kafka.common.utils.AppInfoParser;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/** The three ways to get a broker for the walk, chosen with {@code -Dkafka.broker=}. */
public enum BrokerMode {

    /** A real KRaft broker inside the test JVM: the default, and the run that writes docs/. */
    EMBEDDED {
        @Override
        RunningBroker start(Map<String, String> settings) {
            try {
                EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
                return new RunningBroker(this, "embedded Apache Kafka " + AppInfoParser.getVersion()
                        + " (KRaft, in this JVM)", broker.bootstrapServers(), Map.of(), broker::close);
            } catch (BrokerStartException e) {
                throw new BrokerUnavailableException(e.getMessage());
            }
        }
    },

    /** Testcontainers' Kafka module with the official image, where Docker runs. */
    TESTCONTAINERS {
        @Override
        RunningBroker start(Map<String, String> settings) {
            String image = settings.getOrDefault(IMAGE, "apache/kafka-native:" + AppInfoParser.getVersion());
            if (!DockerClientFactory.instance().isDockerAvailable()) {
                throw new BrokerUnavailableException("-Dkafka.broker=testcontainers needs a running Docker engine,"
                        + " and none was found. Start Docker, or drop -Dkafka.broker to use the embedded broker.");
            }
            KafkaContainer container = new KafkaContainer(DockerImageName.parse(image)
                    .asCompatibleSubstituteFor("apache/kafka"))
                    .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
            try {
                container.start();
            } catch (RuntimeException e) {
                container.stop();
                throw new BrokerUnavailableException("the container " + image + " did not start: "
                        + rootMessage(e) + " (choose another image with -Dkafka.image=)");
            }
            return new RunningBroker(this, "Testcontainers " + image, container.getBootstrapServers(),
                    Map.of(), container::stop);
        }
    },

    /** A cluster that is already running somewhere; nothing is started or stopped. */
    EXTERNAL {
        @Override
        RunningBroker start(Map<String, String> settings) {
            String bootstrap = settings.get(BOOTSTRAP_SERVERS);
            if (bootstrap == null || bootstrap.isBlank()) {
                throw new BrokerUnavailableException("-Dkafka.broker=external needs the cluster's address:"
                        + " add -Dkafka.bootstrap.servers=host:port[,host:port...]");
            }
            Map<String, Object> security = readClientConfig(settings.get(CLIENT_CONFIG));
            return new RunningBroker(this, "external cluster", bootstrap.trim(), security, () -> { });
        }
    };

    static final String MODE = "kafka.broker";
    static final String IMAGE = "kafka.image";
    static final String BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";
    static final String CLIENT_CONFIG = "kafka.client.config";

    abstract RunningBroker start(Map<String, String> settings);

    /** Reads {@code -Dkafka.broker}; embedded when it is not given. */
    static BrokerMode from(Map<String, String> settings) {
        String value = settings.getOrDefault(MODE, "").trim();
        if (value.isEmpty()) {
            return EMBEDDED;
        }
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            String known = Arrays.stream(values()).map(BrokerMode::toString).collect(Collectors.joining(", "));
            throw new BrokerUnavailableException("unknown broker mode -D" + MODE + "=" + value
                    + ": use one of " + known + " (embedded is the default)");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    private static Map<String, Object> readClientConfig(String file) {
        if (file == null || file.isBlank()) {
            return Map.of();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(file))) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new BrokerUnavailableException("cannot read -D" + CLIENT_CONFIG + "=" + file + ": "
                    + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : rootMessage(e)));
        }
        Map<String, Object> settings = new HashMap<>();
        properties.forEach((key, value) -> settings.put(key.toString(), value.toString().trim()));
        return Map.copyOf(settings);
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
