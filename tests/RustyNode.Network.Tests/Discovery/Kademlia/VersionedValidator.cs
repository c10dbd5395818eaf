using RustyNode.Network.Discovery.Kademlia.Messages;
using RustyNode.Network.Discovery.Kademlia.Records;

namespace RustyNode.Network.Tests.Discovery.Kademlia;

/// <summary>A test namespace "/v/": a value is valid when its first byte is not 0; the highest first byte wins.</summary>
internal sealed class VersionedValidator : IRecordValidator
{
    public const string Namespace = "v";

    public static byte[] Key(string name) => System.Text.Encoding.ASCII.GetBytes($"/v/{name}");

    public string? Validate(KadRecord record, DateTimeOffset now) =>
        record.Value.Length > 0 && record.Value[0] != 0 ? null : "version 0 or empty";

    public int Select(byte[] key, IReadOnlyList<byte[]> values)
    {
        var best = 0;
        for (var i = 1; i < values.Count; i++)
        {
            if (values[i][0] > values[best][0])
            {
                best = i;
            }
        }

        return best;
    }
}
