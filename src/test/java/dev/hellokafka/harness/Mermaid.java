package dev.hellokafka.harness;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the Mermaid diagrams of a page before it is written, so that a diagram GitHub cannot render fails
 * the walk instead of showing as an error box on the page. Mermaid itself runs only in JavaScript, so this
 * accepts a strict subset of its syntax, the part these pages use (flowcharts and sequence diagrams), and
 * rejects everything else with the line and what would be accepted there. {@code tools/mermaid-check} parses
 * the generated pages with Mermaid itself, where Node.js is at hand.
 */
final class Mermaid {

    private static final Pattern BLOCK = Pattern.compile("^```mermaid\\n(.*?)^```", Pattern.MULTILINE | Pattern.DOTALL);

    // Flowcharts. Text in a shape is either quoted (anything but a double quote) or plain words without the
    // characters Mermaid reads as syntax.
    private static final String ID = "(?!end\\b|subgraph\\b)[A-Za-z][\\w]*";
    private static final String QUOTED = "\"[^\"]*\"";
    private static final String PLAIN = "[^\"()\\[\\]{}|<>;:#&]+";
    private static final String TEXT = "(?:" + QUOTED + "|" + PLAIN + ")";
    private static final String SHAPE = "(?:\\[\\(" + TEXT + "\\)]|\\(\\[" + TEXT + "]\\)|\\(\\(" + TEXT + "\\)\\)"
            + "|\\[\\[" + TEXT + "]]|\\[" + TEXT + "]|\\(" + TEXT + "\\)|\\{" + TEXT + "})";
    private static final String NODE = ID + "(?:" + SHAPE + ")?";
    private static final String ARROW = "(?:-->|---|-\\.->|-\\.-|==>)(?:\\|(?:" + QUOTED + "|[^\"|]+)\\|)?";
    private static final Pattern FLOWCHART = Pattern.compile("flowchart (?:LR|RL|TB|TD|BT)");
    private static final Pattern CHAIN = Pattern.compile(NODE + "(?: *" + ARROW + " *" + NODE + ")*");
    private static final Pattern SUBGRAPH = Pattern.compile("subgraph " + ID + "(?:\\[" + QUOTED + "])?");

    // Sequence diagrams.
    private static final String ACTOR = "[A-Za-z][\\w]*";
    private static final String MESSAGE_TEXT = "[^;#]*";
    private static final Pattern PARTICIPANT = Pattern.compile("(?:participant|actor) " + ACTOR + "(?: as [^;]+)?");
    private static final Pattern MESSAGE =
            Pattern.compile(ACTOR + " *(?:-->>|->>|-->|->|--x|-x|--\\)|-\\)) *" + ACTOR + " *:" + MESSAGE_TEXT);
    private static final Pattern NOTE =
            Pattern.compile("Note (?:over|left of|right of) " + ACTOR + "(?: *, *" + ACTOR + ")? *:" + MESSAGE_TEXT);
    private static final Pattern OPEN_BLOCK =
            Pattern.compile("(?:loop|alt|opt|par|critical)(?: " + MESSAGE_TEXT + ")?");
    private static final Pattern INNER_BLOCK = Pattern.compile("(?:else|and)(?: " + MESSAGE_TEXT + ")?");

    private Mermaid() {}

    /** What is wrong with the page's diagrams, one line each, naming the page and the line; empty if nothing. */
    static List<String> problems(String page, String markdown) {
        List<String> problems = new ArrayList<>();
        Matcher block = BLOCK.matcher(markdown);
        while (block.find()) {
            int firstLine = markdown.substring(0, block.start(1)).split("\n", -1).length;
            check(block.group(1).lines().toList(), firstLine, page, problems);
        }
        return problems;
    }

    private static void check(List<String> lines, int firstLine, String page, List<String> problems) {
        String type = lines.isEmpty() ? "" : lines.get(0).strip();
        boolean flowchart = FLOWCHART.matcher(type).matches();
        if (!flowchart && !type.equals("sequenceDiagram")) {
            problems.add(page + ":" + firstLine + ": the diagram starts with '" + type
                    + "'; the pages use 'flowchart LR' (or TB, TD, RL, BT) and 'sequenceDiagram'");
            return;
        }
        Deque<Integer> open = new ArrayDeque<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            int number = firstLine + i;
            if (line.isEmpty() || line.startsWith("%%")) {
                continue;
            }
            if (line.equals("end")) {
                if (open.poll() == null) {
                    problems.add(page + ":" + number + ": 'end' closes nothing");
                }
            } else if (flowchart
                    ? SUBGRAPH.matcher(line).matches()
                    : OPEN_BLOCK.matcher(line).matches()) {
                open.push(number);
            } else if (!(flowchart ? isFlowchartStatement(line) : isSequenceStatement(line, open))) {
                problems.add(page + ":" + number + ": not a statement Mermaid reads as meant: '" + line + "' ("
                        + (flowchart
                                ? "nodes as id, id[text] or id[\"text\"], arrows -->, ---, -.->, ==>,"
                                        + " labels |\"text\"|; quote text with ( ) [ ] { } : # & ; < >"
                                : "participant X as text, X->>Y: text, Note over X: text, loop/alt/opt ... end")
                        + ")");
            }
        }
        for (int unclosed : open) {
            problems.add(page + ":" + unclosed + ": opened here and never closed with 'end'");
        }
    }

    private static boolean isFlowchartStatement(String line) {
        return CHAIN.matcher(line).matches() || line.matches("direction (?:LR|RL|TB|TD|BT)");
    }

    private static boolean isSequenceStatement(String line, Deque<Integer> open) {
        return PARTICIPANT.matcher(line).matches()
                || MESSAGE.matcher(line).matches()
                || NOTE.matcher(line).matches()
                || line.equals("autonumber")
                || (!open.isEmpty() && INNER_BLOCK.matcher(line).matches());
    }
}
