#!/usr/bin/env python3
"""An independent implementation of the compact-blocks encodings (specs/protocols/03-compact-blocks.md),
written from the spec in plain Python, that checks specs/vectors/protocols/compact-blocks.json:
SipHash-2-4 (CB-3.2), short-id keys and short ids (CB-3.1, CB-3.2), differential indexes (CB-3.3)
and a CompactBlock payload (CB-2.2). Usage: compact_blocks_crosscheck.py check FILE | generate."""
import hashlib
import json
import struct
import sys

MASK64 = (1 << 64) - 1
MAX_INDEX = 33_332


def rotl(x, b):
    return ((x << b) | (x >> (64 - b))) & MASK64


def siphash24(k0, k1, data):
    v = [k0 ^ 0x736F6D6570736575, k1 ^ 0x646F72616E646F6D, k0 ^ 0x6C7967656E657261, k1 ^ 0x7465646279746573]

    def sipround():
        v[0] = (v[0] + v[1]) & MASK64; v[1] = rotl(v[1], 13) ^ v[0]; v[0] = rotl(v[0], 32)
        v[2] = (v[2] + v[3]) & MASK64; v[3] = rotl(v[3], 16) ^ v[2]
        v[0] = (v[0] + v[3]) & MASK64; v[3] = rotl(v[3], 21) ^ v[0]
        v[2] = (v[2] + v[1]) & MASK64; v[1] = rotl(v[1], 17) ^ v[2]; v[2] = rotl(v[2], 32)

    padded = data + b"\x00" * (7 - len(data) % 8) + bytes([len(data) & 0xFF])
    for i in range(0, len(padded), 8):
        m = struct.unpack_from("<Q", padded, i)[0]
        v[3] ^= m
        sipround(); sipround()
        v[0] ^= m
    v[2] ^= 0xFF
    for _ in range(4):
        sipround()
    return v[0] ^ v[1] ^ v[2] ^ v[3]


def keys(header, nonce):
    digest = hashlib.sha256(header + struct.pack("<Q", nonce)).digest()
    return struct.unpack_from("<QQ", digest, 0)


def short_id(k0, k1, txid):
    return siphash24(k0, k1, txid) & ((1 << 48) - 1)


def compact_size(n):
    if n < 0xFD:
        return bytes([n])
    if n <= 0xFFFF:
        return b"\xfd" + struct.pack("<H", n)
    return b"\xfe" + struct.pack("<I", n)


def encode_indexes(indexes):
    out, previous = b"", -1
    for i in indexes:
        assert i > previous and i <= MAX_INDEX
        out += compact_size(i - previous - 1)
        previous = i
    return out


def decode_indexes(data):
    """Returns the positions, or raises ValueError for a bad or truncated encoding."""
    pos, previous, result = 0, -1, []
    while pos < len(data):
        marker = data[pos]
        if marker < 0xFD:
            value, pos = marker, pos + 1
        elif marker == 0xFD and pos + 3 <= len(data):
            value = struct.unpack_from("<H", data, pos + 1)[0]
            if value < 0xFD:
                raise ValueError("non-shortest CompactSize")
            pos += 3
        elif marker == 0xFE and pos + 5 <= len(data):
            value = struct.unpack_from("<I", data, pos + 1)[0]
            if value <= 0xFFFF:
                raise ValueError("non-shortest CompactSize")
            pos += 5
        else:
            raise ValueError("truncated or too wide")
        if value > MAX_INDEX or previous + value + 1 > MAX_INDEX:
            raise ValueError("index above 33,332")
        previous = previous + value + 1
        result.append(previous)
    return result


def compact_block_payload(header, nonce, ids, prefilled):
    out = bytes([0x02]) + header + struct.pack("<Q", nonce) + compact_size(len(ids))
    for i in ids:
        out += struct.pack("<Q", i)[:6]
    out += compact_size(len(prefilled))
    previous = -1
    for index, tx in prefilled:
        out += compact_size(index - previous - 1) + tx
        previous = index
    return out


def check(path):
    with open(path) as f:
        v = json.load(f)
    failures, checked = [], 0
    sip = v["siphash24"]
    k0, k1 = struct.unpack("<QQ", bytes.fromhex(sip["key"]))
    for n, expected in enumerate(sip["outputs"]):
        checked += 1
        got = siphash24(k0, k1, bytes(range(n)))
        if got != int(expected, 16):
            failures.append(f"siphash n={n}: {got:016x} != {expected}")
    for case in v["shortIds"]:
        header = bytes.fromhex(case["header"])
        k0, k1 = keys(header, int(case["nonce"], 16))
        checked += 1
        if (f"{k0:016x}", f"{k1:016x}") != (case["k0"], case["k1"]):
            failures.append(f"keys of {case['name']}")
        for tx in case["txids"]:
            checked += 1
            got = short_id(k0, k1, bytes.fromhex(tx["txid"]))
            if struct.pack("<Q", got)[:6].hex() != tx["wire"] or f"{got:012x}" != tx["shortId"]:
                failures.append(f"short id {tx['txid']} in {case['name']}")
    for case in v["differentialIndexes"]:
        checked += 1
        if encode_indexes(case["indexes"]).hex() != case["encoded"] or decode_indexes(bytes.fromhex(case["encoded"])) != case["indexes"]:
            failures.append(f"indexes {case['indexes']}")
    for case in v["invalidDifferentialIndexes"]:
        checked += 1
        try:
            decode_indexes(bytes.fromhex(case["encoded"]))
            failures.append(f"accepted invalid indexes {case['encoded']}")
        except ValueError:
            pass
    cb = v["compactBlock"]
    checked += 1
    header = bytes.fromhex(cb["header"])
    nonce = int(cb["nonce"], 16)
    k0, k1 = keys(header, nonce)
    ids = [short_id(k0, k1, bytes.fromhex(t)) for t in cb["txids"]]
    prefilled = [(p["index"], bytes.fromhex(p["tx"])) for p in cb["prefilled"]]
    if compact_block_payload(header, nonce, ids, prefilled).hex() != cb["payload"]:
        failures.append("compact block payload")
    for line in failures:
        print("FAIL " + line)
    print(f"checked {checked}, failed {len(failures)}")
    return 1 if failures else 0


def generate():
    header = struct.pack("<i", 1) + b"\x11" * 32 + b"\x22" * 32 + struct.pack("<III", 0x5F5E1000, 0x207FFFFF, 7)
    txids = [bytes(range(32)), b"\xff" * 32, b"\x00" * 32, hashlib.sha256(b"rusty").digest()]
    cases = []
    for name, nonce in (("nonce 0", 0), ("nonce 0x0123456789abcdef", 0x0123456789ABCDEF)):
        k0, k1 = keys(header, nonce)
        cases.append({
            "name": name, "header": header.hex(), "nonce": f"{nonce:016x}", "k0": f"{k0:016x}", "k1": f"{k1:016x}",
            "txids": [{"txid": t.hex(), "shortId": f"{short_id(k0, k1, t):012x}", "wire": struct.pack("<Q", short_id(k0, k1, t))[:6].hex()} for t in txids],
        })
    print(json.dumps(cases, indent=2))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "check":
        sys.exit(check(sys.argv[2]))
    if len(sys.argv) == 2 and sys.argv[1] == "generate":
        generate()
        sys.exit(0)
    print(__doc__)
    sys.exit(2)
