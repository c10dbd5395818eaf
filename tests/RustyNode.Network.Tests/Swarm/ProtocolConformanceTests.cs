using System.Buffers.Binary;
using System.IO.Pipelines;
using Google.Protobuf;
using Microsoft.Extensions.Logging.Abstractions;
using RustyNode.Network.Addressing;
using RustyNode.Network.Framing;
using RustyNode.Network.Identity;
using RustyNode.Network.Muxing;
using RustyNode.Network.Protocols.Echo;
using RustyNode.Network.Protocols.Identify;
using RustyNode.Network.Protocols.Identify.Proto;
using RustyNode.Network.Protocols.Perf;
using RustyNode.Network.Protocols.Ping;
using RustyNode.Network.Swarm;

namespace RustyNode.Network.Tests.Swarm;

/// <summary>Identify, ping, perf and echo rules checked against peers that break them.</summary>
public class ProtocolConformanceTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    [Trait("Clause", "IDY-2.2")]
    public async Task Our_identify_message_carries_every_field_and_listen_addresses_without_p2p()
    {
        IdentifyMessage? seen = null;
        await using var node = await TestSwarm.StartAsync();
        await using var probe = await BareSwarmAsync();
        await probe.DialAsync(node.Address, CancellationToken.None).WaitAsync(Timeout);

        await using (var stream = await probe.OpenStreamAsync(node.PeerId, [IdentifyBehaviour.ProtocolId], CancellationToken.None))
        {
            await stream.Output.CompleteAsync();
            seen = IdentifyMessage.Parser.ParseFrom(await LengthPrefixed.ReadAsync(stream.Input, IdentifyLimits.MaxMessageSize, CancellationToken.None));
        }

        Assert.True(seen.HasProtocolVersion && seen.HasAgentVersion && seen.HasPublicKey && seen.HasObservedAddr && seen.HasSignedPeerRecord);
        Assert.NotEmpty(seen.Protocols);
        var listen = Assert.Single(seen.ListenAddrs);
        Assert.False(Multiaddr.FromBytes(listen.Span).TryGetPeerIdBytes(out _));
    }

    public static TheoryData<string, Func<ISwarmContext, byte[]>> BadIdentifyMessages => new()
    {
        { "oversized", _ => new IdentifyMessage { AgentVersion = new string('x', IdentifyLimits.MaxMessageSize + 1) }.ToByteArray() },
        { "another peer's key", _ => new IdentifyMessage { PublicKey = ByteString.CopyFrom(Ed25519PrivateKey.Generate().PublicKey.ToProtobuf()) }.ToByteArray() },
        {
            "another peer's record",
            _ =>
            {
                using var other = Ed25519PrivateKey.Generate();
                var record = new PeerRecord(other.PeerId, 1, []).Seal(other);
                return new IdentifyMessage { SignedPeerRecord = ByteString.CopyFrom(record.ToBytes()) }.ToByteArray();
            }
        },
        {
            "too many addresses",
            swarm =>
            {
                var message = new IdentifyMessage();
                for (var i = 0; i <= IdentifyLimits.MaxListenAddresses; i++)
                {
                    message.ListenAddrs.Add(ByteString.CopyFrom(Multiaddr.Parse($"/ip4/10.0.0.1/tcp/{i + 1}").ToBytes()));
                }

                return message.ToByteArray();
            }
        },
    };

    [Theory]
    [Trait("Clause", "IDY-3.1")]
    [Trait("Clause", "IDY-3.2")]
    [Trait("Clause", "IDY-3.3")]
    [MemberData(nameof(BadIdentifyMessages))]
    public async Task Identify_rejects_a_lying_or_oversized_message(string what, Func<ISwarmContext, byte[]> build)
    {
        FakeBehaviour? liar = null;
        liar = new FakeBehaviour(IdentifyBehaviour.ProtocolId, async (stream, ct) =>
        {
            LengthPrefixed.Write(stream.Output, build(liar!.Swarm!));
            await stream.Output.CompleteAsync();
        });
        await using var node = await TestSwarm.StartAsync(identifyOnConnect: false);
        await using var liarSwarm = await BareSwarmAsync(liar);
        await node.Swarm.DialAsync(liarSwarm.ListenAddresses[0], CancellationToken.None).WaitAsync(Timeout);

        var error = await Assert.ThrowsAnyAsync<Libp2pProtocolException>(() => node.Identify.IdentifyAsync(liarSwarm.LocalPeerId, CancellationToken.None).WaitAsync(Timeout));

        Assert.False(string.IsNullOrEmpty(error.Message), what);
        Assert.False(node.Identify.TryGetInfo(liarSwarm.LocalPeerId, out _));
    }

    [Fact]
    [Trait("Clause", "IDY-3.3")]
    public async Task Identify_skips_addresses_of_unknown_protocols()
    {
        var unknown = new byte[] { 0xF0, 0xFF, 0x03, 0x00 };
        FakeBehaviour? peer = null;
        peer = new FakeBehaviour(IdentifyBehaviour.ProtocolId, async (stream, ct) =>
        {
            var message = new IdentifyMessage { AgentVersion = "odd/1.0" };
            message.ListenAddrs.Add(ByteString.CopyFrom(unknown));
            message.ListenAddrs.Add(ByteString.CopyFrom(Multiaddr.Parse("/ip4/10.1.2.3/tcp/4001").ToBytes()));
            LengthPrefixed.Write(stream.Output, message.ToByteArray());
            await stream.Output.CompleteAsync();
        });
        await using var node = await TestSwarm.StartAsync(identifyOnConnect: false);
        await using var other = await BareSwarmAsync(peer);
        await node.Swarm.DialAsync(other.ListenAddresses[0], CancellationToken.None).WaitAsync(Timeout);

        var info = await node.Identify.IdentifyAsync(other.LocalPeerId, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal("odd/1.0", info.AgentVersion);
        Assert.Equal([Multiaddr.Parse("/ip4/10.1.2.3/tcp/4001")], info.ListenAddresses);
    }

    [Fact]
    [Trait("Clause", "PERF-3")]
    [Trait("Clause", "CONN-3.2")]
    public async Task Perf_request_over_the_limit_resets_the_stream_and_keeps_the_connection()
    {
        await using var node = await TestSwarm.StartAsync();
        await using var client = await TestSwarm.StartAsync();
        await client.Swarm.DialAsync(node.Address, CancellationToken.None).WaitAsync(Timeout);

        await using (var stream = await client.Swarm.OpenStreamAsync(node.PeerId, [PerfBehaviour.ProtocolId], CancellationToken.None))
        {
            var header = new byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(header, (ulong)PerfLimits.MaxDownloadBytes + 1);
            await stream.Output.WriteAsync(header);
            await stream.Output.CompleteAsync();
            await Assert.ThrowsAsync<StreamResetException>(() => DrainAsync(stream.Input).WaitAsync(Timeout));
        }

        await client.Ping.PingAsync(node.PeerId, CancellationToken.None).WaitAsync(Timeout);
    }

    [Fact]
    [Trait("Clause", "PERF-1")]
    [Trait("Clause", "PERF-2")]
    public async Task Perf_server_sends_exactly_the_requested_zero_bytes_after_the_upload()
    {
        await using var node = await TestSwarm.StartAsync();
        await using var client = await TestSwarm.StartAsync();
        await client.Swarm.DialAsync(node.Address, CancellationToken.None).WaitAsync(Timeout);
        await using var stream = await client.Swarm.OpenStreamAsync(node.PeerId, [PerfBehaviour.ProtocolId], CancellationToken.None);

        var header = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(header, 300_000);
        await stream.Output.WriteAsync(header);
        await stream.Output.WriteAsync(new byte[100_000]);
        await stream.Output.CompleteAsync();
        var received = new List<byte>();
        while (true)
        {
            var result = await stream.Input.ReadAsync().AsTask().WaitAsync(Timeout);
            foreach (var segment in result.Buffer)
            {
                received.AddRange(segment.ToArray());
            }

            stream.Input.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }

        Assert.Equal(300_000, received.Count);
        Assert.All(received, b => Assert.Equal(0, b));
        var uploadOnly = await client.Perf.RunAsync(node.PeerId, 1_000_000, 0, CancellationToken.None).WaitAsync(Timeout);
        Assert.True(uploadOnly.UploadTime > TimeSpan.Zero);
        Assert.Equal(0, uploadOnly.DownloadMegabytesPerSecond);
    }

    [Fact]
    [Trait("Clause", "PING-1.2")]
    [Trait("Clause", "PING-3")]
    public async Task Ping_listener_answers_many_pings_on_one_stream_up_to_its_limit()
    {
        await using var node = await TestSwarm.StartAsync();
        await using var client = await TestSwarm.StartAsync();
        await client.Swarm.DialAsync(node.Address, CancellationToken.None).WaitAsync(Timeout);
        await using var stream = await client.Swarm.OpenStreamAsync(node.PeerId, [PingBehaviour.ProtocolId], CancellationToken.None);

        var payload = new byte[PingBehaviour.PayloadSize];
        for (var i = 0; i < PingBehaviour.MaxPingsPerStream; i++)
        {
            payload[0] = (byte)i;
            await stream.Output.WriteAsync(payload);
            var result = await stream.Input.ReadAtLeastAsync(PingBehaviour.PayloadSize).AsTask().WaitAsync(Timeout);
            Assert.Equal(payload, System.Buffers.BuffersExtensions.ToArray(result.Buffer.Slice(0, PingBehaviour.PayloadSize)));
            stream.Input.AdvanceTo(result.Buffer.GetPosition(PingBehaviour.PayloadSize));
        }

        // The listener has closed the stream: a further ping gets no answer.
        try
        {
            await stream.Output.WriteAsync(payload);
            var last = await stream.Input.ReadAsync().AsTask().WaitAsync(Timeout);
            Assert.True(last.IsCompleted);
            Assert.True(last.Buffer.IsEmpty);
        }
        catch (StreamResetException)
        {
        }
    }

    [Fact]
    [Trait("Clause", "ECHO-2")]
    public async Task Echo_stream_over_the_limit_is_reset()
    {
        await using var node = await TestSwarm.StartAsync(echoLimit: 100_000);
        await using var client = await TestSwarm.StartAsync();
        await client.Swarm.DialAsync(node.Address, CancellationToken.None).WaitAsync(Timeout);

        await client.Echo.RunAsync(node.PeerId, 100_000, 1, CancellationToken.None).WaitAsync(Timeout);
        await Assert.ThrowsAnyAsync<Exception>(() => client.Echo.RunAsync(node.PeerId, 300_000, 1, CancellationToken.None).WaitAsync(Timeout));
        await client.Ping.PingAsync(node.PeerId, CancellationToken.None).WaitAsync(Timeout);
    }

    private static async Task DrainAsync(PipeReader input)
    {
        while (true)
        {
            var result = await input.ReadAsync();
            input.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return;
            }
        }
    }

    private static async Task<Network.Swarm.Swarm> BareSwarmAsync(params INetworkBehaviour[] behaviours)
    {
        var options = new SwarmOptions();
        options.ListenAddresses.Add(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"));
        var swarm = new Network.Swarm.Swarm(Ed25519PrivateKey.Generate(), options, behaviours, NullLoggerFactory.Instance);
        await swarm.StartAsync(CancellationToken.None);
        return swarm;
    }
}
