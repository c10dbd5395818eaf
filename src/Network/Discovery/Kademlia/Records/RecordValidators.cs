using System.Text;
using RustyNode.Network.Discovery.Kademlia.Messages;

namespace RustyNode.Network.Discovery.Kademlia.Records;

/// <summary>
/// Validators by key namespace (KAD-5.3): a key <c>/ns/rest</c> belongs to namespace <c>ns</c>;
/// a record of a namespace without a validator, or a key without a namespace, is refused.
/// </summary>
public sealed class RecordValidators
{
    private readonly Dictionary<string, IRecordValidator> _byNamespace = new(StringComparer.Ordinal);

    /// <summary>The namespaces served.</summary>
    public IReadOnlyCollection<string> Namespaces => _byNamespace.Keys;

    /// <summary>Adds (or replaces) the validator of <paramref name="ns"/>.</summary>
    public RecordValidators With(string ns, IRecordValidator validator)
    {
        ArgumentException.ThrowIfNullOrEmpty(ns);
        ArgumentNullException.ThrowIfNull(validator);
        _byNamespace[ns] = validator;
        return this;
    }

    /// <summary>The namespace of <paramref name="key"/>: the text between the first two slashes.</summary>
    public static string? NamespaceOf(ReadOnlySpan<byte> key)
    {
        if (key.Length < 3 || key[0] != (byte)'/')
        {
            return null;
        }

        var end = key[1..].IndexOf((byte)'/');
        return end <= 0 ? null : Encoding.UTF8.GetString(key.Slice(1, end));
    }

    /// <summary>The validator for <paramref name="key"/>, if its namespace has one.</summary>
    public IRecordValidator? For(ReadOnlySpan<byte> key) =>
        NamespaceOf(key) is { } ns && _byNamespace.TryGetValue(ns, out var validator) ? validator : null;

    /// <summary>Checks a record against its namespace; null when valid, otherwise why not.</summary>
    public string? Validate(KadRecord record, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(record);
        var validator = For(record.Key);
        return validator is null
            ? $"no validator for the namespace of key '{Printable(record.Key)}'"
            : validator.Validate(record, now);
    }

    /// <summary>A key for messages: its text when printable, its hex otherwise.</summary>
    public static string Printable(ReadOnlySpan<byte> key)
    {
        foreach (var b in key)
        {
            if (b is < 0x20 or > 0x7e)
            {
                return Convert.ToHexStringLower(key);
            }
        }

        return Encoding.ASCII.GetString(key);
    }
}
