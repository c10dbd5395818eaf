using Microsoft.Data.Sqlite;
using RustyNode.Consensus.Masternodes;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Storage;

/// <summary>The masternode list of the active tip and each connected block's list changes (MNL-6).</summary>
public sealed partial class ChainStore
{
    /// <summary>The stored masternode list (the list after the active tip).</summary>
    public MasternodeList LoadMasternodeList()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT entry FROM masternodes";
        using var reader = command.ExecuteReader();
        var entries = new List<MasternodeEntry>();
        while (reader.Read())
        {
            entries.Add(MasternodeEntryCodec.FromBytes((byte[])reader[0]));
        }

        return new MasternodeList(entries);
    }

    /// <summary>The masternode changes a connected block made, or null when none are stored for it.</summary>
    public MasternodeListUpdate? GetMasternodeUndo(Hash256 blockHash)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT data FROM masternode_undo WHERE hash = $hash";
        command.Parameters.AddWithValue("$hash", blockHash.ToArray());
        return command.ExecuteScalar() is byte[] bytes ? MasternodeUndoCodec.Read(bytes) : null;
    }

    private void WriteMasternodeChanges(SqliteTransaction transaction, Hash256 blockHash, MasternodeListUpdate update)
    {
        foreach (var change in update.NetChanges())
        {
            WriteMasternode(transaction, change.ProTxHash, change.After);
        }

        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT OR REPLACE INTO masternode_undo (hash, data) VALUES ($hash, $data)";
        command.Parameters.AddWithValue("$hash", blockHash.ToArray());
        command.Parameters.AddWithValue("$data", MasternodeUndoCodec.Write(update));
        command.ExecuteNonQuery();
    }

    private MasternodeListUpdate RevertMasternodeChanges(SqliteTransaction transaction, Hash256 blockHash)
    {
        var update = GetMasternodeUndo(blockHash) ?? MasternodeListUpdate.Empty;
        foreach (var change in update.NetChanges())
        {
            WriteMasternode(transaction, change.ProTxHash, change.Before);
        }

        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM masternode_undo WHERE hash = $hash";
        command.Parameters.AddWithValue("$hash", blockHash.ToArray());
        command.ExecuteNonQuery();
        return update;
    }

    private void WriteMasternode(SqliteTransaction transaction, Hash256 proTxHash, MasternodeEntry? entry)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.Parameters.AddWithValue("$protx", proTxHash.ToArray());
        if (entry is null)
        {
            command.CommandText = "DELETE FROM masternodes WHERE protx = $protx";
        }
        else
        {
            command.CommandText = "INSERT OR REPLACE INTO masternodes (protx, entry) VALUES ($protx, $entry)";
            command.Parameters.AddWithValue("$entry", entry.ToBytes());
        }

        command.ExecuteNonQuery();
    }
}
