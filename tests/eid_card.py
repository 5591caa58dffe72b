# SPDX-FileCopyrightText: 2026 The Sessio authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Virtual Belgian eID cards for the tests, served to pcscd through Debian's
vsmartcard-vpcd driver.

- identity_file(...) builds the TLV identity file the way the card writes it;
  CARDS holds the made-up people (invented names, national numbers computed
  from invented birth dates, valid check digits).
- VirtualCard plays a card: it connects to vpcd's port and speaks its socket
  protocol (each message is a two-byte big-endian length, then either one
  control byte -- 0 power off, 1 power on, 2 reset, 4 give the ATR -- or an
  APDU, which is answered the same way).  It answers SELECT by path and
  READ BINARY from the files it was given.
- Pcscd starts a pcscd of the test's own in the foreground, with its own
  reader.conf.d holding only the vpcd reader, on a free port pair, and
  stops it.  pcscd 1.9 always puts its socket in /run/pcscd:
  * when no pcscd runs (CI's chroot, most machines), it simply takes that
    socket for the test's duration;
  * when a system pcscd runs, it runs in a mount namespace of its own
    (unshare) where a private folder is mounted on /run/pcscd, so the
    system's pcscd is never touched.  (Not in a chroot: there the mount
    propagation cannot be made private.)
  Clients find the socket through PCSCLITE_CSOCK_NAME, which pcsc-lite's
  client library honours.  Both need root, as in CI; elsewhere the
  virtual-card tests are skipped with the reason.

`python3 eid_card.py --corpus DIR` writes each card's identity file to DIR
(the seeds of the fuzz target).

