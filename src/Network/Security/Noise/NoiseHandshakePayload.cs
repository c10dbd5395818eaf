using System.Text;
using RustyNode.Network.Identity.Protobuf;

namespace RustyNode.Network.Security.Noise;

/// <summary>
/// The libp2p NoiseHandshakePayload (NOISE-2.1): identity_key = 1, identity_sig = 2,
/// extensions = 4 { webtransport_certhashes = 1, stream_muxers = 2 }. Unknown fields are skipped.
/// </summary>
internal sealed class NoiseHandshakePayload
{
    private const int IdentityKeyField = 1;
    private const int IdentitySignatureField = 2;
    private const int ExtensionsField = 4;
    private const int CertHashesField = 1;
    private const int StreamMuxersField = 2;

    private static readonly Func<string, Exception> Error = static message => new NoiseProtocolException(message);

    public byte[] IdentityKey { get; init; } = [];

    public byte[] IdentitySignature { get; init; } = [];

    public IReadOnlyList<byte[]> WebTransportCertHashes { get; init; } = [];

    public IReadOnlyList<string> StreamMuxers { get; init; } = [];

    /// <summary>Decodes a payload received in a handshake message.</summary>
    /// <exception cref="NoiseProtocolException">Malformed or over a limit.</exception>
    public static NoiseHandshakePayload Parse(ReadOnlySpan<byte> payload)
    {
        var reader = new ProtoReader(payload, Error);
        byte[] key = [], signature = [];
        List<byte[]> certHashes = [];
        List<string> muxers = [];
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch (field)
            {
                case IdentityKeyField:
                    reader.Expect(wireType, ProtoReader.WireLengthDelimited, "identity_key");
                    key = reader.ReadBytes(NoiseLimits.MaxIdentityKeyLength, "identity_key").ToArray();
                    break;
                case IdentitySignatureField:
                    reader.Expect(wireType, ProtoReader.WireLengthDelimited, "identity_sig");
                    signature = reader.ReadBytes(NoiseLimits.MaxIdentitySignatureLength, "identity_sig").ToArray();
                    break;
                case ExtensionsField:
                    reader.Expect(wireType, ProtoReader.WireLengthDelimited, "extensions");
                    ParseExtensions(reader.ReadBytes(NoiseLimits.MaxExtensionsLength, "extensions"), certHashes, muxers);
                    break;
                default:
                    reader.SkipField(wireType);
                    break;
            }
        }

        return new NoiseHandshakePayload
        {
            IdentityKey = key,
            IdentitySignature = signature,
            WebTransportCertHashes = certHashes,
            StreamMuxers = muxers,
        };
    }

    /// <summary>Encodes the payload, fields in ascending order; extensions only when non-empty.</summary>
    public byte[] ToBytes()
    {
        var extensionsSize = ExtensionsSize();
        var size = ProtoWriter.SizeOfBytesField(IdentityKeyField, IdentityKey.Length)
            + ProtoWriter.SizeOfBytesField(IdentitySignatureField, IdentitySignature.Length)
            + (extensionsSize > 0 ? ProtoWriter.SizeOfBytesField(ExtensionsField, extensionsSize) : 0);
        var result = new byte[size];
        var writer = new ProtoWriter(result);
        writer.WriteBytesField(IdentityKeyField, IdentityKey);
        writer.WriteBytesField(IdentitySignatureField, IdentitySignature);
        if (extensionsSize > 0)
        {
            writer.WriteLengthPrefix(ExtensionsField, extensionsSize);
            foreach (var hash in WebTransportCertHashes)
            {
                writer.WriteBytesField(CertHashesField, hash);
            }

            foreach (var muxer in StreamMuxers)
            {
                writer.WriteBytesField(StreamMuxersField, Encoding.UTF8.GetBytes(muxer));
            }
        }

        return result;
    }

    private int ExtensionsSize()
    {
        var size = 0;
        foreach (var hash in WebTransportCertHashes)
        {
            size += ProtoWriter.SizeOfBytesField(CertHashesField, hash.Length);
        }

        foreach (var muxer in StreamMuxers)
        {
            size += ProtoWriter.SizeOfBytesField(StreamMuxersField, Encoding.UTF8.GetByteCount(muxer));
        }

        return size;
    }

    private static void ParseExtensions(ReadOnlySpan<byte> extensions, List<byte[]> certHashes, List<string> muxers)
    {
        var reader = new ProtoReader(extensions, Error);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch (field)
            {
                case CertHashesField:
                    reader.Expect(wireType, ProtoReader.WireLengthDelimited, "webtransport_certhashes");
                    var hash = reader.ReadBytes(NoiseLimits.MaxCertHashLength, "webtransport_certhashes").ToArray();
                    AddBounded(certHashes, hash, NoiseLimits.MaxCertHashes, "webtransport_certhashes");
                    break;
                case StreamMuxersField:
                    reader.Expect(wireType, ProtoReader.WireLengthDelimited, "stream_muxers");
                    var name = DecodeUtf8(reader.ReadBytes(NoiseLimits.MaxStreamMuxerNameLength, "stream_muxers"));
                    AddBounded(muxers, name, NoiseLimits.MaxStreamMuxers, "stream_muxers");
                    break;
                default:
                    reader.SkipField(wireType);
                    break;
            }
        }
    }

    private static void AddBounded<T>(List<T> list, T item, int max, string name)
    {
        if (list.Count >= max)
        {
            throw new NoiseProtocolException($"Noise extensions carry more than {max} {name} entries.");
        }

        list.Add(item);
    }

    private static string DecodeUtf8(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new NoiseProtocolException("Noise extensions carry a stream muxer name that is not UTF-8.", ex);
        }
    }
}
