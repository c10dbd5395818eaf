using System.Buffers.Binary;
using System.Security.Cryptography;
using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Storage;

/// <summary>Whole-table scans of the UTXO set: its digest (to compare nodes) and the coins of one script (regtest spends).</summary>
public sealed partial class ChainStore
{
    /// <summary>
    /// The number of unspent outputs and the SHA-256 over all of them in (txid, vout) order, each as
    /// txid (32), vout (u32), value (i64), height (i32), coinbase (1 byte), script length (u32), script.
    /// </summary>
    public (long Count, Hash256 Digest) ComputeUtxoDigest()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT txid, vout, value, height, coinbase, script FROM utxo ORDER BY txid, vout";
        using var reader = command.ExecuteReader();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> fields = stackalloc byte[4 + 8 + 4 + 1 + 4];
        long count = 0;
        while (reader.Read())
        {
            var script = (byte[])reader[5];
            hash.AppendData((byte[])reader[0]);
            BinaryPrimitives.WriteUInt32LittleEndian(fields, (uint)reader.GetInt64(1));
            BinaryPrimitives.WriteInt64LittleEndian(fields[4..], reader.GetInt64(2));
            BinaryPrimitives.WriteInt32LittleEndian(fields[12..], reader.GetInt32(3));
            fields[16] = (byte)(reader.GetInt32(4) != 0 ? 1 : 0);
            BinaryPrimitives.WriteUInt32LittleEndian(fields[17..], (uint)script.Length);
            hash.AppendData(fields);
            hash.AppendData(script);
            count++;
        }

        return (count, new Hash256(hash.GetHashAndReset()));
    }

    /// <summary>Up to <paramref name="max"/> unspent outputs locked by exactly <paramref name="scriptPubKey"/>.</summary>
    public List<(OutPoint OutPoint, Coin Coin)> FindCoins(byte[] scriptPubKey, int max)
    {
        ArgumentNullException.ThrowIfNull(scriptPubKey);
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT txid, vout, value, height, coinbase FROM utxo WHERE script = $script LIMIT $max";
        command.Parameters.AddWithValue("$script", scriptPubKey);
        command.Parameters.AddWithValue("$max", max);
        using var reader = command.ExecuteReader();
        var result = new List<(OutPoint, Coin)>();
        while (reader.Read())
        {
            var outPoint = new OutPoint(new Hash256((byte[])reader[0]), (uint)reader.GetInt64(1));
            result.Add((outPoint, new Coin(new TxOut(reader.GetInt64(2), scriptPubKey), reader.GetInt32(3), reader.GetInt32(4) != 0)));
        }

        return result;
    }
}
