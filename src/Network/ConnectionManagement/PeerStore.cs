using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using RustyNode.Network.Addressing;
using RustyNode.Network.Identity;

namespace RustyNode.Network.ConnectionManagement;

/// <summary>
/// Known peers with their addresses, last-seen time, score and ban, kept in a JSON file in the
/// data dir (CM-4) and written atomically (a temporary file, then a rename), so a crash never
/// leaves half a file. Thread-safe.
/// </summary>
public sealed class PeerStore
{
    /// <summary>File name in the data dir.</summary>
    public const string FileName = "peers.json";

    private const int FormatVersion = 1;
    private readonly string? _path;
    private readonly Lock _lock = new();
    private readonly Lock _fileLock = new();
    private readonly Dictionary<PeerId, PeerRecord> _records = [];
    private bool _dirty;

    private PeerStore(string? path)
    {
        _path = path;
    }

    /// <summary>The file the store is saved to; null for an in-memory store.</summary>
    public string? Path => _path;

    /// <summary>All records.</summary>
    public IReadOnlyList<PeerRecord> Records
    {
        get
        {
            lock (_lock)
            {
                return [.. _records.Values];
            }
        }
    }

    /// <summary>A store that is never saved.</summary>
    public static PeerStore InMemory() => new(null);

    /// <summary>Opens (or starts) the store in <paramref name="directory"/>.</summary>
    /// <exception cref="InvalidDataException">The file exists but is not a peer store.</exception>
    public static PeerStore Open(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(directory);
        var store = new PeerStore(System.IO.Path.Combine(directory, FileName));
        if (File.Exists(store._path))
        {
            store.Load(store._path);
        }

        return store;
    }

    /// <summary>The record of <paramref name="peer"/>, if any.</summary>
    public PeerRecord? Get(PeerId peer)
    {
        lock (_lock)
        {
            return _records.GetValueOrDefault(peer);
        }
    }

    /// <summary>Changes (or creates) the record of <paramref name="peer"/>.</summary>
    public void Update(PeerId peer, Func<PeerRecord, PeerRecord> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_lock)
        {
            var record = change(_records.GetValueOrDefault(peer) ?? new PeerRecord(peer));
            if (record.Addresses.Count > ConnectionManagementLimits.MaxAddressesPerPeer)
            {
                record = record with { Addresses = record.Addresses.Take(ConnectionManagementLimits.MaxAddressesPerPeer).ToArray() };
            }

            _records[peer] = record;
            _dirty = true;
            if (_records.Count > ConnectionManagementLimits.MaxStoredPeers)
            {
                EvictOneLocked();
            }
        }
    }

    /// <summary>Adds <paramref name="address"/> to the front of the peer's addresses.</summary>
    public void AddAddress(PeerId peer, Multiaddr address, DateTimeOffset seen) =>
        Update(peer, r => r with { Addresses = [address, .. r.Addresses.Where(a => a != address)], LastSeen = seen });

    /// <summary>Writes the store to its file if anything changed. Does nothing for an in-memory store.</summary>
    public void Save()
    {
        if (_path is null)
        {
            return;
        }

        string json;
        lock (_lock)
        {
            if (!_dirty)
            {
                return;
            }

            json = Serialize(_records.Values);
            _dirty = false;
        }

        var temp = $"{_path}.{Environment.ProcessId}.tmp";
        lock (_fileLock)
        {
            File.WriteAllText(temp, json);
            File.Move(temp, _path, overwrite: true);
        }
    }

    private void EvictOneLocked()
    {
        var victim = _records.Values
            .Where(r => r.BannedUntil is null)
            .MinBy(r => r.LastSeen ?? DateTimeOffset.MinValue);
        if (victim is not null)
        {
            _records.Remove(victim.Peer);
        }
    }

    private static string Serialize(IEnumerable<PeerRecord> records)
    {
        var peers = new JsonArray();
        foreach (var r in records)
        {
            peers.Add(new JsonObject
            {
                ["peer"] = r.Peer.ToString(),
                ["addrs"] = new JsonArray(r.Addresses.Select(a => (JsonNode)a.ToString()).ToArray()),
                ["lastSeen"] = r.LastSeen?.ToString("O", CultureInfo.InvariantCulture),
                ["score"] = Math.Round(r.Score, 3),
                ["bannedUntil"] = r.BannedUntil?.ToString("O", CultureInfo.InvariantCulture),
                ["banReason"] = r.BanReason,
            });
        }

        return new JsonObject { ["version"] = FormatVersion, ["peers"] = peers }.ToJsonString();
    }

    private void Load(string path)
    {
        if (new FileInfo(path).Length > ConnectionManagementLimits.MaxStoreFileBytes)
        {
            throw new InvalidDataException($"{path} is larger than {ConnectionManagementLimits.MaxStoreFileBytes} bytes.");
        }

        try
        {
            var root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                ?? throw new InvalidDataException($"{path} is not a JSON object.");
            if ((int?)root["version"] != FormatVersion || root["peers"] is not JsonArray peers)
            {
                throw new InvalidDataException($"{path} is not a version {FormatVersion} peer store.");
            }

            foreach (var node in peers.Take(ConnectionManagementLimits.MaxStoredPeers))
            {
                if (node is JsonObject entry && ParseRecord(entry) is { } record)
                {
                    _records[record.Peer] = record;
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            throw new InvalidDataException($"{path} is not a valid peer store: {ex.Message}", ex);
        }
    }

    private static PeerRecord? ParseRecord(JsonObject entry)
    {
        if (!PeerId.TryParse((string?)entry["peer"], out var peer))
        {
            return null;
        }

        var addresses = (entry["addrs"] as JsonArray ?? [])
            .Select(a => Multiaddr.TryParse((string?)a ?? string.Empty, out var address) ? address : null)
            .OfType<Multiaddr>()
            .Take(ConnectionManagementLimits.MaxAddressesPerPeer)
            .ToArray();
        return new PeerRecord(peer)
        {
            Addresses = addresses,
            LastSeen = ParseTime((string?)entry["lastSeen"]),
            Score = (double?)entry["score"] ?? 0,
            BannedUntil = ParseTime((string?)entry["bannedUntil"]),
            BanReason = (string?)entry["banReason"],
        };
    }

    private static DateTimeOffset? ParseTime(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time) ? time : null;
}