`python3 eid_card.py serve` is for the widget tests: it starts the private
pcscd and prints "socket PATH" (or "skip REASON"), then obeys lines on its
standard input -- "insert CARD" and "remove", each answered "ok" -- and
stops pcscd at the end of its input.
"""

import os
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

IDENTITY_PATH = bytes.fromhex("3F00DF014031")
# The ATR of a Belgian eID (applet 1.x): T=0.
EID_ATR = bytes.fromhex("3B9813400AA503010101AD1311")
VPCD_DRIVER = "/usr/lib/pcsc/drivers/serial/libifdvpcd.so"


def tlv(tag, value):
    if isinstance(value, str):
        value = value.encode("utf-8")
    length = len(value)
    out = bytes([tag])
    while length >= 0xFF:
        out += b"\xff"
        length -= 0xFF
    return out + bytes([length]) + value


def identity_file(insz, surname, given, birth, sex, valid_from, valid_until,
                  document_type, third=None):
    fields = [
        (0x01, "592000000001"), (0x02, "SLGCHIP000000001"),
        (0x03, valid_from), (0x04, valid_until), (0x05, "Gemeente"),
        (0x06, insz), (0x07, surname), (0x08, given),
    ]
    if third:
        fields.append((0x09, third))
    fields += [(0x0A, "Belg"), (0x0B, "Plaats"), (0x0C, birth), (0x0D, sex),
               (0x0F, document_type), (0x11, bytes(range(20)))]
    return b"".join(tlv(t, v) for t, v in fields)


ADULT = identity_file("85071400155", "Peeters-Verhoeven", "Jan Pieter", "14 JUL 1985",
                      "M", "01.02.2024", "01.02.2034", "1", third="K")

CARDS = {
    "adult": ADULT,
    "kids": identity_file("16030901207", "Claes", "Lotte", "09 MAAR 2016", "V",
                          "10.04.2025", "10.04.2028", "6"),
    "foreigner": identity_file("79112303343", "Novák", "Tomáš", "23 NOV 1979", "M",
                               "05.06.2022", "05.06.2027", "12"),
    "expired": identity_file("61122406892", "Janssens", "Maria", "24 DEC 1961", "V",
                             "15.05.2014", "15.05.2024", "1"),
    "french": identity_file("90021504452", "Dubois", "Élodie Marie", "15 FEV 1990", "F",
                            "20.09.2021", "20.09.2031", "1"),
    "german": identity_file("72030305728", "Schmitz", "Günter", "03 MÄR 1972", "M",
                            "11.11.2020", "11.11.2030", "1"),
    # Cut inside the name field.
    "truncated": ADULT[:ADULT.index(b"Peeters") + 3],
    # The national number's length byte says more than the file holds.
    "corrupt": ADULT.replace(tlv(0x06, "85071400155"), b"\x06\xf0" + b"85071400155"),
}


class VirtualCard:
    """A card in a vpcd reader, served from a thread.

    files: {path bytes: content}; remove_after_reads: close the connection
    (the card leaves the reader) at that READ BINARY; unknown: a card that
    has no eID applet (every SELECT fails)."""

    def __init__(self, port, files, remove_after_reads=None, atr=EID_ATR):
        self.port = port
        self.files = files
        self.remove_after_reads = remove_after_reads
        self.atr = atr
        self.reads = 0
        self.powered = threading.Event()
        self.selected = None
        self.sock = None
        self.thread = None

    def insert(self, timeout=10):
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.sock = socket.create_connection(("127.0.0.1", self.port), timeout=timeout)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        self.sock.settimeout(None)
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()
        # pcscd asks for the ATR when it notices the card: from then on the
        # reader says a card is present.
        if not self.powered.wait(timeout):
            raise RuntimeError("pcscd never asked the virtual card for its ATR")

    def remove(self):
        if self.sock is not None:
            try:
                self.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self.sock.close()
            self.sock = None
        if self.thread is not None:
            self.thread.join(5)
            self.thread = None

    @staticmethod
    def _recv_exact(sock, n):
        data = b""
        while len(data) < n:
            chunk = sock.recv(n - len(data))
            if not chunk:
                raise EOFError
            data += chunk
        return data

    @staticmethod
    def _send(sock, data):
        sock.sendall(struct.pack(">H", len(data)) + data)

    def _serve(self):
        # Its own reference: remove() may drop self.sock meanwhile.
        sock = self.sock
        try:
            while True:
                (length,) = struct.unpack(">H", self._recv_exact(sock, 2))
                message = self._recv_exact(sock, length)
                if length == 1:
                    if message[0] == 4:
                        self._send(sock, self.atr)
                        self.powered.set()
                    continue  # power on, off, reset: no answer
                answer = self.apdu(message)
                if answer is None:  # the card leaves the reader, halfway
                    sock.shutdown(socket.SHUT_RDWR)
                    return
                self._send(sock, answer)
        except (EOFError, OSError):
            return

    def apdu(self, apdu):
        if len(apdu) < 4:
            return b"\x67\x00"
        cla, ins, p1, p2 = apdu[:4]
        if ins == 0xA4:  # SELECT
            if p1 != 0x08 or len(apdu) < 5:
                return b"\x6a\x86"
            path = apdu[5:5 + apdu[4]]
            if path not in self.files:
                return b"\x6a\x82"
            self.selected = path
            return b"\x90\x00"
        if ins == 0xB0:  # READ BINARY
            if self.selected is None:
                return b"\x69\x86"
            self.reads += 1
            if self.remove_after_reads is not None and self.reads >= self.remove_after_reads:
                return None
            content = self.files[self.selected]
            offset = (p1 << 8) | p2
            le = apdu[4] if len(apdu) > 4 else 0
            want = le or 256
            if offset >= len(content):
                return b"\x6b\x00"
            left = len(content) - offset
            if left < want:
                return b"\x6c" + bytes([left])
            return content[offset:offset + want] + b"\x90\x00"
        return b"\x6d\x00"


def _free_port_pair():
    """A port P with P and P + 1 free: vpcd makes two readers, on both."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port >= 65535:
            continue
        try:
            with socket.socket() as s2:
                s2.bind(("0.0.0.0", port + 1))
            with socket.socket() as s3:
                s3.bind(("0.0.0.0", port))
            return port
        except OSError:
            continue
    raise RuntimeError("no free port pair for vpcd")


SYSTEM_SOCKET = "/run/pcscd/pcscd.comm"


def system_pcscd_running():
    """A pcscd answers on the system socket."""
    if not os.path.exists(SYSTEM_SOCKET):
        return False
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        try:
            s.connect(SYSTEM_SOCKET)
            return True
        except OSError:
            return False


def pcscd_available():
    """(True, "") or (False, why): pcscd and the vpcd driver installed, and
    the rights to run a pcscd of the test's own."""
    for path in ("/usr/sbin/pcscd", VPCD_DRIVER):
        if not os.path.exists(path):
            return False, "%s is not installed (build-aux/dev deps installs it)" % path
    if os.geteuid() != 0:
        return False, "a pcscd of the test's own needs root"
    if system_pcscd_running():
        probe = subprocess.run(["unshare", "--mount", "--propagation", "private", "true"],
                               capture_output=True)
        if probe.returncode != 0:
            return False, ("a system pcscd runs, and a private one cannot be given a mount "
                           "namespace here")
    return True, ""


