package dev.hellokafka.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class JvmCountersTest {

    /** Lines as jcmd PerfCounter.print printed them for a fresh JVM after its first broker start. */
    private static final String PRINTED = """
            1234:
            java.cls.loadedClasses=6923
            java.cls.sharedLoadedClasses=1220
            sun.cls.classVerifyTime=275002246
            sun.cls.time=1190238672
            sun.os.hrt.frequency=1000000000
            sun.rt.javaCommand="dev.hellokafka.benchmark.FreshJvm broker"
            """;

    @Test
    void readsClassesAndTheirTimeInSeconds() {
        Map<String, Object> figures = JvmCounters.parse(PRINTED);

        assertEquals(6923L, figures.get("classes_loaded"));
        assertEquals(1.190238672, (double) figures.get("class_loading_s"), 1e-9);
        assertEquals(0.275002246, (double) figures.get("verifying_s"), 1e-9);
    }

    @Test
    void namesTheCounterItMisses() {
        IllegalArgumentException missing = assertThrows(
                IllegalArgumentException.class, () -> JvmCounters.parse(PRINTED.replace("sun.cls.time", "other")));

        assertEquals("no sun.cls.time in jcmd PerfCounter.print's output", missing.getMessage());
    }
}
