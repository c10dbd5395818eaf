using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Crypto;
using RustyNode.Consensus.Model;

namespace RustyNode.Consensus.Mining;

/// <summary>Signs pay-to-key-hash inputs (tests, generators, demos).</summary>
public static class TransactionSigner
{
    /// <summary>
    /// Returns <paramref name="template"/> with every input's scriptSig filled in; input i spends
    /// <paramref name="spent"/>[i] locked to <paramref name="keys"/>[i].
    /// </summary>
    public static Transaction Sign(Transaction template, IReadOnlyList<Coin> spent, IReadOnlyList<PrivateKey> keys)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(spent);
        ArgumentNullException.ThrowIfNull(keys);
        var hasher = new SignatureHasher(template);
        var inputs = new TxIn[template.Inputs.Count];
        Span<byte> digest = stackalloc byte[32];
        for (var i = 0; i < inputs.Length; i++)
        {
            hasher.ComputeHash(i, spent[i].Output.ScriptPubKey, spent[i].Output.Value, StandardScripts.SigHashAll, digest);
            var signature = keys[i].Sign(digest);
            inputs[i] = template.Inputs[i] with { ScriptSig = StandardScripts.UnlockingScript(signature, keys[i].PublicKey) };
        }

        return new Transaction(template.Version, inputs, template.Outputs, template.LockTime, template.ExtraPayload);
    }
}
