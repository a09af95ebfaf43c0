package dev.hellokafka.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
}
