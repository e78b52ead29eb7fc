using Microsoft.Data.Sqlite;
using OrleansIm.Grains.Interfaces.Conversations;
using OrleansIm.Grains.Interfaces.Messages;
using OrleansIm.Grains.Interfaces.Users;

namespace OrleansIm.Grains.Storage.Sqlite;

/// <summary>
/// The embedded message store: one SQLite file in WAL mode, writes group-committed by a single
/// writer (<see cref="GroupCommitWriter"/>), reads on pooled connections. Open it with
/// <see cref="OpenAsync"/>, which also migrates the schema (including Orleans' grain-state
/// tables), before the silo starts.
/// </summary>
/// <remarks>
/// A cancellation token is honoured only until the write is queued: once queued, a write's task
/// reports what really happened to it, because a cancelled-but-committed write would lie.
/// </remarks>
public sealed class SqliteMessageStore : IMessageStore, IAsyncDisposable, IDisposable
{
    private readonly GroupCommitWriter _writer;
    private readonly SqliteStoreReader _reader;
    private readonly string _readConnectionString;
    private int _disposed;

    private SqliteMessageStore(SqliteStoreOptions options, SqliteConnection writerConnection)
    {
        ConnectionString = options.GetConnectionString();
        DatabasePath = options.DatabasePath;
        _writer = new GroupCommitWriter(writerConnection, options.MaxBatchSize, Statistics);
        _readConnectionString = new SqliteConnectionStringBuilder(ConnectionString) { Mode = SqliteOpenMode.ReadOnly }.ToString();
        _reader = new SqliteStoreReader(_readConnectionString);
    }

    /// <summary>The message store's database (tests and tools read it directly).</summary>
    public string ConnectionString { get; }

    /// <summary>The connection string to give Orleans' ADO.NET grain storage (invariant "System.Data.SQLite").</summary>
    public string GrainStateConnectionString { get; private init; } = "";

    public string DatabasePath { get; }

    public StoreStatistics Statistics { get; } = new();

    /// <summary>Creates the data directory and database if missing, applies pending migrations and starts the writer.</summary>
    public static async Task<SqliteMessageStore> OpenAsync(SqliteStoreOptions options, CancellationToken cancellationToken = default)
    {
        var store = await OpenPausedAsync(options, cancellationToken).ConfigureAwait(false);
        store.StartWriter();
        return store;
    }