class Pcscd:
    """A private pcscd with one virtual reader pair; a context manager."""

    def __init__(self, port=None):
        self.port = port or _free_port_pair()
        self.dir = tempfile.mkdtemp(prefix="sessio-pcscd-")
        self.socket_path = os.path.join(self.dir, "pcscd.comm")
        self.proc = None
        self.log = None

    @property
    def env(self):
        """What a client needs in its environment to find this pcscd."""
        return {"PCSCLITE_CSOCK_NAME": self.socket_path}

    def start(self, timeout=15):
        conf = os.path.join(self.dir, "reader.conf.d")
        os.mkdir(conf)
        with open(os.path.join(conf, "vpcd"), "w") as f:
            f.write('FRIENDLYNAME "Virtual PCD"\n'
                    "DEVICENAME   /dev/null:0x%04X\n"
                    "LIBPATH      %s\n"
                    "CHANNELID    0x%04X\n" % (self.port, VPCD_DRIVER, self.port))
        self.log = open(os.path.join(self.dir, "pcscd.log"), "w+")
        if system_pcscd_running():
            run = os.path.join(self.dir, "run")
            os.mkdir(run)
            self.socket_path = os.path.join(run, "pcscd.comm")
            # The mount is private to the namespace; exec keeps one
            # process, pcscd itself, so terminate() reaches it.
            script = ('mkdir -p /run/pcscd && mount --bind "$1" /run/pcscd && '
                      'exec /usr/sbin/pcscd --foreground --config "$2"')
            command = ["unshare", "--mount", "--propagation", "private",
                       "sh", "-c", script, "sh", run, conf]
        else:
            self.socket_path = SYSTEM_SOCKET
            # Left by a pcscd that did not stop cleanly: nobody answers it.
            for stale in (SYSTEM_SOCKET, "/run/pcscd/pcscd.pid"):
                if os.path.exists(stale):
                    os.unlink(stale)
            command = ["/usr/sbin/pcscd", "--foreground", "--config", conf]
        self.proc = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        # Ready: the client socket exists.  (vpcd's port is not probed: a
        # connection there is a card arriving; VirtualCard.insert waits.)
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("pcscd stopped at once:\n" + self.read_log())
            if os.path.exists(self.socket_path):
                return self
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("pcscd did not get ready")

    def read_log(self):
        if self.log is None:
            return ""
        self.log.flush()
        self.log.seek(0)
        return self.log.read()

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None
        if self.log is not None:
            self.log.close()
            self.log = None
        if not os.path.isdir(self.dir):
            return
        for root, dirs, files in os.walk(self.dir, topdown=False):
            for name in files:
                os.unlink(os.path.join(root, name))
            for name in dirs:
                os.rmdir(os.path.join(root, name))
        os.rmdir(self.dir)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        return False


def eid_card(name, port, **kwargs):
    """The virtual card CARDS[name] (or an unknown card: name "unknown")."""
    files = {} if name == "unknown" else {IDENTITY_PATH: CARDS[name]}
    return VirtualCard(port, files, **kwargs)


def serve():
    available, why = pcscd_available()
    if not available:
        print("skip " + why, flush=True)
        return 0
    with Pcscd() as pcscd:
        print("socket " + pcscd.socket_path, flush=True)
        card = None
        for line in sys.stdin:
            words = line.split()
            try:
                if words[:1] == ["insert"] and len(words) == 2 and card is None:
                    card = eid_card(words[1], pcscd.port)
                    card.insert()
                elif words == ["remove"] and card is not None:
                    card.remove()
                    card = None
                else:
                    print("error " + line.strip(), flush=True)
                    continue
                print("ok", flush=True)
            except (OSError, RuntimeError, KeyError) as e:
                print("error %s" % e, flush=True)
        if card is not None:
            card.remove()
    return 0


def main(argv):
    if argv[1:] == ["serve"]:
        return serve()
    if len(argv) == 3 and argv[1] == "--corpus":
        os.makedirs(argv[2], exist_ok=True)
        for name, content in sorted(CARDS.items()):
            with open(os.path.join(argv[2], name), "wb") as f:
                f.write(content)
        return 0
    print("usage: eid_card.py --corpus DIR", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
