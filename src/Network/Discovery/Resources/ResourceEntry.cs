namespace RustyNode.Network.Discovery.Resources;

/// <summary>One resource inside a <see cref="ResourceSet"/>; it expires at a Unix time in seconds.</summary>
public sealed record ResourceEntry(string Type, string Id, byte[] Data, ulong ExpiresUnixSeconds)
{
    /// <summary>The expiry as a time.</summary>
    public DateTimeOffset Expires => DateTimeOffset.FromUnixTimeSeconds((long)Math.Min(ExpiresUnixSeconds, 253_402_300_799UL));
}
