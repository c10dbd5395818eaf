using System.Buffers;
using RustyNode.Consensus.Masternodes;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;
using RustyNode.Network.RequestResponse;
using RustyNode.Protocols.Masternode.Messages;

namespace RustyNode.Protocols.Masternode.Tests.Messages;

/// <summary>Every count and length is checked against its limit as soon as it is read (MN-1.1, MN-5).</summary>
public class MasternodeLimitTests
{
    private static readonly byte[] Block = new byte[32];

    /// <summary>Asserts the bytes are refused as over a limit although the message is not complete: nothing was waited for.</summary>
    private static void AssertOverLimit(byte[] prefix)
    {
        var exception = Assert.Throws<MasternodeProtocolException>(() =>
        {
            var buffer = new ReadOnlySequence<byte>(prefix);
            MasternodeMessageCodec.TryRead(ref buffer, out _);
        });
        Assert.True(exception.IsOverLimit, exception.Message);
    }

    private static byte[] Coinbase() => Vectors.Hex("listResponse")[(1 + 32 + 12)..(1 + 32 + 12 + 1 + 104)];

    private static byte[] U32(uint value) => BitConverter.GetBytes(value);

    [Fact]
    [Trait("Clause", "MN-5.1")]
    [Trait("Clause", "MN-2.2")]
    public void List_response_counts_over_their_limits_are_refused_before_the_data_arrives()
    {
        AssertOverLimit([0x02, .. Block, .. U32(0), .. U32(1), .. U32(MasternodeLimits.MaxListEntries + 1)]);
        AssertOverLimit([0x02, .. Block, .. U32(0), .. U32(1), .. U32(1), 0xfe, .. U32(MasternodeLimits.MaxCoinbaseSize + 1)]);
        AssertOverLimit([0x02, .. Block, .. U32(0), .. U32(1), .. U32(1), .. Coinbase(), MasternodeLimits.MaxMerkleBranch + 1]);
        AssertOverLimit([0x02, .. Block, .. U32(0), .. U32(1), .. U32(1), .. Coinbase(), 0, 0xfd, .. BitConverter.GetBytes((ushort)(MasternodeLimits.MaxEntriesPerChunk + 1))]);
        Assert.Throws<MasternodeProtocolException>(() => MasternodeMessageCodec.Parse(new ReadOnlySequence<byte>([0x02, .. Block, .. U32(1), .. U32(1), .. U32(1)])));
        Assert.Throws<MasternodeProtocolException>(() => MasternodeMessageCodec.Parse(new ReadOnlySequence<byte>([0x02, .. Block, .. U32(0), .. U32(MasternodeLimits.MaxChunks + 1), .. U32(1)])));
    }

    [Fact]
    [Trait("Clause", "MN-5.1")]
    [Trait("Clause", "MN-3.2")]
    public void Diff_counts_over_their_limits_are_refused_before_the_data_arrives()
    {
        byte[] head = [0x04, .. Block, .. Block, .. Coinbase(), 0];
        AssertOverLimit([.. head, 0xfd, .. BitConverter.GetBytes((ushort)(MasternodeLimits.MaxDiffEntries + 1))]);
        AssertOverLimit([.. head, 0, 0xfd, .. BitConverter.GetBytes((ushort)(MasternodeLimits.MaxDiffEntries + 1))]);
        AssertOverLimit([.. head, 0, 0, 0xfd, .. BitConverter.GetBytes((ushort)(MasternodeLimits.MaxDiffRemoved + 1))]);

        // Added and updated share one budget.
        var entry = Convert.FromHexString((string)Vectors.Masternode["listResponse"]!.ToString()[^350..]);
        Assert.Equal(175, entry.Length);
        AssertOverLimit([.. head, 1, .. entry, 0xfd, .. BitConverter.GetBytes((ushort)MasternodeLimits.MaxDiffEntries)]);
    }

