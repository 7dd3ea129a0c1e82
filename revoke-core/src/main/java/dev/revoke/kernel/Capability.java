package dev.revoke.kernel;

/** The capabilities the emulation checks. Root starts with all of them, others with none. */
public enum Capability {
    CAP_DAC_OVERRIDE, CAP_SYS_ADMIN, CAP_SYS_TTY_CONFIG, CAP_KILL
}
