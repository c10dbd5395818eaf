namespace RustyNode.Node.Tests.Control;

public class ListenOptionTests
{
    [Fact]
    [Trait("Clause", "WS-5.2")]
    public void Listen_takes_tcp_and_ws_addresses_and_mixes_them()
    {
        var options = NodeOptions.Parse(["--listen", "/ip4/127.0.0.1/tcp/0", "--listen", "/ip4/127.0.0.1/tcp/0/ws", "--listen", "/ip6/::1/tcp/4001/ws"], _ => null);

        Assert.Equal(["/ip4/127.0.0.1/tcp/0", "/ip4/127.0.0.1/tcp/0/ws", "/ip6/::1/tcp/4001/ws"], options.Listen.Select(a => a.ToString()));
    }

    [Theory]
    [Trait("Clause", "WS-5.2")]
    [InlineData("/ip4/127.0.0.1/udp/0")]
    [InlineData("/ip4/127.0.0.1/tcp/0/wss")]
    [InlineData("/dns4/localhost/tcp/0/ws")]
    public void Listen_refuses_an_address_no_transport_listens_on_with_a_clear_message(string address)
    {
        var error = Assert.Throws<ArgumentException>(() => NodeOptions.Parse(["--listen", address], _ => null));

        Assert.Contains(address, error.Message, StringComparison.Ordinal);
        Assert.Contains("/ws", error.Message, StringComparison.Ordinal);
    }
}
