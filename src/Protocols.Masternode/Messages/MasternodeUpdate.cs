using System.Buffers.Binary;
using System.Text;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Protocols.Masternode.Messages;

/// <summary>
/// An operator-signed status message, gossiped on <see cref="MasternodeProtocol.UpdatesTopic"/> (MN-4.1).
/// The block hash and timestamp make it fresh; the signature is by the masternode's current operator key.
/// </summary>
/// <param name="ProTxHash">The masternode.</param>
/// <param name="BlockHash">A recent block of the signer's active chain.</param>
/// <param name="Timestamp">Unix seconds when signed.</param>
/// <param name="Status">What the operator says.</param>
/// <param name="Signature">DER signature (low S) of <see cref="SigningHash"/> by the operator key.</param>
public sealed record MasternodeUpdate(Hash256 ProTxHash, Hash256 BlockHash, ulong Timestamp, MasternodeStatus Status, byte[] Signature) : IMasternodeMessage
{
    private static readonly byte[] Tag = Encoding.ASCII.GetBytes("rusty/masternode-update/1");

    public MasternodeMessageType Type => MasternodeMessageType.Update;

    /// <summary>Double SHA-256 of the tag <c>rusty/masternode-update/1</c>, proTxHash, block hash, timestamp (8) and status (1).</summary>
    public Hash256 SigningHash()
    {
        Span<byte> preimage = stackalloc byte[Tag.Length + 32 + 32 + 8 + 1];
        Tag.CopyTo(preimage);
        ProTxHash.WriteTo(preimage[Tag.Length..]);
        BlockHash.WriteTo(preimage[(Tag.Length + 32)..]);
        BinaryPrimitives.WriteUInt64LittleEndian(preimage[(Tag.Length + 64)..], Timestamp);
        preimage[^1] = (byte)Status;
        return Hashes.DoubleSha256(preimage);
    }
}
