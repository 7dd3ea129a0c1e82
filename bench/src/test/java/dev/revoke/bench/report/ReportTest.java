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
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        assertEquals(33, rs.size());
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
    void readsJmhsNonFiniteErrorsAndRejectsWhatIsNotAResultFile() {
        assertEquals(Double.NaN, Result.number("NaN"));
        assertEquals(2.5, Result.number(2.5));
        assertThrows(IllegalArgumentException.class, () -> Result.parse("[1,]"));
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
        // Sample (a 2 x 100 ms run, cold): emulated /dev/zero 750.2 ns, raw byte[] 291.9, raw segment 312.6, FileChannel 506.7.
        Report.Target sameBuffer = t.get("Emulated read of /dev/zero ≤ 1.3 × raw Panama read (byte[], the same bounce buffer and copy)");
        assertEquals("2.570×", sameBuffer.measured());
        assertEquals(Report.Verdict.MISSED, sameBuffer.verdict());
        assertTrue(sameBuffer.detail().contains("emulated unsteady"), "its two iterations were 373 and 1,128 ns");
        assertEquals("2.400×", t.get("Emulated read of /dev/zero ≤ 1.3 × raw Panama read into a native segment (no copy)").measured());
        Report.Target channel = t.get("Emulated read of /dev/zero < FileChannel read");
        assertEquals("1.481×", channel.measured());
        assertEquals("< 1.0×", channel.threshold());
        assertEquals(Report.Verdict.MISSED, channel.verdict());
    }

    @Test
    void syscallTargetsAreNotMeasuredWithoutTheirRows() throws IOException {
        List<Result> rs = sample().stream().filter(r -> !r.shortName().equals("SyscallRead.zero_fileChannel")).toList();
        Map<String, Report.Target> t = new java.util.LinkedHashMap<>();
        new Report(rs, new Properties(), null).targets().forEach(x -> t.put(x.target(), x));
        assertEquals(Report.Verdict.NOT_MEASURED, t.get("Emulated read of /dev/zero < FileChannel read").verdict());
        assertEquals(Report.Verdict.MISSED,
                t.get("Emulated read of /dev/zero ≤ 1.3 × raw Panama read (byte[], the same bounce buffer and copy)").verdict());
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
        assertTrue(text.contains("## 3. Syscall-layer read vs raw Panama read vs FileChannel (`SyscallRead`)"));
        assertTrue(text.contains("| /dev/zero, 64 bytes | emulated read | 750.2 † [372.7–1,128] | 2.570× | 2.400× |"),
                "the emulated /dev/zero row, unsteady, with both raw ratios");
        assertTrue(text.contains("| /dev/zero, 64 bytes | raw Panama, byte[] | 291.9 | 1.000× | 0.934× |"));
        assertTrue(text.contains("| pty slave, empty read | FileChannel | 654.7 | 0.938× | 1.183× |"));
        assertTrue(text.contains("| /proc/version, lseek + read | emulated read | 11,675 | | |"));
        assertTrue(text.contains("target ≤ 1.3×: **missed**") && text.contains("target < 1×: **missed**"));
        assertTrue(text.contains("![syscall-layer read vs raw Panama vs FileChannel](img/syscall-read.png)"));
        String other = text.substring(text.indexOf("## Other benchmarks"), text.indexOf("## All results"));
        assertTrue(other.contains("Unsectioned.panamaRead"), "a class without a section still gets a table");
        assertFalse(other.contains("SyscallRead"), "question 3 has its own section now");
        assertTrue(text.contains("Hand-written notes."));

        for (String png : List.of("read-side-cost.png", "revoke-vs-files.png", "revoke-vs-sleepers.png", "syscall-read.png", "unbind.png", "errno-capture.png")) {
            Path p = img.resolve(png);
            assertTrue(Files.exists(p), png);
            BufferedImage image = ImageIO.read(p.toFile());
            assertNotNull(image, png + " is a readable PNG");
            assertEquals(Charts.WIDTH, image.getWidth());
            assertEquals(Charts.HEIGHT, image.getHeight());
        }
    }
}
