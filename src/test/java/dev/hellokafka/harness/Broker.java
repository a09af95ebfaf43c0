package dev.hellokafka.harness;

import java.util.Map;

/** What a tutorial step knows about the broker it talks to: where it is, and how to connect. */
public interface Broker {

    /** The {@code bootstrap.servers} value for every client, e.g. {@code 127.0.0.1:9092}. */
    String bootstrapServers();

    /**
     * Client settings the cluster needs beyond the bootstrap address (security.protocol, sasl.*, ssl.*):
     * empty for the embedded and container brokers, read from {@code -Dkafka.client.config} in external mode.
     */
    Map<String, Object> securitySettings();
}
