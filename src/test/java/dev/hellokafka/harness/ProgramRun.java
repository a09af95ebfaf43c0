package dev.hellokafka.harness;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A chapter's program, run in the walk as a reader runs it: its {@code main}, with the broker's address (and,
 * for a secured cluster, a client properties file) as its arguments, and what it prints captured for the page.
 * A program that runs until it is stopped is stopped the way Ctrl-C stops it: the shutdown hooks it added run,
 * and its {@code main} ends. The program does not know it is run by a test.
 */
public final class ProgramRun {

    /** A finite program runs to its end within this; a stopped one ends within it too. */
    static final Duration LIMIT = Duration.ofSeconds(60);

    private final Class<?> program;
    private final ThreadGroup group;
    private final Thread main;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private volatile Throwable failure;
    private final TypedInput input;

    private ProgramRun(Class<?> program, String[] args, TypedInput input) {
        this.input = input;
        this.program = program;
        this.group = new ThreadGroup("program " + program.getSimpleName());
        this.main = new Thread(
                group,
                () -> {
                    try {
                        program.getMethod("main", String[].class).invoke(null, (Object) args);
                    } catch (InvocationTargetException e) {
                        failure = e.getCause();
                    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                        failure = e;
                    }
                },
                "main");
        ThreadStreams.capture(group, out, err, input == null ? InputStream.nullInputStream() : input);
        main.start();
    }

    /** Runs the program to its end and returns what it printed; fails if it fails or does not end. */
    public static String run(Class<?> program, Broker broker) throws InterruptedException {
        ProgramRun run = new ProgramRun(program, arguments(broker), null);
        run.main.join(LIMIT.toMillis());
        return run.ended("did not finish within " + LIMIT.toSeconds() + " s");
    }

    /** Starts a program that runs until it is stopped. */
    public static ProgramRun start(Class<?> program, Broker broker) {
        return new ProgramRun(program, arguments(broker), null);
    }

    /**
     * Starts a program that reads lines from its standard input, as typed in its terminal: {@link #type} types a
     * line, {@link #endInput} ends the input as Ctrl-D does, and {@link #awaitEnd} waits for the program to end.
     */
    public static ProgramRun startWithInput(Class<?> program, Broker broker) {
        return new ProgramRun(program, arguments(broker), new TypedInput());
    }

    /** Types a line into the program's standard input, and Enter. */
    public void type(String line) {
        typedInput().type(line + "\n");
    }

    /** Ends the program's standard input, as Ctrl-D does in a terminal: its next read finds the end. */
    public void endInput() {
        typedInput().end();
    }

    /** Waits for a program to end by itself (within the limit), and returns all it printed. */
    public String awaitEnd() throws InterruptedException {
        main.join(LIMIT.toMillis());
        return ended("did not end within " + LIMIT.toSeconds() + " s");
    }

    private TypedInput typedInput() {
        if (input == null) {
            throw new IllegalStateException(program.getSimpleName() + " was not started with input to type into");
        }
        return input;
    }

