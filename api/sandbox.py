"""Leave a thread, or a whole process, without network: its ``socket(AF_INET | AF_INET6)`` calls fail.

pyoxigraph's SPARQL engine has an HTTP client of its own (for ``SERVICE`` and ``LOAD``) that no
option switches off. A seccomp filter (libseccomp, through ``pyseccomp``) makes the kernel refuse
to create IPv4 and IPv6 sockets in the threads it covers, whatever the text of the query: the
engine then fails with ``Address family not supported by protocol (os error 97)`` before any
connection is tried. Unix sockets (the worker's pipe to the server) and files are untouched. A
filter cannot be lifted: a thread that must keep the network has to be started before it.

It works for root and other users alike (libseccomp sets ``no_new_privs`` first, which needs no
privilege). Where it cannot be installed (not Linux, no libseccomp), :func:`deny_network` says so,
and the server then refuses every ``SERVICE`` and ``LOAD`` that it cannot prove harmless.
"""

from __future__ import annotations

import errno
import socket

#: The error the kernel gives the engine for a socket it may not create.
DENIED_ERRNO = errno.EAFNOSUPPORT
#: How pyoxigraph spells that error in its messages (Rust's ``std::io::Error``).
DENIED_MESSAGE = f"(os error {DENIED_ERRNO})"
FAMILIES = (socket.AF_INET, socket.AF_INET6)


def deny_network(all_threads: bool) -> bool:
    """Install the filter on the calling thread (and, with ``all_threads``, every thread of the process).

    Threads started afterwards by a covered thread are covered too. Returns False when no filter
    could be installed.
    """
    try:
        import pyseccomp as seccomp  # loads libseccomp.so with ctypes: RuntimeError when it is absent
    except (ImportError, OSError, RuntimeError):
        return False
    try:
        rules = seccomp.SyscallFilter(seccomp.ALLOW)
        for family in FAMILIES:
            rules.add_rule(seccomp.ERRNO(DENIED_ERRNO), "socket", seccomp.Arg(0, seccomp.EQ, family))
        if all_threads:
            rules.set_attr(seccomp.Attr.CTL_TSYNC, 1)
        rules.load()
    except OSError:
        return False
    return True


def denied(error: OSError) -> bool:
    """Whether ``error`` is the engine meeting the filter."""
    return error.errno == DENIED_ERRNO or DENIED_MESSAGE in str(error)
