using System.Diagnostics;
using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Primitives;
using RustyNode.Consensus.Service;

namespace RustyNode.Consensus.Tests.Storage;

/// <summary>
/// CHAIN-7.2: a process killed while connecting a block leaves a store whose tip and UTXO set agree.
/// The child is RustyNode.Consensus.CrashHost; it kills itself (SIGKILL) inside the connect
/// transaction, or the test kills it at a random moment.
/// </summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private const int Blocks = 115;
    private const int FirstRegistrationHeight = 104;
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "rustynode-crash-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    [Theory]
    [Trait("Clause", "CHAIN-7.2")]
    [Trait("Clause", "MNL-6.1")]
    [InlineData("connect:after-status")]
    [InlineData("connect:after-spends")]
    [InlineData("connect:after-creates")]
    [InlineData("connect:after-masternodes")]
    [InlineData("connect:before-commit")]
    public async Task Kill_inside_the_connect_transaction_leaves_the_previous_tip_and_its_utxo_set(string faultPoint)
    {
        var (exit, output) = await RunHostAsync(faultPoint, 105);
        Assert.NotEqual(0, exit);
        Assert.Contains("connected 104", output);
        Assert.DoesNotContain("connected 105", output);
        Assert.Equal(104, AssertConsistent());

        // A restart finishes the job from where the store says it is.
        (exit, _) = await RunHostAsync(null, 0);
        Assert.Equal(0, exit);
        Assert.Equal(Blocks, AssertConsistent());
    }

    [Theory]
    [Trait("Clause", "CHAIN-7.2")]
    [Trait("Clause", "MNL-6.2")]
    [InlineData("disconnect:after-deletes", 1)]
    [InlineData("disconnect:after-masternodes", 1)]
    [InlineData("connect:after-creates", 3)]
    public async Task Kill_during_a_reorganisation_leaves_a_consistent_store(string faultPoint, int occurrence)
    {
        // Submissions 1-115 build the chain; 116-123 are a branch forking at 110. Submission 121 (the
        // sixth branch block) outweighs the chain and triggers the reorganisation.
        var (exit, _) = await RunHostAsync(faultPoint, 121, reorg: true, occurrence);
        Assert.NotEqual(0, exit);
        // Reopening resumes the interrupted reorganisation: the branch's six stored blocks win.
        Assert.Equal(116, AssertConsistent());
        (exit, _) = await RunHostAsync(null, 0, reorg: true);
        Assert.Equal(0, exit);
        Assert.Equal(118, AssertConsistent());
    }

    [Fact]
    [Trait("Clause", "CHAIN-7.2")]
    public async Task Kill_at_random_moments_always_leaves_a_consistent_store()
    {
        var random = new Random(2024);
        for (var round = 0; round < 3; round++)
        {
            using var process = Start(null, 0);
            var target = random.Next(5, 60);
            var lines = 0;
            while (lines < target && await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)) is not null)
            {
                lines++;
            }

            await Task.Delay(random.Next(0, 20));
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            AssertConsistent();
        }
    }

    /// <summary>Replays the active chain's stored blocks from genesis and compares with the stored UTXO set.</summary>
    private int AssertConsistent()
    {
        using var service = ChainService.Open(_dataDir, ChainParameters.Regtest);
        var chain = service.Chain;
        var expected = new Dictionary<OutPoint, Coin>();
        for (var height = 1; height <= chain.Tip.Height; height++)
        {
            var block = chain.GetBlock(chain.ActiveChain[height].Hash)!;
            Assert.Equal(chain.ActiveChain[height - 1].Hash, block.Header.PreviousHash);
            foreach (var tx in block.Transactions)
            {
                foreach (var input in tx.Inputs.Where(_ => !tx.IsCoinbase))
                {
                    Assert.True(expected.Remove(input.PrevOut));
                }

                for (var i = 0; i < tx.Outputs.Count; i++)
                {
                    expected.Add(new OutPoint(tx.TxId, (uint)i), new Coin(tx.Outputs[i], height, tx.IsCoinbase));
                }
            }
        }

        // MNL-6.1: the stored list is the one the tip's coinbase commits to, and the one in memory.
        var commitment = RustyNode.Consensus.Masternodes.MasternodeRules.ReadCommitment(chain.GetBlock(chain.Tip.Hash)!.Transactions[0]);
        var list = chain.Store.LoadMasternodeList();
        Assert.Equal(commitment!.Root, list.Root);
        Assert.Equal((int)commitment.Count, list.Count);
        Assert.Equal(list.Root, chain.Masternodes.Root);
        // The crash host's chain registers masternodes from block 104 on, the first its wallet can
        // fund (its lists at 100-115: 0 through 103, then 3, 6, ... 36). The check once read
        // "below 102", and a random kill that left the tip at 102 or 103 failed it.
        Assert.True(chain.Tip.Height < FirstRegistrationHeight || list.Count > 0);

        var stored = chain.Store.LoadAllCoins();
        Assert.Equal(expected.Count, stored.Count);
        foreach (var (outPoint, coin) in expected)
        {
            Assert.True(stored.TryGetValue(outPoint, out var actual), $"missing {outPoint}");
            Assert.Equal(coin.Output.Value, actual.Output.Value);
            Assert.Equal(coin.Height, actual.Height);
            Assert.Equal(coin.IsCoinbase, actual.IsCoinbase);
        }

        return chain.Tip.Height;
    }

    private Process Start(string? faultPoint, int faultBlock, bool reorg = false, int occurrence = 1)
    {
        var host = Path.Combine(AppContext.BaseDirectory, "RustyNode.Consensus.CrashHost.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(host);
        info.ArgumentList.Add(_dataDir);
        info.ArgumentList.Add(Blocks.ToString(System.Globalization.CultureInfo.InvariantCulture));
        info.ArgumentList.Add(faultPoint ?? "none");
        info.ArgumentList.Add(faultBlock.ToString(System.Globalization.CultureInfo.InvariantCulture));
        info.ArgumentList.Add(reorg ? "reorg" : "straight");
        info.ArgumentList.Add(occurrence.ToString(System.Globalization.CultureInfo.InvariantCulture));

        return Process.Start(info) ?? throw new InvalidOperationException("could not start the crash host");
    }

    private async Task<(int Exit, string Output)> RunHostAsync(string? faultPoint, int faultBlock, bool reorg = false, int occurrence = 1)
    {
        using var process = Start(faultPoint, faultBlock, reorg, occurrence);
        try
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
            return (process.ExitCode, await output + await error);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
