using RustyNode.Network.Swarm;

namespace RustyNode.Network.Tests.Swarm;

public class SwarmEventTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    [Trait("Clause", "CONN-3.3")]
    public async Task Behaviours_hear_each_event_before_the_application_reads_it()
    {
        var listener = new ListeningBehaviour();
        await using var a = await TestSwarm.StartAsync(extra: listener);
        await using var b = await TestSwarm.StartAsync();

        await b.Swarm.DialAsync(a.Address, CancellationToken.None).WaitAsync(Timeout);
        var connected = await ConnectionLimitTests.NextAsync<PeerConnected>(a.Swarm);

        Assert.Contains(connected, listener.Heard);
    }

    [Fact]
    [Trait("Clause", "CONN-3.3")]
    public async Task An_application_that_does_not_read_loses_only_the_oldest_events()
    {
        await using var a = await TestSwarm.StartAsync();
        var extra = 50;

        for (var i = 0; i < SwarmLimits.MaxPendingEvents + extra; i++)
        {
            a.Swarm.Publish(new Numbered(i));
        }

        var numbers = new List<int>();
        while (a.Swarm.Events.TryRead(out var e))
        {
            if (e is Numbered n)
            {
                numbers.Add(n.Number);
            }
        }

        Assert.True(numbers.Count <= SwarmLimits.MaxPendingEvents);
        Assert.Equal(SwarmLimits.MaxPendingEvents + extra - 1, numbers[^1]);
        Assert.True(numbers[0] >= extra);
        Assert.Equal(numbers.Count, numbers[^1] - numbers[0] + 1);
    }

    private sealed record Numbered(int Number) : SwarmEvent;

    private sealed class ListeningBehaviour : INetworkBehaviour
    {
        private readonly List<SwarmEvent> _heard = [];

        public IReadOnlyCollection<string> Protocols { get; } = [];

        public IReadOnlyList<SwarmEvent> Heard
        {
            get
            {
                lock (_heard)
                {
                    return [.. _heard];
                }
            }
        }

        public void Attach(ISwarmContext swarm)
        {
        }

        public Task HandleStreamAsync(ProtocolStream stream, CancellationToken cancellationToken) => Task.CompletedTask;

        public void OnConnectionEstablished(Connection connection)
        {
        }

        public void OnConnectionClosed(Connection connection)
        {
        }

        public void OnSwarmEvent(SwarmEvent swarmEvent)
        {
            lock (_heard)
            {
                _heard.Add(swarmEvent);
            }
        }
    }
}
