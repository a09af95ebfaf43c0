package dev.hellokafka.harness;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import org.apache.kafka.common.utils.Exit;
import org.junit.platform.engine.support.store.Namespace;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Gives each JUnit launcher session a {@link Walk} of its own (registered in META-INF/services): in the session's
 * store, where the steps' extension finds it, with the listener that learns the session's test plan. The session
 * closes the walk when it ends, and with it the broker.
 */
public final class WalkSession implements LauncherSessionListener {

    /** The store's namespace, as Jupiter's {@code ExtensionContext.Namespace.create(Walk.class)} names it. */
    static final Namespace NAMESPACE = Namespace.create(Walk.class);

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        sayWhyKafkaHaltsTheJvm();
        Walk walk = Walk.ofThisJvm();
        session.getStore().put(NAMESPACE, Walk.STORE_KEY, walk);
        session.getLauncher().registerTestExecutionListeners(new WalkPlan(walk));
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        Walk walk = (Walk) session.getStore().get(NAMESPACE, Walk.STORE_KEY);
        if (walk != null) {
            walk.close();
        }
    }

    /**
     * A broker in this JVM that meets a fatal fault halts the JVM, as it would end its own process, and the build
     * then reports only that the test JVM ended. Kafka halts through its Exit class; this says why first, on
     * the process's error stream, which the build shows.
     */
    private static void sayWhyKafkaHaltsTheJvm() {
        // The process's own error stream, written at once: a halt leaves no time for the build's buffered ones.
        PrintStream console = new PrintStream(new FileOutputStream(FileDescriptor.err), true);
        Exit.setHaltProcedure((statusCode, message) -> {
            console.println("Kafka halts the test JVM (status " + statusCode + ") in thread "
                    + Thread.currentThread().getName() + ": " + message);
            for (StackTraceElement frame : Thread.currentThread().getStackTrace()) {
                console.println("    at " + frame);
            }
            console.flush();
            Runtime.getRuntime().halt(statusCode);
        });
    }

    /** The walk of this launcher session, for code that opened the session itself (the benchmark). */
    public static Walk of(LauncherSession session) {
        return (Walk) session.getStore().get(NAMESPACE, Walk.STORE_KEY);
    }
}
