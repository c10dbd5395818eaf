using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;
using RustyNode.Protocols.BlockSync.CompactBlocks.ShortIds;

namespace RustyNode.Protocols.BlockSync.Tests.CompactBlocks;

public class ShortIdTests
{
    [Fact]
    [Trait("Clause", "CB-3.2")]
    public void SipHash_matches_the_reference_vectors_of_its_authors()
    {
        var sip = CompactTestData.Vectors().GetProperty("siphash24");
        var key = Convert.FromHexString(sip.GetProperty("key").GetString()!);
        var k0 = BinaryPrimitives.ReadUInt64LittleEndian(key);
        var k1 = BinaryPrimitives.ReadUInt64LittleEndian(key.AsSpan(8));
        var outputs = sip.GetProperty("outputs").EnumerateArray().Select(e => ulong.Parse(e.GetString()!, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(64, outputs.Length);
        for (var n = 0; n < outputs.Length; n++)
        {
            var message = Enumerable.Range(0, n).Select(i => (byte)i).ToArray();
            Assert.Equal(outputs[n], SipHash24.Hash(k0, k1, message));
        }
    }

    [Fact]
    [Trait("Clause", "CB-3.2")]
    public void The_32_byte_fast_path_equals_the_general_function()
    {
        var random = new Random(12);
        var bytes = new byte[32];
        for (var i = 0; i < 200; i++)
        {
            random.NextBytes(bytes);
            var k0 = (ulong)random.NextInt64();
            var k1 = (ulong)random.NextInt64();
            var fast = SipHash24.Hash32(
                k0,
                k1,
                BinaryPrimitives.ReadUInt64LittleEndian(bytes),
                BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(8)),
                BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(16)),
                BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(24)));
            Assert.Equal(SipHash24.Hash(k0, k1, bytes), fast);
        }
    }

    [Fact]
    [Trait("Clause", "CB-3.1")]
    [Trait("Clause", "CB-3.2")]
    public void Short_id_keys_and_short_ids_match_the_hand_made_vectors()
    {
        var cases = CompactTestData.Vectors().GetProperty("shortIds").EnumerateArray().ToList();
        Assert.Equal(2, cases.Count);
        foreach (var c in cases)
        {
            var header = BlockHeader.FromBytes(Convert.FromHexString(c.GetProperty("header").GetString()!));
            var key = ShortIdKey.From(header, Hex64(c.GetProperty("nonce").GetString()!));
            Assert.Equal(Hex64(c.GetProperty("k0").GetString()!), key.K0);
            Assert.Equal(Hex64(c.GetProperty("k1").GetString()!), key.K1);
            foreach (var tx in c.GetProperty("txids").EnumerateArray())
            {
                var id = key.Compute(new Hash256(Convert.FromHexString(tx.GetProperty("txid").GetString()!)));
                Assert.Equal(Hex64(tx.GetProperty("shortId").GetString()!), id);
                Assert.True(id <= ShortIdKey.Mask);
                var wire = new byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(wire, id);
                Assert.Equal(tx.GetProperty("wire").GetString(), Convert.ToHexString(wire, 0, 6).ToLowerInvariant());
            }
        }
    }

    [Fact]
    [Trait("Clause", "CB-3.4")]
    public void Another_nonce_gives_other_short_ids_for_the_same_transactions()
    {
        var block = CompactTestData.Block(CompactTestData.Txs(50));
        var a = ShortIdKey.From(block.Header, 1);
        var b = ShortIdKey.From(block.Header, 2);
        Assert.NotEqual(a, b);
        var differing = block.Transactions.Count(t => a.Compute(t.TxId) != b.Compute(t.TxId));
        Assert.Equal(block.Transactions.Count, differing);
    }

    [Fact]
    [Trait("Clause", "CB-3.1")]
    [Trait("Clause", "CB-3.2")]
    [Trait("Clause", "CB-3.3")]
    [Trait("Clause", "CB-2.2")]
    public async Task An_independent_python_implementation_agrees_with_every_vector()
    {
        var start = new ProcessStartInfo("python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(CompactTestData.CrossCheckScript);
        start.ArgumentList.Add("check");
        start.ArgumentList.Add(CompactTestData.VectorsPath);
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw;
        }

        var text = await output + await error;
        Assert.True(process.ExitCode == 0, text);
        Assert.Contains("checked 86, failed 0", text, StringComparison.Ordinal);
    }

    private static ulong Hex64(string hex) => ulong.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
