using Microsoft.Data.Sqlite;
using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Masternodes;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Storage;

/// <summary>UTXO reads and the atomic connect/disconnect steps.</summary>
public sealed partial class ChainStore : ICoinView
{
    public bool TryGetCoin(in OutPoint outPoint, out Coin coin)
    {
        if (_recentCoins.TryGetValue(outPoint, out coin))
        {
            return true;
        }

        _selectCoin.Transaction = null;
        _selectCoin.Parameters[0].Value = outPoint.TxId.ToArray();
        _selectCoin.Parameters[1].Value = (long)outPoint.Index;
        using var reader = _selectCoin.ExecuteReader();
        if (!reader.Read())
        {
            coin = default;
            return false;
        }

        coin = new Coin(new TxOut(reader.GetInt64(0), (byte[])reader[1]), reader.GetInt32(2), reader.GetInt32(3) != 0);
        return true;
    }

    /// <summary>
    /// One transaction (CHAIN-7.2, MNL-6.1): optionally the block bytes, its status, the spent coins
    /// removed, the created coins added, the undo data, the masternode list changes with their undo
    /// data, and the active-chain row at its height.
    /// </summary>
    public void ConnectBlock(BlockIndexEntry entry, byte[]? blockBytes, CoinViewCache changes, MasternodeListUpdate? masternodes = null)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(changes);
        using var transaction = _connection.BeginTransaction();
        InsertHeaderRow(transaction, entry);
        if (blockBytes is not null)
        {
            InsertBlockData(transaction, entry.Hash, blockBytes);
        }

        UpdateStatus(transaction, entry.Hash, entry.Status);
        FaultPoint?.Invoke("connect:after-status");
        foreach (var (outPoint, _) in changes.SpentFromBase)
        {
            DeleteCoin(transaction, outPoint);
        }

        FaultPoint?.Invoke("connect:after-spends");
        foreach (var (outPoint, coin) in changes.Added)
        {
            InsertCoin(transaction, outPoint, coin);
        }

        FaultPoint?.Invoke("connect:after-creates");
        using (var undo = _connection.CreateCommand())
        {
            undo.Transaction = transaction;
            undo.CommandText = "INSERT OR REPLACE INTO undo (hash, data) VALUES ($hash, $data)";
            undo.Parameters.AddWithValue("$hash", entry.Hash.ToArray());
            undo.Parameters.AddWithValue("$data", UndoCodec.Write(changes.SpentFromBase));
            undo.ExecuteNonQuery();
        }

        WriteMasternodeChanges(transaction, entry.Hash, masternodes ?? MasternodeListUpdate.Empty);
        FaultPoint?.Invoke("connect:after-masternodes");
        SetActive(transaction, entry.Height, entry.Hash);
        FaultPoint?.Invoke("connect:before-commit");
        transaction.Commit();

        // Only after the commit: the cache mirrors what is durable.
        foreach (var (outPoint, _) in changes.SpentFromBase)
        {
            _recentCoins.Remove(outPoint);
        }

        if (_recentCoins.Count + changes.Added.Count > RecentCoinsCapacity)
        {
            _recentCoins.Clear();
        }

