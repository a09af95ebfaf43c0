package dev.hellokafka.harness;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * Whole named units of a Java source, as a page shows them: a method, a field, a nested class, record or
 * interface, by its name, with its Javadoc and annotations, dedented. Found by parsing the source with javac,
 * so that a unit is always whole: no region is cut around code the page does not show.
 */
final class JavaUnits {

    private JavaUnits() {}

    /** The unit of that name (the first, if several methods share it), or empty when the source has none. */
    static Optional<String> unit(String source, String name) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        // Parsing needs no class path. Without an empty one, javac reads the manifest of every jar on this JVM's
        // class path for each source (measured: rendering docs/ took five times as long).
        JavacTask task = (JavacTask) compiler.getTask(
                null, null, null, List.of("-proc:none", "-classpath", ""), null, List.of(new Source(source)));
        CompilationUnitTree unit;
        try {
            unit = task.parse().iterator().next();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SourcePositions positions = Trees.instance(task).getSourcePositions();
        for (Tree type : unit.getTypeDecls()) {
            if (type instanceof ClassTree top) {
                Optional<String> found = find(top, name, unit, positions, source);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> find(
            ClassTree type, String name, CompilationUnitTree unit, SourcePositions positions, String source) {
        for (Tree member : type.getMembers()) {
            String memberName = member instanceof MethodTree method
                    ? method.getName().toString()
                    : member instanceof VariableTree field
                            ? field.getName().toString()
                            : member instanceof ClassTree nested
                                    ? nested.getSimpleName().toString()
                                    : null;
            if (name.equals(memberName)) {
                int start = (int) positions.getStartPosition(unit, member);
                int end = (int) positions.getEndPosition(unit, member);
                return Optional.of(lines(source, start, end));
            }
        }
        return Optional.empty();
    }

    /** The lines from the one holding {@code start}, with the Javadoc just above it, to the one holding {@code end}. */
    private static String lines(String source, int start, int end) {
        List<String> all = source.lines().toList();
        int first = lineOf(source, start);
        int last = lineOf(source, end - 1);
        if (first > 0 && all.get(first - 1).trim().endsWith("*/")) {
            while (first > 0 && !all.get(first - 1).trim().startsWith("/**")) {
                first--;
            }
            first--;
        }
        List<String> unit = all.subList(first, last + 1);
        int indent = unit.stream()
                .filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length())
                .min()
                .orElse(0);
        return unit.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).collect(Collectors.joining("\n"));
    }

    private static int lineOf(String source, int position) {
        int line = 0;
        for (int i = 0; i < position; i++) {
            if (source.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static final class Source extends SimpleJavaFileObject {
        private final String code;

        Source(String code) {
            super(URI.create("string:///Unit.java"), JavaFileObject.Kind.SOURCE);
            this.code = code;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
        }
    }
}
