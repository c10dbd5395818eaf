using System.Text.Json;
using RustyNode.Consensus.Crypto;

namespace RustyNode.Consensus.Tests.Crypto;

/// <summary>
/// specs/vectors/chain/ecdsa-edge-cases.json: malformed, non-DER, out-of-range and high-S
/// signatures and bad public keys. Both backends, and the full input check over each, must give
/// the result the vector states.
/// </summary>
public class EcdsaEdgeCaseVectorTests
{
    private sealed record Case(string Name, string Rule, string Result, string PublicKey, string Signature, string Digest);

    private sealed record VectorFile(string Description, Case[] Cases);

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private static Case[] Load() => JsonSerializer.Deserialize<VectorFile>(File.ReadAllText(Vectors.Path("chain/ecdsa-edge-cases.json")), Json)!.Cases;

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var c in Load())
        {
            data.Add(c.Name);
        }

        return data;
    }

    [Fact]
    public void Vector_file_names_each_case_once_and_covers_all_three_results()
    {
        var cases = Load();
        Assert.Equal(cases.Length, cases.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(["bad-signature", "non-canonical", "valid"], cases.Select(c => c.Result).Distinct().Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Names))]
    [Trait("Clause", "CHAIN-3.2")]
    [Trait("Clause", "CHAIN-3.4")]
    [Trait("Clause", "CHAIN-3.5")]
    public void Both_backends_give_the_stated_result(string name)
    {
        var c = Load().Single(x => x.Name == name);
        var publicKey = Convert.FromHexString(c.PublicKey);
        var signature = Convert.FromHexString(c.Signature);
        var digest = Convert.FromHexString(c.Digest);
        var expected = c.Result switch
        {
            "valid" => RejectReason.None,
            "non-canonical" => RejectReason.NonCanonicalSignature,
            "bad-signature" => RejectReason.BadSignature,
            _ => throw new InvalidDataException($"Unknown result '{c.Result}'."),
        };

        var scriptSig = StandardScripts.UnlockingScript(signature, publicKey);
        var spent = StandardScripts.PayToPublicKey(publicKey);
        foreach (var backend in new[] { Secp256k1Tests.Get("libsecp256k1"), Secp256k1Tests.Get("managed") })
        {
            Assert.True(expected == RejectReason.None == backend.Verify(publicKey, signature, digest), $"{backend.Name}: Verify disagrees on '{name}'");
            Assert.True(expected == SignatureChecker.Check(backend, scriptSig, spent, digest), $"{backend.Name}: the input check disagrees on '{name}'");
        }

        Assert.Equal(Secp256k1Tests.Get("libsecp256k1").IsValidPublicKey(publicKey), Secp256k1Tests.Get("managed").IsValidPublicKey(publicKey));
    }

    [Fact]
    [Trait("Clause", "CHAIN-3.5")]
    public void Managed_backend_reproduces_the_signature_of_the_sighash_vector()
    {
        var valid = Load().Single(c => c.Result == "valid");
        var key = new PrivateKey(Convert.FromHexString("0000000000000000000000000000000000000000000000000000000000000001"), Secp256k1Tests.Get("managed"));
        Assert.Equal(valid.PublicKey, Convert.ToHexStringLower(key.PublicKey));
        Assert.Equal(valid.Signature, Convert.ToHexStringLower(key.Sign(Convert.FromHexString(valid.Digest))));
    }
}
