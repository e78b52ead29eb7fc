using Microsoft.Data.Sqlite;
using OrleansIm.Bench.Core;
using OrleansIm.Bench.Targets;

namespace OrleansIm.Bench.Scenarios.LargeGroups;

/// <summary>
/// Counts what the store holds for one conversation, from outside the node: the node's SQLite
/// file opened read-only (the node counts rows itself, <c>StoreStatistics.RowsWritten</c>, but does
/// not expose them). Rows a phase wrote = the difference of two counts around it. Only for a
/// node on embedded SQLite that the harness started; null elsewhere.
/// </summary>
public sealed class StoreRowCounter(string databasePath)
{
    /// <summary>The message store's file name in the node's data folder (SqliteStoreOptions' default).</summary>
    private const string DatabaseFileName = "orleansim.db";

    public static StoreRowCounter? For(ITarget target) =>
        target is NodeTarget node ? new StoreRowCounter(Path.Combine(node.DataDirectory, DatabaseFileName)) : null;

    /// <summary>Rows of the conversation: its messages, and sync events (one per member per message under write diffusion).</summary>
    public async Task<ConversationRows> CountAsync(string conversationId, CancellationToken cancellationToken)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT count(*) FROM message WHERE conversation_id = $c),
                   (SELECT count(*) FROM user_sync_event WHERE conversation_id = $c)
            """;
        command.Parameters.AddWithValue("$c", conversationId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new ConversationRows(reader.GetInt64(0), reader.GetInt64(1));
    }
}

/// <summary>Rows of one conversation in the message store.</summary>
public sealed record ConversationRows(long Messages, long SyncEvents)
{
    public static ConversationRows operator -(ConversationRows after, ConversationRows before) =>
        new(after.Messages - before.Messages, after.SyncEvents - before.SyncEvents);
}
