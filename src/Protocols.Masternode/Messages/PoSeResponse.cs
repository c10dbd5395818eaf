using System.Text;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Protocols.Masternode.Messages;

/// <summary>The answer to a <see cref="PoSeChallenge"/>: the challenge signed by the masternode's operator key (MN-4.2).</summary>
/// <param name="ProTxHash">The masternode.</param>
/// <param name="Nonce">The challenge's nonce.</param>
/// <param name="BlockHash">The challenge's block hash.</param>
/// <param name="Signature">DER signature (low S) of <see cref="SigningHash()"/> by the operator key.</param>
public sealed record PoSeResponse(Hash256 ProTxHash, Hash256 Nonce, Hash256 BlockHash, byte[] Signature) : IMasternodeMessage
{
    private static readonly byte[] Tag = Encoding.ASCII.GetBytes("rusty/masternode-pose/1");

    public MasternodeMessageType Type => MasternodeMessageType.PoSeResponse;

    /// <summary>Double SHA-256 of the tag <c>rusty/masternode-pose/1</c>, proTxHash, nonce and block hash.</summary>
    public Hash256 SigningHash() => SigningHash(ProTxHash, Nonce, BlockHash);

    /// <summary>The hash a response to this challenge signs.</summary>
    public static Hash256 SigningHash(Hash256 proTxHash, Hash256 nonce, Hash256 blockHash)
    {
        Span<byte> preimage = stackalloc byte[Tag.Length + 96];
        Tag.CopyTo(preimage);
        proTxHash.WriteTo(preimage[Tag.Length..]);
        nonce.WriteTo(preimage[(Tag.Length + 32)..]);
        blockHash.WriteTo(preimage[(Tag.Length + 64)..]);
        return Hashes.DoubleSha256(preimage);
    }
}
