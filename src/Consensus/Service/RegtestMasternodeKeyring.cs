using System.Text.Json;
using System.Text.Json.Nodes;
using RustyNode.Consensus.Crypto;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Service;

/// <summary>
/// The owner and operator keys of the masternodes the regtest helper registered, kept in
/// <c>masternode-keys.json</c> beside the chain (mode 0600) so that later updates, revocations and the
/// network side's operator duties survive a restart. A masternode may have several operator keys over
/// time; the one in the list is looked up by its public key.
/// </summary>
internal sealed class RegtestMasternodeKeyring
{
    public const string FileName = "masternode-keys.json";

    private readonly string _path;
    private readonly Dictionary<Hash256, (PrivateKey Owner, List<PrivateKey> Operators)> _keys = [];
    private readonly ISecp256k1 _backend;
    private readonly Lock _lock = new();

    public RegtestMasternodeKeyring(string dataDir, ISecp256k1 backend)
    {
        _path = Path.Combine(dataDir, FileName);
        _backend = backend;
        if (!File.Exists(_path))
        {
            return;
        }

        var root = JsonNode.Parse(File.ReadAllText(_path))?.AsObject() ?? throw new InvalidDataException($"{_path} is not a JSON object.");
        foreach (var (id, value) in root)
        {
            var owner = Key((string?)value?["owner"]);
            var operators = value?["operators"]?.AsArray().Select(o => Key((string?)o)).ToList() ?? [];
            _keys[Hash256.Parse(id)] = (owner, operators);
        }
    }

    /// <summary>Remembers the keys of a new masternode.</summary>
    public void Add(Hash256 proTxHash, PrivateKey owner, PrivateKey operatorKey)
    {
        lock (_lock)
        {
            _keys[proTxHash] = (owner, [operatorKey]);
        }
    }

    /// <summary>Remembers one more operator key of a masternode.</summary>
    public void AddOperator(Hash256 proTxHash, PrivateKey operatorKey)
    {
        lock (_lock)
        {
            if (_keys.TryGetValue(proTxHash, out var keys))
            {
                keys.Operators.Add(operatorKey);
            }
        }
    }

    /// <summary>The owner key of a masternode registered here.</summary>
    public PrivateKey? FindOwner(Hash256 proTxHash)
    {
        lock (_lock)
        {
            return _keys.TryGetValue(proTxHash, out var keys) ? keys.Owner : null;
        }
    }

    /// <summary>The private key of <paramref name="operatorPublicKey"/> for a masternode registered here.</summary>
    public PrivateKey? FindOperator(Hash256 proTxHash, ReadOnlySpan<byte> operatorPublicKey)
    {
        lock (_lock)
        {
            if (!_keys.TryGetValue(proTxHash, out var keys))
            {
                return null;
            }

            foreach (var key in keys.Operators)
            {
                if (key.PublicKey.AsSpan().SequenceEqual(operatorPublicKey))
                {
                    return key;
                }
            }

            return null;
        }
    }

    /// <summary>Writes the file (to a temporary name, then renamed over the old one).</summary>
    public void Save()
    {
        var root = new JsonObject();
        lock (_lock)
        {
            foreach (var (id, (owner, operators)) in _keys)
            {
                root[id.ToString()] = new JsonObject
                {
                    ["owner"] = Convert.ToHexStringLower(owner.ExportSecret()),
                    ["operators"] = new JsonArray([.. operators.Select(o => (JsonNode)Convert.ToHexStringLower(o.ExportSecret()))]),
                };
            }
        }

        var temporary = _path + ".tmp";
        File.WriteAllText(temporary, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temporary, _path, overwrite: true);
    }

    private PrivateKey Key(string? hex) =>
        hex is null ? throw new InvalidDataException($"{_path} lacks a key.") : new PrivateKey(Convert.FromHexString(hex), _backend);
}
