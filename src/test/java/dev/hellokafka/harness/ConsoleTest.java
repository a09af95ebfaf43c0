package dev.hellokafka.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class ConsoleTest {

    @Test
    void aStepsOutputsAreToldInTheOrderOfItsTestsWhateverOrderTheyFinishIn() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Console console = new Console(new PrintStream(printed, true, StandardCharsets.UTF_8), List::of);
        Recordings recordings = new Recordings();
        Normalizer normalizer = new Normalizer(Map.of());
        Recorder secondTest = new Recorder("ConsoleTestStep", 2, normalizer, console, recordings);
        Recorder firstTest = new Recorder("ConsoleTestStep", 1, normalizer, console, recordings);
        Recorder beforeAll = new Recorder("ConsoleTestStep", Integer.MIN_VALUE, normalizer, console, recordings);

        secondTest.note("second test, first line");
        firstTest.note("first test");
        secondTest.note("second test, second line");
        beforeAll.note("set up before the tests");
        console.printStep("ConsoleTestStep", "Step 0 · Console", Duration.ofMillis(1500), null);

        assertEquals(
                String.join(
                        "\n",
                        "✔ Step 0 · Console" + " ".repeat(56 - "Step 0 · Console".length()) + "   1.50 s",
                        "      set up before the tests",
                        "      first test",
                        "      second test, first line",
                        "      second test, second line",
                        ""),
                printed.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aStepThatSteppedAsideSaysWhyOnItsLineAndInTheLastLine() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Console console = new Console(new PrintStream(printed, true, StandardCharsets.UTF_8), List::of);
        String why = "share groups: needs share.version 1; this cluster has share.version 0, metadata.version 4.0-IV3";

        console.printStep("share-groups", "Chapter 26 · Queues", Duration.ofMillis(100), new TestAbortedException(why));

        assertEquals(
                "– Chapter 26 · Queues" + " ".repeat(56 - "Chapter 26 · Queues".length()) + "   0.10 s\n"
                        + "    stepped aside: " + why + "\n",
                printed.toString(StandardCharsets.UTF_8));
        assertEquals(
                "39 chapters ran; 2 stepped aside, share-groups and share-groups-and-transactions (" + why + ").",
                Console.tally(41, Map.of("share-groups-and-transactions", why, "share-groups", why)));
        assertEquals("41 chapters ran; none stepped aside.", Console.tally(41, Map.of()));
        assertEquals("1 chapter ran; none stepped aside.", Console.tally(1, Map.of()));
    }
}
