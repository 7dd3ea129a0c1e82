package dev.revoke.revokefs;

import dev.revoke.procfs.ProcFs;
import dev.revoke.revokefs.passthrough.PassthroughFs;
import dev.revoke.revokefs.passthrough.PassthroughNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static dev.revoke.revokefs.Mounted.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real readers, appenders and descriptor holders loop on two passthrough
 * files and a procfs entry while the test revokes the files again and
 * again and removes and re-creates the entry. Afterwards: no handle left,
 * every real descriptor closed, every passthrough file released exactly
 * once (releases == real opens), nothing still attached, no request failed.
 * {@code -Drevokefs.stress.seconds=N} runs it longer.
 */
class RevokeStressTest {

    @Test
    void revokesUnderRealTrafficReleaseEveryFileExactlyOnce() throws Exception {
        long seconds = Long.getLong("revokefs.stress.seconds", 3);
        try (Mounted m = Mounted.withSource()) {
            Files.writeString(m.src.resolve("r.txt"), "read me\n".repeat(100));
            Files.writeString(m.src.resolve("w.txt"), "");
            ProcFs procfs = m.fs.procfs();
            procfs.createSingle("driver/churn", 0444, out -> out.print("churn\n"));
            String r = m.at("src/r.txt").toString();
            String w = m.at("src/w.txt").toString();
            String churn = m.at("proc/driver/churn").toString();

            List<Mounted.Child> load = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                load.add(m.sh("while :; do cat " + r + " > /dev/null 2>&1; done"));
            }
            load.add(m.sh("while :; do exec 3>> " + w + "; echo x >&3 2>/dev/null; exec 3>&-; done"));
            load.add(m.sh("while :; do exec 3< " + r + "; cat <&3 > /dev/null 2>&1; sleep 0.01; exec 3<&-; done"));
            load.add(m.sh("while :; do cat " + churn + " > /dev/null 2>&1; done"));

            long end = System.nanoTime() + seconds * 1_000_000_000L;
            int revokes = 0;
            int churns = 0;
            while (System.nanoTime() < end) {
                RevokeFs.Result a = RevokeFs.revokePath(m.at("src/r.txt"));
                RevokeFs.Result b = RevokeFs.revokePath(m.at("src/w.txt"));
                assertTrue(a.ok(), a.message());
                assertTrue(b.ok(), b.message());
                revokes += 2;
                if (procfs.remove("driver/churn").ok()) {
                    churns++;
                }
                procfs.createSingle("driver/churn", 0444, out -> out.print("churn\n"));
                Thread.sleep(20);
            }
            for (Mounted.Child c : load) {
                c.process.destroyForcibly();
            }
            for (Mounted.Child c : load) {
                c.process.waitFor();
            }
            assertTrue(await(() -> m.fs.openHandles() == 0, 10_000), "handles left: " + m.fs.openHandles());
            PassthroughFs pt = m.fs.passthrough();
            System.out.printf("stress: %d revokes, %d procfs removals, %d real opens, %d requests%n",
                    revokes, churns, pt.realFdsOpened(), m.fs.requests());
            assertEquals(revokes, m.fs.filesystem().revocations());
            assertTrue(pt.realFdsOpened() > revokes, "too little traffic: " + pt.realFdsOpened() + " opens");
            assertEquals(pt.realFdsOpened(), pt.realFdsClosed(), "real descriptors leaked");
            assertEquals(pt.realFdsOpened(), pt.releases(), "a file released twice, or never");
            for (String f : List.of("r.txt", "w.txt")) {
                PassthroughNode n = pt.root().lookupNode(f);
                assertEquals(0, n.openFiles(), f + " still has attached files");
            }
            assertEquals(0, procfs.entry("driver/churn").openers());
            assertEquals(0, m.fs.failures(), "requests failed in the daemon");
        }
    }
}
