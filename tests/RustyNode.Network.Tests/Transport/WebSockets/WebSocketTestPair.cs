using RustyNode.Network.Addressing;
using RustyNode.Network.Transport.WebSockets;

namespace RustyNode.Network.Tests.Transport.WebSockets;

/// <summary>A WebSocket listener plus one dialed (client) and one accepted (server) connection, disposed together.</summary>
internal sealed class WebSocketTestPair : IAsyncDisposable
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private WebSocketTestPair(WebSocketListener listener, WebSocketConnection client, WebSocketConnection server)
    {
        Listener = listener;
        Client = client;
        Server = server;
    }

    public WebSocketListener Listener { get; }

    public WebSocketConnection Client { get; }

    public WebSocketConnection Server { get; }

    public static async Task<WebSocketTestPair> CreateAsync(string listenAddress = "/ip4/127.0.0.1/tcp/0/ws", WebSocketTransportOptions? options = null)
    {
        var transport = new WebSocketTransport(options);
        var listener = await transport.ListenAsync(Multiaddr.Parse(listenAddress), CancellationToken.None);
        var accept = listener.AcceptAsync(CancellationToken.None).AsTask();
        var client = await transport.DialAsync(listener.ListenAddress, CancellationToken.None).WaitAsync(Bound);
        var server = await accept.WaitAsync(Bound);
        await server.Handshake.WaitAsync(Bound);
        return new WebSocketTestPair(listener, client, server);
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Server.DisposeAsync();
        await Listener.DisposeAsync();
    }
}
