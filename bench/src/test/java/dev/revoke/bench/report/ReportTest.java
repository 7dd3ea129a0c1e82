package dev.revoke.bench.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The renderer on a small real JMH result (a 2-sample run of a subset of
 * the benchmarks, plus one row of a class it has no section for): it must
 * parse it, compute the targets from it, and write markdown and PNGs.
 */
class ReportTest {

    static List<Result> sample() throws IOException {
        try (InputStream in = ReportTest.class.getResourceAsStream("/sample-jmh.json")) {
            assertNotNull(in, "sample-jmh.json on the test class path");
            return Result.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void parsesJmhJson() throws IOException {
        List<Result> rs = sample();
        assertEquals(23, rs.size());
        Result r = rs.stream().filter(x -> x.shortName().equals("ReadSideCost.TwoThreads.biased")).findFirst().orElseThrow();
        assertEquals("ReadSideCost", r.question());
        assertEquals("biased", r.method());
        assertEquals(2, r.threads());
        assertEquals("ns/op", r.unit());
        assertEquals(2, r.samples());
        assertTrue(Double.isNaN(r.error()), "JMH writes \"NaN\" for an error it cannot compute");
        Result latency = rs.stream().filter(x -> x.method().equals("idleFiles") && "10000".equals(x.param("files"))).findFirst().orElseThrow();
        assertEquals("BIASED", latency.param("kind"));
        assertEquals(latency.score() * 1e3, latency.nanos(), 1e-6);
    }

    @Test
    void jsonParserHandlesEscapesAndLiterals() {
        Object o = Json.parse(" {\"a\": [1, -2.5e3, true, false, null], \"b\\n\": \"x\\u00b5\\\"y\"} ");
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) o;
        assertEquals(List.of(1.0, -2500.0, true, false), ((List<?>) m.get("a")).subList(0, 4));
        assertEquals("x\u00b5\"y", m.get("b\n"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[1,]"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{} x"));
    }

    @Test
    void computesTargetsFromTheSameRun() throws IOException {
        Report report = new Report(sample(), new Properties(), null);
        Map<String, Report.Target> t = new java.util.LinkedHashMap<>();
        report.targets().forEach(x -> t.put(x.target(), x));
        // Sample: biased 25.250 ns, pair 17.524 ns at 1 thread.
        Report.Target biased = t.get("Biased counter ≤ 1.2 × bare getAndAdd pair (1 thread)");
        assertEquals("1.441×", biased.measured());
        assertEquals(Report.Verdict.MISSED, biased.verdict());
        // Sample: 10,000 idle files revoked in 2.06 ms.
        Report.Target files = t.get("Revoking 10,000 idle files < 10 ms (BIASED)");
        assertEquals(Report.Verdict.MET, files.verdict());
        // StampedLock was not in the sample run and nothing asks for it; K = 1 is a control, not a verdict.
        assertEquals(Report.Verdict.CONTROL, t.get("Unbind (revokeAll) faster than one-by-one, K = 1 (BIASED)").verdict());
        assertEquals(Report.Verdict.MET, t.get("Unbind (revokeAll) faster than one-by-one, K = 10 (BIASED)").verdict());
    }

    @Test
    void writesMarkdownAndCharts(@TempDir Path dir) throws IOException {
        Properties env = new Properties();
        env.setProperty("date", "2026-01-01T00:00:00Z");
        env.setProperty("mode", "quick");
        env.setProperty("nproc", "2");
        env.setProperty("cpu", "Test CPU");
        env.setProperty("results", "bench/results/sample.json");
        Path md = dir.resolve("docs/benchmarks.md");
        Path img = dir.resolve("docs/img");
        new Report(sample(), env, "Hand-written notes.").write(md, img);

        String text = Files.readString(md);
        assertTrue(text.contains("| date | 2026-01-01T00:00:00Z |"), text);
        assertTrue(text.contains("2 CPUs (nproc), Test CPU"));
        assertTrue(text.contains("| JDK | 25"));
        assertTrue(text.contains("## Targets"));
        // Sample: biased 25.25 ns at 1 thread (iterations 22.7 and 27.8: steady), 231.5 ns at 2 (148.6 and 314.4: unsteady).
        assertTrue(text.contains("| biased counter | 25.25 | 231.5 † [148.6–314.4] |"), "design table row with the unsteady mark");
        assertTrue(text.contains("† unsteady"), "the mark is explained");
        assertTrue(text.contains("![read-side cost per design](img/read-side-cost.png)"));
        assertTrue(text.contains("## Other benchmarks") && text.contains("SyscallReadPath.panamaRead"),
                "a class without a section still gets a table");
        assertTrue(text.contains("Hand-written notes."));

        for (String png : List.of("read-side-cost.png", "revoke-vs-files.png", "revoke-vs-sleepers.png", "unbind.png", "errno-capture.png")) {
            Path p = img.resolve(png);
            assertTrue(Files.exists(p), png);
            BufferedImage image = ImageIO.read(p.toFile());
            assertNotNull(image, png + " is a readable PNG");
            assertEquals(Charts.WIDTH, image.getWidth());
            assertEquals(Charts.HEIGHT, image.getHeight());
        }
    }
}
