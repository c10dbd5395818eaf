using System.Text;
using RustyNode.Network.Discovery.Kademlia.Messages;
using RustyNode.Network.Discovery.Kademlia.Records;
using RustyNode.Network.Identity;

namespace RustyNode.Network.Discovery.Resources;

/// <summary>
/// The <c>/rusty/</c> namespace (RES-2): resource records <c>/rusty/res/T/I</c> and index records
/// <c>/rusty/idx/T/P</c>, each a <see cref="ResourceSet"/> signed by its publisher. The newest
/// sequence wins; a holder keeps a resource record's publisher until that record expires.
/// </summary>
public sealed class ResourceValidator : IRecordValidator
{
    /// <inheritdoc />
    public string? Validate(KadRecord record, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(record);
        try
        {
            Check(record, now);
            return null;
        }
        catch (ResourceException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>Opens a valid record, throwing what is wrong with an invalid one.</summary>
    /// <exception cref="ResourceException">The record breaks a rule of RES-2.</exception>
    public static (ResourceSet Set, PeerId Publisher) Check(KadRecord record, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(record);
        var key = Encoding.UTF8.GetString(record.Key);
        var parts = key.Split('/');
        if (parts.Length != 5 || parts[0].Length != 0 || parts[1] != ResourceKeys.Namespace || parts[2] is not ("res" or "idx")
            || !ResourceKeys.IsValidType(parts[3]))
        {
            throw new ResourceException($"'{key}' is not a /rusty/res/TYPE/ID or /rusty/idx/TYPE/PEER key.");
        }

        var (set, publisher) = ResourceSet.Open(record.Value);
        if (!set.Key.AsSpan().SequenceEqual(record.Key))
        {
            throw new ResourceException("The signed set belongs to another key.");
        }

        if (parts[2] == "res")
        {
            if (set.Entries.Count != 1 || set.Entries[0].Type != parts[3] || set.Entries[0].Id != parts[4])
            {
                throw new ResourceException("A resource record must carry exactly the resource its key names.");
            }
        }
        else if (!PeerId.TryParse(parts[4], out var owner) || owner != publisher)
        {
            throw new ResourceException($"An index record under '{parts[4]}' must be signed by that peer, not {publisher}.");
        }
        else if (set.Entries.Any(e => e.Type != parts[3]))
        {
            throw new ResourceException("An index record may only list resources of its type.");
        }

        foreach (var entry in set.Entries)
        {
            if (!ResourceKeys.IsValidId(entry.Id))
            {
                throw new ResourceException($"'{entry.Id}' is not a valid resource id.");
            }

            if (entry.Expires > now + ResourceLimits.MaxTtl + TimeSpan.FromMinutes(5))
            {
                throw new ResourceException($"Resource '{entry.Id}' expires more than {ResourceLimits.MaxTtl.TotalDays:0} days from now.");
            }
        }

        if (Expiry(set) is { } expiry && expiry <= now)
        {
            throw new ResourceException("Every resource of the record has expired.");
        }

        return (set, publisher);
    }

    /// <inheritdoc />
    public int Select(byte[] key, IReadOnlyList<byte[]> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var best = 0;
        var bestSequence = 0UL;
        for (var i = 0; i < values.Count; i++)
        {
            var sequence = TryOpen(values[i])?.Set.Sequence ?? 0;
            if (i == 0 || sequence > bestSequence)
            {
                (best, bestSequence) = (i, sequence);
            }
        }

        return best;
    }

    /// <inheritdoc />
    public DateTimeOffset? GetExpiry(KadRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return TryOpen(record.Value) is { } opened ? Expiry(opened.Set) : null;
    }

    /// <summary>
    /// A holder replaces a record only with a newer one of the same publisher (RES-2.4); an
    /// unexpired resource record cannot be taken over by another publisher.
    /// </summary>
    public bool MayReplace(KadRecord stored, KadRecord incoming)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(incoming);
        var old = TryOpen(stored.Value);
        var next = TryOpen(incoming.Value);
        if (old is null || next is null)
        {
            return next is not null;
        }

        return old.Value.Publisher == next.Value.Publisher && next.Value.Set.Sequence >= old.Value.Set.Sequence;
    }

    private static DateTimeOffset? Expiry(ResourceSet set) => set.Entries.Count == 0 ? null : set.Entries.Max(e => e.Expires);

    private static (ResourceSet Set, PeerId Publisher)? TryOpen(byte[] value)
    {
        try
        {
            return ResourceSet.Open(value);
        }
        catch (ResourceException)
        {
            return null;
        }
    }
}
