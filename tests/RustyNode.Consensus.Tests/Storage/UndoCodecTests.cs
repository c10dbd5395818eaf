using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;
using RustyNode.Consensus.Storage;

namespace RustyNode.Consensus.Tests.Storage;

public class UndoCodecTests
{
    [Fact]
    [Trait("Clause", "CHAIN-7.3")]
    public void Undo_data_round_trips_every_field()
    {
        List<KeyValuePair<OutPoint, Coin>> spent =
        [
            new(new OutPoint(Hashes.DoubleSha256([1]), 7), new Coin(new TxOut(123, [0x51, 0x52]), 42, true)),
            new(new OutPoint(Hashes.DoubleSha256([2]), 0), new Coin(new TxOut(Money.MaxMoney, new byte[300]), 1, false)),
        ];
        var read = UndoCodec.Read(UndoCodec.Write(spent));
        Assert.Equal(spent.Count, read.Count);
        for (var i = 0; i < spent.Count; i++)
        {
            Assert.Equal(spent[i].Key, read[i].Key);
            Assert.Equal(spent[i].Value.Output.Value, read[i].Value.Output.Value);
            Assert.Equal(spent[i].Value.Output.ScriptPubKey, read[i].Value.Output.ScriptPubKey);
            Assert.Equal(spent[i].Value.Height, read[i].Value.Height);
            Assert.Equal(spent[i].Value.IsCoinbase, read[i].Value.IsCoinbase);
        }
    }
}
