using System.Globalization;

namespace RustyNode.Network.Discovery.Kademlia.Records;

/// <summary>
/// The RFC 3339 time of a record's timeReceived (KAD-5.4), in the nanosecond form go and js
/// write and js requires: <c>2006-01-02T15:04:05.000000000Z</c>.
/// </summary>
internal static class Rfc3339
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fffffff'00Z'";

    public static string ToText(DateTimeOffset time) => time.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    /// <summary>Parses <c>YYYY-MM-DDTHH:MM:SS[.fraction]Z</c> (at most 7 fraction digits are kept).</summary>
    public static bool TryParse(string? text, out DateTimeOffset time)
    {
        time = default;
        if (text is null || text.Length < 20 || text.Length > KadLimits.MaxTimeReceivedLength || text[^1] != 'Z')
        {
            return false;
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var whole = dot < 0 ? text[..^1] : text[..dot];
        var fraction = dot < 0 ? string.Empty : text[(dot + 1)..^1];
        if (fraction.Any(c => c is < '0' or > '9')
            || !DateTime.TryParseExact(whole, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var seconds))
        {
            return false;
        }

        var ticks = fraction.Length == 0 ? 0 : long.Parse(fraction.PadRight(7, '0')[..7], CultureInfo.InvariantCulture);
        time = new DateTimeOffset(DateTime.SpecifyKind(seconds, DateTimeKind.Utc).AddTicks(ticks));
        return true;
    }
}