        foreach (var (outPoint, coin) in changes.Added)
        {
            _recentCoins[outPoint] = coin;
        }
    }

    /// <summary>
    /// One transaction: removes the coins the block created, restores the coins it spent from its
    /// undo data, restores the masternode list of its parent, and removes its active-chain row.
    /// Returns the block's masternode changes, for the caller to revert in memory.
    /// </summary>
    public MasternodeListUpdate DisconnectBlock(BlockIndexEntry entry, Block block)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(block);
        var undoBytes = GetUndoBytes(entry.Hash) ?? throw new InvalidOperationException($"No undo data for {entry.Hash}.");
        var spent = UndoCodec.Read(undoBytes);
        using var transaction = _connection.BeginTransaction();
        foreach (var tx in block.Transactions)
        {
            for (var i = 0; i < tx.Outputs.Count; i++)
            {
                DeleteCoin(transaction, new OutPoint(tx.TxId, (uint)i));
            }
        }

        FaultPoint?.Invoke("disconnect:after-deletes");
        foreach (var (outPoint, coin) in spent)
        {
            InsertCoin(transaction, outPoint, coin);
        }

        var masternodes = RevertMasternodeChanges(transaction, entry.Hash);
        FaultPoint?.Invoke("disconnect:after-masternodes");

        using (var command = _connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM active WHERE height >= $height; DELETE FROM undo WHERE hash = $hash";
            command.Parameters.AddWithValue("$height", entry.Height);
            command.Parameters.AddWithValue("$hash", entry.Hash.ToArray());
            command.ExecuteNonQuery();
        }

        transaction.Commit();

        // Restored coins are read from the database when needed; created ones must be forgotten.
        foreach (var tx in block.Transactions)
        {
            for (var i = 0; i < tx.Outputs.Count; i++)
            {
                _recentCoins.Remove(new OutPoint(tx.TxId, (uint)i));
            }
        }

        return masternodes;
    }

    /// <summary>Sets the active-chain row of the genesis block (first start).</summary>
    public void InitializeGenesis(BlockIndexEntry genesis, byte[] blockBytes)
    {
        ArgumentNullException.ThrowIfNull(genesis);
        InsertHeaders([genesis]);
        using var transaction = _connection.BeginTransaction();
        InsertBlockData(transaction, genesis.Hash, blockBytes);
        UpdateStatus(transaction, genesis.Hash, genesis.Status);
        SetActive(transaction, 0, genesis.Hash);
        transaction.Commit();
    }

    /// <summary>Every unspent output (tests and consistency checks).</summary>
    public Dictionary<OutPoint, Coin> LoadAllCoins()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT txid, vout, value, script, height, coinbase FROM utxo";
        using var reader = command.ExecuteReader();
        var result = new Dictionary<OutPoint, Coin>();
        while (reader.Read())
        {
            var outPoint = new OutPoint(new Hash256((byte[])reader[0]), (uint)reader.GetInt64(1));
            result[outPoint] = new Coin(new TxOut(reader.GetInt64(2), (byte[])reader[3]), reader.GetInt32(4), reader.GetInt32(5) != 0);
        }

        return result;
    }

    private byte[]? GetUndoBytes(Hash256 hash)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT data FROM undo WHERE hash = $hash";
        command.Parameters.AddWithValue("$hash", hash.ToArray());
        return command.ExecuteScalar() as byte[];
    }

    private void SetActive(SqliteTransaction transaction, int height, Hash256 hash)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT OR REPLACE INTO active (height, hash) VALUES ($height, $hash)";
        command.Parameters.AddWithValue("$height", height);
        command.Parameters.AddWithValue("$hash", hash.ToArray());
        command.ExecuteNonQuery();
    }

    private void InsertCoin(SqliteTransaction transaction, in OutPoint outPoint, in Coin coin)
    {
        _insertCoin.Transaction = transaction;
        _insertCoin.Parameters[0].Value = outPoint.TxId.ToArray();
        _insertCoin.Parameters[1].Value = (long)outPoint.Index;
        _insertCoin.Parameters[2].Value = coin.Output.Value;
        _insertCoin.Parameters[3].Value = coin.Output.ScriptPubKey;
        _insertCoin.Parameters[4].Value = coin.Height;
        _insertCoin.Parameters[5].Value = coin.IsCoinbase ? 1 : 0;
        _insertCoin.ExecuteNonQuery();
    }

    private void DeleteCoin(SqliteTransaction transaction, in OutPoint outPoint)
    {
        _deleteCoin.Transaction = transaction;
        _deleteCoin.Parameters[0].Value = outPoint.TxId.ToArray();
        _deleteCoin.Parameters[1].Value = (long)outPoint.Index;
        _deleteCoin.ExecuteNonQuery();
    }
}
