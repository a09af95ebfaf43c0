package dev.hellokafka.harness;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The walk as a story on the console: the broker, one line per step with ✔ or ✘, then where the docs went. */
final class Console {

    static final Console INSTANCE = new Console(new PrintStream(System.out, true, StandardCharsets.UTF_8));

    private static final int TITLE_WIDTH = 56;

    private final PrintStream out;
    private final List<String> pendingOutputs = new ArrayList<>();

    private Console(PrintStream out) {
        this.out = out;
    }

    void printBroker(String description, String bootstrapServers, Duration ready) {
        out.printf(
                "%n▶ hello-kafka on %s%n  broker at %s, ready in %s%n%n",
                description, bootstrapServers, seconds(ready));
    }

    void printBrokerUnavailable(String reason) {
        out.printf("%n✘ no broker for this run: %s%n%n", reason);
    }

    synchronized void addOutput(String text) {
        pendingOutputs.add(text);
    }

    synchronized void printStep(String title, Duration took, Throwable failure) {
        String mark = failure == null ? "✔" : "✘";
        out.printf("%s %-" + TITLE_WIDTH + "s %8s%n", mark, title, seconds(took));
        if (failure instanceof BrokerUnavailableException) {
            out.println("    not run: no broker (see above)");
        } else if (failure != null) {
            out.printf("    %s: %s%n", failure.getClass().getSimpleName(), firstLine(failure.getMessage()));
        }
        for (String text : pendingOutputs) {
            text.lines().forEach(line -> out.println("      " + line));
        }
        pendingOutputs.clear();
    }

    /** The paste check's line, and each problem it found beneath it. */
    synchronized void printPasteCheck(int compiled, int ran, Duration took, List<?> problems) {
        String title = "Every page's code, pasted: " + compiled + " compiled, " + ran + " ran";
        out.printf("%n%s %-" + TITLE_WIDTH + "s %8s%n", problems.isEmpty() ? "✔" : "✘", title, seconds(took));
        problems.forEach(problem -> out.println("    " + problem));
    }

    void println(String text) {
        out.println(text);
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }

    private static String seconds(Duration d) {
        return String.format("%.2f s", d.toMillis() / 1000.0);
    }
}