    /// <summary>Opens the store without starting the writer, so tests can decide exactly what one batch holds.</summary>
    internal static async Task<SqliteMessageStore> OpenPausedAsync(SqliteStoreOptions options, CancellationToken cancellationToken = default)
    {
        options.Validate();
        Directory.CreateDirectory(Path.GetDirectoryName(options.DatabasePath)!);
        // Not pooled: the writer keeps its connection for its lifetime, and closing it must really close the file.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(options.GetConnectionString()) { Pooling = false }.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            SqlitePragmas.ConfigureWriter(connection, options);
            SqliteMigrator.Apply(connection);
            await MigrateGrainStateAsync(options, cancellationToken).ConfigureAwait(false);
            return new SqliteMessageStore(options, connection) { GrainStateConnectionString = options.GetGrainStateConnectionString() };
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    internal void StartWriter() => _writer.Start();

    /// <summary>Orleans reads its queries from this database when the silo starts, so it must be ready first.</summary>
    private static async Task MigrateGrainStateAsync(SqliteStoreOptions options, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder(options.GetGrainStateConnectionString()) { Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        SqlitePragmas.ConfigureWriter(connection, options);
        SqliteMigrator.Apply(connection, SqliteSchema.GrainState);
    }

    public Task AppendMessageAsync(MessageRecord message, MessageUpdate? targetUpdate = null, CancellationToken cancellationToken = default)
    {
        // Serialised here, on the caller's thread: a body that cannot be written fails only its own caller.
        var bodyJson = MessageBodyJson.Serialize(message.Body);
        var countsAsUnread = message.Body?.CountsAsUnread ?? false;
        var updatedBodyJson = targetUpdate is { Recalled: false } ? MessageBodyJson.Serialize(targetUpdate.NewBody) : null;
        return EnqueueAsync(statements =>
        {
            statements.InsertMessage(message, bodyJson, countsAsUnread);
            if (targetUpdate is not null)
            {
                statements.UpdateMessage(message.ConversationId, targetUpdate.TargetSeq, updatedBodyJson, targetUpdate.EditedAtMs, targetUpdate.Recalled,
                    targetUpdate.Recalled ? message.Seq : 0);
            }
        }, cancellationToken);
    }

    public Task AppendSyncEventsAsync(string userId, IReadOnlyList<StoredSyncEvent> events, CancellationToken cancellationToken = default)
    {
        if (events.Count == 0)
        {
            return Task.CompletedTask;
        }

        var copy = events.ToArray();
        return EnqueueAsync(statements =>
        {
            foreach (var e in copy)
            {
                statements.InsertSyncEvent(userId, e);
            }
        }, cancellationToken);
    }

    public Task SaveReadPositionAsync(string conversationId, string userId, long readSeq, CancellationToken cancellationToken = default) =>
        EnqueueAsync(statements => statements.SaveReadPosition(conversationId, userId, readSeq), cancellationToken);

    public Task MarkDeliveredAsync(string conversationId, long deliveredSeq, CancellationToken cancellationToken = default) =>
        EnqueueAsync(statements => statements.MarkDelivered(conversationId, deliveredSeq), cancellationToken);

    public Task<long> GetDeliveredSeqAsync(string conversationId, CancellationToken cancellationToken = default) =>
        _reader.GetDeliveredSeqAsync(conversationId, cancellationToken);

    public async Task<IReadOnlyList<string>> ListUndeliveredConversationsAsync(string afterConversationId, int limit, CancellationToken cancellationToken = default) =>
        await _reader.ListUndeliveredConversationsAsync(afterConversationId, limit, cancellationToken).ConfigureAwait(false);

    public Task<long> GetLastSeqAsync(string conversationId, CancellationToken cancellationToken = default) =>
        _reader.GetLastSeqAsync(conversationId, cancellationToken);

    public Task<MessageRecord?> GetMessageAsync(string conversationId, long seq, CancellationToken cancellationToken = default) =>
        _reader.GetMessageAsync(conversationId, seq, cancellationToken);

    public async Task<IReadOnlyList<MessageRecord>> ReadMessagesAsync(string conversationId, long anchorSeq, HistoryDirection direction, int limit, CancellationToken cancellationToken = default) =>
        await _reader.ReadMessagesAsync(conversationId, anchorSeq, direction, limit, cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<SendKey>> ReadRecentSendKeysAsync(string conversationId, int limit, CancellationToken cancellationToken = default) =>
        await _reader.ReadRecentSendKeysAsync(conversationId, limit, cancellationToken).ConfigureAwait(false);

    public Task<int> CountUnreadAsync(string conversationId, string userId, long afterSeq, long upToSeq, CancellationToken cancellationToken = default) =>
        _reader.CountUnreadAsync(conversationId, userId, afterSeq, upToSeq, cancellationToken);

    public async Task<IReadOnlyList<SyncEventRecord>> ReadSyncEventsAsync(string userId, long after, int limit, CancellationToken cancellationToken = default) =>
        await _reader.ReadSyncEventsAsync(userId, after, limit, cancellationToken).ConfigureAwait(false);

    public Task<long> GetLastSyncSeqAsync(string userId, CancellationToken cancellationToken = default) =>
        _reader.GetLastSyncSeqAsync(userId, cancellationToken);

    public async Task<IReadOnlyList<ReadPositionInfo>> ReadReadPositionsAsync(string conversationId, CancellationToken cancellationToken = default) =>
        await _reader.ReadReadPositionsAsync(conversationId, cancellationToken).ConfigureAwait(false);

    /// <summary>Commits or fails every write already queued, refuses new ones, and closes all connections.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _writer.DisposeAsync().ConfigureAwait(false);
        using var pooled = new SqliteConnection(_readConnectionString);
        SqliteConnection.ClearPool(pooled);
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private Task EnqueueAsync(Action<SqliteWriteStatements> apply, CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested ? Task.FromCanceled(cancellationToken) : _writer.EnqueueAsync(apply);
}
