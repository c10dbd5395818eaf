using System.Text.Json;
using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Crypto;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Tests.Crypto;

/// <summary>The golden vector in specs/vectors/chain/sighash.json: a transaction, the coin it spends, the digest and a signature.</summary>
public class SighashVectorTests
{
    private sealed record Vector(string Key, string PublicKey, string ScriptPubKey, string Transaction, long Amount, string Digest, string Signature, string TxId);

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true };

    private static Vector Load() => JsonSerializer.Deserialize<Vector>(File.ReadAllText(Vectors.Path("chain/sighash.json")), Json)!;

    [Fact]
    [Trait("Clause", "CHAIN-3.1")]
    public void Key_and_script_of_the_vector_derive_from_the_private_key()
    {
        var vector = Load();
        var key = new PrivateKey(Convert.FromHexString(vector.Key));
        Assert.Equal(vector.PublicKey, Convert.ToHexStringLower(key.PublicKey));
        Assert.Equal(vector.ScriptPubKey, Convert.ToHexStringLower(key.ScriptPubKey));
        Assert.True(StandardScripts.TryGetKeyHash(key.ScriptPubKey, out var hash));
        Assert.Equal(Hashes.KeyHash(key.PublicKey), hash.ToArray());
    }

    [Theory]
    [InlineData("libsecp256k1")]
    [InlineData("managed")]
    [Trait("Clause", "CHAIN-3.3")]
    [Trait("Clause", "CHAIN-3.5")]
    public void Digest_matches_the_vector_and_the_signed_transaction_verifies(string backend)
    {
        var vector = Load();
        var tx = TransactionCodec.FromBytes(Convert.FromHexString(vector.Transaction));
        Assert.Equal(vector.TxId, tx.TxId.ToString());
        var spent = Convert.FromHexString(vector.ScriptPubKey);
        var digest = new byte[32];
        new SignatureHasher(tx).ComputeHash(0, spent, vector.Amount, StandardScripts.SigHashAll, digest);
        Assert.Equal(vector.Digest, Convert.ToHexStringLower(digest));
        Assert.True(StandardScripts.TryParseUnlockingScript(tx.Inputs[0].ScriptSig, out var der, out _, out _));
        Assert.Equal(vector.Signature, Convert.ToHexStringLower(der));
        Assert.Equal(RejectReason.None, SignatureChecker.Check(Secp256k1Tests.Get(backend), tx.Inputs[0].ScriptSig, spent, digest));
        var job = new SignatureJob(tx, new SignatureHasher(tx), 0, new Coin(new TxOut(vector.Amount, spent), 1, false));
        Assert.Equal(RejectReason.None, job.Verify(Secp256k1Tests.Get(backend)));
        var lied = job with { Spent = new Coin(new TxOut(vector.Amount - 1, spent), 1, false) };
        Assert.Equal(RejectReason.BadSignature, lied.Verify(Secp256k1Tests.Get(backend)));
    }

    [Fact]
    [Trait("Clause", "CHAIN-3.1")]
    public void Output_that_is_not_pay_to_key_hash_cannot_be_spent()
    {
        var vector = Load();
        var tx = TransactionCodec.FromBytes(Convert.FromHexString(vector.Transaction));
        Assert.Equal(RejectReason.UnsupportedScript, SignatureChecker.CheckEncoding(tx.Inputs[0].ScriptSig, [0x51], out _, out _));
    }

    [Fact]
    [Trait("Clause", "CHAIN-3.2")]
    public void Unlocking_script_with_another_shape_is_not_canonical()
    {
        var vector = Load();
        var tx = TransactionCodec.FromBytes(Convert.FromHexString(vector.Transaction));
        var script = tx.Inputs[0].ScriptSig;
        var spent = Convert.FromHexString(vector.ScriptPubKey);
        Assert.Equal(RejectReason.NonCanonicalSignature, SignatureChecker.CheckEncoding([.. script, 0x00], spent, out _, out _));
        var wrongHashType = (byte[])script.Clone();
        wrongHashType[script[0]] = 0x02;
        Assert.Equal(RejectReason.NonCanonicalSignature, SignatureChecker.CheckEncoding(wrongHashType, spent, out _, out _));
    }

    /// <summary>
    /// Rebuilds the vector from its definition and compares it with the stored file. With
    /// RUSTYNODE_REGENERATE_VECTORS=1 it first rewrites specs/vectors/chain/sighash.json (when the spec changes).
    /// </summary>
    [Fact]
    public void Vector_generator_reproduces_the_stored_vector()
    {
        var key = new PrivateKey(Convert.FromHexString("0000000000000000000000000000000000000000000000000000000000000001"), Secp256k1Tests.Get("libsecp256k1"));
        var template = new Transaction(
            2,
            [new TxIn(new OutPoint(Hashes.DoubleSha256("rusty vector prevout"u8), 1), [], 0xfffffffe)],
            [new TxOut(4_999_990_000, key.ScriptPubKey), new TxOut(0, [0x6a, 0x04, 0x72, 0x75, 0x73, 0x74])],
            0);
        var signed = Mining.TransactionSigner.Sign(template, [new Coin(new TxOut(5_000_000_000, key.ScriptPubKey), 1, false)], [key]);
        var digest = new byte[32];
        new SignatureHasher(signed).ComputeHash(0, key.ScriptPubKey, 5_000_000_000, StandardScripts.SigHashAll, digest);
        Assert.True(StandardScripts.TryParseUnlockingScript(signed.Inputs[0].ScriptSig, out var der, out _, out _));
        var built = new Vector(
            "0000000000000000000000000000000000000000000000000000000000000001",
            Convert.ToHexStringLower(key.PublicKey),
            Convert.ToHexStringLower(key.ScriptPubKey),
            Convert.ToHexStringLower(signed.ToBytes()),
            5_000_000_000,
            Convert.ToHexStringLower(digest),
            Convert.ToHexStringLower(der),
            signed.TxId.ToString());
        if (Environment.GetEnvironmentVariable("RUSTYNODE_REGENERATE_VECTORS") == "1")
        {
            var source = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../specs/vectors/chain/sighash.json"));
            File.WriteAllText(source, JsonSerializer.Serialize(built, Json) + "\n");
        }

        Assert.Equal(Load(), built);
    }
}
