package dev.hellokafka.harness;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * System.out, System.err and System.in belong to the whole JVM, but the walk runs chapters side by side: a
 * Kafka tool or a program gets streams of its own for the threads of its thread group (the threads it starts
 * join that group), while every other thread keeps the JVM's streams. The routing lives in the JVM's standard
 * streams themselves, which this class replaces once with routing ones.
 */
public final class ThreadStreams {

    private record Streams(OutputStream out, OutputStream err, InputStream in) {}

    private ThreadStreams() {}

    /** Gives the group's threads these streams until {@link #release}; the routing is installed on first use. */
    static void capture(ThreadGroup group, OutputStream out, OutputStream err, InputStream in) {
        routes().put(group, new Streams(out, err, in));
    }

    static void release(ThreadGroup group) {
        routes().remove(group);
    }

    /**
     * Runs the work in a thread of its own, whose printing (and that of the threads it starts) is dropped, and
     * returns when it is done, rethrowing what it threw.
     */
    public static void withoutOutput(Runnable work) throws InterruptedException {
        RuntimeException[] failure = new RuntimeException[1];
        ThreadGroup group = new ThreadGroup("without-output");
        Thread thread = new Thread(
                group,
                () -> {
                    try {
                        work.run();
                    } catch (RuntimeException e) {
                        failure[0] = e;
                    }
                },
                "without-output");
        capture(group, OutputStream.nullOutputStream(), OutputStream.nullOutputStream(), InputStream.nullInputStream());
        try {
            thread.start();
            thread.join();
        } finally {
            release(group);
        }
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    /** The routes of the JVM's routing System.out, installed (with System.err and System.in) if it has none yet. */
    private static Map<ThreadGroup, Streams> routes() {
        synchronized (System.class) {
            if (System.out instanceof RoutedOutput routed) {
                return routed.routes;
            }
            Map<ThreadGroup, Streams> routes = new ConcurrentHashMap<>();
            System.setOut(new RoutedOutput(System.out, routes, Streams::out));
            System.setErr(new RoutedOutput(System.err, routes, Streams::err));
            System.setIn(new RoutedInput(System.in, routes));
            return routes;
        }
    }

    /** The streams of the calling thread's group, or of the nearest enclosing group that has some. */
    private static Streams ofThisThread(Map<ThreadGroup, Streams> routes) {
        for (ThreadGroup g = Thread.currentThread().getThreadGroup(); g != null; g = g.getParent()) {
            Streams streams = routes.get(g);
            if (streams != null) {
                return streams;
            }
        }
        return null;
    }

    private static final class RoutedOutput extends PrintStream {

        private final PrintStream original;
        private final Map<ThreadGroup, Streams> routes;
        private final Function<Streams, OutputStream> which;

        RoutedOutput(PrintStream original, Map<ThreadGroup, Streams> routes, Function<Streams, OutputStream> which) {
            super(OutputStream.nullOutputStream(), true, UTF_8);
            this.original = original;
            this.routes = routes;
            this.which = which;
        }

        private OutputStream target() {
            Streams streams = ofThisThread(routes);
            return streams == null ? original : which.apply(streams);
        }

        @Override
        public void write(int b) {
            try {
                OutputStream target = target();
                synchronized (target) {
                    target.write(b);
                }
            } catch (IOException e) {
                setError();
            }
        }

        @Override
        public void write(byte[] buf, int off, int len) {
            try {
                OutputStream target = target();
                synchronized (target) {
                    target.write(buf, off, len);
                }
            } catch (IOException e) {
                setError();
            }
        }

        @Override
        public void flush() {
            try {
                target().flush();
            } catch (IOException e) {
                setError();
            }
        }
    }

    private static final class RoutedInput extends InputStream {

        private final InputStream original;
        private final Map<ThreadGroup, Streams> routes;

        RoutedInput(InputStream original, Map<ThreadGroup, Streams> routes) {
            this.original = original;
            this.routes = routes;
        }

        private InputStream source() {
            Streams streams = ofThisThread(routes);
            return streams == null ? original : streams.in();
        }

        @Override
        public int read() throws IOException {
            return source().read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return source().read(b, off, len);
        }

        @Override
        public int available() throws IOException {
            return source().available();
        }
    }
}
