using Microsoft.Extensions.Logging;
using RustyNode.Network;
using RustyNode.Network.Addressing;
using RustyNode.Network.Identity;
using RustyNode.Network.Protocols.Echo;
using RustyNode.Network.Protocols.Identify;
using RustyNode.Network.Protocols.Perf;
using RustyNode.Network.Protocols.Ping;
using RustyNode.Network.Swarm;

namespace RustyNode.Node;

/// <summary>
/// The running node: the swarm with its behaviours, and the loops that keep the configured
/// peers connected.
/// </summary>
public sealed class NodeHost : IAsyncDisposable
{
    private readonly NodeOptions _options;
    private readonly ILogger<NodeHost> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _keepers = [];

    public NodeHost(NodeOptions options, Ed25519PrivateKey identity, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _options = options;
        _logger = loggerFactory.CreateLogger<NodeHost>();
        Identify = new IdentifyBehaviour(new IdentifyOptions { AgentVersion = options.AgentVersion });
        Ping = new PingBehaviour();
        Perf = new PerfBehaviour();
        Echo = new EchoBehaviour();
        var swarmOptions = new SwarmOptions();
        foreach (var address in options.Listen)
        {
            swarmOptions.ListenAddresses.Add(address);
        }

        swarmOptions.Muxers.Clear();
        swarmOptions.Muxers.Add(options.Muxer);
        swarmOptions.Muxers.Add(options.Muxer == "yamux" ? "mplex" : "yamux");
        Swarm = new Swarm(identity, swarmOptions, [Identify, Ping, Perf, Echo], loggerFactory);
    }

    /// <summary>The swarm.</summary>
    public Swarm Swarm { get; }

    /// <summary>Identify and identify/push.</summary>
    public IdentifyBehaviour Identify { get; }

    /// <summary>Ping.</summary>
    public PingBehaviour Ping { get; }

    /// <summary>Perf.</summary>
    public PerfBehaviour Perf { get; }

    /// <summary>Echo.</summary>
    public EchoBehaviour Echo { get; }

    /// <summary>Our listen addresses with our /p2p suffix, as peers would dial them.</summary>
    public IReadOnlyList<Multiaddr> DialableAddresses =>
        Swarm.ListenAddresses.Select(a => a.WithP2p(Swarm.LocalPeerId.ToBytes())).ToArray();

    /// <summary>Listens, then starts keeping every --connect peer connected.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await Swarm.StartAsync(cancellationToken);
        foreach (var address in _options.Connect)
        {
            _keepers.Add(KeepConnectedAsync(address, _stopping.Token));
        }
    }

    /// <summary>Stops the keepers and the swarm. Safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync();
        await Task.WhenAll(_keepers).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await Swarm.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task KeepConnectedAsync(Multiaddr address, CancellationToken cancellationToken)
    {
        var delay = _options.ReconnectInitialDelay;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var connection = await Swarm.DialAsync(address, cancellationToken);
                delay = _options.ReconnectInitialDelay;
                await connection.Completion.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
            }
            catch (SwarmException ex)
            {
                Log.ReconnectScheduled(_logger, address, delay, ex.Message);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.ReconnectMaxDelay.Ticks));
        }
    }
}
