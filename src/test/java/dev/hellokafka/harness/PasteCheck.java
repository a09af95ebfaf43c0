package dev.hellokafka.harness;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.Trees;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * The reader's contract, checked: a page's Java blocks, pasted in page order into one class (method and type
 * declarations beside a {@code main}, statements inside it), compile against only the artifacts the page names,
 * given only the variables its first Java block declares, and the program runs to its end against a broker.
 * Imports are what an IDE would add: those of the classes the page's code comes from, where the page's class
 * path has them. A failure names the page, the Java block (counted from 1 on the page) and the line within it.
 */
final class PasteCheck {

    /** The given whose value the check replaces with the address of the broker it runs against. */
    static final String BOOTSTRAP_SERVERS = "bootstrapServers";

    private static final Pattern DECLARES_BOOTSTRAP_SERVERS =
            Pattern.compile("(?m)^\\s*String\\s+" + BOOTSTRAP_SERVERS + "\\s*=");
    private static final Pattern JAVA_BLOCK = Pattern.compile("(?ms)^```java\\n(.*?)^```$");
    /** The pages' Java: the language and the JDK's classes of Java 17, whichever JDK compiles them. */
    private static final List<String> JAVA_17 = List.of("-proc:none", "--release", "17");
    /**
     * Java 17's language alone, for reading a block: a newer javac would otherwise read top-level methods as a
     * class of their own (an implicitly declared class). Without --release, which opens the JDK's table of Java
     * 17's classes at every read (PasteCheckTest took 4.3 s with it, 3.3 s without), and reading needs none.
     */
    private static final List<String> JAVA_17_SYNTAX = List.of("-proc:none", "-source", "17", "-Xlint:-options");

    private final Artifacts artifacts;
    private final Path workDir;
    private final JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    private final Map<List<String>, ClassLoader> runtimes = new ConcurrentHashMap<>();
    private final Map<List<String>, ClassLoader> compileTimes = new ConcurrentHashMap<>();
    /**
     * javac's file managers keep the jars they have opened and read: one per thread and class path, reused for
     * every page, instead of opening and reading the same jars for each page again.
     */
    private final ThreadLocal<Map<List<Path>, StandardJavaFileManager>> fileManagers =
            ThreadLocal.withInitial(HashMap::new);

    private final List<StandardJavaFileManager> openFileManagers = new CopyOnWriteArrayList<>();

    PasteCheck(Artifacts artifacts, Path workDir) {
        this.artifacts = artifacts;
        this.workDir = workDir;
    }

    /** A page as the check sees it: its markdown, the artifacts it names, and the imports its code may use. */
    record Page(String file, String markdown, List<String> dependencies, List<String> imports) {}

    /** What went wrong, where a reader would see it. */
    record Problem(String page, int block, int line, String message) {
        @Override
        public String toString() {
            return page + (block > 0 ? ", Java block " + block + (line > 0 ? ", line " + line : "") : "") + ": "
                    + message;
        }
    }

    /**
     * The page pasted into one class, and where each of its lines came from; {@code files} are the classes the
     * page shows as files of their own, each compiled beside it.
     */
    record Program(String className, String source, List<int[]> origins, List<Program> files) {
        /** This program and its files: every source the check compiles. */
        List<Program> units() {
            List<Program> units = new ArrayList<>(List.of(this));
            units.addAll(files);
            return units;
        }

        /** The unit that declares that class (a nested class counts as its outer one's), if any. */
        Optional<Program> unitOf(String className) {
            String outer = className.replaceFirst("\\$.*", "");
            return units().stream().filter(u -> u.className().equals(outer)).findFirst();
        }

        /** The Java block and line a line of the assembled source came from; {0, 0} for the class around them. */
        int[] origin(long line) {
            return line >= 1 && line <= origins.size() ? origins.get((int) line - 1) : new int[] {0, 0};
        }
    }

