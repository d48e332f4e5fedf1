#!/usr/bin/env python3
"""mkcpio.py OUT [DEST=SRC ...] - writes a cpio "newc" archive (the format of
Linux's initramfs, `cpio -o -H newc`) holding the directories each DEST
needs and each file SRC at path DEST, with DEST's mode taken from SRC.
Modes in hex (0x1ED = rwxr-xr-x, 0x1A4 = rw-r--r--).
Deterministic: inode numbers count up, every time stamp is 0, uid/gid 0.
Used because the build machine has no cpio(1)."""
import os
import stat
import sys


def header(ino, mode, size, name, nlink=1):
    fields = [ino, mode, 0, 0, nlink, 0, size, 0, 0, 0, 0, len(name) + 1, 0]
    return b"070701" + b"".join(b"%08X" % f for f in fields)


def pad4(data):
    return data + b"\0" * (-len(data) % 4)


def member(ino, mode, name, data=b""):
    rec = header(ino, mode, len(data), name) + name.encode() + b"\0"
    return pad4(rec) + pad4(data)


def main():
    out, pairs = sys.argv[1], [a.split("=", 1) for a in sys.argv[2:]]
    dirs, blob, ino = [], b"", 1
    for dest, _ in pairs:
        parts = dest.strip("/").split("/")[:-1]
        for i in range(1, len(parts) + 1):
            d = "/".join(parts[:i])
            if d not in dirs:
                dirs.append(d)
    for d in dirs:
        blob += member(ino, stat.S_IFDIR | 0x1ED, d)
        ino += 1
    for dest, src in pairs:
        with open(src, "rb") as f:
            data = f.read()
        mode = stat.S_IFREG | (0x1ED if os.access(src, os.X_OK) else 0x1A4)
        blob += member(ino, mode, dest.strip("/"), data)
        ino += 1
    blob += member(0, 0, "TRAILER!!!")
    with open(out, "wb") as f:
        f.write(blob + b"\0" * (-len(blob) % 512))


if __name__ == "__main__":
    main()
