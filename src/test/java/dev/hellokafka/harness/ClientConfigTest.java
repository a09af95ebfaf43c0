package dev.hellokafka.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientConfigTest {

    @Test
    void readsAClientPropertiesFileWithItsValuesTrimmed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, """
                # a secured cluster
                security.protocol = SASL_SSL  \s
                sasl.mechanism=SCRAM-SHA-512
                ssl.truststore.location=/path/with spaces/truststore.p12
                """);

        assertEquals(
                Map.of(
                        "security.protocol", "SASL_SSL",
                        "sasl.mechanism", "SCRAM-SHA-512",
                        "ssl.truststore.location", "/path/with spaces/truststore.p12"),
                ClientConfig.read(file));
    }
}