    /**
     * Assembles and compiles the page, and, with a broker address, runs it within the limit.
     *
     * @param bootstrapServers where the program's {@code bootstrapServers} points, or {@code null} to compile only
     * @return the problems; empty when the page keeps the contract
     */
    List<Problem> check(Page page, String bootstrapServers, Duration limit) {
        List<String> blocks = javaBlocks(page.markdown());
        if (blocks.isEmpty()) {
            return List.of();
        }
        for (int i = 1; i < blocks.size(); i++) {
            if (DECLARES_BOOTSTRAP_SERVERS.matcher(blocks.get(i)).find()) {
                return List.of(new Problem(
                        page.file(),
                        i + 1,
                        0,
                        "declares " + BOOTSTRAP_SERVERS + ", a given: givens belong in the page's first Java block"));
            }
        }
        Program program;
        try {
            program = assemble(page, blocks, bootstrapServers);
        } catch (IllegalArgumentException e) {
            return List.of(new Problem(page.file(), 0, 0, e.getMessage()));
        }
        Path dir = workDir.resolve(program.className());
        List<Problem> problems = compile(page, program, dir);
        if (!problems.isEmpty() || bootstrapServers == null) {
            return problems;
        }
        return run(page, program, dir, limit);
    }

    /**
     * Checks the pages side by side (their programs mostly wait for the broker), with what they print kept
     * off the console. Problems come back in page order.
     *
     * @param runAgainst per page, the broker address to run it against, or null to compile it only
     */
    List<Problem> checkAll(List<Page> pages, Map<Page, String> runAgainst, Duration limit, int parallel) {
        List<List<Problem>> found = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<List<Problem>>> results = new ArrayList<>();
            for (Page page : pages) {
                results.add(pool.submit(() -> check(page, runAgainst.get(page), limit)));
            }
            for (Future<List<Problem>> result : results) {
                found.add(result.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the pages", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the paste check itself failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
            closeFileManagers();
        }
        return found.stream().flatMap(List::stream).toList();
    }

    /**
     * This thread's file manager for the class path. Parsing gets an empty one: javac's default would be this
     * JVM's class path, whose every jar's manifest it would read again for each block.
     */
    private StandardJavaFileManager fileManager(List<Path> classPath) {
        return fileManagers.get().computeIfAbsent(classPath, paths -> {
            StandardJavaFileManager opened = compiler.getStandardFileManager(null, Locale.ROOT, UTF_8);
            try {
                opened.setLocationFromPaths(StandardLocation.CLASS_PATH, paths);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            openFileManagers.add(opened);
            return opened;
        });
    }

    private void closeFileManagers() {
        for (StandardJavaFileManager files : openFileManagers) {
            try {
                files.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        openFileManagers.clear();
    }

    static List<String> javaBlocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        Matcher m = JAVA_BLOCK.matcher(markdown);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    Program assemble(Page page, List<String> blocks, String bootstrapServers) {
        String name = page.file().substring(page.file().lastIndexOf('/') + 1);
        String className = "Page" + name.replaceFirst("\\.md$", "").replaceAll("[^A-Za-z0-9]", "");
        List<String> members = new ArrayList<>();
        List<int[]> memberOrigins = new ArrayList<>();
        List<String> statements = new ArrayList<>();
        List<int[]> statementOrigins = new ArrayList<>();
        List<Program> files = new ArrayList<>();
        List<String> imports = usableImports(page); // the same for the page's class and its files
        for (int i = 0; i < blocks.size(); i++) {
            String block = blocks.get(i);
            if (i == 0 && bootstrapServers != null) {
                block = withBootstrapServers(block, bootstrapServers);
            }
            Optional<String> fileClass = classOfItsOwn(block);
            if (fileClass.isPresent()) {
                List<String> fileSource = new ArrayList<>();
                List<int[]> fileOrigins = new ArrayList<>();
                for (String line : imports) {
                    add(fileSource, fileOrigins, line);
                }
                add(fileSource, fileOrigins, "");
                List<String> lines = block.lines().toList();
                for (int l = 0; l < lines.size(); l++) {
                    fileSource.add(lines.get(l));
                    fileOrigins.add(new int[] {i + 1, l + 1});
                }
                files.add(new Program(fileClass.get(), String.join("\n", fileSource) + "\n", fileOrigins, List.of()));
                continue;
            }
            boolean declarations = isDeclarations(block);
            List<String> lines = block.lines().toList();
            for (int l = 0; l < lines.size(); l++) {
                (declarations ? members : statements).add((declarations ? "    " : "        ") + lines.get(l));
                (declarations ? memberOrigins : statementOrigins).add(new int[] {i + 1, l + 1});
            }
        }
        List<String> source = new ArrayList<>();
        List<int[]> origins = new ArrayList<>();
        for (String line : imports) {
            add(source, origins, line);
        }
        add(source, origins, "");
        add(source, origins, "public class " + className + " {");
        for (int i = 0; i < members.size(); i++) {
            source.add(members.get(i));
            origins.add(memberOrigins.get(i));
        }
        add(source, origins, "    public static void main(String[] args) throws Exception {");
        for (int i = 0; i < statements.size(); i++) {
            source.add(statements.get(i));
            origins.add(statementOrigins.get(i));
        }
        add(source, origins, "    }");
        add(source, origins, "}");
        return new Program(className, String.join("\n", source) + "\n", origins, List.copyOf(files));
    }

    private static void add(List<String> source, List<int[]> origins, String line) {
        source.add(line);
        origins.add(new int[] {0, 0});
    }

    /** The givens of a page: the variables its first Java block declares, each with a literal value. */
    Map<String, String> givens(String firstBlock) {
        Map<String, String> givens = new java.util.LinkedHashMap<>();
        String wrapped = "class G { void m() {\n" + firstBlock + "\n} }";
        Parsed parsed = parse(wrapped);
        if (parsed.errors()) {
            return givens;
        }
        MethodTree method = (MethodTree) ((ClassTree)
                        parsed.unit().getTypeDecls().get(0))
                .getMembers().stream()
                        .filter(m -> m instanceof MethodTree mt && mt.getName().contentEquals("m"))
                        .findFirst()
                        .orElseThrow();
        for (StatementTree statement : method.getBody().getStatements()) {
            if (!(statement instanceof VariableTree variable)
                    || !(variable.getInitializer() instanceof LiteralTree literal)) {
                return Map.of();
            }
            givens.put(variable.getName().toString(), String.valueOf(literal.getValue()));
        }
        return givens;
    }

    /** The first block with the run's broker address as the value of {@code bootstrapServers}, if it declares it. */
    private String withBootstrapServers(String block, String bootstrapServers) {
        if (!givens(block).containsKey(BOOTSTRAP_SERVERS)) {
            return block;
        }
        String wrapped = "class G { void m() {\n" + block + "\n} }";
        Parsed parsed = parse(wrapped);
        MethodTree method = (MethodTree) ((ClassTree)
                        parsed.unit().getTypeDecls().get(0))
                .getMembers().stream()
                        .filter(m -> m instanceof MethodTree mt && mt.getName().contentEquals("m"))
                        .findFirst()
                        .orElseThrow();
        for (StatementTree statement : method.getBody().getStatements()) {
            VariableTree variable = (VariableTree) statement;
            if (variable.getName().contentEquals(BOOTSTRAP_SERVERS)) {
                SourcePositions positions = parsed.positions();
                int start = (int) positions.getStartPosition(parsed.unit(), variable.getInitializer());
                int end = (int) positions.getEndPosition(parsed.unit(), variable.getInitializer());
                String replaced = wrapped.substring(0, start) + '"' + bootstrapServers + '"' + wrapped.substring(end);
                return replaced.substring("class G { void m() {\n".length(), replaced.length() - "\n} }".length());
            }
        }
        return block;
    }

    /**
     * A block that is one top-level class, as a reader saves it in a file of its own (a class that is neither
     * static nor a record, such as a test class or an application class): its name. Such a block is compiled as
     * its own file, beside the page's class, and may use that class's members no more than a file could.
     */
    Optional<String> classOfItsOwn(String block) {
        Parsed parsed = parse(block);
        if (parsed.errors()
                || parsed.unit().getTypeDecls().size() != 1
                || !(parsed.unit().getTypeDecls().get(0) instanceof ClassTree type)
                || type.getKind() == Tree.Kind.RECORD
                || type.getModifiers().getFlags().contains(javax.lang.model.element.Modifier.STATIC)) {
            return Optional.empty();
        }
        return Optional.of(type.getSimpleName().toString());
    }

    /** A block that parses as the body of a class and declares only methods and types goes beside main. */
    boolean isDeclarations(String block) {
        Parsed parsed = parse("class D {\n" + block + "\n}");
        if (parsed.errors() || parsed.unit().getTypeDecls().size() != 1) {
            return false;
        }
        List<? extends Tree> members = ((ClassTree) parsed.unit().getTypeDecls().get(0)).getMembers();
        return !members.isEmpty() && members.stream().allMatch(m -> m instanceof MethodTree || m instanceof ClassTree);
    }

    private record Parsed(CompilationUnitTree unit, SourcePositions positions, boolean errors) {}

    private Parsed parse(String source) {
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        JavacTask task = (JavacTask) compiler.getTask(
                null, fileManager(List.of()), diagnostics, JAVA_17_SYNTAX, null, List.of(new Source("Parsed", source)));
        try {
            CompilationUnitTree unit = task.parse().iterator().next();
            boolean errors = diagnostics.getDiagnostics().stream().anyMatch(d -> d.getKind() == Diagnostic.Kind.ERROR);
            return new Parsed(unit, Trees.instance(task).getSourcePositions(), errors);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The imports of the page's classes that the page's class path (or the JDK) has; of two with the same
     * simple name, the first.
     */
    private List<String> usableImports(Page page) {
        ClassLoader compileTime = compileTimes.computeIfAbsent(
                page.dependencies(), deps -> loader(artifacts.jars(deps, Artifacts.Scope.COMPILE), null));
        Set<String> simpleNames = new HashSet<>();
        List<String> usable = new ArrayList<>();
        for (String line : page.imports()) {
            String target = line.replaceFirst("^import\\s+(static\\s+)?", "")
                    .replaceFirst(";\\s*$", "")
                    .trim();
            boolean isStatic = line.matches("^import\\s+static\\s.*");
            String type = isStatic ? target.substring(0, target.lastIndexOf('.')) : target;
            String simpleName = target.substring(target.lastIndexOf('.') + 1);
            if (!type.endsWith(".*") && exists(compileTime, type) && simpleNames.add(simpleName)) {
                usable.add(line.trim());
            }
        }
        return usable;
    }

    /** Whether the class file is there (looked up, not loaded); a nested type such as Map.Entry is Map$Entry. */
    private static boolean exists(ClassLoader loader, String type) {
        String name = type;
        while (true) {
            if (loader.getResource(name.replace('.', '/') + ".class") != null) {
                return true;
            }
            int dot = name.lastIndexOf('.');
            if (dot < 0) {
                return false;
            }
            name = name.substring(0, dot) + '$' + name.substring(dot + 1);
        }
    }

    private List<Problem> compile(Page page, Program program, Path dir) {
        List<Path> classPath = artifacts.jars(page.dependencies(), Artifacts.Scope.COMPILE);
        try {
            Files.createDirectories(dir.resolve("classes"));
            for (Program unit : program.units()) {
                Files.writeString(dir.resolve(unit.className() + ".java"), unit.source(), UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StandardJavaFileManager files = fileManager(classPath);
        try {
            files.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(dir.resolve("classes")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean compiled = compiler.getTask(
                        null,
                        files,
                        diagnostics,
                        JAVA_17,
                        null,
                        program.units().stream()
                                .map(unit -> new Source(unit.className(), unit.source()))
                                .toList())
                .call();
        List<Problem> problems = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                Program unit = d.getSource() == null
                        ? program
                        : program.unitOf(d.getSource()
                                        .getName()
                                        .replaceFirst(".*/", "")
                                        .replaceFirst("\\.java$", ""))
                                .orElse(program);
                int[] origin = unit.origin(d.getLineNumber());
                String where = origin[0] == 0 ? " (where the blocks end: a brace or try left open?)" : "";
                problems.add(new Problem(
                        page.file(),
                        origin[0] == 0 ? lastBlock(program) : origin[0],
                        origin[1],
                        "does not compile: "
                                + d.getMessage(Locale.ROOT).lines().collect(Collectors.joining(" "))
                                + where));
            }
        }
        if (!compiled && problems.isEmpty()) {
            problems.add(new Problem(page.file(), 0, 0, "does not compile"));
        }
        return problems;
    }

    private static int lastBlock(Program program) {
        return program.origins().stream().mapToInt(o -> o[0]).max().orElse(0);
    }

    private List<Problem> run(Page page, Program program, Path dir, Duration limit) {
        ClassLoader libraries = runtimes.computeIfAbsent(
                page.dependencies(), deps -> loader(artifacts.jars(deps, Artifacts.Scope.RUNTIME), null));
        URLClassLoader pageLoader = (URLClassLoader) loader(List.of(dir.resolve("classes")), libraries);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Throwable[] failure = new Throwable[1];
        ThreadGroup group = new ThreadGroup("paste-check " + page.file());
        Thread main = new Thread(
                group,
                () -> {
                    try {
                        pageLoader
                                .loadClass(program.className())
                                .getMethod("main", String[].class)
                                .invoke(null, (Object) new String[0]);
                    } catch (InvocationTargetException e) {
                        failure[0] = e.getCause();
                    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                        failure[0] = e;
                    }
                },
                "main");
        main.setContextClassLoader(pageLoader);
        ThreadStreams.capture(group, printed, printed, InputStream.nullInputStream());
        try {
            main.start();
            main.join(limit.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ThreadStreams.release(group);
        }
        if (main.isAlive()) {
            StackTraceElement[] stack = main.getStackTrace();
            String where = where(stack, program) + ", in "
                    + java.util.Arrays.stream(stack)
                            .limit(4)
                            .map(f -> f.getClassName().replaceFirst(".*\\.", "") + "." + f.getMethodName())
                            .collect(Collectors.joining(" < "));
            main.interrupt();
            return List.of(new Problem(
                    page.file(),
                    0,
                    0,
                    "the program did not finish within " + limit.toSeconds() + " s" + lastLines(printed)
                            + " (where it was: " + where + ")"));
        }
        if (failure[0] != null) {
            int[] origin = origin(failure[0], program);
            return List.of(new Problem(
                    page.file(),
                    origin[0],
                    origin[1],
                    "the program failed: " + failure[0].getClass().getName() + ": " + failure[0].getMessage()
                            + lastLines(printed)));
        }
        List<String> running = nonDaemonThreads(group);
        if (!running.isEmpty()) {
            return List.of(new Problem(
                    page.file(),
                    0,
                    0,
                    "main returned, but the program would not exit: threads " + running + " still run"
                            + " (a client or application left open?)"));
        }
        return List.of();
    }

    /** Threads the program started that keep a JVM alive, given a few seconds to end after close(). */
    private static List<String> nonDaemonThreads(ThreadGroup group) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Thread[] threads = new Thread[group.activeCount() + 8];
        int n = group.enumerate(threads, true);
        List<String> running = new ArrayList<>();
        for (Thread thread : Arrays.copyOf(threads, n)) {
            if (thread.isDaemon()) {
                continue;
            }
            try {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                running.add(thread.getName());
            }
        }
        return running;
    }

    private static int[] origin(Throwable failure, Program program) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            for (StackTraceElement frame : t.getStackTrace()) {
                Optional<Program> unit = program.unitOf(frame.getClassName());
                if (unit.isPresent()) {
                    return unit.get().origin(frame.getLineNumber());
                }
            }
        }
        return new int[] {0, 0};
    }

    private static String where(StackTraceElement[] stack, Program program) {
        for (StackTraceElement frame : stack) {
            Optional<Program> unit = program.unitOf(frame.getClassName());
            if (unit.isPresent()) {
                int[] origin = unit.get().origin(frame.getLineNumber());
                return "Java block " + origin[0] + ", line " + origin[1];
            }
        }
        return stack.length == 0 ? "unknown" : stack[0].toString();
    }

    private static String lastLines(ByteArrayOutputStream printed) {
        // SLF4J's notes about having no logging backend concern the check's class path, not the program.
        List<String> lines = printed.toString(UTF_8)
                .lines()
                .filter(l -> !l.startsWith("SLF4J("))
                .toList();
        if (lines.isEmpty()) {
            return "";
        }
        return "; it printed: " + String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    }

    private static ClassLoader loader(List<Path> paths, ClassLoader parent) {
        URL[] urls = paths.stream()
                .map(p -> {
                    try {
                        return p.toUri().toURL();
                    } catch (MalformedURLException e) {
                        throw new IllegalArgumentException(e);
                    }
                })
                .toArray(URL[]::new);
        return new URLClassLoader(urls, parent == null ? ClassLoader.getPlatformClassLoader() : parent);
    }

    private static final class Source extends SimpleJavaFileObject {
        private final String code;

        Source(String className, String code) {
            super(URI.create("string:///" + className + Kind.SOURCE.extension), Kind.SOURCE);
            this.code = code;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
        }
    }
}
