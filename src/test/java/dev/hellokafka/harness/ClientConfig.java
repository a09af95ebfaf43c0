package dev.hellokafka.harness;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A client properties file, the kind every Kafka client and tool reads ({@code --command-config},
 * {@code -Dkafka.client.config}): security.protocol, sasl.*, ssl.*. The one reader of such files here.
 */
public final class ClientConfig {

    private ClientConfig() {}

    /** The file's settings, values trimmed. */
    public static Map<String, Object> read(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        Map<String, Object> settings = new HashMap<>();
        properties.forEach(
                (key, value) -> settings.put(key.toString(), value.toString().trim()));
        return Map.copyOf(settings);
    }
}
