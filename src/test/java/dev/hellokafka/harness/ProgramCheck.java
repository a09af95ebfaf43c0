package dev.hellokafka.harness;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * The reader's contract of the chapters' programs, checked: each program's file, with the shared {@code Cluster}
 * beside it, compiles alone with only its chapter's declared artifacts, as in a fresh project; and against a
 * fresh broker it runs as a reader runs it: a finite program to its end within a minute, a program that runs
 * until stopped until it has printed something, and then to its end once Ctrl-C has run its shutdown hooks.
 */
final class ProgramCheck {

    /** The class every program may use beside its own: it is on the page that introduces it. */
    static final String SHARED = "Cluster";

    static final String PACKAGE = "dev.hellokafka.programs";

    private static final Duration LIMIT = Duration.ofSeconds(60);

    private final Artifacts artifacts;
    private final Path programsDir;
    private final Path workDir;
    private final JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();

    ProgramCheck(Artifacts artifacts, Path programsDir, Path workDir) {
        this.artifacts = artifacts;
        this.programsDir = programsDir;
        this.workDir = workDir;
    }

    /** What is wrong, and where: the program, and the page that shows it. */
    record Problem(String program, String page, String message) {
        @Override
        public String toString() {
            return program + ".java (" + page + "): " + message;
        }
    }

    /** Compiles the program with only these artifacts, as a reader's fresh project would; empty when it compiles. */
    List<Problem> compile(String program, String page, List<String> dependencies) {
        List<Path> sources = new ArrayList<>(List.of(programsDir.resolve(program + ".java")));
        if (!program.equals(SHARED)) {
            sources.add(programsDir.resolve(SHARED + ".java"));
        }
        return compile(program, page, sources, dependencies, classesOf(program));
    }

    /**
     * Compiles a page's files (whole classes it shows, such as an application and its tests) together with the
     * programs the page shows, which the files may use, with only these artifacts.
     */
    List<Problem> compileFiles(String page, List<Path> files, List<String> programs, List<String> dependencies) {
        String label = files.stream()
                .map(f -> f.getFileName().toString().replaceFirst("\\.java$", ""))
                .collect(Collectors.joining(", "));
        List<Path> sources = new ArrayList<>(files);
        if (!programs.isEmpty()) {
            programs.forEach(program -> sources.add(programsDir.resolve(program + ".java")));
            if (!programs.contains(SHARED)) {
                sources.add(programsDir.resolve(SHARED + ".java"));
            }
        }
        return compile(label, page, sources, dependencies, workDir.resolve(page.replaceAll("\\W", "_")));
    }

