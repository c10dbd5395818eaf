using RustyNode.Network.Identity;
using RustyNode.Network.Muxing;

namespace RustyNode.Network.Resources;

/// <summary>
/// One connection's share of the node's memory budget (RCM-1): its pending streams and buffered
/// bytes, counted here and in the node's totals. After the connection closes, nothing more is
/// counted.
/// </summary>
internal sealed class ConnectionMemory : IMuxerMemory
{
    private readonly ResourceManager _owner;
    private readonly Lock _sync = new();
    private long _buffered;
    private int _pending;
    private bool _closed;
    private IMuxerShedding? _shedder;

    public ConnectionMemory(ResourceManager owner, PeerId peer)
    {
        _owner = owner;
        Peer = peer;
    }

    public PeerId Peer { get; }

    public long Buffered => Volatile.Read(ref _buffered);

    public int Pending => Volatile.Read(ref _pending);

    public IMuxerShedding? Shedder => Volatile.Read(ref _shedder);

    /// <inheritdoc />
    public void Attach(IMuxerShedding session)
    {
        // Counted by the node from the moment a session runs over it (an upgrade that fails before
        // its muxer starts holds nothing).
        Volatile.Write(ref _shedder, session);
        _owner.Register(this);
    }

    /// <inheritdoc />
    public bool TryAddPendingStream()
    {
        lock (_sync)
        {
            if (_closed)
            {
                return false;
            }

            if (_pending >= _owner.Options.MaxConnectionPendingStreams)
            {
                _owner.Refused(this, "pending streams of the connection");
                return false;
            }

            if (!_owner.TryAddNodePending())
            {
                _owner.Refused(this, "pending streams of the node");
                return false;
            }

            _pending++;
            return true;
        }
    }

    /// <inheritdoc />
    public void RemovePendingStream()
    {
        lock (_sync)
        {
            if (_closed || _pending == 0)
            {
                return;
            }

            _pending--;
            _owner.AddNodePending(-1);
        }
    }

    /// <inheritdoc />
    public void AddBuffered(long delta)
    {
        lock (_sync)
        {
            if (_closed)
            {
                return;
            }

            // Never below zero, whatever order releases come in.
            delta = Math.Max(delta, -_buffered);
            _buffered += delta;
            _owner.AddNodeBuffered(delta);
        }
    }

    /// <inheritdoc />
    public bool MayGrowWindow(long bytes) =>
        Buffered + bytes <= _owner.Options.MaxConnectionBufferedBytes && _owner.NodeBuffered + bytes <= _owner.Options.MaxNodeBufferedBytes;

    /// <inheritdoc />
    public void Enforce()
    {
        if (Buffered > _owner.Options.MaxConnectionBufferedBytes || _owner.NeedsEnforcing)
        {
            _owner.Enforce(this);
        }
    }

    /// <summary>The connection ended: its share leaves the node's totals.</summary>
    public void Close()
    {
        lock (_sync)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            _owner.AddNodeBuffered(-_buffered);
            _owner.AddNodePending(-_pending);
            _buffered = 0;
            _pending = 0;
            _shedder = null;
        }
    }
}
