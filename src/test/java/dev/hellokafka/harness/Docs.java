package dev.hellokafka.harness;

import java.util.List;

/**
 * The docs step, {@code ./mvnw -Pdocs}: writes docs/ and README's list of chapters from the page sources, the
 * code they include and the outputs the last walk saved in target/walk/. It starts no broker and runs nothing
 * of the tutorial, so a changed sentence reaches its page in seconds; a page whose output no walk has saved yet
 * fails, naming it.
 */
public final class Docs {

    private Docs() {}

    public static void main(String[] args) {
        try {
            List<String> changed = PageWriter.write(PageWriter.base(), PageWriter.renderDocs(PageWriter.target()));
            System.out.println(
                    changed.isEmpty()
                            ? "docs/ and README.md were up to date."
                            : "Written: " + String.join(", ", changed)
                                    + ". Review with 'git diff docs/ README.md' and commit.");
        } catch (PageRenderer.PageException e) {
            System.err.println("docs/ not written: " + e.getMessage());
            System.exit(1);
        }
    }
}
