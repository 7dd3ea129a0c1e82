package dev.revoke.cli.terminal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The kernel's own list of tty drivers and the device numbers they own,
 * {@code /proc/tty/drivers}. It answers "is 136:3 a terminal?" without
 * opening the device, which matters: opening an arbitrary character device
 * can do things (a watchdog starts counting on open), so revoke asks this
 * table first and opens only what it lists.
 */
public final class TtyDriverTable {
    /** One line: {@code pty_slave  /dev/pts  136 0-1048575 pty:slave}. */
    public record Driver(String name, String node, int major, int minorFrom, int minorTo, String type) {
        boolean owns(int maj, int min) {
            return maj == major && min >= minorFrom && min <= minorTo;
        }
    }

    private final List<Driver> drivers;

    TtyDriverTable(List<Driver> drivers) {
        this.drivers = List.copyOf(drivers);
    }

    /** The running kernel's table, or empty if it cannot be read (no /proc, say). */
    public static Optional<TtyDriverTable> read() {
        try {
            return Optional.of(parse(Files.readAllLines(Path.of("/proc/tty/drivers"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static TtyDriverTable parse(List<String> lines) {
        List<Driver> out = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 5) {
                continue;
            }
            try {
                int major = Integer.parseInt(f[2]);
                String[] range = f[3].split("-");
                int from = Integer.parseInt(range[0]);
                int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
                out.add(new Driver(f[0], f[1], major, from, to, f[4]));
            } catch (NumberFormatException e) {
                // a line this parser does not understand; the table stays usable
            }
        }
        return new TtyDriverTable(out);
    }

    /** The driver owning major:minor, if it is a terminal. */
    public Optional<Driver> find(int major, int minor) {
        return drivers.stream().filter(d -> d.owns(major, minor)).findFirst();
    }
}
