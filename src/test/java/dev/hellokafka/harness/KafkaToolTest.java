package dev.hellokafka.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Exit;
import org.junit.jupiter.api.Test;

class KafkaToolTest {

    @Test
    void keepsTheExitCodeRunsTheShutdownHooksAndRestoresTheConsole() throws Exception {
        PrintStream console = System.out;

        KafkaTool.Result result = KafkaTool.run(
                "echo-tool.sh",
                args -> {
                    String line = new BufferedReader(new InputStreamReader(System.in)).readLine();
                    System.out.println("read: " + line);
                    Exit.addShutdownHook("flush", () -> System.out.println("hook ran"));
                    System.err.println("about to fail");
                    Exit.exit(3); // a tool's JVM would end here; in-process, the call returns
                },
                "typed\n",
                "--flag");

        assertEquals(3, result.exitCode());
        assertEquals("read: typed\nhook ran\n", result.out());
        assertEquals("about to fail\n", result.err());
        assertEquals(
                "$ echo-tool.sh --flag\ntyped\nread: typed\nhook ran\nabout to fail\n(exit status 3)",
                result.transcript());
        assertSame(console, System.out, "System.out is the console's again");
    }

    @Test
    void aSecuredClusterGetsItsSettingsAsACommandConfigFile() throws Exception {
        Broker secured = new Broker() {
            @Override
            public String bootstrapServers() {
                return "localhost:9093";
            }

            @Override
            public Map<String, Object> securitySettings() {
                return Map.of("security.protocol", "SASL_SSL");
            }
        };
        List<String> seen = new ArrayList<>();

        KafkaTool.run(secured, "tool.sh", args -> seen.addAll(List.of(args)), "", "--list");

        assertEquals("--list", seen.get(0));
        assertEquals("--command-config", seen.get(1));
        String written = Files.readString(Path.of(seen.get(2)));
        assertTrue(written.contains("security.protocol=SASL_SSL"), written);
        assertEquals(3, seen.size());
    }
}
