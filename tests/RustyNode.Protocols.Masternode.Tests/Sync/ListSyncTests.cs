using System.Net;
using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Crypto;
using RustyNode.Consensus.Masternodes;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;
using RustyNode.Consensus.Service;
using RustyNode.Protocols.Masternode.Messages;
using RustyNode.Protocols.Masternode.Sync;

namespace RustyNode.Protocols.Masternode.Tests.Sync;

/// <summary>The full list in chunks, checked chunk by chunk against the header's commitment (MN-2.3).</summary>
[Collection(MasternodeChainCollection.Name)]
public sealed class ListSyncTests(MasternodeChainFixture chain)
{
    private const int Height = 50;

    /// <summary>A made-up list of <paramref name="count"/> entries, committed by a coinbase under a made-up header.</summary>
    private static (MasternodeListSnapshot Snapshot, BlockHeader Header, MasternodeList List) Synthetic(int count, uint? claimedCount = null)
    {
        var first = ServiceAddress.Create(IPAddress.Parse("10.0.0.1"), 9999);
        byte[] Bytes(string label, int i, int length) => Hashes.DoubleSha256(System.Text.Encoding.ASCII.GetBytes($"{label}/{i}")).ToArray()[..length];
        var entries = Enumerable.Range(0, count).Select(i => new MasternodeEntry(
            Hashes.DoubleSha256(System.Text.Encoding.ASCII.GetBytes($"mn/{i}")),
            new OutPoint(Hashes.DoubleSha256(System.Text.Encoding.ASCII.GetBytes($"collateral/{i}")), 0),
            [0x02, .. Bytes("owner", i, 32)],
            [0x03, .. Bytes("operator", i, 32)],
            ServiceAddress.Offset(first, (uint)i),
            StandardScripts.PayToKeyHash(Bytes("payout", i, 20)),
            20,
            0));
        var list = new MasternodeList(entries);
        var commitment = list.Commitment with { Count = claimedCount ?? list.Commitment.Count };
        var coinbase = new Transaction(1 | (5 << 16), [new TxIn(OutPoint.Null, [.. TransactionValidator.CoinbaseHeightPrefix(Height), 0x00])], [new TxOut(0, [0x51])], 0, ProviderPayloadCodec.Write(commitment));
        var sibling = Hashes.DoubleSha256("sibling"u8);
        var header = new BlockHeader(1, Hash256.Zero, Hashes.HashPair(coinbase.TxId, sibling), 0, 0x207fffff, 0);
        return (new MasternodeListSnapshot(header.Hash, Height, list.SortedEntries, coinbase, [sibling]), header, list);
    }

    private static MasternodeListResponse Chunk(MasternodeListSnapshot snapshot, uint index) =>
        MasternodeChainFixture.OverTheWire(MasternodeSyncMessages.Chunk(snapshot, index)!);

    [Fact]
    [Trait("Clause", "MN-2.2")]
    [Trait("Clause", "MN-2.3")]
    public void A_list_of_three_chunks_is_put_together_and_matches_its_commitment()
    {
        var (snapshot, header, list) = Synthetic(4_100);
        var assembler = new MasternodeListAssembler(header, Height);
        var sizes = new List<int>();
        while (!assembler.IsComplete)
        {
            var chunk = Chunk(snapshot, assembler.NextChunk);
            sizes.Add(chunk.Entries.Count);
            Assert.Equal(3u, chunk.ChunkCount);
            Assert.True(assembler.Add(chunk).IsOk);
        }

        Assert.Equal([2_000, 2_000, 100], sizes);
        Assert.Equal(list.Root, assembler.Result!.Root);
        Assert.Null(MasternodeSyncMessages.Chunk(snapshot, 3));
    }

