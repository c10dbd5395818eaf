using System.Buffers;
using RustyNode.Consensus.Primitives;
using RustyNode.Protocols.Masternode.Messages;

namespace RustyNode.Protocols.Masternode.Tests.Messages;

/// <summary>Golden vectors, round trips, exact consumption and incomplete prefixes of every message (MN-1 to MN-4).</summary>
public class MasternodeMessageCodecTests
{
    private static readonly string[] Names = ["listRequest", "listResponse", "listSyncRequest", "listSync", "poseChallenge", "poseResponse", "update"];

    public static TheoryData<string> AllVectors => [.. Names];

    private static byte[] Write(IMasternodeMessage message)
    {
        var writer = new ArrayBufferWriter<byte>();
        MasternodeMessageCodec.Write(message, writer);
        Assert.Equal(MasternodeMessageCodec.GetSize(message), writer.WrittenCount);
        return writer.WrittenSpan.ToArray();
    }

    [Theory]
    [Trait("Clause", "MN-1.2")]
    [Trait("Clause", "MN-1.3")]
    [MemberData(nameof(AllVectors))]
    public void Every_vector_parses_writes_back_identically_and_every_prefix_is_incomplete(string name)
    {
        var bytes = Vectors.Hex(name);
        var message = MasternodeMessageCodec.Parse(new ReadOnlySequence<byte>(bytes));
        Assert.Equal(bytes, Write(message));

        var buffer = new ReadOnlySequence<byte>([.. bytes, 0xee, 0xff]);
        Assert.True(MasternodeMessageCodec.TryRead(ref buffer, out _));
        Assert.Equal(2, buffer.Length);
        Assert.Throws<MasternodeProtocolException>(() => MasternodeMessageCodec.Parse(new ReadOnlySequence<byte>([.. bytes, 0])));

        for (var length = 0; length < bytes.Length; length++)
        {
            var prefix = new ReadOnlySequence<byte>(bytes, 0, length);
            Assert.False(MasternodeMessageCodec.TryRead(ref prefix, out _));
            Assert.Equal(length, prefix.Length);
        }
    }

    [Fact]
    [Trait("Clause", "MN-2.1")]
    [Trait("Clause", "MN-3.1")]
    public void Requests_carry_their_hashes_and_chunk_index()
    {
        var request = Assert.IsType<MasternodeListRequest>(MasternodeMessageCodec.Parse(new ReadOnlySequence<byte>(Vectors.Hex("listRequest"))));
        Assert.Equal(new string('4', 64), request.BlockHash.ToString());
        Assert.Equal(3u, request.ChunkIndex);
        Assert.True(MasternodeMessageCodec.IsRequest(request.Type));

        var sync = Assert.IsType<MasternodeListSyncRequest>(MasternodeMessageCodec.Parse(new ReadOnlySequence<byte>(Vectors.Hex("listSyncRequest"))));
        Assert.Equal(new string('5', 64), sync.BaseBlockHash.ToString());
        Assert.Equal(new string('4', 64), sync.TargetBlockHash.ToString());

        // The body codecs read the same bytes without the code byte, and consume exactly the body.
        var body = new ReadOnlySequence<byte>([.. Vectors.Hex("listSyncRequest")[1..], 0x01]);
        Assert.True(MasternodeListSyncRequestCodec.TryRead(ref body, out var again));
        Assert.Equal(sync, again);
        Assert.Equal(1, body.Length);
    }

    [Fact]
    [Trait("Clause", "MN-2.2")]
    [Trait("Clause", "MN-3.2")]
    public void List_response_and_diff_carry_the_coinbase_branch_and_entries()
    {
        var coinbaseId = (string?)Vectors.Masternode["coinbase"]!["txid"];
        var chunk = Assert.IsType<MasternodeListResponse>(MasternodeMessageCodec.Parse(new ReadOnlySequence<byte>(Vectors.Hex("listResponse"))));
        Assert.Equal((0u, 1u, 1u), (chunk.ChunkIndex, chunk.ChunkCount, chunk.TotalEntries));
        Assert.Equal(coinbaseId, chunk.Coinbase.TxId.ToString());
        Assert.Equal(new string('9', 64), Assert.Single(chunk.CoinbaseBranch).ToString());
        Assert.Equal(new string('1', 64), Assert.Single(chunk.Entries).ProTxHash.ToString());
        Assert.False(MasternodeMessageCodec.IsRequest(chunk.Type));

        var diff = Assert.IsType<MasternodeListSync>(MasternodeMessageCodec.Parse(new ReadOnlySequence<byte>(Vectors.Hex("listSync"))));
        Assert.Equal(coinbaseId, diff.Coinbase.TxId.ToString());
        Assert.Single(diff.Added);
        Assert.Empty(diff.Updated);
        Assert.Empty(diff.Removed);
    }

