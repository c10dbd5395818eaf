using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Mining;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Service;

namespace RustyNode.Consensus.Tests.Chain;

public class SpecialTransactionTests
{
    private sealed class AcceptRegistrations : ISpecialTransactionValidator
    {
        public RejectReason Check(Transaction tx, int height) =>
            tx.Type == SpecialTransactionType.ProviderRegister && tx.ExtraPayload.Length > 0 ? RejectReason.None : RejectReason.BadSpecialPayload;
    }

    [Fact]
    [Trait("Clause", "CHAIN-3.6")]
    public void Plugged_in_validator_decides_special_transactions()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "rustynode-special-" + Guid.NewGuid().ToString("N"));
        using (var service = ChainService.Open(dataDir, ChainParameters.Regtest, null, new ChainServiceOptions
        {
            Connect = new BlockConnectOptions { SpecialTransactions = new AcceptRegistrations() },
        }))
        {
            var generator = new ChainGenerator(ChainParameters.Regtest);
            foreach (var block in generator.Build(101))
            {
                Assert.True(service.ProcessBlock(block).IsAccepted);
            }

            var coin = generator.Spendable[0];
            Transaction Special(int type, byte[] payload) => TransactionSigner.Sign(
                new Transaction(1 | (type << 16), [new TxIn(coin.OutPoint, [])], [new TxOut(coin.Coin.Output.Value - 10_000, coin.Key.ScriptPubKey)], 0, payload),
                [coin.Coin],
                [coin.Key]);

            Assert.Equal(RejectReason.BadSpecialPayload, service.AcceptTransaction(Special(2, [1])).Result.Reason);
            Assert.True(service.AcceptTransaction(Special(1, [1, 2])).IsAccepted);
            Assert.True(service.Generate(1).Accepted);
            Assert.Equal(0, service.GetMempoolInfo().Count);
        }

        Directory.Delete(dataDir, recursive: true);
    }
}
