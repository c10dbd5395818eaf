using System.Buffers;
using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using RustyNode.Network.Identity;
using RustyNode.Network.PubSub;
using RustyNode.Network.PubSub.Messages;
using RustyNode.Network.PubSub.Routing;

namespace RustyNode.Bench.Network.PubSub;

/// <summary>
/// What a relay spends on each 1 KiB signed message it receives: decode the frame, check the
/// fields, verify the signature, dedup, validate, and forward to six mesh peers (queue and encode
/// their frames). Baseline: one Ed25519 verify of the same message through our binding, the work a
/// relay cannot avoid. Also a duplicate (decode and dedup only) and the decode alone. Each
/// invocation handles a batch of distinct messages on a fresh router.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[InvocationCount(1, 1)]
public class PubSubRouterBenchmarks : IDisposable
{
    private const int Batch = 500;
    private const string Topic = "bench";
    private readonly List<Ed25519PrivateKey> _keys = [];
    private readonly byte[] _frameBuffer = new byte[1 << 20];
    private byte[][] _frames = [];
    private byte[][] _signingBytes = [];
    private byte[][] _signatures = [];
    private byte[] _authorKey = [];
    private PubSubRouter _router = null!;
    private PeerId _source = null!;
    private PeerOutbox[] _outboxes = [];

    [GlobalSetup]
    public void Setup()
    {
        var author = Key(100);
        _authorKey = author.PublicKey.Data.ToArray();
        _frames = new byte[Batch][];
        _signingBytes = new byte[Batch][];
        _signatures = new byte[Batch][];
        var data = new byte[1024];
        for (var i = 0; i < Batch; i++)
        {
            var seqno = new byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(seqno, (ulong)i + 1);
            var unsigned = PubSubMessageCodec.Create(Topic, data, author.PeerId.ToBytes(), seqno);
            _signingBytes[i] = new byte[PubSubMessageCodec.GetSigningBytesSize(unsigned)];
            PubSubMessageCodec.WriteSigningBytes(unsigned, _signingBytes[i]);
            _signatures[i] = author.Sign(_signingBytes[i]);
            var message = PubSubMessageCodec.Create(Topic, data, author.PeerId.ToBytes(), seqno, _signatures[i]);
            _frames[i] = PubSubRpcCodec.EncodeFrame(new PubSubRpc([], [message], null));
        }
    }

    [IterationSetup(Targets = [nameof(RelayMessage), nameof(DecodeOnly)])]
    public void FreshRouter() => CreateRouter();

    [IterationSetup(Target = nameof(DuplicateMessage))]
    public void RouterThatHasSeenEverything()
    {
        CreateRouter();
        HandleBatch();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    [BenchmarkCategory("PerMessage")]
    public bool VerifyOnly()
    {
        var ok = true;
        for (var i = 0; i < Batch; i++)
        {
            ok &= RustyNode.Network.Crypto.Ed25519.Verify(_authorKey, _signingBytes[i], _signatures[i]);
        }

        return ok;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    [BenchmarkCategory("PerMessage")]
    public long RelayMessage() => HandleBatch();

    [Benchmark(OperationsPerInvoke = Batch)]
    [BenchmarkCategory("PerMessage")]
    public long DuplicateMessage() => HandleBatch();

    [Benchmark(OperationsPerInvoke = Batch)]
    [BenchmarkCategory("PerMessage")]
    public int DecodeOnly()
    {
        var count = 0;
        foreach (var frame in _frames)
        {
            var buffer = new ReadOnlySequence<byte>(frame);
            PubSubRpcCodec.TryReadFrame(ref buffer, PubSubLimits.MaxConfigurableMessageSize, out var rpc, out _);
            count += rpc.Messages.Count;
        }

        return count;
    }

    public void Dispose()
    {
        foreach (var key in _keys)
        {
            key.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    private long HandleBatch()
    {
        long written = 0;
        foreach (var frame in _frames)
        {
            var buffer = new ReadOnlySequence<byte>(frame);
            PubSubRpcCodec.TryReadFrame(ref buffer, PubSubLimits.MaxConfigurableMessageSize, out var rpc, out _);
            MustCompleteNow(_router.HandleRpcAsync(_source, rpc, CancellationToken.None));

            // The writers' share: take each mesh peer's queue as a frame and encode it.
            foreach (var outbox in _outboxes)
            {
                while (outbox.TryTake(512 * 1024, out var outgoing))
                {
                    written += PubSubRpcCodec.Write(outgoing, _frameBuffer);
                }
            }
        }

        return written;
    }

    private void CreateRouter()
    {
        var local = Key(1);
        _router = new PubSubRouter(new PubSubOptions(), local, new NullHost(), TimeProvider.System, null, new Random(1));
        _router.Subscribe(Topic);
        _outboxes = new PeerOutbox[7];
        for (var i = 0; i < 7; i++)
        {
            var peer = Key(10 + (ulong)i);
            _outboxes[i] = _router.AddPeer(peer.PeerId, PubSubProtocol.Meshsub12, outbound: i % 2 == 0, $"10.0.0.{i}");
            var join = new PubSubRpc([new SubscriptionChange(true, Topic)], [], new ControlMessage([], [], [new ControlGraft(Topic)], [], []));
            MustCompleteNow(_router.HandleRpcAsync(peer.PeerId, join, CancellationToken.None));

            while (_outboxes[i].TryTake(1 << 20, out _))
            {
            }
        }

        _source = Key(10).PeerId;
    }

    // With no validator the router completes synchronously; anything else would not be measured.
    private static void MustCompleteNow(ValueTask pending)
    {
        if (!pending.IsCompletedSuccessfully)
        {
            throw new InvalidOperationException("The router went asynchronous.");
        }
    }

    private Ed25519PrivateKey Key(ulong seed)
    {
        var key = Ed25519PrivateKey.FromSeedNumber(seed);
        _keys.Add(key);
        return key;
    }

    private sealed class NullHost : IPubSubHost
    {
        public void ReportPeer(PeerId peer, string reason, double weight)
        {
        }

        public void ConnectToExchangedPeers(PeerId from, IReadOnlyList<PeerExchangeInfo> peers)
        {
        }
    }
}