    [Fact]
    [Trait("Clause", "MN-4.1")]
    [Trait("Clause", "MN-4.2")]
    public void Liveness_messages_parse_and_their_signing_hashes_match_the_vectors()
    {
        var update = Assert.IsType<MasternodeUpdate>(MasternodeMessageCodec.Parse(new ReadOnlySequence<byte>(Vectors.Hex("update"))));
        Assert.Equal(MasternodeStatus.Serving, update.Status);
        Assert.Equal(1_767_225_600UL, update.Timestamp);
        Assert.Equal((string?)Vectors.Masternode["updateSigningHash"], update.SigningHash().ToString());

        var challenge = Assert.IsType<PoSeChallenge>(MasternodeMessageCodec.Parse(new ReadOnlySequence<byte>(Vectors.Hex("poseChallenge"))));
        var response = Assert.IsType<PoSeResponse>(MasternodeMessageCodec.Parse(new ReadOnlySequence<byte>(Vectors.Hex("poseResponse"))));
        Assert.Equal((challenge.ProTxHash, challenge.Nonce, challenge.BlockHash), (response.ProTxHash, response.Nonce, response.BlockHash));
        Assert.Equal((string?)Vectors.Masternode["poseSigningHash"], response.SigningHash().ToString());
        Assert.Equal(PoSeResponse.SigningHash(challenge.ProTxHash, challenge.Nonce, challenge.BlockHash), response.SigningHash());

        var leaving = update with { Status = MasternodeStatus.Leaving };
        Assert.NotEqual(update.SigningHash(), leaving.SigningHash());
        Assert.NotEqual(update.SigningHash(), (update with { Timestamp = update.Timestamp + 1 }).SigningHash());
        var badStatus = Vectors.Hex("update");
        badStatus[1 + 32 + 32 + 8] = 3;
        Assert.Throws<MasternodeProtocolException>(() => MasternodeMessageCodec.Parse(new ReadOnlySequence<byte>(badStatus)));
    }

    [Fact]
    [Trait("Clause", "MN-1.2")]
    public void Unknown_codes_and_empty_payloads_are_malformed()
    {
        foreach (var code in new byte[] { 0x00, 0x08, 0x81, 0xff })
        {
            Assert.Throws<MasternodeProtocolException>(() => MasternodeMessageCodec.Parse(new ReadOnlySequence<byte>([code, .. new byte[100]])));
        }

        Assert.Throws<MasternodeProtocolException>(() => MasternodeMessageCodec.Parse(ReadOnlySequence<byte>.Empty));
    }

    [Fact]
    [Trait("Clause", "MN-1.3")]
    public void Messages_split_across_segments_read_the_same()
    {
        foreach (var name in Names)
        {
            var bytes = Vectors.Hex(name);
            var split = Segments(bytes, 7);
            Assert.Equal(bytes, Write(MasternodeMessageCodec.Parse(split)));
        }
    }

    [Fact]
    [Trait("Clause", "MN-1.3")]
    public void Random_and_mutated_input_is_incomplete_or_refused_never_anything_else()
    {
        var random = new Random(404);
        var vectors = Names.Select(Vectors.Hex).ToArray();
        for (var i = 0; i < 5_000; i++)
        {
            byte[] bytes;
            if (i % 2 == 0)
            {
                bytes = new byte[random.Next(0, 400)];
                random.NextBytes(bytes);
            }
            else
            {
                bytes = (byte[])vectors[random.Next(vectors.Length)].Clone();
                bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
            }

            var buffer = new ReadOnlySequence<byte>(bytes);
            try
            {
                if (MasternodeMessageCodec.TryRead(ref buffer, out var message))
                {
                    Assert.Equal(bytes.AsSpan(0, bytes.Length - (int)buffer.Length).ToArray(), Write(message));
                }
            }
            catch (MasternodeProtocolException)
            {
            }
        }
    }

    private static ReadOnlySequence<byte> Segments(byte[] bytes, int size)
    {
        Segment? first = null;
        Segment? last = null;
        for (var offset = 0; offset < bytes.Length; offset += size)
        {
            var memory = bytes.AsMemory(offset, Math.Min(size, bytes.Length - offset));
            last = last is null ? first = new Segment(memory, 0) : last.Append(memory);
        }

        return first is null ? ReadOnlySequence<byte>.Empty : new ReadOnlySequence<byte>(first, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
