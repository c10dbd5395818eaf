namespace RustyNode.Network.PubSub;

/// <summary>A snapshot of what the router has done since it started.</summary>
public sealed record PubSubCounters(
    long MessagesReceived,
    long Duplicates,
    long Delivered,
    long Published,
    long Rejected,
    long Ignored,
    long Dropped,
    long GraylistedRpcs,
    long IWantServed);
