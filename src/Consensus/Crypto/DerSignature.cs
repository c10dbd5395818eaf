namespace RustyNode.Consensus.Crypto;

/// <summary>
/// Strict DER for ECDSA signatures (CHAIN-3.4), the BIP66 rules: <c>30 len 02 lenR R 02 lenS S</c>,
/// lengths exact, integers positive and minimally encoded, each at most 33 bytes.
/// </summary>
public static class DerSignature
{
    /// <summary>Shortest strict-DER signature.</summary>
    public const int MinLength = 8;

    /// <summary>Longest strict-DER signature (two 33-byte integers).</summary>
    public const int MaxLength = 72;

    /// <summary>
    /// Checks strict DER and extracts r and s as 32-byte big-endian values. False for any deviation,
    /// or an integer wider than 256 bits.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> der, Span<byte> r32, Span<byte> s32)
    {
        if (der.Length < MinLength || der.Length > MaxLength || der[0] != 0x30 || der[1] != der.Length - 2)
        {
            return false;
        }

        var rest = der[2..];
        if (!TryReadInteger(ref rest, r32) || !TryReadInteger(ref rest, s32))
        {
            return false;
        }

        return rest.IsEmpty;
    }

    /// <summary>Encodes 32-byte big-endian r and s as strict DER.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> r32, ReadOnlySpan<byte> s32)
    {
        var r = Minimal(r32);
        var s = Minimal(s32);
        var result = new byte[6 + r.Length + s.Length];
        result[0] = 0x30;
        result[1] = (byte)(result.Length - 2);
        result[2] = 0x02;
        result[3] = (byte)r.Length;
        r.CopyTo(result.AsSpan(4));
        result[4 + r.Length] = 0x02;
        result[5 + r.Length] = (byte)s.Length;
        s.CopyTo(result.AsSpan(6 + r.Length));
        return result;
    }

    private static byte[] Minimal(ReadOnlySpan<byte> value)
    {
        var start = 0;
        while (start < value.Length - 1 && value[start] == 0)
        {
            start++;
        }

        var trimmed = value[start..];
        return (trimmed[0] & 0x80) != 0 ? [0, .. trimmed] : trimmed.ToArray();
    }

    private static bool TryReadInteger(ref ReadOnlySpan<byte> input, Span<byte> value32)
    {
        if (input.Length < 2 || input[0] != 0x02)
        {
            return false;
        }

        int length = input[1];
        if (length == 0 || length > 33 || input.Length < 2 + length)
        {
            return false;
        }

        var integer = input.Slice(2, length);
        if ((integer[0] & 0x80) != 0)
        {
            return false; // negative
        }

        if (length > 1 && integer[0] == 0 && (integer[1] & 0x80) == 0)
        {
            return false; // needless leading zero
        }

        if (length == 33)
        {
            if (integer[0] != 0)
            {
                return false;
            }

            integer = integer[1..];
        }

        value32[..32].Clear();
        integer.CopyTo(value32[(32 - integer.Length)..]);
        input = input[(2 + length)..];
        return true;
    }
}
