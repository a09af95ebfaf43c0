package dev.hellokafka.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A page source parsed: its markdown, and its directives, each a line of its own such as
 * {@code include::output[sent]} (a name, {@code ::}, a kind, and an argument in brackets).
 * Every line outside a fenced block that starts like a directive must be one of {@link #DIRECTIVES}, written as
 * its form says: anything else fails with the page and the line, instead of reaching docs/ as text.
 */
record PageSource(String file, List<Part> parts) {

    /** A piece of the page: markdown to copy, or a directive to carry out. */
    sealed interface Part permits Text, Directive {}

    /** Markdown lines, copied as they are (a line break after each). */
    record Text(String markdown) implements Part {}

    /** A directive and its argument, with the line it stands on (counted from 1). */
    record Directive(String name, String argument, int line) implements Part {}

    /** A directive's form: what its argument looks like, and an example (CONTRIBUTING.md lists them all). */
    record Form(String argument, Predicate<String> accepts, String example) {}

    private static final Predicate<String> ANY = argument -> !argument.isBlank();
    private static final Predicate<String> NONE = String::isEmpty;
    private static final Predicate<String> REFERENCE = argument -> argument.matches("[\\w$]+#[\\w-]+");
    private static final Predicate<String> NAME = argument -> argument.matches("[a-z0-9][a-z0-9-]*");
    private static final Predicate<String> CLASS = argument -> argument.matches("[A-Z][\\w$]*");
    private static final Predicate<String> ARTIFACTS =
            argument -> argument.matches("\\s*[\\w.-]+:[\\w.-]+(\\s*,\\s*[\\w.-]+:[\\w.-]+)*\\s*");

    /** Every directive a page source may use. */
    static final Map<String, Form> DIRECTIVES = Map.ofEntries(
            Map.entry(
                    "summary::",
                    new Form("one line", ANY, "summary::[what the reader learns, for the list of chapters]")),
            Map.entry(
                    "include::dependencies",
                    new Form(
                            "group:artifact, ...", ARTIFACTS, "include::dependencies[org.apache.kafka:kafka-clients]")),
            Map.entry(
                    "include::maven",
                    new Form(
                            "compile|test: group:artifact, ...",
                            argument -> argument.matches("(compile|test):.+")
                                    && ARTIFACTS.test(argument.substring(argument.indexOf(':') + 1)),
                            "include::maven[test: org.junit.jupiter:junit-jupiter]")),
            Map.entry("include::code", new Form("Class#member", REFERENCE, "include::code[Cluster#createTopic]")),
            Map.entry("include::program", new Form("a program's class", CLASS, "include::program[ProduceTheRecords]")),
            Map.entry("include::run", new Form("a program's class", CLASS, "include::run[ProduceTheRecords]")),
            Map.entry("include::file", new Form("a class", CLASS, "include::file[OrderPublisher]")),
            Map.entry("include::output", new Form("name", NAME, "include::output[sent]")),
            Map.entry("chapter::", new Form("a chapter's name", NAME, "chapter::[nothing-lost]")),
            Map.entry("page::", new Form("a page's name", NAME, "page::[what-kafka-is]")),
            Map.entry("part::", new Form("the part's title", ANY, "part::[How Kafka works]")),
            Map.entry("include::flowchart", new Form("nothing", NONE, "include::flowchart[]")),
            Map.entry(
                    "check::compile-only",
                    new Form("why", ANY, "check::compile-only[it needs a broker that requires TLS and logins]")));

    /** A line that starts as a directive does: a lower-case name and {@code ::}. */
    private static final Pattern LOOKS_LIKE_A_DIRECTIVE = Pattern.compile("^[a-z][a-z-]*::.*");

    private static final Pattern DIRECTIVE = Pattern.compile("^([a-z][a-z-]*::[a-z-]*)\\[(.*)]\\s*$");

    /** Parses the source; fails naming the page and line of the first directive that is unknown or malformed. */
    static PageSource parse(String file, String source) {
        List<Part> parts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        boolean fenced = false;
        List<String> lines = source.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("```")) {
                fenced = !fenced;
            }
            if (fenced || !LOOKS_LIKE_A_DIRECTIVE.matcher(line).matches()) {
                text.append(line).append('\n');
                continue;
            }
            Directive directive = directive(file, line, i + 1);
            if (!text.isEmpty()) {
                parts.add(new Text(text.toString()));
                text.setLength(0);
            }
            parts.add(directive);
        }
        if (!text.isEmpty()) {
            parts.add(new Text(text.toString()));
        }
        return new PageSource(file, List.copyOf(parts));
    }

    private static Directive directive(String file, String line, int number) {
        Matcher m = DIRECTIVE.matcher(line);
        String where = file + ":" + number + ": ";
        if (!m.matches()) {
            throw new PageRenderer.PageException(where + "'" + line + "' is not a directive: write name::kind[argument]"
                    + " on a line of its own, e.g. "
                    + DIRECTIVES.get("include::output").example());
        }
        Form form = DIRECTIVES.get(m.group(1));
        if (form == null) {
            throw new PageRenderer.PageException(where + "unknown directive '" + m.group(1) + "'; the known ones are "
                    + DIRECTIVES.keySet().stream().sorted().toList() + " (see CONTRIBUTING.md)");
        }
        String argument = m.group(2).trim();
        if (!form.accepts().test(argument)) {
            throw new PageRenderer.PageException(where + m.group(1) + "[" + argument + "] needs " + form.argument()
                    + " in its brackets, e.g. " + form.example());
        }
        return new Directive(m.group(1), argument, number);
    }

    /** The argument of the page's first directive of this name, if it has one. */
    Optional<String> first(String name) {
        return parts.stream()
                .filter(part -> part instanceof Directive d && d.name().equals(name))
                .map(part -> ((Directive) part).argument())
                .findFirst();
    }

    /** The page's title: the text of its first "# " heading. */
    String title() {
        return parts.stream()
                .filter(Text.class::isInstance)
                .flatMap(part -> ((Text) part).markdown().lines())
                .filter(l -> l.startsWith("# "))
                .findFirst()
                .map(l -> l.substring(2).trim())
                .orElseThrow(() -> new PageRenderer.PageException(file + ": a chapter needs a '# Title' line"));
    }
}
