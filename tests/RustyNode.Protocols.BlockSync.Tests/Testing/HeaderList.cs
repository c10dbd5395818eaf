using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;
using RustyNode.Protocols.BlockSync.Messages;

namespace RustyNode.Protocols.BlockSync.Tests.Testing;

/// <summary>Answers GetHeaders from a list of headers on genesis, as a peer whose active chain they are would (BS-3.1).</summary>
internal sealed class HeaderList(IReadOnlyList<BlockHeader> headers)
{
    private readonly Dictionary<Hash256, int> _index = headers.Select((h, i) => (h.Hash, i)).ToDictionary(x => x.Hash, x => x.i);

    public IReadOnlyList<BlockHeader> Headers { get; } = headers;

    /// <summary>An interceptor for <see cref="FakePeer.Intercept"/> that answers GetHeaders and leaves the rest.</summary>
    public Task<BlockSyncMessage?> Answer(BlockSyncMessage request)
    {
        if (request is not GetHeaders get)
        {
            return Task.FromResult<BlockSyncMessage?>(null);
        }

        var start = 0;
        foreach (var hash in get.Locator)
        {
            if (_index.TryGetValue(hash, out var at))
            {
                start = at + 1;
                break;
            }
        }

        return Task.FromResult<BlockSyncMessage?>(new Headers([.. Headers.Skip(start).Take(BlockSyncLimits.MaxHeadersPerReply)]));
    }
}
