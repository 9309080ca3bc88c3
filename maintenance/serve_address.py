"""`make serve`'s first step: say in one line when its address is taken, and how to choose another.

Usage: python maintenance/serve_address.py HOST:PORT   (exits 1 with the message if the port is in use)
"""

from __future__ import annotations

import socket
import sys


def main(address: str) -> int:
    host, _, port = address.rpartition(":")
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server binds: a closed one is free
        try:
            probe.bind((host, int(port)))
        except OSError:
            print(f"make serve: {address} is in use (another make serve?); stop it, or choose another address: "
                  f"make serve SERVE_ADDRESS={host}:{int(port) + 1}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
