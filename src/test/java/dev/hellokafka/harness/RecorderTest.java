package dev.hellokafka.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecorderTest {

    /** A console of the test's own: the walk's tells the walk, which this test runs beside. */
    private static Console quietConsole() {
        return new Console(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8), List::of);
    }

    @Test
    void escapesPlaceholdersOnlyOutsideCodeSpans() {
        assertEquals(
                "send to `topic-<uuid>` at localhost:&lt;port&gt;",
                Recorder.escapeOutsideCode("send to `topic-<uuid>` at localhost:<port>"));
    }

    @Test
    void aTableEscapesPipesAndPlaceholdersAndReplacesRunValues() {
        Recordings recordings = new Recordings();
        Recorder docs = new Recorder(
                "DocsTestStep", 0, new Normalizer(Map.of("abc-123", "<cluster-id>")), quietConsole(), recordings);

        docs.table(
                "t",
                List.of("what", "value"),
                List.of(List.of("a | b", "`x|y` at <port>"), List.of("cluster", "abc-123")));

        assertEquals(
                String.join(
                        "\n",
                        "| what | value |",
                        "| --- | --- |",
                        "| a \\| b | `x\\|y` at &lt;port&gt; |",
                        "| cluster | &lt;cluster-id&gt; |"),
                recordings.get("DocsTestStep#t").orElseThrow().text());
    }
}
