using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Chain;

/// <summary>Builds the genesis block of a network (CHAIN-6.2).</summary>
public static class Genesis
{
    /// <summary>The text every Rusty Coin genesis coinbase carries.</summary>
    public const string Message = "Rusty Coin genesis: a node networking stack in C#";

    /// <summary>
    /// The genesis block: one coinbase whose scriptSig pushes height 0 and the message, paying the
    /// initial subsidy to an unspendable OP_RETURN output (genesis outputs never enter the UTXO set).
    /// </summary>
    public static Block Create(uint time, uint bits, uint nonce, long reward)
    {
        var message = System.Text.Encoding.ASCII.GetBytes(Message);
        byte[] scriptSig = [0x01, 0x00, (byte)message.Length, .. message];
        var coinbase = new Transaction(
            1,
            [new TxIn(OutPoint.Null, scriptSig)],
            [new TxOut(reward, [0x6a])],
            0);
        var header = new BlockHeader(1, Hash256.Zero, coinbase.TxId, time, bits, nonce);
        return new Block(header, [coinbase]);
    }
}
