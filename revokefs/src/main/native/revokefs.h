/*
 * What revokefs needs from the kernel, as one translation unit for jextract:
 * the FUSE wire protocol (<linux/fuse.h>), mount(2)/umount2(2), and the few
 * file calls the passthrough filesystem makes on real descriptors
 * (pread/pwrite/fsync/ftruncate, lstat, mkdir/unlink/rmdir/renameat2/symlink/
 * link/readlink, xattrs, chmod/chown/utimensat, statvfs).
 * jextract.args beside this file picks the names out of it; nothing else is
 * generated. See ../../../README.md for how to regenerate.
 *
 * The protocol version is the header's: Debian 12's <linux/fuse.h> is 7.38.
 * revokefs answers FUSE_INIT with that minor; a newer kernel then speaks 7.38
 * to it, an older one its own (both sides use the smaller minor).
 *
 * _GNU_SOURCE: for renameat2 and RENAME_NOREPLACE (<stdio.h>), the UTIME_*
 * and AT_* names, and the pread/pwrite prototypes.
 */
#define _GNU_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <linux/fuse.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/types.h>
#include <sys/xattr.h>
#include <unistd.h>

/*
 * Stand-ins for what the uapi header does not export or jextract cannot
 * evaluate:
 * - the kernel marks an INTERRUPT request's own unique id by setting bit 0
 *   of the interrupted request's id (fs/fuse/fuse_i.h FUSE_INT_REQ_BIT;
 *   ordinary ids are even), and a reply to the INTERRUPT carries that id;
 * - FUSE_NAME_OFFSET is an offsetof() expression, and FUSE_DIRENT_ALIGN a
 *   function-like macro: dirents are padded to 8 bytes after their name.
 */
enum {
    REVOKEFS_INT_REQ_BIT = 1,
    REVOKEFS_DIRENT_NAME_OFFSET = FUSE_NAME_OFFSET,
    REVOKEFS_DIRENT_ALIGN = sizeof(uint64_t)
};
