using RustyNode.Network.Identity;

namespace RustyNode.Node;

/// <summary>Where the node's identity key comes from: a test seed, or a key file kept in the data dir.</summary>
public static class IdentityStore
{
    /// <summary>File name of the key, as a libp2p PrivateKey protobuf, in the data dir.</summary>
    public const string KeyFileName = "identity.key";

    /// <summary>Loads the key, creating and saving a new one on first start.</summary>
    public static Ed25519PrivateKey LoadOrCreate(NodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.KeySeed is { } seed)
        {
            return Ed25519PrivateKey.FromSeedNumber(seed);
        }

        Directory.CreateDirectory(options.DataDir);
        var path = Path.Combine(options.DataDir, KeyFileName);
        if (File.Exists(path))
        {
            return Ed25519PrivateKey.FromProtobuf(File.ReadAllBytes(path));
        }

        var key = Ed25519PrivateKey.Generate();
        var temp = path + ".tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write))
        {
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(file.SafeFileHandle, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            file.Write(key.ToProtobuf());
            file.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
        return key;
    }
}
