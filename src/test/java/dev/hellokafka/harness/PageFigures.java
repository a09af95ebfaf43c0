package dev.hellokafka.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A markdown page as a reader sees it on GitHub: the words of its text (outside code blocks and comments), those
 * of them inside folds ({@code <details>}, closed until clicked), its lines of code and output, and the ones that
 * are too wide to read without scrolling sideways.
 *
 * @param visibleWords words of text outside folds
 * @param foldedWords words of text inside folds
 * @param visibleCodeLines lines inside code blocks, outside folds
 * @param wideCodeLines the lines inside code blocks, folded or not, that are wider than {@link #CODE_WIDTH}
 * @param lines all lines of the file, folded ones included
 */
record PageFigures(int visibleWords, int foldedWords, int visibleCodeLines, List<String> wideCodeLines, int lines) {

    /** The widest line of code or output GitHub shows without a scroll bar. */
    static final int CODE_WIDTH = 100;

    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9'’]+");

    static PageFigures of(String markdown) {
        String text = markdown.replaceAll("(?s)<!--.*?-->", "");
        int visible = 0;
        int folded = 0;
        int code = 0;
        List<String> wide = new ArrayList<>();
        boolean fenced = false;
        int depth = 0;
        for (String line : text.split("\n", -1)) {
            if (line.stripLeading().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                if (line.length() > CODE_WIDTH) {
                    wide.add(line);
                }
                code += depth == 0 ? 1 : 0;
                continue;
            }
            depth += occurrences(line, "<details");
            int words = (int) WORD.matcher(line).results().count();
            if (depth == 0) {
                visible += words;
            } else {
                folded += words;
            }
            depth = Math.max(0, depth - occurrences(line, "</details>"));
        }
        return new PageFigures(visible, folded, code, List.copyOf(wide), (int)
                markdown.chars().filter(c -> c == '\n').count());
    }

    /**
     * About how long a reader takes over the page with its folds closed: 200 words of text a minute and 40 lines of
     * code or output, at least one minute.
     */
    long readingMinutes() {
        return Math.max(1, Math.round(visibleWords / 200.0 + visibleCodeLines / 40.0));
    }

    private static int occurrences(String line, String tag) {
        return line.split(Pattern.quote(tag), -1).length - 1;
    }
}
