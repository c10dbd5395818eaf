using System.Buffers;
using System.Net;
using System.Text.Json.Nodes;
using RustyNode.Consensus.Masternodes;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Tests.Masternodes;

/// <summary>Byte layouts of entries, payloads and service addresses against specs/vectors/chain/masternodes.json.</summary>
public class MasternodeCodecTests
{
    private static readonly JsonObject Vector = JsonNode.Parse(File.ReadAllText(Vectors.Path("chain/masternodes.json")))!.AsObject();

    private static byte[] Hex(JsonNode? node) => Convert.FromHexString((string)node!);

    [Fact]
    [Trait("Clause", "MNL-4.1")]
    public void Entry_golden_vector_round_trips_and_is_consumed_exactly()
    {
        var bytes = Hex(Vector["entry"]!["hex"]);
        var entry = MasternodeEntryCodec.FromBytes(bytes);
        Assert.Equal(new string('1', 64), entry.ProTxHash.ToString());
        Assert.Equal(1u, entry.Collateral.Index);
        Assert.Equal(1000, entry.RegisteredHeight);
        Assert.Equal(2, entry.RevocationReason);
        Assert.Equal("/ip4/127.0.0.1/tcp/4001", ServiceAddress.ToText(entry.Service));
        Assert.Equal(bytes, entry.ToBytes());
        Assert.Equal(bytes.Length, entry.Size);
        Assert.Equal((string?)Vector["entry"]!["leafHash"], entry.LeafHash.ToString());

        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>([.. bytes, 0xee]));
        Assert.True(MasternodeEntryCodec.TryRead(ref reader, out _));
        Assert.Equal(bytes.Length, reader.Consumed);
        Assert.Throws<ConsensusFormatException>(() => MasternodeEntryCodec.FromBytes(bytes.Concat(new byte[] { 0 }).ToArray()));
    }

    [Fact]
    [Trait("Clause", "MNL-4.1")]
    public void Truncated_entries_are_incomplete_and_over_limit_lengths_are_refused_before_reading()
    {
        var bytes = Hex(Vector["entry"]!["hex"]);
        for (var length = 0; length < bytes.Length; length++)
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes, 0, length));
            Assert.False(MasternodeEntryCodec.TryRead(ref reader, out _));
            Assert.Equal(0, reader.Consumed);
        }

        var serviceLength = 32 + 36 + 33 + 33;
        var oversize = (byte[])bytes.Clone();
        oversize[serviceLength] = MasternodeRuleLimits.MaxServiceSize + 1;
        Assert.True(Assert.Throws<ConsensusFormatException>(() =>
        {
            var over = new SequenceReader<byte>(new ReadOnlySequence<byte>(oversize));
            MasternodeEntryCodec.TryRead(ref over, out _);
        }).IsOverLimit);
    }

    [Fact]
    [Trait("Clause", "MNL-4.1")]
    public void Random_bytes_are_incomplete_or_refused_never_anything_else()
    {
        var random = new Random(4);
        for (var i = 0; i < 2_000; i++)
        {
            var bytes = new byte[random.Next(0, 260)];
            random.NextBytes(bytes);
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
            try
            {
                if (MasternodeEntryCodec.TryRead(ref reader, out var entry))
                {
                    Assert.Equal(bytes.AsSpan(0, (int)reader.Consumed).ToArray(), entry.ToBytes());
                }
            }
            catch (ConsensusFormatException)
            {
            }
        }
    }

    [Fact]
    [Trait("Clause", "MNL-4.2")]
    public void List_root_orders_entries_by_id_as_a_little_endian_number()
    {
        var entries = Vector["list"]!["entries"]!.AsArray().Select(e => MasternodeEntryCodec.FromBytes(Hex(e))).ToList();
        var list = new MasternodeList(entries);
        Assert.Equal(Vector["list"]!["sortedIds"]!.AsArray().Select(n => (string?)n), list.SortedEntries.Select(e => e.ProTxHash.ToString()));
        Assert.Equal((string?)Vector["list"]!["root"], list.Root.ToString());
        Assert.Equal(Hash256.Zero, new MasternodeList().Root);
        Assert.Throws<ArgumentException>(() => new MasternodeList([entries[0], entries[0]]));
    }

    [Fact]
    [Trait("Clause", "MNL-2.2")]
    [Trait("Clause", "MNL-2.1")]
    public void Payload_golden_vectors_parse_and_write_back_exactly()
    {
        var payloads = Vector["payloads"]!;
        var register = Hex(payloads["register"]);
        Assert.True(ProviderPayloadCodec.TryParse(register, out ProviderRegisterPayload r));
        Assert.Equal(new OutPoint(Hash256.Parse(new string('2', 64)), 1), r.Collateral);
        Assert.Empty(r.CollateralProof);
        Assert.Equal(register, ProviderPayloadCodec.Write(r));

        var service = Hex(payloads["updateService"]);
        Assert.True(ProviderPayloadCodec.TryParse(service, out ProviderUpdateServicePayload s));
        Assert.Equal(service, ProviderPayloadCodec.Write(s));
        var registrar = Hex(payloads["updateRegistrar"]);
        Assert.True(ProviderPayloadCodec.TryParse(registrar, out ProviderUpdateRegistrarPayload g));
        Assert.Equal(registrar, ProviderPayloadCodec.Write(g));
        var revoke = Hex(payloads["revoke"]);
        Assert.True(ProviderPayloadCodec.TryParse(revoke, out ProviderRevokePayload v));
        Assert.Equal(3, v.Reason);
        Assert.Equal(revoke, ProviderPayloadCodec.Write(v));
        var coinbase = Hex(payloads["coinbase"]);
        Assert.True(ProviderPayloadCodec.TryParse(coinbase, out CoinbaseCommitment c));
        Assert.Equal(5u, c.Count);
        Assert.Equal(coinbase, ProviderPayloadCodec.Write(c));

        // Exactly the bytes: one more or one less is malformed.
        Assert.False(ProviderPayloadCodec.TryParse([.. service, 0], out ProviderUpdateServicePayload _));
        Assert.False(ProviderPayloadCodec.TryParse(service[..^1], out ProviderUpdateServicePayload _));
        Assert.False(ProviderPayloadCodec.TryParse(coinbase, out ProviderRevokePayload _));
    }

    [Fact]
    [Trait("Clause", "MNL-2.5")]
    [Trait("Clause", "MNL-2.6")]
    public void Signing_hash_and_inputs_hash_match_the_vectors()
    {
        Assert.True(ProviderPayloadCodec.TryParse(Hex(Vector["payloads"]!["updateService"]), out ProviderUpdateServicePayload payload));
        Assert.Equal((string?)Vector["updateServiceSigningHash"], ProviderPayloadCodec.SigningHash(payload).ToString());

        var tx = new Transaction(1, [new TxIn(new OutPoint(Hash256.FromDisplayBytes(Enumerable.Repeat((byte)0xaa, 32).ToArray()), 0), []), new TxIn(new OutPoint(Hash256.FromDisplayBytes(Enumerable.Repeat((byte)0xbb, 32).ToArray()), 7), [])], [new TxOut(1, [0x51])], 0);
        Assert.Equal((string?)Vector["inputsHash"]!["hash"], ProviderPayloadCodec.InputsHash(tx).ToString());
    }

    [Theory]
    [Trait("Clause", "MNL-2.4")]
    [InlineData("127.0.0.1", 4001, "047f000001060fa1")]
    [InlineData("::1", 443, "2900000000000000000000000000000001" + "0601bb")]
    public void Service_addresses_are_binary_multiaddrs(string ip, int port, string hex)
    {
        var bytes = ServiceAddress.Create(IPAddress.Parse(ip), port);
        Assert.Equal(hex, Convert.ToHexStringLower(bytes));
        Assert.Equal(hex, (string?)Vector["service"]![$"/{(ip.Contains(':') ? "ip6" : "ip4")}/{ip}/tcp/{port}"]);
        Assert.True(ServiceAddress.IsValid(bytes));
        Assert.Equal($"/{(ip.Contains(':') ? "ip6" : "ip4")}/{ip}/tcp/{port}", ServiceAddress.ToText(bytes));
    }

    [Theory]
    [Trait("Clause", "MNL-2.4")]
    [InlineData("047f0000010600")]
    [InlineData("047f00000106000000")]
    [InlineData("04000000000600500")]
    [InlineData("047f000001110fa1")]
    [InlineData("067f000001060fa1")]
    [InlineData("297f000001060fa1")]
    [InlineData("")]
    public void Other_service_forms_are_refused(string hex)
    {
        var bytes = Convert.FromHexString(hex.Length % 2 == 0 ? hex : hex + "0");
        Assert.False(ServiceAddress.IsValid(bytes));
        Assert.False(ServiceAddress.IsValid([0x04, 0, 0, 0, 0, 0x06, 0x0f, 0xa1]));
        Assert.False(ServiceAddress.IsValid([0x04, 1, 2, 3, 4, 0x06, 0, 0]));
    }
}
