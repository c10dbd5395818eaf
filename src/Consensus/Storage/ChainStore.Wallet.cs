using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Storage;

/// <summary>Coins by script, for the regtest wallet (a table scan: regtest UTXO sets are small).</summary>
public sealed partial class ChainStore
{
    /// <summary>Unspent outputs locked by exactly <paramref name="script"/>, at most <paramref name="limit"/>.</summary>
    public List<KeyValuePair<OutPoint, Coin>> LoadCoinsByScript(byte[] script, int limit)
    {
        ArgumentNullException.ThrowIfNull(script);
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT txid, vout, value, height, coinbase FROM utxo WHERE script = $script ORDER BY height LIMIT $limit";
        command.Parameters.AddWithValue("$script", script);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var result = new List<KeyValuePair<OutPoint, Coin>>();
        while (reader.Read())
        {
            var outPoint = new OutPoint(new Hash256((byte[])reader[0]), (uint)reader.GetInt64(1));
            result.Add(new(outPoint, new Coin(new TxOut(reader.GetInt64(2), script), reader.GetInt32(3), reader.GetInt32(4) != 0)));
        }

        return result;
    }
}
