using RustyNode.Network.PubSub;
using RustyNode.Network.Tests.PubSub.Testing;

namespace RustyNode.Network.Tests.PubSub;

public class SmokeTests
{
    [Fact]
    public async Task Two_routers_form_a_mesh_and_deliver_a_message()
    {
        await using var net = new SimulatedNetwork();
        var a = net.AddNode();
        var b = net.AddNode();
        using var subA = a.Router.Subscribe("t");
        using var subB = b.Router.Subscribe("t");
        net.Connect(a, b);
        Assert.True(await net.RunUntilAsync(() => a.Router.GetMeshPeers("t").Count == 1 && b.Router.GetMeshPeers("t").Count == 1, TimeSpan.FromSeconds(5)));

        var result = await a.Router.PublishAsync("t", "hello"u8.ToArray(), CancellationToken.None);
        Assert.Equal(1, result.Peers);
        Assert.True(await net.RunUntilAsync(() => subB.Messages.TryPeek(out _), TimeSpan.FromSeconds(1)));
        Assert.True(subB.Messages.TryRead(out var received));
        Assert.Equal("hello"u8.ToArray(), received!.Data.ToArray());
        Assert.Equal(a.Id, received.Author);
        Assert.Equal(result.Id, received.Id);
    }
}
