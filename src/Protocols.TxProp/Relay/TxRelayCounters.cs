namespace RustyNode.Protocols.TxProp.Relay;

/// <summary>Relay counters of one peer or of all (TX-8.2). Updated with interlocked adds; read as a snapshot.</summary>
public sealed class TxRelayCounters
{
    private long _announcedIn;
    private long _announcedOut;
    private long _requested;
    private long _received;
    private long _duplicatesReceived;
    private long _notFound;
    private long _expired;
    private long _unrequested;
    private long _bytesIn;
    private long _bytesOut;
    private long _announcementBytesOut;

    public long AnnouncedIn => Volatile.Read(ref _announcedIn);

    public long AnnouncedOut => Volatile.Read(ref _announcedOut);

    public long Requested => Volatile.Read(ref _requested);

    public long Received => Volatile.Read(ref _received);

    public long DuplicatesReceived => Volatile.Read(ref _duplicatesReceived);

    public long NotFound => Volatile.Read(ref _notFound);

    public long Expired => Volatile.Read(ref _expired);

    public long Unrequested => Volatile.Read(ref _unrequested);

    public long BytesIn => Volatile.Read(ref _bytesIn);

    public long BytesOut => Volatile.Read(ref _bytesOut);

    /// <summary>Of <see cref="BytesOut"/>, the bytes of Inv and FeeFilter messages (the announcement overhead).</summary>
    public long AnnouncementBytesOut => Volatile.Read(ref _announcementBytesOut);

    internal void AddAnnouncedIn(long n) => Interlocked.Add(ref _announcedIn, n);

    internal void AddAnnouncedOut(long n) => Interlocked.Add(ref _announcedOut, n);

    internal void AddRequested(long n) => Interlocked.Add(ref _requested, n);

    internal void AddReceived(long n) => Interlocked.Add(ref _received, n);

    internal void AddDuplicate(long n) => Interlocked.Add(ref _duplicatesReceived, n);

    internal void AddNotFound(long n) => Interlocked.Add(ref _notFound, n);

    internal void AddExpired(long n) => Interlocked.Add(ref _expired, n);

    internal void AddUnrequested(long n) => Interlocked.Add(ref _unrequested, n);

    internal void AddBytesIn(long n) => Interlocked.Add(ref _bytesIn, n);

    internal void AddBytesOut(long n) => Interlocked.Add(ref _bytesOut, n);

    internal void AddAnnouncementBytesOut(long n) => Interlocked.Add(ref _announcementBytesOut, n);
}
