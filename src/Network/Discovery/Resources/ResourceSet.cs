using System.Text;
using RustyNode.Network.Identity;
using RustyNode.Network.Identity.Protobuf;

namespace RustyNode.Network.Discovery.Resources;

/// <summary>
/// The signed value of a <c>/rusty/</c> record (RES-2.1): the record key it belongs to, a sequence
/// number (higher wins), and the resources, sealed in a signed envelope (ID-3) of domain
/// <see cref="Domain"/> by the publisher.
/// </summary>
public sealed record ResourceSet(byte[] Key, ulong Sequence, IReadOnlyList<ResourceEntry> Entries)
{
    /// <summary>The envelope domain.</summary>
    public const string Domain = "rusty-resource";

    private const int KeyField = 1;
    private const int SequenceField = 2;
    private const int EntryField = 3;
    private const int TypeField = 1;
    private const int IdField = 2;
    private const int DataField = 3;
    private const int ExpiresField = 4;

    /// <summary>The envelope payload type: "/rusty/resource-set" as UTF-8.</summary>
    public static ReadOnlySpan<byte> PayloadType => "/rusty/resource-set"u8;

    /// <summary>Seals the set with the publisher's key; the result is the record value.</summary>
    public byte[] Seal(Ed25519PrivateKey key) => SignedEnvelope.Seal(key, Domain, PayloadType, ToProtobuf()).ToBytes();

    /// <summary>Opens and checks the signature of a record value, returning the set and its signer.</summary>
    /// <exception cref="ResourceException">Not a validly signed resource set.</exception>
    public static (ResourceSet Set, PeerId Signer) Open(ReadOnlySpan<byte> value)
    {
        SignedEnvelope envelope;
        try
        {
            envelope = SignedEnvelope.Open(value, Domain);
        }
        catch (Libp2pProtocolException ex)
        {
            throw new ResourceException($"Not a signed resource set: {ex.Message}", ex);
        }

        if (!envelope.PayloadType.AsSpan().SequenceEqual(PayloadType))
        {
            throw new ResourceException("The envelope does not carry a resource set.");
        }

        return (Parse(envelope.Payload), envelope.PublicKey.ToPeerId());
    }

    /// <summary>The payload protobuf, fields in ascending order.</summary>
    public byte[] ToProtobuf()
    {
        var entries = Entries.Select(EntryBytes).ToArray();
        var size = ProtoWriter.SizeOfBytesField(KeyField, Key.Length) + ProtoWriter.SizeOfVarintField(SequenceField, Sequence)
            + entries.Sum(e => ProtoWriter.SizeOfBytesField(EntryField, e.Length));
        var result = new byte[size];
        var writer = new ProtoWriter(result);
        writer.WriteBytesField(KeyField, Key);
        writer.WriteVarintField(SequenceField, Sequence);
        foreach (var entry in entries)
        {
            writer.WriteBytesField(EntryField, entry);
        }

        return result;
    }

    /// <summary>Decodes the payload protobuf.</summary>
    /// <exception cref="ResourceException">Malformed or over a limit.</exception>
    public static ResourceSet Parse(ReadOnlySpan<byte> payload)
    {
        var reader = new ProtoReader(payload, static m => new ResourceException(m));
        byte[] key = [];
        ulong sequence = 0;
        var entries = new List<ResourceEntry>();
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case KeyField:
                    reader.Expect(wire, ProtoReader.WireLengthDelimited, "key");
                    key = reader.ReadBytes(Kademlia.KadLimits.MaxKeyLength, "key").ToArray();
                    break;
                case SequenceField:
                    reader.Expect(wire, ProtoReader.WireVarint, "seq");
                    sequence = reader.ReadVarint();
                    break;
                case EntryField:
                    reader.Expect(wire, ProtoReader.WireLengthDelimited, "entry");
                    if (entries.Count >= ResourceLimits.MaxResourcesPerIndex)
                    {
                        throw new ResourceException($"A resource set carries more than {ResourceLimits.MaxResourcesPerIndex} entries.");
                    }

                    entries.Add(ParseEntry(reader.ReadBytes(payload.Length, "entry")));
                    break;
                default:
                    reader.SkipField(wire);
                    break;
            }
        }

        return new ResourceSet(key, sequence, entries);
    }

    private static byte[] EntryBytes(ResourceEntry entry)
    {
        var type = Encoding.UTF8.GetBytes(entry.Type);
        var id = Encoding.UTF8.GetBytes(entry.Id);
        var size = ProtoWriter.SizeOfBytesField(TypeField, type.Length) + ProtoWriter.SizeOfBytesField(IdField, id.Length)
            + ProtoWriter.SizeOfBytesField(DataField, entry.Data.Length) + ProtoWriter.SizeOfVarintField(ExpiresField, entry.ExpiresUnixSeconds);
        var result = new byte[size];
        var writer = new ProtoWriter(result);
        writer.WriteBytesField(TypeField, type);
        writer.WriteBytesField(IdField, id);
        writer.WriteBytesField(DataField, entry.Data);
        writer.WriteVarintField(ExpiresField, entry.ExpiresUnixSeconds);
        return result;
    }

    private static ResourceEntry ParseEntry(ReadOnlySpan<byte> bytes)
    {
        var reader = new ProtoReader(bytes, static m => new ResourceException(m));
        string type = string.Empty, id = string.Empty;
        byte[] data = [];
        ulong expires = 0;
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case TypeField:
                    reader.Expect(wire, ProtoReader.WireLengthDelimited, "type");
                    type = Utf8(reader.ReadBytes(ResourceLimits.MaxTypeLength, "type"));
                    break;
                case IdField:
                    reader.Expect(wire, ProtoReader.WireLengthDelimited, "id");
                    id = Utf8(reader.ReadBytes(ResourceLimits.MaxIdLength, "id"));
                    break;
                case DataField:
                    reader.Expect(wire, ProtoReader.WireLengthDelimited, "data");
                    data = reader.ReadBytes(ResourceLimits.MaxDataLength, "data").ToArray();
                    break;
                case ExpiresField:
                    reader.Expect(wire, ProtoReader.WireVarint, "expires");
                    expires = reader.ReadVarint();
                    break;
                default:
                    reader.SkipField(wire);
                    break;
            }
        }

        return new ResourceEntry(type, id, data, expires);
    }

    private static string Utf8(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new ResourceException("A resource type or id is not UTF-8.", ex);
        }
    }
}
