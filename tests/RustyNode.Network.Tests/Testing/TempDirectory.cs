namespace RustyNode.Network.Tests.Testing;

/// <summary>
/// A fresh directory under the system temp folder, deleted with its contents on dispose. Declare it
/// before whatever uses it (a daemon, a chain store), so that is disposed, and its files closed, first.
/// </summary>
public sealed class TempDirectory : IDisposable
{
    /// <summary>Creates a directory named <paramref name="prefix"/> and a random suffix.</summary>
    public TempDirectory(string prefix)
    {
        Path = Directory.CreateTempSubdirectory(prefix).FullName;
    }

    /// <summary>The directory's full path.</summary>
    public string Path { get; }

    /// <summary>Deletes the directory and everything in it.</summary>
    public void Dispose() => Delete(Path);

    /// <summary>Deletes <paramref name="path"/> and everything in it; a directory already gone is not an error.</summary>
    public static void Delete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
