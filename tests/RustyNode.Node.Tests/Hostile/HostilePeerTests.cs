using System.Security.Cryptography;
using RustyNode.Network.Multiformats;
using RustyNode.Node.Tests.Testing;
using static RustyNode.Node.Tests.Testing.TestNodes;

namespace RustyNode.Node.Tests.Hostile;

/// <summary>
/// A running rustynode faced with peers that break the protocols: each gets a clear error, a
/// closed connection, and the node goes on serving an honest peer.
/// </summary>
public class HostilePeerTests
{
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    [Trait("Clause", "MSS-1.3")]
    [Trait("Clause", "CTL-3.2")]
    public async Task Oversized_multistream_message_closes_the_connection()
    {
        await using var node = await StartRustyNodeAsync("node");
        await using var attacker = await HostileClient.ConnectRawAsync(node.Addresses[0]);

        var message = new byte[Varint.GetSize(2000) + 2000];
        Varint.Write(message, 2000);
        await attacker.TrySendAsync(message);

        Assert.True(await attacker.WaitForRemoteCloseAsync(CloseTimeout));
        await node.WaitForEventAsync(e => (string?)e["type"] == "inbound_failure" && ((string?)e["reason"])!.Contains("1024", StringComparison.Ordinal));
        await AssertStillServesAsync(node);
    }

    [Fact]
    [Trait("Clause", "NOISE-2.1")]
    public async Task Noise_frame_of_garbage_closes_the_connection()
    {
        await using var node = await StartRustyNodeAsync("node");
        await using var attacker = await HostileClient.ConnectAtNoiseAsync(node.Addresses[0]);

        var frame = new byte[2 + 65535];
        frame[0] = 0xFF;
        frame[1] = 0xFF;
        RandomNumberGenerator.Fill(frame.AsSpan(2));
        await attacker.TrySendAsync(frame);

        Assert.True(await attacker.WaitForRemoteCloseAsync(CloseTimeout));
        await node.WaitForEventAsync(e => (string?)e["type"] == "inbound_failure");
        await AssertStillServesAsync(node);
    }

    public static TheoryData<string, byte[][]> YamuxViolations => new()
    {
        { "unknown version", [HostileClient.YamuxHeader(1, 0, 1, 1, 0)] },
        { "unknown type", [HostileClient.YamuxHeader(0, 9, 0, 0, 0)] },
        {
            "data beyond the window",
            [HostileClient.YamuxHeader(0, 1, 1, 1, 0), [.. HostileClient.YamuxHeader(0, 0, 0, 1, 256 * 1024 + 1), .. new byte[256 * 1024 + 1]]]
        },
        { "stream id reuse", [HostileClient.YamuxHeader(0, 1, 1, 1, 0), HostileClient.YamuxHeader(0, 1, 1, 1, 0)] },
        { "wrong stream id parity", [HostileClient.YamuxHeader(0, 1, 1, 2, 0)] },
    };

    [Theory]
    [Trait("Clause", "YMX-4.1")]
    [MemberData(nameof(YamuxViolations))]
    public async Task Yamux_violation_closes_the_connection_with_a_reason(string violation, byte[][] frames)
    {
        await using var node = await StartRustyNodeAsync("node");
        await using var attacker = await HostileClient.ConnectSecuredAsync(node.Addresses[0]);
        await node.WaitForEventAsync(e => (string?)e["type"] == "peer_connected" && (string?)e["peer"] == attacker.PeerId.ToString());

        foreach (var frame in frames)
        {
            await attacker.TrySendAsync(frame);
        }

        Assert.True(await attacker.WaitForRemoteCloseAsync(CloseTimeout), $"the node did not close the connection after {violation}");
        var left = await node.WaitForEventAsync(e => (string?)e["type"] == "peer_disconnected" && (string?)e["peer"] == attacker.PeerId.ToString());
        Assert.False(string.IsNullOrEmpty((string?)left["reason"]), $"no reason given for {violation}");
        await AssertStillServesAsync(node);
    }

    [Fact]
    [Trait("Clause", "YMX-4.3")]
    public async Task Peer_opening_streams_without_end_is_disconnected()
    {
        await using var node = await StartRustyNodeAsync("node");
        await using var attacker = await HostileClient.ConnectSecuredAsync(node.Addresses[0]);
        await node.WaitForEventAsync(e => (string?)e["type"] == "peer_connected" && (string?)e["peer"] == attacker.PeerId.ToString());

        var closed = false;
        for (uint id = 1; id < 200_000 && !closed; id += 2)
        {
            closed = !await attacker.TrySendAsync(HostileClient.YamuxHeader(0, 1, 1, id, 0));
        }

        Assert.True(closed || await attacker.WaitForRemoteCloseAsync(CloseTimeout), "the node kept accepting streams");
        await node.WaitForEventAsync(e => (string?)e["type"] == "peer_disconnected" && (string?)e["peer"] == attacker.PeerId.ToString());
        await AssertStillServesAsync(node);
    }

    private static async Task AssertStillServesAsync(ControlledProcess node)
    {
        await using var honest = await StartRustyNodeAsync("honest", "--connect", node.Addresses[0]);
        await node.WaitForEventAsync(e => (string?)e["type"] == "peer_connected" && (string?)e["peer"] == honest.PeerId);
        var ping = await node.SendOkAsync(Command("ping", ("peer", honest.PeerId)));
        Assert.True((double)ping["rttMs"]! >= 0);
    }
}
