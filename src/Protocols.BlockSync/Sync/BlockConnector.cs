using System.Threading.Channels;
using RustyNode.Consensus;
using RustyNode.Consensus.Service;

namespace RustyNode.Protocols.BlockSync.Sync;

/// <summary>
/// Connects runs of downloaded blocks, lowest first (BS-5.4), on its own task so downloading goes on
/// while the chain validates; reports each run's results back to the sync manager's loop.
/// </summary>
internal sealed class BlockConnector : IAsyncDisposable
{
    private readonly ChainService _chain;
    private readonly Action<SyncEvent> _post;
    private readonly Channel<IReadOnlyList<BufferedBlock>> _runs = Channel.CreateBounded<IReadOnlyList<BufferedBlock>>(1);
    private Task? _loop;

    public BlockConnector(ChainService chain, Action<SyncEvent> post)
    {
        _chain = chain;
        _post = post;
    }

    /// <summary>True while a run is being connected.</summary>
    public bool Busy { get; private set; }

    public void Start(CancellationToken cancellationToken) => _loop = RunAsync(cancellationToken);

    /// <summary>Hands over a run; the caller waits for its <see cref="ConnectDone"/> before the next.</summary>
    public void Connect(IReadOnlyList<BufferedBlock> run)
    {
        if (!_runs.Writer.TryWrite(run))
        {
            throw new InvalidOperationException("A connect run is already in progress.");
        }

        Busy = true;
    }

    /// <summary>Marks the run reported by <see cref="ConnectDone"/> finished.</summary>
    public void Finished() => Busy = false;

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        // Off the caller's context: connecting is long synchronous work.
        await Task.Yield();
        try
        {
            await foreach (var run in _runs.Reader.ReadAllAsync(cancellationToken))
            {
                var results = new List<(BufferedBlock, ValidationResult?)>(run.Count);
                var failed = false;
                foreach (var block in run)
                {
                    if (failed || cancellationToken.IsCancellationRequested)
                    {
                        results.Add((block, null));
                        continue;
                    }

                    var result = _chain.ProcessBlock(block.Block);
                    failed = !result.IsAccepted && result.Reason != RejectReason.Duplicate;
                    results.Add((block, result));
                }

                _post(new ConnectDone(results));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _runs.Writer.TryComplete();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
