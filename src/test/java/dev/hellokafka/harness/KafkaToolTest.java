package dev.hellokafka.harness;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.utils.Exit;
import org.junit.jupiter.api.Test;

class KafkaToolTest {

    @Test
    void keepsTheExitCodeAndRunsTheShutdownHooks() throws Exception {
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
    }

    @Test
    void aLongCommandIsBrokenBetweenArgumentsAsAShellReadsIt() {
        KafkaTool.Result result = new KafkaTool.Result(
                "kafka-configs.sh",
                List.of(
                        "--bootstrap-server",
                        "localhost:9092",
                        "--alter",
                        "--entity-type",
                        "topics",
                        "--entity-name",
                        "accounts",
                        "--add-config",
                        "max.message.bytes=2000000"),
                "",
                "",
                "",
                0);

        assertEquals(
                List.of(
                        "$ kafka-configs.sh --bootstrap-server localhost:9092 --alter \\",
                        "    --entity-type topics --entity-name accounts \\",
                        "    --add-config max.message.bytes=2000000"),
                result.commandLines());
        assertEquals(
                "$ " + result.command(),
                String.join("\n", result.commandLines()).replace(" \\\n    ", " "),
                "the same command once the shell joins its lines");
        result.commandLines()
                .forEach(line -> assertTrue(line.length() <= KafkaTool.COMMAND_WIDTH, "too wide: " + line));
    }

    @Test
    void aHookAnotherThreadAddsMeanwhileIsNotTheTools() throws Exception {
        CountDownLatch toolRuns = new CountDownLatch(1);
        CountDownLatch hookAdded = new CountDownLatch(1);
        List<String> ran = new CopyOnWriteArrayList<>();
        Thread chapter = new Thread(
                () -> { // a chapter starting a Connect worker while another runs a tool
                    try {
                        toolRuns.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    Exit.addShutdownHook("chapter", () -> ran.add("the chapter's hook"));
                    hookAdded.countDown();
                });
        chapter.start();

        KafkaTool.run(
                "tool.sh",
                args -> {
                    toolRuns.countDown();
                    hookAdded.await();
                    Exit.addShutdownHook("tool", () -> ran.add("the tool's hook"));
                },
                "");
        chapter.join();

        assertEquals(List.of("the tool's hook"), ran, "the tool ran its own hook only");
    }

    @Test
    void whatAnotherThreadPrintsMeanwhileIsNotTheTools() throws Exception {
        ByteArrayOutputStream chapterOutput = new ByteArrayOutputStream();
        ThreadGroup chapterThreads = new ThreadGroup("chapter");
        CountDownLatch toolRuns = new CountDownLatch(1);
        Thread chapter = new Thread(
                chapterThreads,
                () -> {
                    try {
                        toolRuns.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    System.out.println("the chapter's line");
                },
                "chapter");
        ThreadStreams.capture(
                chapterThreads, chapterOutput, OutputStream.nullOutputStream(), InputStream.nullInputStream());
        try {
            chapter.start();
            KafkaTool.Result result = KafkaTool.run(
                    "tool.sh",
                    args -> {
                        toolRuns.countDown();
                        chapter.join();
                        System.out.println("the tool's line");
                    },
                    "");

            assertEquals("the tool's line\n", result.out());
            assertEquals("the chapter's line\n", chapterOutput.toString(UTF_8));
        } finally {
            ThreadStreams.release(chapterThreads);
        }
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
