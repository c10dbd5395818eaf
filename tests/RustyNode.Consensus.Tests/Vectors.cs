namespace RustyNode.Consensus.Tests;

/// <summary>Reads the test vectors copied from specs/vectors into the test output.</summary>
internal static class Vectors
{
    public static string Path(string relative) => System.IO.Path.Combine(AppContext.BaseDirectory, "vectors", relative);

    public static byte[] Hex(string relative) => Convert.FromHexString(File.ReadAllText(Path(relative)).Trim());
}
