namespace RustyNode.Network.Tests.Muxing;

/// <summary>
/// Base for test classes that script a remote peer against one of our sessions: a fresh peer per
/// test, disposed after it. A test may dispose <see cref="Peer"/> and start another (other options).
/// </summary>
/// <typeparam name="TPeer">The muxer's scripted peer.</typeparam>
public abstract class ScriptedPeerTests<TPeer> : IAsyncLifetime
    where TPeer : IAsyncDisposable
{
    protected TPeer Peer { get; set; } = default!;

    public Task InitializeAsync()
    {
        Peer = StartPeer();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Peer.DisposeAsync();

    /// <summary>Starts the peer (and our session) each test begins with.</summary>
    protected abstract TPeer StartPeer();
}
