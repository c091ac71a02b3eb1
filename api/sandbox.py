"""The second barrier: a process that cannot open a network socket.

The query policy (:mod:`api.query_policy`) refuses SERVICE and LOAD on the parsed query.
This module makes it not matter if the policy is ever wrong: the processes that run
strangers' queries (the store's workers) and the commands that read files (``validate``,
``build``, ``ingest``, ``publish``) install a seccomp filter that makes ``socket(2)`` fail
with EACCES for every address family except ``AF_UNIX`` (the pipes to the server), and
refuses ``io_uring_setup(2)``, which could open sockets without calling ``socket(2)``.
A filter cannot be removed, and it is inherited by every thread and child the process
starts afterwards; it must be installed while the process has one thread.

Linux on x86-64 and AArch64 only; elsewhere :func:`deny_network` returns False and the
first barrier stands alone. ``STYRGRAF_ALLOW_NETWORK=1`` turns the barrier off (for an
operator who configures something that needs the network in these processes).
"""

from __future__ import annotations

import ctypes
import os
import platform
import struct
import sys

# <linux/filter.h>, <linux/seccomp.h>, <linux/audit.h>
_LD_W_ABS = 0x20  # BPF_LD | BPF_W | BPF_ABS
_JEQ_K = 0x15  # BPF_JMP | BPF_JEQ | BPF_K
_JGE_K = 0x35  # BPF_JMP | BPF_JGE | BPF_K
_RET_K = 0x06  # BPF_RET | BPF_K
_ALLOW = 0x7FFF0000  # SECCOMP_RET_ALLOW
_DENY = 0x00050000 | 13  # SECCOMP_RET_ERRNO | EACCES
_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2
_AF_UNIX = 1
_X32_BIT = 0x40000000  # x32 system calls on x86-64 have this bit set
#: machine → (audit arch, socket, io_uring_setup)
_ARCHES = {
    "x86_64": (0xC000003E, 41, 425),
    "aarch64": (0xC00000B7, 198, 425),
}
_installed = False


def _program(arch: int, socket_nr: int, io_uring_nr: int) -> bytes:
    """Return the BPF program: only AF_UNIX sockets, no io_uring, the rest allowed."""
    # offsets in struct seccomp_data: nr 0, arch 4, args[0] 16 (low word on little endian)
    code = [
        (_LD_W_ABS, 0, 0, 4),  # 0: A = arch
        (_JEQ_K, 1, 0, arch),  # 1: our arch → 3
        (_RET_K, 0, 0, _DENY),  # 2: another ABI: nothing (no socket either)
        (_LD_W_ABS, 0, 0, 0),  # 3: A = nr
        (_JGE_K, 5, 0, _X32_BIT),  # 4: x32 → deny (10)
        (_JEQ_K, 4, 0, io_uring_nr),  # 5: io_uring_setup → deny (10)
        (_JEQ_K, 0, 2, socket_nr),  # 6: socket → 7, else allow (9)
        (_LD_W_ABS, 0, 0, 16),  # 7: A = domain
        (_JEQ_K, 0, 1, _AF_UNIX),  # 8: AF_UNIX → allow (9), else deny (10)
        (_RET_K, 0, 0, _ALLOW),  # 9
        (_RET_K, 0, 0, _DENY),  # 10
    ]
    return b"".join(struct.pack("HBBI", *instruction) for instruction in code)


def deny_network() -> bool:
    """Forbid this process (and what it starts later) to open network sockets.

    Returns True when the filter is in place (or already was), False where the platform
    has no such filter or the operator allowed the network.
    """
    global _installed
    if _installed:
        return True
    if os.environ.get("STYRGRAF_ALLOW_NETWORK") == "1":
        return False
    arch = _ARCHES.get(platform.machine())
    if not sys.platform.startswith("linux") or arch is None or sys.byteorder != "little":
        return False
    program = _program(*arch)
    count = len(program) // 8
    buffer = ctypes.create_string_buffer(program, len(program))

    class _Fprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    fprog = _Fprog(count, ctypes.addressof(buffer))
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong,
                           ctypes.c_ulong]  # fmt: skip
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return False
    if libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.addressof(fprog), 0, 0) != 0:
        return False
    _installed = True
    return True