    [Fact]
    [Trait("Clause", "MN-2.3")]
    public void Headers_only_node_fetches_the_real_list_at_the_tip_and_the_empty_list_at_activation()
    {
        foreach (var height in new[] { chain.Tip, RustyNode.Consensus.Chain.ChainParameters.Regtest.MasternodeActivationHeight })
        {
            var snapshot = chain.A.GetMasternodeListAt(chain.HashAt(height))!;
            var (header, at) = chain.HeaderAt(snapshot.BlockHash);
            var assembler = new MasternodeListAssembler(header, at);
            Assert.True(assembler.Add(Chunk(snapshot, 0)).IsOk);
            Assert.True(assembler.IsComplete);
            Assert.Equal(chain.Roots[height], assembler.Result!.Root);
        }

        Assert.Null(chain.A.GetMasternodeListAt(chain.HashAt(5)));
    }

    [Theory]
    [Trait("Clause", "MN-2.3")]
    [InlineData("tampered-entry", MasternodeSyncFailure.CommitmentMismatch)]
    [InlineData("skipped-chunk", MasternodeSyncFailure.ChunkMismatch)]
    [InlineData("wrong-total", MasternodeSyncFailure.ChunkMismatch)]
    [InlineData("short-chunk", MasternodeSyncFailure.ChunkMismatch)]
    [InlineData("unordered", MasternodeSyncFailure.Unordered)]
    [InlineData("other-block", MasternodeSyncFailure.WrongBlock)]
    [InlineData("bad-branch", MasternodeSyncFailure.BadMerkleBranch)]
    [InlineData("not-a-coinbase", MasternodeSyncFailure.NotACoinbase)]
    public void A_forged_chunk_refuses_the_list(string forgery, MasternodeSyncFailure expected)
    {
        var (snapshot, header, _) = Synthetic(4_100);
        var assembler = new MasternodeListAssembler(header, Height);
        Assert.True(assembler.Add(Chunk(snapshot, 0)).IsOk);
        var second = Chunk(snapshot, 1);
        var forged = forgery switch
        {
            "tampered-entry" => second with { Entries = [.. second.Entries.Take(5), second.Entries[5].Revoked(3), .. second.Entries.Skip(6)] },
            "skipped-chunk" => Chunk(snapshot, 2),
            "wrong-total" => second with { TotalEntries = 4_101 },
            "short-chunk" => second with { Entries = [.. second.Entries.Skip(1)] },
            "unordered" => second with { Entries = [second.Entries[1], second.Entries[0], .. second.Entries.Skip(2)] },
            "other-block" => second with { BlockHash = Hashes.DoubleSha256("other"u8) },
            "bad-branch" => second with { CoinbaseBranch = [Hashes.DoubleSha256("forged"u8)] },
            _ => second with { Coinbase = new Transaction(1, [new TxIn(new OutPoint(Hash256.Zero, 0), new byte[100])], [new TxOut(0, [0x51])], 0) },
        };

        var verdict = assembler.Add(MasternodeChainFixture.OverTheWire(forged));
        if (forgery == "tampered-entry")
        {
            Assert.True(verdict.IsOk);
            verdict = assembler.Add(Chunk(snapshot, 2));
        }

        Assert.Equal(expected, verdict.Failure);
        Assert.False(assembler.IsComplete);
    }

    [Fact]
    [Trait("Clause", "MN-2.3")]
    public void A_commitment_counting_more_than_the_limit_is_refused_at_the_first_chunk()
    {
        var (snapshot, header, _) = Synthetic(10, claimedCount: MasternodeLimits.MaxListEntries + 1);
        var chunk = new MasternodeListResponse(snapshot.BlockHash, 0, 51, MasternodeLimits.MaxListEntries, snapshot.Coinbase, snapshot.CoinbaseBranch, []);
        var verdict = new MasternodeListAssembler(header, Height).Add(chunk);
        Assert.Equal(MasternodeSyncFailure.ChunkMismatch, verdict.Failure);
        var (small, smallHeader, _) = Synthetic(3);
        Assert.Equal(MasternodeSyncFailure.WrongHeight, new MasternodeListAssembler(smallHeader, Height + 1).Add(Chunk(small, 0)).Failure);
    }
}
