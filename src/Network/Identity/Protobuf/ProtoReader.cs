using RustyNode.Network.Multiformats;

namespace RustyNode.Network.Identity.Protobuf;

/// <summary>
/// A minimal protobuf reader over one complete, bounded message. It knows varint (0),
/// length-delimited (2), 64-bit (1) and 32-bit (5) wire types; unknown fields are skipped by the
/// caller with <see cref="SkipField"/>. Every malformation throws the exception built by the
/// owning protocol's factory, so each protocol keeps its own exception type.
/// </summary>
internal ref struct ProtoReader
{
    public const int WireVarint = 0;
    public const int WireFixed64 = 1;
    public const int WireLengthDelimited = 2;
    public const int WireFixed32 = 5;

    private readonly ReadOnlySpan<byte> _data;
    private readonly Func<string, Exception> _error;
    private int _position;

    public ProtoReader(ReadOnlySpan<byte> data, Func<string, Exception> error)
    {
        _data = data;
        _error = error;
        _position = 0;
    }

    /// <summary>Reads the next field key; false at the end of the message.</summary>
    public bool TryReadTag(out int field, out int wireType)
    {
        if (_position >= _data.Length)
        {
            field = 0;
            wireType = 0;
            return false;
        }

        var key = ReadVarint();
        wireType = (int)(key & 7);
        var number = key >> 3;
        if (number is 0 or > 536_870_911)
        {
            throw _error($"Protobuf field number {number} is invalid.");
        }

        field = (int)number;
        return true;
    }

    public ulong ReadVarint()
    {
        try
        {
            if (!Varint.TryRead(_data[_position..], out var value, out var consumed))
            {
                throw _error("Protobuf varint is truncated.");
            }

            _position += consumed;
            return value;
        }
        catch (MultiformatException ex)
        {
            throw _error($"Protobuf varint is malformed: {ex.Message}");
        }
    }

    /// <summary>Reads a length-delimited value, rejecting one longer than <paramref name="maxLength"/>.</summary>
    public ReadOnlySpan<byte> ReadBytes(int maxLength, string name)
    {
        var length = ReadVarint();
        if (length > (ulong)maxLength)
        {
            throw _error($"Protobuf field '{name}' of {length} bytes exceeds the limit of {maxLength}.");
        }

        if (length > (ulong)(_data.Length - _position))
        {
            throw _error($"Protobuf field '{name}' declares {length} bytes but only {_data.Length - _position} remain.");
        }

        var value = _data.Slice(_position, (int)length);
        _position += (int)length;
        return value;
    }

    /// <summary>Checks the wire type of a known field.</summary>
    public readonly void Expect(int wireType, int expected, string name)
    {
        if (wireType != expected)
        {
            throw _error($"Protobuf field '{name}' has wire type {wireType}, expected {expected}.");
        }
    }

    /// <summary>Skips the value of an unknown field.</summary>
    public void SkipField(int wireType)
    {
        switch (wireType)
        {
            case WireVarint:
                ReadVarint();
                break;
            case WireFixed64:
                Skip(8);
                break;
            case WireLengthDelimited:
                ReadBytes(_data.Length, "unknown");
                break;
            case WireFixed32:
                Skip(4);
                break;
            default:
                throw _error($"Protobuf wire type {wireType} is not supported.");
        }
    }

    private void Skip(int count)
    {
        if (_data.Length - _position < count)
        {
            throw _error("Protobuf fixed-width field is truncated.");
        }

        _position += count;
    }
}