    [Fact]
    [Trait("Clause", "MN-5.1")]
    [Trait("Clause", "MN-4.1")]
    public void Signatures_over_72_bytes_and_non_shortest_counts_are_refused()
    {
        AssertOverLimit([0x07, .. Block, .. Block, .. new byte[8], 1, MasternodeLimits.MaxSignatureSize + 1]);
        AssertOverLimit([0x06, .. Block, .. Block, .. Block, MasternodeLimits.MaxSignatureSize + 1]);
        var nonShortest = Assert.Throws<MasternodeProtocolException>(() => MasternodeMessageCodec.Parse(new ReadOnlySequence<byte>([0x06, .. Block, .. Block, .. Block, 0xfd, 8, 0, .. new byte[8]])));
        Assert.False(nonShortest.IsOverLimit);
    }

    [Fact]
    [Trait("Clause", "MN-5.1")]
    public void Writers_refuse_messages_over_a_limit()
    {
        var chunk = (MasternodeListResponse)MasternodeMessageCodec.Parse(new ReadOnlySequence<byte>(Vectors.Hex("listResponse")));
        var tooMany = chunk with { Entries = [.. Enumerable.Repeat(chunk.Entries[0], MasternodeLimits.MaxEntriesPerChunk + 1)] };
        Assert.Throws<ArgumentOutOfRangeException>(() => MasternodeMessageCodec.Write(tooMany, new ArrayBufferWriter<byte>()));
        var update = (MasternodeUpdate)MasternodeMessageCodec.Parse(new ReadOnlySequence<byte>(Vectors.Hex("update")));
        Assert.Throws<ArgumentOutOfRangeException>(() => MasternodeMessageCodec.Write(update with { Signature = new byte[73] }, new ArrayBufferWriter<byte>()));
    }

    [Fact]
    [Trait("Clause", "MN-1.1")]
    public void The_largest_messages_fit_the_frame_limits_of_the_protocol()
    {
        Assert.Equal("/rusty/masternode/1.0", MasternodeProtocol.ProtocolId);
        Assert.Equal("/rusty/masternode/updates/1.0", MasternodeProtocol.UpdatesTopic);
        Assert.True(MasternodeLimits.MaxResponseSize <= RequestResponseLimits.MaxMessageSize);

        var largest = new MasternodeEntry(Hash256.Zero, default, new byte[33], new byte[33], new byte[MasternodeRuleLimits.MaxServiceSize], new byte[MasternodeRuleLimits.MaxPayoutScriptSize], 0, 0);
        Assert.Equal(MasternodeRuleLimits.MaxEntrySize, largest.Size);
        var coinbase = new Transaction(1, [new TxIn(OutPoint.Null, new byte[100])], [new TxOut(0, new byte[MasternodeLimits.MaxCoinbaseSize - 200])], 0);
        Assert.True(coinbase.Size <= MasternodeLimits.MaxCoinbaseSize);
        var branch = Enumerable.Repeat(Hash256.Zero, MasternodeLimits.MaxMerkleBranch).ToArray();
        var chunk = new MasternodeListResponse(Hash256.Zero, 0, 1, 1, coinbase, branch, [.. Enumerable.Repeat(largest, MasternodeLimits.MaxEntriesPerChunk)]);
        Assert.True(MasternodeMessageCodec.GetSize(chunk) <= MasternodeLimits.MaxResponseSize);
        var diff = new MasternodeListSync(Hash256.Zero, Hash256.Zero, coinbase, branch, [.. Enumerable.Repeat(largest, MasternodeLimits.MaxDiffEntries)], [], [.. Enumerable.Repeat(Hash256.Zero, MasternodeLimits.MaxDiffRemoved)]);
        Assert.True(MasternodeMessageCodec.GetSize(diff) <= MasternodeLimits.MaxResponseSize);
        Assert.True(MasternodeMessageCodec.GetSize(new PoSeChallenge(Hash256.Zero, Hash256.Zero, Hash256.Zero)) <= MasternodeLimits.MaxRequestSize);
        Assert.Equal(MasternodeLimits.MaxUpdateSize, MasternodeMessageCodec.GetSize(new MasternodeUpdate(Hash256.Zero, Hash256.Zero, 0, MasternodeStatus.Serving, new byte[MasternodeLimits.MaxSignatureSize])));
    }
}
