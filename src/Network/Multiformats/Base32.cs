namespace RustyNode.Network.Multiformats;

/// <summary>RFC 4648 base32, lower case, no padding (multibase "b"); used for CIDv1 text.</summary>
public static class Base32
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>Encodes <paramref name="data"/> as lower-case unpadded base32.</summary>
    public static string Encode(ReadOnlySpan<byte> data)
    {
        var chars = new char[(data.Length * 8 + 4) / 5];
        var buffer = 0;
        var bits = 0;
        var n = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                chars[n++] = Alphabet[(buffer >> bits) & 31];
            }
        }

        if (bits > 0)
        {
            chars[n++] = Alphabet[(buffer << (5 - bits)) & 31];
        }

        return new string(chars, 0, n);
    }

    /// <summary>Decodes unpadded base32 (either case).</summary>
    /// <exception cref="MultiformatException">A character outside the alphabet.</exception>
    public static byte[] Decode(ReadOnlySpan<char> text)
    {
        var result = new byte[text.Length * 5 / 8];
        var buffer = 0;
        var bits = 0;
        var n = 0;
        foreach (var c in text)
        {
            int value = c switch
            {
                >= 'a' and <= 'z' => c - 'a',
                >= 'A' and <= 'Z' => c - 'A',
                >= '2' and <= '7' => c - '2' + 26,
                _ => throw new MultiformatException($"'{c}' is not a base32 character."),
            };
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                result[n++] = (byte)(buffer >> bits);
            }
        }

        return result;
    }
}