    private List<Problem> compile(
            String label, String page, List<Path> sources, List<String> dependencies, Path classes) {
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(null, Locale.ROOT, UTF_8)) {
            Files.createDirectories(classes);
            files.setLocationFromPaths(
                    StandardLocation.CLASS_PATH, artifacts.jars(dependencies, Artifacts.Scope.COMPILE));
            files.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(classes));
            boolean compiled = compiler.getTask(
                            null,
                            files,
                            diagnostics,
                            List.of("-proc:none", "--release", "17"),
                            null,
                            files.getJavaFileObjectsFromPaths(sources))
                    .call();
            List<Problem> problems = diagnostics.getDiagnostics().stream()
                    .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                    .map(d -> new Problem(
                            label,
                            page,
                            "does not compile with only " + dependencies + ": line " + d.getLineNumber() + " of "
                                    + (d.getSource() == null
                                            ? "?"
                                            : Path.of(d.getSource().toUri()).getFileName())
                                    + ": " + d.getMessage(Locale.ROOT).lines().collect(Collectors.joining(" "))))
                    .toList();
            return compiled || !problems.isEmpty() ? problems : List.of(new Problem(label, page, "does not compile"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs the compiled program against the broker, in a class loader of its artifacts' runtime jars alone; empty
     * when it keeps the contract. What it printed is kept in {@code printed}.
     */
    List<Problem> run(String program, String page, List<String> dependencies, String bootstrapServers) {
        List<Path> classPath = new ArrayList<>(List.of(classesOf(program)));
        classPath.addAll(artifacts.jars(dependencies, Artifacts.Scope.RUNTIME));
        ByteArrayOutputStream printed = new ByteArrayOutputStream(); // what a reader sees: logs go to stderr
        Throwable[] failure = new Throwable[1];
        ThreadGroup group = new ThreadGroup("program check " + program);
        try (URLClassLoader loader = loader(classPath)) {
            Thread main = new Thread(
                    group,
                    () -> {
                        try {
                            loader.loadClass(PACKAGE + "." + program)
                                    .getMethod("main", String[].class)
                                    .invoke(null, (Object) new String[] {bootstrapServers});
                        } catch (InvocationTargetException e) {
                            failure[0] = e.getCause();
                        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                            failure[0] = e;
                        }
                    },
                    "main");
            main.setContextClassLoader(loader);
            ThreadStreams.capture(group, printed, OutputStream.nullOutputStream(), InputStream.nullInputStream());
            try {
                return watch(program, page, main, group, printed, failure);
            } finally {
                ThreadStreams.release(group);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the program's main and follows it: to its end, or, once it waits to be stopped, through Ctrl-C. */
    private List<Problem> watch(
            String program,
            String page,
            Thread main,
            ThreadGroup group,
            ByteArrayOutputStream printed,
            Throwable[] failure) {
        main.start();
        long deadline = System.nanoTime() + LIMIT.toNanos();
        boolean stopped = false;
        try {
            while (main.isAlive() && System.nanoTime() < deadline) {
                main.join(100);
                List<Thread> hooks = ProgramRun.hooksOf(group);
                if (main.isAlive() && !hooks.isEmpty() && printed.size() > 0) {
                    for (Thread hook : hooks) { // Ctrl-C
                        Runtime.getRuntime().removeShutdownHook(hook);
                        hook.start();
                    }
                    for (Thread hook : hooks) {
                        hook.join(LIMIT.toMillis());
                    }
                    main.join(LIMIT.toMillis());
                    stopped = true;
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String said = lastLines(printed);
        if (main.isAlive()) {
            main.interrupt();
            return List.of(new Problem(
                    program,
                    page,
                    (stopped
                                    ? "did not end within " + LIMIT.toSeconds() + " s of Ctrl-C"
                                    : "did not finish within " + LIMIT.toSeconds() + " s, and added no shutdown"
                                            + " hook for Ctrl-C to stop it")
                            + said));
        }
        if (failure[0] != null) {
            return List.of(new Problem(
                    program,
                    page,
                    "failed: " + failure[0].getClass().getName() + ": " + failure[0].getMessage() + said));
        }
        if (printed.size() == 0) {
            return List.of(new Problem(program, page, "printed nothing: a reader who runs it sees an empty terminal"));
        }
        List<String> running = nonDaemonThreads(group);
        if (!running.isEmpty()) {
            return List.of(new Problem(
                    program,
                    page,
                    "main returned, but the program would not exit: threads " + running + " still run"
                            + " (a client left open?)"));
        }
        return List.of();
    }

    private Path classesOf(String program) {
        return workDir.resolve(program).resolve("classes");
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

    private static String lastLines(ByteArrayOutputStream printed) {
        List<String> lines = printed.toString(UTF_8)
                .lines()
                .filter(l -> !l.startsWith("SLF4J("))
                .toList();
        return lines.isEmpty()
                ? ""
                : "; it printed: " + String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    }

    private static URLClassLoader loader(List<Path> paths) {
        URL[] urls = paths.stream()
                .map(p -> {
                    try {
                        return p.toUri().toURL();
                    } catch (MalformedURLException e) {
                        throw new IllegalArgumentException(e);
                    }
                })
                .toArray(URL[]::new);
        return new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
    }
}
