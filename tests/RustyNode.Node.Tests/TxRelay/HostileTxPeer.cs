using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using RustyNode.Consensus.Model;
using RustyNode.Network.Addressing;
using RustyNode.Network.Identity;
using RustyNode.Network.Swarm;
using RustyNode.Protocols.TxProp.Messages;
using RustyNode.Protocols.TxProp.Relay;

namespace RustyNode.Node.Tests.TxRelay;

/// <summary>
/// A peer in the test process that speaks /rusty/tx-prop/1.0 as a test scripts it: announces what
/// it is told, answers requests from <see cref="Serve"/> (or never, when <see cref="NeverServe"/>),
/// and records what it was asked.
/// </summary>
public sealed class HostileTxPeer : INetworkBehaviour, IAsyncDisposable
{
    private readonly ConcurrentQueue<GetDataMessage> _requests = new();
    private readonly ConcurrentQueue<RustyNode.Consensus.Primitives.Hash256> _announced = new();
    private Swarm? _swarm;

    /// <summary>The protocols streams the daemon opens to us may use: none when the peer was started deaf.</summary>
    public IReadOnlyCollection<string> Protocols { get; private init; } = [TxPropBehaviour.ProtocolId];

    /// <summary>Transactions sent in answer to any GetData (whatever it asked for), in order.</summary>
    public List<Transaction> Serve { get; } = [];

    /// <summary>Answer a GetData with only the transactions of <see cref="Serve"/> it asked for.</summary>
    public bool ServeOnlyRequested { get; set; }

    /// <summary>Hold request streams open without answering.</summary>
    public bool NeverServe { get; set; }

    /// <summary>Transaction ids the daemon announced to us (its Inv messages), in order.</summary>
    public IReadOnlyCollection<RustyNode.Consensus.Primitives.Hash256> Announced => _announced;

    /// <summary>GetData messages received.</summary>
    public IReadOnlyCollection<GetDataMessage> Requests => _requests;

    public Swarm Swarm => _swarm ?? throw new InvalidOperationException("Not started.");

    /// <param name="deaf">Accept no stream from the daemon (so it can announce nothing to us); we still open ours.</param>
    public static async Task<HostileTxPeer> StartAsync(bool deaf = false)
    {
        var peer = new HostileTxPeer { Protocols = deaf ? [] : [TxPropBehaviour.ProtocolId] };
        var options = new SwarmOptions();
        options.ListenAddresses.Add(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"));
        peer._swarm = new Swarm(Ed25519PrivateKey.Generate(), options, [peer], NullLoggerFactory.Instance);
        await peer._swarm.StartAsync(CancellationToken.None);
        return peer;
    }

    public string Address => Swarm.ListenAddresses[0].WithP2p(Swarm.LocalPeerId.ToBytes()).ToString();

    public void Attach(ISwarmContext swarm)
    {
    }

    /// <summary>Answers every GetData on a request stream (TX-1.1) until the daemon closes its side; other streams are read and ignored.</summary>
    public async Task HandleStreamAsync(ProtocolStream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        while (true)
        {
            var result = await stream.Input.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            var read = TxMessageCodec.TryRead(ref buffer, out var message);
            stream.Input.AdvanceTo(buffer.Start, read ? buffer.Start : buffer.End);
            if (read && message is GetDataMessage getData)
            {
                _requests.Enqueue(getData);
                if (NeverServe)
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }

                foreach (var tx in Serve.Where(t => !ServeOnlyRequested || getData.TxIds.Contains(t.TxId)))
                {
                    TxMessageCodec.Write(new TxDataMessage(tx), stream.Output);
                }

                await stream.Output.FlushAsync(cancellationToken);
                continue;
            }

            if (read && message is InvMessage inv)
            {
                foreach (var txId in inv.TxIds)
                {
                    _announced.Enqueue(txId);
                }

                continue;
            }

            if (!read && result.IsCompleted)
            {
                await stream.Output.CompleteAsync();
                return;
            }
        }
    }

    public void OnConnectionEstablished(Connection connection)
    {
    }

    public void OnConnectionClosed(Connection connection)
    {
    }

    /// <summary>Dials <paramref name="address"/> and opens an announcement stream to it.</summary>
    public async Task<ProtocolStream> OpenAnnouncementStreamAsync(string address)
    {
        var connection = await Swarm.DialAsync(Multiaddr.Parse(address), CancellationToken.None);
        return await Swarm.OpenStreamAsync(connection.RemotePeer, [TxPropBehaviour.ProtocolId], CancellationToken.None);
    }

    /// <summary>Sends one GetData on a new request stream, half-closes it and returns the answers (TX-1.1).</summary>
    public async Task<List<TxMessage>> RequestAsync(PeerId peer, params RustyNode.Consensus.Primitives.Hash256[] txIds)
    {
        var stream = await Swarm.OpenStreamAsync(peer, [TxPropBehaviour.ProtocolId], CancellationToken.None);
        await SendAsync(stream, new GetDataMessage(txIds));
        await stream.Output.CompleteAsync();
        var answers = new List<TxMessage>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var result = await stream.Input.ReadAsync(timeout.Token);
            var buffer = result.Buffer;
            while (TxMessageCodec.TryRead(ref buffer, out var message))
            {
                answers.Add(message);
            }

            stream.Input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                return answers;
            }
        }
    }

    /// <summary>Reads the next <paramref name="count"/> messages of a stream (fails after 30 s or at its end).</summary>
    public static async Task<List<TxMessage>> ReadAsync(ProtocolStream stream, int count)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var messages = new List<TxMessage>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (messages.Count < count)
        {
            var result = await stream.Input.ReadAsync(timeout.Token);
            var buffer = result.Buffer;
            while (messages.Count < count && TxMessageCodec.TryRead(ref buffer, out var message))
            {
                messages.Add(message);
            }

            stream.Input.AdvanceTo(buffer.Start, messages.Count < count ? buffer.End : buffer.Start);
            if (messages.Count < count && result.IsCompleted)
            {
                throw new InvalidOperationException($"The stream ended after {messages.Count} of {count} messages.");
            }
        }

        return messages;
    }

    /// <summary>Writes and flushes messages on a stream.</summary>
    public static async Task SendAsync(ProtocolStream stream, params TxMessage[] messages)
    {
        ArgumentNullException.ThrowIfNull(stream);
        foreach (var message in messages)
        {
            TxMessageCodec.Write(message, stream.Output);
        }

        await stream.Output.FlushAsync();
    }

    /// <summary>Writes raw bytes on a stream.</summary>
    public static async Task SendRawAsync(ProtocolStream stream, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Output.Write(bytes);
        await stream.Output.FlushAsync();
    }

    public ValueTask DisposeAsync() => _swarm?.DisposeAsync() ?? ValueTask.CompletedTask;
}
