using Microsoft.Extensions.Logging.Abstractions;
using RustyNode.Network.Addressing;
using RustyNode.Network.Identity;
using RustyNode.Network.RequestResponse;
using RustyNode.Network.Swarm;

namespace RustyNode.Bench.Network.RequestResponse;

/// <summary>Two swarms on 127.0.0.1, connected, one serving an echo request/response protocol.</summary>
internal sealed class RequestResponsePair : IAsyncDisposable
{
    private const string ProtocolId = "/bench/rr/1.0.0";

    private RequestResponsePair(Swarm server, Swarm client, RequestResponseBehaviour<byte[], byte[]> requester)
    {
        Server = server;
        Client = client;
        Requester = requester;
    }

    public Swarm Server { get; }

    public Swarm Client { get; }

    public RequestResponseBehaviour<byte[], byte[]> Requester { get; }

    public PeerId ServerPeer => Server.LocalPeerId;

    public static async Task<RequestResponsePair> StartAsync(string muxer)
    {
        var responder = new RequestResponseBehaviour<byte[], byte[]>(
            new BytesCodec([ProtocolId]), static (peer, request, ct) => ValueTask.FromResult(request));
        var requester = new RequestResponseBehaviour<byte[], byte[]>(new BytesCodec([ProtocolId]), handler: null);
        var server = new Swarm(Ed25519PrivateKey.Generate(), Options(muxer, listen: true), [responder], NullLoggerFactory.Instance);
        var client = new Swarm(Ed25519PrivateKey.Generate(), Options(muxer, listen: false), [requester], NullLoggerFactory.Instance);
        await server.StartAsync(CancellationToken.None);
        await client.StartAsync(CancellationToken.None);
        await client.DialAsync(server.ListenAddresses[0].WithP2p(server.LocalPeerId.ToBytes()), CancellationToken.None);
        return new RequestResponsePair(server, client, requester);
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Server.DisposeAsync();
    }

    private static SwarmOptions Options(string muxer, bool listen)
    {
        var options = new SwarmOptions();
        if (listen)
        {
            options.ListenAddresses.Add(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"));
        }

        options.Muxers.Clear();
        options.Muxers.Add(muxer);
        return options;
    }
}
