using System.Buffers.Binary;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Serialization;

/// <summary>Writes consensus fields into a span that was sized beforehand; tracks the position.</summary>
public ref struct SpanWriter
{
    private readonly Span<byte> _buffer;

    /// <summary>Starts writing at the beginning of <paramref name="buffer"/>.</summary>
    public SpanWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        Position = 0;
    }

    /// <summary>Bytes written so far.</summary>
    public int Position { get; private set; }

    public void WriteByte(byte value)
    {
        _buffer[Position] = value;
        Position++;
    }

    public void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_buffer[Position..], value);
        Position += 4;
    }

    public void WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer[Position..], value);
        Position += 4;
    }

    public void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_buffer[Position..], value);
        Position += 8;
    }

    public void WriteHash(in Hash256 value)
    {
        value.WriteTo(_buffer[Position..]);
        Position += Hash256.Size;
    }

    public void WriteCompactSize(ulong value) => Position += CompactSize.Write(_buffer[Position..], value);

    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        value.CopyTo(_buffer[Position..]);
        Position += value.Length;
    }

    /// <summary>A CompactSize length followed by the bytes.</summary>
    public void WriteVarBytes(ReadOnlySpan<byte> value)
    {
        WriteCompactSize((ulong)value.Length);
        WriteBytes(value);
    }
}
