using RustyNode.Network.Multiformats;

namespace RustyNode.Network.Identity.Protobuf;

/// <summary>
/// A minimal protobuf writer into a span sized beforehand with the <c>Size*</c> helpers. Callers
/// write fields in ascending field-number order, which makes the encoding deterministic (the
/// property peer ids and signatures depend on).
/// </summary>
internal ref struct ProtoWriter
{
    private readonly Span<byte> _destination;

    public ProtoWriter(Span<byte> destination)
    {
        _destination = destination;
        Written = 0;
    }

    public int Written { get; private set; }

    public static int SizeOfVarintField(int field, ulong value) => Varint.GetSize((ulong)field << 3) + Varint.GetSize(value);

    public static int SizeOfBytesField(int field, int length) =>
        Varint.GetSize((ulong)field << 3) + Varint.GetSize((ulong)length) + length;

    public void WriteVarintField(int field, ulong value)
    {
        WriteVarint(((ulong)field << 3) | ProtoReader.WireVarint);
        WriteVarint(value);
    }

    public void WriteBytesField(int field, scoped ReadOnlySpan<byte> value)
    {
        WriteLengthPrefix(field, value.Length);
        value.CopyTo(_destination[Written..]);
        Written += value.Length;
    }

    /// <summary>Writes the key and length of a length-delimited field whose body follows.</summary>
    public void WriteLengthPrefix(int field, int length)
    {
        WriteVarint(((ulong)field << 3) | ProtoReader.WireLengthDelimited);
        WriteVarint((ulong)length);
    }

    private void WriteVarint(ulong value) => Written += Varint.Write(_destination[Written..], value);
}
