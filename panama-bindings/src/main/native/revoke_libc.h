/*
 * The slice of glibc that revoke touches, as one translation unit for jextract.
 * jextract.args beside this file picks the names out of it; nothing else is generated.
 *
 * _GNU_SOURCE must come first: pipe2, dup3, ptsname_r and gettid are GNU
 * extensions, and POLLRDNORM/POLLWRNORM need the XOPEN names it implies.
 *
 * Macros: jextract (openjdk/jextract f9866df, libclang 14) evaluates every
 * object-like macro asked for in jextract.args, including the expression ones
 * (TIOCGPTN and TIOCSPTLCK are _IOR/_IOW expressions, O_CLOEXEC is __O_CLOEXEC,
 * EFD_* are enum constants behind self-referencing macros), so none needs a
 * static const stand-in here. If a future glibc turns one of them into
 * something jextract cannot evaluate, define a stand-in below, e.g.
 *     enum { REVOKE_TIOCGPTN = TIOCGPTN };
 * and say so; GeneratedNamesTest fails until it is done.
 * errno itself is a function-like macro over __errno_location() and is not
 * generated on purpose: the facade captures errno with
 * Linker.Option.captureCallState("errno") instead.
 */
#define _GNU_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>
