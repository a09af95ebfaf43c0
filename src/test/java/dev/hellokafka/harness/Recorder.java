package dev.hellokafka.harness;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Where a step puts what the run really printed or returned, for its page: {@code recorder.output("sent", text)}
 * becomes {@code include::output[sent]} in its chapter's page source. Outputs are normalized
 * when recorded, echoed to the console under the step, and kept in the walk's {@link Recordings}.
 */
public final class Recorder {

    private final String step;
    private final int place;
    private final Normalizer normalizer;
    private final Console console;
    private final Recordings recordings;

    /**
     * @param place where the console tells what this recorder records among the step's outputs
     * @param recordings where the walk keeps what its steps recorded
     */
    Recorder(String step, int place, Normalizer normalizer, Console console, Recordings recordings) {
        this.step = step;
        this.place = place;
        this.normalizer = normalizer;
        this.console = console;
        this.recordings = recordings;
    }

    /**
     * A value this run made that may reach a page (an id, a time, a port of a broker the step started): from now
     * on it is replaced by the placeholder wherever it appears in this run's output.
     */
    public void registerRunValue(String value, String placeholder) {
        normalizer.register(value, placeholder);
    }

    /** Records text output; on the page it shows as a plain-text block. */
    public void output(String name, String text) {
        output(name, text, "text");
    }

    /** Records output in a language of its own (properties, bash, json), shown as a block highlighted for it. */
    public void output(String name, String text, String language) {
        String normalized = normalizer.normalize(text);
        record(name, new Snippet(false, normalized, language, normalizer.suspects(normalized)));
    }

    /** Records rows of output as a table; on the page it shows as a markdown table. */
    public void table(String name, List<String> header, List<List<Object>> rows) {
        String normalized = markdownTable(
                header.stream().map(normalizer::normalize).toList(),
                rows.stream()
                        .map(row -> row.stream()
                                .map(cell -> (Object) normalizer.normalize(String.valueOf(cell)))
                                .toList())
                        .toList());
        record(name, new Snippet(true, normalized, null, normalizer.suspects(normalized)));
    }

    /**
     * A Markdown table as the pages show it: the header, its rule, a line per row; in each cell a {@code |} is
     * escaped, and so are {@code <} and {@code >} outside code spans (placeholders like {@code <port>}).
     */
    public static String markdownTable(List<String> header, List<? extends List<?>> rows) {
        StringBuilder md = new StringBuilder();
        md.append(row(header)).append('\n');
        md.append(row(header.stream().map(h -> "---").toList())).append('\n');
        rows.forEach(r -> md.append(row(r)).append('\n'));
        return md.toString().stripTrailing();
    }

    /** A line for the console only, never for a page: what someone watching the walk should know (a test skipped, and why). */
    public void note(String text) {
        console.addOutput(step, place, normalizer.normalize(text));
    }

    private void record(String name, Snippet snippet) {
        recordings.put(step, name, snippet);
        console.addOutput(step, place, snippet.text());
    }

    private static String row(List<?> cells) {
        return cells.stream()
                .map(c -> escapeOutsideCode(String.valueOf(c).replace("|", "\\|")))
                .collect(Collectors.joining(" | ", "| ", " |"));
    }

    /** Markdown shows a code span as written, so only the text between code spans needs its < and > escaped. */
    static String escapeOutsideCode(String cell) {
        String[] parts = cell.split("`", -1);
        for (int i = 0; i < parts.length; i += 2) {
            parts[i] = parts[i].replace("<", "&lt;").replace(">", "&gt;");
        }
        return String.join("`", parts);
    }

    /**
     * One recorded output; a table is already markdown, anything else is shown verbatim. {@code suspects} are
     * values in it that look like this run's own but were not registered: a page must not show them.
     */
    record Snippet(boolean markdown, String text, String language, List<String> suspects) {}
}
