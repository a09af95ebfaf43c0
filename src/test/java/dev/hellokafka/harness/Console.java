package dev.hellokafka.harness;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.opentest4j.TestAbortedException;

/**
 * The walk as a story on the console: the broker, one line per step with ✔ or ✘ and what the step recorded
 * beneath it, then what became of the pages. Chapters run side by side, so a step's lines wait until every step
 * before it in the walk's order has been told.
 */
final class Console {

    private static final int TITLE_WIDTH = 56;

    private final PrintStream out;
    /** The steps of the walk in the order they are told; a step not in it is told as soon as it finishes. */
    private final Supplier<List<String>> order;

    private final Map<String, List<Output>> outputs = new HashMap<>();
    private final Map<String, String> finished = new HashMap<>();
    private int told;

    Console(PrintStream out, Supplier<List<String>> order) {
        this.out = out;
        this.order = order;
    }

    /** A console on System.out (under Surefire, its channel to Maven's output). */
    static Console ofSystemOut(Supplier<List<String>> order) {
        return new Console(new PrintStream(System.out, true, StandardCharsets.UTF_8), order);
    }

    void printBroker(String description, String bootstrapServers, Duration ready) {
        out.printf(
                "%n▶ hello-kafka on %s%n  broker at %s, ready in %s%n%n",
                description, bootstrapServers, seconds(ready));
    }

    void printBrokerUnavailable(String reason) {
        out.printf("%n✘ no broker for this run: %s%n%n", reason);
    }

    /** What a step recorded, and its place among the step's outputs (tests of a step may run side by side). */
    private record Output(int place, String text) {}

    synchronized void addOutput(String step, int place, String text) {
        outputs.computeIfAbsent(step, s -> new ArrayList<>()).add(new Output(place, text));
    }

    /** The step's line and its outputs, now or once the steps before it have been told. */
    synchronized void printStep(String step, String title, Duration took, Throwable failure) {
        StringBuilder lines = new StringBuilder();
        String mark = failure == null ? "✔" : failure instanceof TestAbortedException ? "–" : "✘";
        lines.append(String.format("%s %-" + TITLE_WIDTH + "s %8s%n", mark, title, seconds(took)));
        if (failure instanceof TestAbortedException) {
            lines.append(String.format("    stepped aside: %s%n", failure.getMessage()));
        } else if (failure instanceof BrokerUnavailableException) {
            lines.append(String.format("    not run: no broker (see above)%n"));
        } else if (failure != null) {
            lines.append(
                    String.format("    %s: %s%n", failure.getClass().getSimpleName(), firstLine(failure.getMessage())));
        }
        outputs.getOrDefault(step, List.of()).stream()
                .sorted(Comparator.comparingInt(Output::place)) // stable: a test's outputs keep their order
                .forEach(output ->
                        output.text().lines().forEach(line -> lines.append(String.format("      %s%n", line))));
        outputs.remove(step);
        List<String> order = this.order.get();
        if (!order.contains(step)) {
            out.print(lines);
            return;
        }
        finished.put(step, lines.toString());
        while (told < order.size() && finished.containsKey(order.get(told))) {
            out.print(finished.remove(order.get(told)));
            told++;
        }
    }

    /** Tells the steps still waiting for one before them that never finished (it did not run), in order. */
    synchronized void flush() {
        order.get().stream().filter(finished::containsKey).forEach(step -> out.print(finished.remove(step)));
        told = order.get().size();
    }

    /** A check's line (a verify check of the pages' code), and each problem it found beneath it. */
    synchronized void printCheck(String title, Duration took, List<?> problems) {
        out.printf("%n%s %-" + TITLE_WIDTH + "s %8s%n", problems.isEmpty() ? "✔" : "✘", title, seconds(took));
        problems.forEach(problem -> out.println("    " + problem));
    }

    /** The walk's last line: how many chapters ran, and which stepped aside on this cluster and why. */
    static String tally(int steps, Map<String, String> steppedAside) {
        if (steppedAside.isEmpty()) {
            return chapters(steps) + " ran; none stepped aside.";
        }
        Map<String, List<String>> byReason = new TreeMap<>();
        steppedAside.forEach((step, why) ->
                byReason.computeIfAbsent(why, w -> new ArrayList<>()).add(step));
        StringBuilder line = new StringBuilder()
                .append(chapters(steps - steppedAside.size()))
                .append(" ran; ")
                .append(steppedAside.size())
                .append(" stepped aside");
        byReason.forEach((why, names) -> line.append(", ")
                .append(String.join(" and ", names.stream().sorted().toList()))
                .append(" (")
                .append(why)
                .append(')'));
        return line.append('.').toString();
    }

    private static String chapters(int count) {
        return count + (count == 1 ? " chapter" : " chapters");
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
