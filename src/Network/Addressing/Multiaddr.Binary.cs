using RustyNode.Network.Multiformats;

namespace RustyNode.Network.Addressing;

/// <summary>The binary form: each component is varint(code) then its value (MA-2).</summary>
public sealed partial class Multiaddr
{
    /// <summary>Decodes the binary form.</summary>
    /// <exception cref="MultiaddrException">Malformed, an unknown protocol code, or over a limit.</exception>
    public static Multiaddr FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MultiaddrLimits.MaxBytes)
        {
            throw new MultiaddrException($"Multiaddr of {bytes.Length} bytes exceeds {MultiaddrLimits.MaxBytes}.");
        }

        return bytes.IsEmpty ? Empty : FromValidatedBytes(bytes.ToArray());
    }

    /// <summary>Decodes the binary form, or returns false when it is invalid.</summary>
    public static bool TryFromBytes(ReadOnlySpan<byte> bytes, out Multiaddr? multiaddr)
    {
        try
        {
            multiaddr = FromBytes(bytes);
            return true;
        }
        catch (MultiaddrException)
        {
            multiaddr = null;
            return false;
        }
    }

    /// <summary>Parses and validates <paramref name="bytes"/>, which the new instance then owns.</summary>
    private static Multiaddr FromValidatedBytes(byte[] bytes)
    {
        var components = new List<MultiaddrComponent>(4);
        var offset = 0;
        while (offset < bytes.Length)
        {
            if (components.Count == MultiaddrLimits.MaxComponents)
            {
                throw new MultiaddrException($"Multiaddr has more than {MultiaddrLimits.MaxComponents} components.");
            }

            components.Add(ReadComponent(bytes, ref offset));
        }

        return new Multiaddr(bytes, components.ToArray());
    }

    private static MultiaddrComponent ReadComponent(byte[] bytes, ref int offset)
    {
        var span = bytes.AsSpan(offset);
        ulong code;
        int codeSize;
        try
        {
            if (!Varint.TryRead(span, out code, out codeSize))
            {
                throw new MultiaddrException("Multiaddr ends inside a protocol code.");
            }
        }
        catch (MultiformatException ex)
        {
            throw new MultiaddrException("Multiaddr has a malformed protocol code: " + ex.Message, ex);
        }

        var info = MultiaddrProtocolInfo.FromCode(code)
            ?? throw new MultiaddrException($"Multiaddr protocol code 0x{code:x} is not supported.");
        var (valueStart, valueLength) = ReadValueBounds(info, span, codeSize);
        var value = span.Slice(valueStart, valueLength);
        if (MultiaddrValueCodec.Validate(info, value) is { } error)
        {
            throw new MultiaddrException(error);
        }

        var component = new MultiaddrComponent(info.Code, bytes.AsMemory(offset + valueStart, valueLength));
        offset += valueStart + valueLength;
        return component;
    }

    private static (int Start, int Length) ReadValueBounds(MultiaddrProtocolInfo info, ReadOnlySpan<byte> span, int codeSize)
    {
        switch (info.Kind)
        {
            case MultiaddrValueKind.None:
                return (codeSize, 0);
            case MultiaddrValueKind.Fixed:
                if (span.Length - codeSize < info.FixedSize)
                {
                    throw new MultiaddrException($"Multiaddr ends inside a {info.Name} value.");
                }

                return (codeSize, info.FixedSize);
            default:
                ulong length;
                int lengthSize;
                try
                {
                    if (!Varint.TryRead(span[codeSize..], out length, out lengthSize))
                    {
                        throw new MultiaddrException($"Multiaddr ends inside the length of a {info.Name} value.");
                    }
                }
                catch (MultiformatException ex)
                {
                    throw new MultiaddrException($"Multiaddr has a malformed {info.Name} length: " + ex.Message, ex);
                }

                if (length > (ulong)(span.Length - codeSize - lengthSize))
                {
                    throw new MultiaddrException($"Multiaddr {info.Name} value declares {length} bytes but fewer remain.");
                }

                return (codeSize + lengthSize, (int)length);
        }
    }

    private static int GetEncodedSize(MultiaddrComponent component)
    {
        var info = MultiaddrProtocolInfo.FromCode((ulong)component.Code)!;
        var size = Varint.GetSize((ulong)component.Code) + component.Value.Length;
        return info.Kind == MultiaddrValueKind.LengthPrefixed ? size + Varint.GetSize((ulong)component.Value.Length) : size;
    }

    private static void CheckLimits(int byteCount, int componentCount)
    {
        if (byteCount > MultiaddrLimits.MaxBytes)
        {
            throw new MultiaddrException($"Multiaddr of {byteCount} bytes exceeds {MultiaddrLimits.MaxBytes}.");
        }

        if (componentCount > MultiaddrLimits.MaxComponents)
        {
            throw new MultiaddrException($"Multiaddr has more than {MultiaddrLimits.MaxComponents} components.");
        }
    }
}
