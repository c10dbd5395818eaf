using Microsoft.Data.Sqlite;
using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Storage;

/// <summary>
/// The SQLite store in the data dir (CHAIN-7): block index, block bytes, undo data, the active chain,
/// the UTXO set and the masternode list of the active tip with its undo data (MNL-6). WAL journal; every block connect or disconnect is one transaction, so a crash
/// leaves either the old or the new state. Not thread-safe: the owner serializes calls.
/// </summary>
public sealed partial class ChainStore : IDisposable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS headers (hash BLOB PRIMARY KEY, height INTEGER NOT NULL, header BLOB NOT NULL, status INTEGER NOT NULL, seq INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS blocks (hash BLOB PRIMARY KEY, data BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS undo (hash BLOB PRIMARY KEY, data BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS active (height INTEGER PRIMARY KEY, hash BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS utxo (txid BLOB NOT NULL, vout INTEGER NOT NULL, value INTEGER NOT NULL, script BLOB NOT NULL, height INTEGER NOT NULL, coinbase INTEGER NOT NULL, PRIMARY KEY (txid, vout)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS masternodes (protx BLOB PRIMARY KEY, entry BLOB NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS masternode_undo (hash BLOB PRIMARY KEY, data BLOB NOT NULL);
        """;

    /// <summary>Coins created by recently connected blocks, kept in memory (they are the ones spent soonest).</summary>
    private const int RecentCoinsCapacity = 250_000;

    private readonly Dictionary<OutPoint, Coin> _recentCoins = [];
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _selectCoin;
    private readonly SqliteCommand _insertCoin;
    private readonly SqliteCommand _deleteCoin;
    private readonly SqliteCommand _insertHeader;
    private bool _disposed;

    private ChainStore(SqliteConnection connection)
    {
        _connection = connection;
        _selectCoin = Prepare("SELECT value, script, height, coinbase FROM utxo WHERE txid = $txid AND vout = $vout", "$txid", "$vout");
        _insertCoin = Prepare("INSERT OR REPLACE INTO utxo (txid, vout, value, script, height, coinbase) VALUES ($txid, $vout, $value, $script, $height, $coinbase)", "$txid", "$vout", "$value", "$script", "$height", "$coinbase");
        _deleteCoin = Prepare("DELETE FROM utxo WHERE txid = $txid AND vout = $vout", "$txid", "$vout");
        _insertHeader = Prepare("INSERT OR IGNORE INTO headers (hash, height, header, status, seq) VALUES ($hash, $height, $header, $status, $seq)", "$hash", "$height", "$header", "$status", "$seq");
    }

    /// <summary>Test hook: called at points inside a connect transaction (crash tests kill the process there).</summary>
    internal Action<string>? FaultPoint { get; set; }

    /// <summary>Opens (creating if needed) the database file <paramref name="path"/>.</summary>
    public static ChainStore Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=OFF;");
        Execute(connection, Schema);
        return new ChainStore(connection);
    }

    /// <summary>A value of the meta table, or null.</summary>
    public string? GetMeta(string key)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT value FROM meta WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        return command.ExecuteScalar() as string;
    }

    /// <summary>Sets a value of the meta table.</summary>
    public void SetMeta(string key, string value)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "INSERT OR REPLACE INTO meta (key, value) VALUES ($key, $value)";
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$value", value);
        command.ExecuteNonQuery();
    }

    /// <summary>Every header row, parents before children.</summary>
    internal List<StoredHeader> LoadHeaders()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT header, status, seq FROM headers ORDER BY height, seq";
        using var reader = command.ExecuteReader();
        var result = new List<StoredHeader>();
        while (reader.Read())
        {
            result.Add(new StoredHeader(BlockHeader.FromBytes((byte[])reader[0]), (BlockStatus)reader.GetInt32(1), reader.GetInt64(2)));
        }

        return result;
    }

    /// <summary>The active chain's hashes by height, from 0.</summary>
    public List<Hash256> LoadActiveChain()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT height, hash FROM active ORDER BY height";
        using var reader = command.ExecuteReader();
        var result = new List<Hash256>();
        while (reader.Read())
        {
            if (reader.GetInt64(0) != result.Count)
            {
                throw new InvalidOperationException("The active chain table has a gap; the store is damaged.");
            }

            result.Add(new Hash256((byte[])reader[1]));
        }

        return result;
    }

    /// <summary>Adds header rows in one transaction.</summary>
    public void InsertHeaders(IReadOnlyList<BlockIndexEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        using var transaction = _connection.BeginTransaction();
        foreach (var entry in entries)
        {
            InsertHeaderRow(transaction, entry);
        }

        transaction.Commit();
    }

    /// <summary>Stores a block's header row, bytes and status, in one transaction.</summary>
    public void StoreBlock(BlockIndexEntry entry, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(entry);
        using var transaction = _connection.BeginTransaction();
        InsertHeaderRow(transaction, entry);
        InsertBlockData(transaction, entry.Hash, data);
        UpdateStatus(transaction, entry.Hash, entry.Status);
        transaction.Commit();
    }

    /// <summary>Sets a header's status (e.g. invalid).</summary>
    public void SetStatus(Hash256 hash, BlockStatus status)
    {
        using var transaction = _connection.BeginTransaction();
        UpdateStatus(transaction, hash, status);
        transaction.Commit();
    }

    /// <summary>The stored bytes of a block, or null.</summary>
    public byte[]? GetBlockBytes(Hash256 hash)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT data FROM blocks WHERE hash = $hash";
        command.Parameters.AddWithValue("$hash", hash.ToArray());
        return command.ExecuteScalar() as byte[];
    }

    private void InsertHeaderRow(SqliteTransaction transaction, BlockIndexEntry entry)
    {
        // One prepared statement for every row: header sync writes thousands per transaction.
        _insertHeader.Transaction = transaction;
        _insertHeader.Parameters[0].Value = entry.Hash.ToArray();
        _insertHeader.Parameters[1].Value = entry.Height;
        _insertHeader.Parameters[2].Value = entry.Header.ToBytes();
        _insertHeader.Parameters[3].Value = (int)entry.Status;
        _insertHeader.Parameters[4].Value = entry.Sequence;
        _insertHeader.ExecuteNonQuery();
    }

    private void InsertBlockData(SqliteTransaction transaction, Hash256 hash, byte[] data)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT OR REPLACE INTO blocks (hash, data) VALUES ($hash, $data)";
        command.Parameters.AddWithValue("$hash", hash.ToArray());
        command.Parameters.AddWithValue("$data", data);
        command.ExecuteNonQuery();
    }

    private void UpdateStatus(SqliteTransaction transaction, Hash256 hash, BlockStatus status)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "UPDATE headers SET status = $status WHERE hash = $hash";
        command.Parameters.AddWithValue("$hash", hash.ToArray());
        command.Parameters.AddWithValue("$status", (int)status);
        command.ExecuteNonQuery();
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(name, name is "$txid" or "$script" or "$hash" or "$header" ? SqliteType.Blob : SqliteType.Integer);
        }

        return command;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _selectCoin.Dispose();
        _insertCoin.Dispose();
        _deleteCoin.Dispose();
        _insertHeader.Dispose();
        _connection.Dispose();
    }
}
