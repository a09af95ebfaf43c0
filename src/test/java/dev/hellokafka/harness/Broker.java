package dev.hellokafka.harness;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;

/** What a tutorial step knows about the broker it talks to: where it is, and how to connect. */
public interface Broker {

    /** The {@code bootstrap.servers} value for every client, e.g. {@code 127.0.0.1:9092}. */
    String bootstrapServers();

    /**
     * Client settings the cluster needs beyond the bootstrap address (security.protocol, sasl.*, ssl.*):
     * empty for the embedded and container brokers, read from {@code -Dkafka.client.config} in external mode.
     */
    Map<String, Object> securitySettings();

    /**
     * Whether this is the walk's embedded broker, configured by the tutorial's own {@code server.properties}: the
     * broker the pages describe. Other modes run other configurations, so a step checks what only this broker
     * promises only here.
     */
    default boolean isEmbedded() {
        return false;
    }

    /**
     * Whether the broker was started for this run and has seen no earlier one (the embedded broker, a new
     * container): a step may then use its page's own topic and group names, and find them empty.
     */
    default boolean isNewForThisRun() {
        return isEmbedded();
    }

    /** {@code bootstrap.servers} and the security settings: what every client of this broker starts from. */
    default Properties clientProperties() {
        Properties props = new Properties();
        props.putAll(securitySettings());
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return props;
    }

    /**
     * A broker whose clients need the settings of a client properties file, read the way
     * {@code -Dkafka.client.config} is read in external mode.
     */
    static Broker at(String bootstrapServers, Path clientConfig) throws IOException {
        return at(bootstrapServers, ClientConfig.read(clientConfig));
    }

    /** A broker that needs nothing but its address, such as one a step starts for itself. */
    static Broker at(String bootstrapServers) {
        return at(bootstrapServers, Map.of());
    }

    /**
     * A broker a chapter started for itself in this run ({@code @OwnBroker}): new, as the walk's embedded broker
     * is, so that the chapter may use its page's names and find them empty.
     */
    static Broker startedForThisRun(String bootstrapServers) {
        return new Broker() {
            @Override
            public String bootstrapServers() {
                return bootstrapServers;
            }

            @Override
            public Map<String, Object> securitySettings() {
                return Map.of();
            }

            @Override
            public boolean isNewForThisRun() {
                return true;
            }
        };
    }

    private static Broker at(String bootstrapServers, Map<String, Object> securitySettings) {
        return new Broker() {
            @Override
            public String bootstrapServers() {
                return bootstrapServers;
            }

            @Override
            public Map<String, Object> securitySettings() {
                return securitySettings;
            }
        };
    }
}