    /** Waits until the program has printed this text (within 30 s), and returns what it printed so far. */
    public String awaitPrinted(String text) {
        try {
            Poll.until(program.getSimpleName() + " to print '" + text + "'", () -> {
                if (!main.isAlive()) {
                    throw new AssertionError(program.getSimpleName() + " ended before it printed '" + text + "': "
                            + (failure == null ? printed() : failure));
                }
                return printed().contains(text);
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(
                    e.getMessage() + "\nIt printed:\n" + printed() + "\nWhere its threads were:\n" + threads(), e);
        }
        return printed();
    }

    /** Where each of the program's threads is: the top of its stack, to tell a wait for Kafka from a wait for input. */
    private String threads() {
        Thread[] threads = new Thread[group.activeCount() + 8];
        int count = group.enumerate(threads);
        StringBuilder where = new StringBuilder();
        for (int i = 0; i < count; i++) {
            where.append("  ")
                    .append(threads[i].getName())
                    .append(" (")
                    .append(threads[i].getState())
                    .append(")\n");
            StackTraceElement[] stack = threads[i].getStackTrace();
            for (int frame = 0; frame < Math.min(8, stack.length); frame++) {
                where.append("    at ").append(stack[frame]).append('\n');
            }
        }
        return where.toString();
    }

    /** Waits for a program started with {@link #start} that ends by itself, and returns what it printed. */
    public String finish() throws InterruptedException {
        main.join(LIMIT.toMillis());
        return ended("did not finish within " + LIMIT.toSeconds() + " s");
    }

    /** What the program printed so far. */
    public String printed() {
        synchronized (out) {
            return out.toString(UTF_8);
        }
    }

    /**
     * Stops the program as Ctrl-C does: runs the shutdown hooks its threads added, and waits for its main to end;
     * returns all it printed.
     */
    public String stop() throws InterruptedException {
        List<Thread> hooks = hooksOf(group);
        if (hooks.isEmpty()) {
            throw new AssertionError(program.getSimpleName() + " added no shutdown hook: Ctrl-C would not stop it"
                    + " cleanly (a consumer's loop needs a hook that calls wakeup())");
        }
        for (Thread hook : hooks) {
            Runtime.getRuntime().removeShutdownHook(hook);
            hook.start();
        }
        for (Thread hook : hooks) {
            hook.join(LIMIT.toMillis());
        }
        main.join(LIMIT.toMillis());
        return ended("did not end within " + LIMIT.toSeconds() + " s of Ctrl-C");
    }

    private String ended(String unless) {
        ThreadStreams.release(group);
        if (main.isAlive()) {
            main.interrupt();
            throw new AssertionError(program.getSimpleName() + " " + unless + "; it printed: " + printed());
        }
        if (failure != null) {
            throw new AssertionError(
                    program.getSimpleName() + " failed: " + failure + "; it printed: " + printed()
                            + err.toString(UTF_8),
                    failure);
        }
        return printed();
    }

    /**
     * The shutdown hooks added by threads of this group: a hook's thread is made by the program, so it is in the
     * program's group. The JVM keeps its hooks in a private map; reading it needs
     * {@code --add-opens java.base/java.lang=ALL-UNNAMED} (pom.xml gives it to the walk's JVM).
     */
    @SuppressWarnings("unchecked")
    static List<Thread> hooksOf(ThreadGroup group) {
        try {
            Class<?> registry = Class.forName("java.lang.ApplicationShutdownHooks");
            Field field = registry.getDeclaredField("hooks");
            field.setAccessible(true);
            List<Thread> hooks = new ArrayList<>();
            synchronized (registry) {
                for (Thread hook : ((Map<Thread, Thread>) field.get(null)).keySet()) {
                    if (hook.getThreadGroup() == group) {
                        hooks.add(hook);
                    }
                }
            }
            return hooks;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException(
                    "cannot read the JVM's shutdown hooks (is --add-opens java.base/java.lang=ALL-UNNAMED set?)", e);
        }
    }

    /** A standard input that holds what was typed into it, and ends when told to. */
    private static final class TypedInput extends InputStream {

        private final ArrayDeque<Byte> typed = new ArrayDeque<>();
        private boolean ended;

        synchronized void type(String text) {
            for (byte b : text.getBytes(UTF_8)) {
                typed.add(b);
            }
            notifyAll();
        }

        synchronized void end() {
            ended = true;
            notifyAll();
        }

        @Override
        public synchronized int read() throws IOException {
            while (typed.isEmpty() && !ended) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for input");
                }
            }
            return typed.isEmpty() ? -1 : typed.poll() & 0xff;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            int first = read();
            if (first < 0) {
                return -1;
            }
            b[off] = (byte) first;
            int n = 1;
            while (n < len && !typed.isEmpty()) {
                b[off + n++] = typed.poll();
            }
            return n;
        }

        @Override
        public synchronized int available() {
            return typed.size();
        }
    }

    /** The broker's address, and for a cluster that needs more settings a client properties file holding them. */
    static String[] arguments(Broker broker) {
        Map<String, Object> settings = broker.securitySettings();
        if (settings.isEmpty()) {
            return new String[] {broker.bootstrapServers()};
        }
        try {
            Path file = Files.createTempFile("client", ".properties");
            file.toFile().deleteOnExit();
            Properties properties = new Properties();
            settings.forEach((key, value) -> properties.setProperty(key, String.valueOf(value)));
            try (Writer writer = Files.newBufferedWriter(file)) {
                properties.store(writer, "the settings the cluster needs beyond its address");
            }
            return new String[] {broker.bootstrapServers(), file.toString()};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
