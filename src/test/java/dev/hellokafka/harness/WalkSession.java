package dev.hellokafka.harness;

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

    /** The walk of this launcher session, for code that opened the session itself (the benchmark). */
    public static Walk of(LauncherSession session) {
        return (Walk) session.getStore().get(NAMESPACE, Walk.STORE_KEY);
    }
}
