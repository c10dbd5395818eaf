using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace RustyNode.Protocols.BlockSync.CompactBlocks.ShortIds;

/// <summary>
/// SipHash-2-4 (Aumasson and Bernstein, 2012) with a 128-bit key given as two little-endian words
/// (CB-3.2): two compression rounds per 8-byte word, four finalisation rounds, 64-bit output.
/// Neither the BCL (its Marvin hash is internal) nor the NuGet mirror offers one.
/// </summary>
public static class SipHash24
{
    /// <summary>SipHash-2-4 of <paramref name="data"/> under the key (k0, k1).</summary>
    public static ulong Hash(ulong k0, ulong k1, ReadOnlySpan<byte> data)
    {
        var state = new State(k0, k1);
        var whole = data.Length & ~7;
        for (var i = 0; i < whole; i += 8)
        {
            state.Compress(BinaryPrimitives.ReadUInt64LittleEndian(data[i..]));
        }

        // The last word: the 0..7 remaining bytes, with the length's low byte on top.
        var last = (ulong)(byte)data.Length << 56;
        var tail = data[whole..];
        for (var i = 0; i < tail.Length; i++)
        {
            last |= (ulong)tail[i] << (8 * i);
        }

        state.Compress(last);
        return state.Finish();
    }

    /// <summary>
    /// SipHash-2-4 of exactly 32 bytes given as four little-endian words (a txid): the hot path of
    /// short ids, with no span and no length branch.
    /// </summary>
    public static ulong Hash32(ulong k0, ulong k1, ulong w0, ulong w1, ulong w2, ulong w3)
    {
        var state = new State(k0, k1);
        state.Compress(w0);
        state.Compress(w1);
        state.Compress(w2);
        state.Compress(w3);
        state.Compress(32UL << 56);
        return state.Finish();
    }

    private struct State
    {
        private ulong _v0;
        private ulong _v1;
        private ulong _v2;
        private ulong _v3;

        public State(ulong k0, ulong k1)
        {
            _v0 = k0 ^ 0x736f6d6570736575UL;
            _v1 = k1 ^ 0x646f72616e646f6dUL;
            _v2 = k0 ^ 0x6c7967656e657261UL;
            _v3 = k1 ^ 0x7465646279746573UL;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Compress(ulong word)
        {
            _v3 ^= word;
            Round();
            Round();
            _v0 ^= word;
        }

        public ulong Finish()
        {
            _v2 ^= 0xff;
            Round();
            Round();
            Round();
            Round();
            return _v0 ^ _v1 ^ _v2 ^ _v3;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Round()
        {
            _v0 += _v1;
            _v1 = BitOperations.RotateLeft(_v1, 13);
            _v1 ^= _v0;
            _v0 = BitOperations.RotateLeft(_v0, 32);
            _v2 += _v3;
            _v3 = BitOperations.RotateLeft(_v3, 16);
            _v3 ^= _v2;
            _v0 += _v3;
            _v3 = BitOperations.RotateLeft(_v3, 21);
            _v3 ^= _v0;
            _v2 += _v1;
            _v1 = BitOperations.RotateLeft(_v1, 17);
            _v1 ^= _v2;
            _v2 = BitOperations.RotateLeft(_v2, 32);
        }
    }
}
