using System.Text.RegularExpressions;
using RustyNode.Node.Tests.Testing;

namespace RustyNode.Node.Tests.Specs;

/// <summary>
/// The rule of the house that ties specs/ to tests/: every numbered clause has a test that names
/// it, and every clause a test names exists (specs/README.md).
/// </summary>
public partial class SpecClauseTests
{
    [Fact]
    public void Every_clause_a_test_names_is_defined_in_specs()
    {
        var defined = DefinedClauses();
        var missing = ReferencedClauses().Where(r => !defined.ContainsKey(r.Key)).Select(r => $"{r.Key} (named in {string.Join(", ", r.Value)})").ToArray();

        Assert.True(missing.Length == 0, "Tests name clauses that no spec defines: " + string.Join("; ", missing));
    }

    [Fact]
    public void Every_clause_in_specs_is_checked_by_a_test()
    {
        var referenced = ReferencedClauses();
        var untested = DefinedClauses().Where(d => !referenced.ContainsKey(d.Key)).Select(d => $"{d.Key} ({d.Value})").ToArray();

        Assert.True(untested.Length == 0, "Clauses without a test that names them: " + string.Join("; ", untested));
    }

    private static Dictionary<string, string> DefinedClauses()
    {
        var clauses = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(TestNodes.RepositoryRoot, "specs"), "*.md", SearchOption.AllDirectories))
        {
            foreach (Match match in ClauseDefinition().Matches(File.ReadAllText(file)))
            {
                clauses.TryAdd(match.Groups[1].Value, Path.GetRelativePath(TestNodes.RepositoryRoot, file));
            }
        }

        Assert.NotEmpty(clauses);
        return clauses;
    }

    private static Dictionary<string, List<string>> ReferencedClauses()
    {
        var references = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var tests = Path.Combine(TestNodes.RepositoryRoot, "tests");
        foreach (var file in Directory.EnumerateFiles(tests, "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                || file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (Match match in ClauseReference().Matches(File.ReadAllText(file)))
            {
                if (!references.TryGetValue(match.Groups[1].Value, out var files))
                {
                    references[match.Groups[1].Value] = files = [];
                }

                files.Add(Path.GetFileName(file));
            }
        }

        Assert.NotEmpty(references);
        return references;
    }

    [GeneratedRegex(@"\*\*([A-Z]+-[0-9]+(?:\.[0-9]+)*)\*\*")]
    private static partial Regex ClauseDefinition();

    [GeneratedRegex(@"Trait\(""Clause"",\s*""([^""]+)""\)")]
    private static partial Regex ClauseReference();
}
