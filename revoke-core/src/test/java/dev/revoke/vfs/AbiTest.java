package dev.revoke.vfs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.revoke.panama.libc.Libc;

import org.junit.jupiter.api.Test;

/**
 * The emulated kernel's numbers are compile-time constants so filesystems
 * can switch on them; here each one that the jextract-generated bindings
 * also carry is checked against the value read from the real headers.
 */
class AbiTest {

    @Test
    void openFlagsMatchTheHeaders() {
        assertEquals(Libc.O_RDONLY(), Abi.O_RDONLY);
        assertEquals(Libc.O_WRONLY(), Abi.O_WRONLY);
        assertEquals(Libc.O_RDWR(), Abi.O_RDWR);
        assertEquals(Libc.O_NONBLOCK(), Abi.O_NONBLOCK);
        assertEquals(Libc.O_NOCTTY(), Abi.O_NOCTTY);
        assertEquals(Libc.O_CLOEXEC(), Abi.O_CLOEXEC);
    }

    @Test
    void pollBitsMatchTheHeaders() {
        assertEquals(Libc.POLLIN(), Abi.POLLIN);
        assertEquals(Libc.POLLPRI(), Abi.POLLPRI);
        assertEquals(Libc.POLLOUT(), Abi.POLLOUT);
        assertEquals(Libc.POLLERR(), Abi.POLLERR);
        assertEquals(Libc.POLLHUP(), Abi.POLLHUP);
        assertEquals(Libc.POLLNVAL(), Abi.POLLNVAL);
        assertEquals(Libc.POLLRDNORM(), Abi.POLLRDNORM);
        assertEquals(Libc.POLLWRNORM(), Abi.POLLWRNORM);
    }

    @Test
    void ioctlRequestsMatchTheHeaders() {
        assertEquals(Libc.TCGETS(), Abi.TCGETS);
        assertEquals(Libc.TCSETS(), Abi.TCSETS);
        assertEquals(Libc.FIONREAD(), Abi.FIONREAD);
        assertEquals(Libc.TIOCGWINSZ(), Abi.TIOCGWINSZ);
        assertEquals(Libc.TIOCSWINSZ(), Abi.TIOCSWINSZ);
        assertEquals(Libc.TIOCVHANGUP(), Abi.TIOCVHANGUP);
        assertEquals(Libc.TIOCSCTTY(), Abi.TIOCSCTTY);
        assertEquals(Libc.TIOCNOTTY(), Abi.TIOCNOTTY);
        assertEquals(Libc.TIOCGPGRP(), Abi.TIOCGPGRP);
        assertEquals(Libc.TIOCSPGRP(), Abi.TIOCSPGRP);
    }
}
