using RustyNode.Network.Protocols.Echo;
using RustyNode.Network.Resources;
using RustyNode.Network.Tests.Protection;

namespace RustyNode.Network.Tests.Resources;

/// <summary>The memory budget inside a swarm: a peer that makes the node hold too much is cut back and scored down.</summary>
public class ResourceSwarmTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    [Trait("Clause", "RCM-3.2")]
    public async Task A_peer_that_fills_its_connections_buffers_has_streams_reset_and_loses_reputation()
    {
        var resources = new ResourceOptions { MaxConnectionBufferedBytes = 1024 * 1024 };
        await using var node = await ProtectedNode.StartAsync(resources: resources);
        await using var hoarder = await ProtectedNode.StartAsync();
        await hoarder.Swarm.DialAsync(node.Address, CancellationToken.None).WaitAsync(Timeout);

        // Eight echo streams, each sent four megabytes, none of whose answers is read: each echo
        // handler stops reading once its answer fills the window, and the node holds what follows.
        using var stop = new CancellationTokenSource();
        var writers = new List<Task>();
        for (var i = 0; i < 8; i++)
        {
            var stream = await hoarder.Swarm.OpenStreamAsync(node.PeerId, [EchoBehaviour.ProtocolId], CancellationToken.None).WaitAsync(Timeout);
            writers.Add(stream.Output.WriteAsync(new byte[4 * 1024 * 1024], stop.Token).AsTask());
        }

        await ProtectedNode.EventuallyAsync(() => node.Resources.ShedStreams > 0, "the node to shed streams");
        await ProtectedNode.EventuallyAsync(() => node.Protection.GetReputation(hoarder.PeerId) < 0, "the score report");
        Assert.True(node.Resources.BufferedBytes <= resources.MaxConnectionBufferedBytes, $"{node.Resources.BufferedBytes} bytes buffered");
        await stop.CancelAsync();
        await Task.WhenAll(writers).WaitAsync(Timeout).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
    }
}
