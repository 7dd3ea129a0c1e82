package dev.revoke.panama;

import dev.revoke.panama.libc.winsize;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;

/** A terminal's size, the value of TIOCGWINSZ/TIOCSWINSZ; fields are unsigned shorts in C. */
public record WinSize(int rows, int cols, int xpixel, int ypixel) {
    public WinSize {
        checkUnsignedShort("rows", rows);
        checkUnsignedShort("cols", cols);
        checkUnsignedShort("xpixel", xpixel);
        checkUnsignedShort("ypixel", ypixel);
    }

    public WinSize(int rows, int cols) {
        this(rows, cols, 0, 0);
    }

    static MemorySegment allocate(SegmentAllocator allocator) {
        return winsize.allocate(allocator);
    }

    static WinSize from(MemorySegment ws) {
        return new WinSize(Short.toUnsignedInt(winsize.ws_row(ws)), Short.toUnsignedInt(winsize.ws_col(ws)),
                Short.toUnsignedInt(winsize.ws_xpixel(ws)), Short.toUnsignedInt(winsize.ws_ypixel(ws)));
    }

    MemorySegment toNative(SegmentAllocator allocator) {
        MemorySegment ws = winsize.allocate(allocator);
        winsize.ws_row(ws, (short) rows);
        winsize.ws_col(ws, (short) cols);
        winsize.ws_xpixel(ws, (short) xpixel);
        winsize.ws_ypixel(ws, (short) ypixel);
        return ws;
    }

    private static void checkUnsignedShort(String name, int v) {
        if (v < 0 || v > 0xffff) {
            throw new IllegalArgumentException(name + " " + v + " does not fit an unsigned short");
        }
    }
}
