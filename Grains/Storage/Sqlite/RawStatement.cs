using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace OrleansIm.Grains.Storage.Sqlite;

/// <summary>
/// One of the writer's prepared statements, bound and stepped through SQLite's own API on the
/// connection's handle. Microsoft.Data.Sqlite builds a data reader, a binder per parameter and
/// boxes every value on each execution; at several rows per message that was an eighth of all
/// the node allocated. Values are bound in order of first appearance of their $names, like the
/// statement text reads, and <see cref="Run"/> checks that every one was bound.
/// </summary>
internal sealed class RawStatement : IDisposable
{
    private readonly sqlite3 _database;
    private readonly sqlite3_stmt _statement;
    private readonly int _parameterCount;
    private int _bound;

    public RawStatement(SqliteConnection connection, string sql)
    {
        Sql = sql;
        _database = connection.Handle ?? throw new InvalidOperationException("The writer connection must be open before its statements are prepared.");
        Check(raw.sqlite3_prepare_v2(_database, sql, out _statement));
        _parameterCount = raw.sqlite3_bind_parameter_count(_statement);
    }

    public string Sql { get; }

    public RawStatement Text(string? value)
    {
        var index = Next();
        Check(value is null ? raw.sqlite3_bind_null(_statement, index) : raw.sqlite3_bind_text16(_statement, index, value.AsSpan()));
        return this;
    }

    public RawStatement Integer(long value)
    {
        Check(raw.sqlite3_bind_int64(_statement, Next(), value));
        return this;
    }

    public RawStatement Flag(bool value) => Integer(value ? 1 : 0);

    /// <summary>Executes the bound statement and makes it ready for the next values, whether or not it succeeded.</summary>
    public void Run()
    {
        try
        {
            if (_bound != _parameterCount)
            {
                throw new InvalidOperationException($"Bound {_bound} of {_parameterCount} values for: {Sql}");
            }
            var result = raw.sqlite3_step(_statement);
            if (result != raw.SQLITE_DONE)
            {
                Check(result);
            }
        }
        finally
        {
            _bound = 0;
            raw.sqlite3_reset(_statement);
            raw.sqlite3_clear_bindings(_statement);
        }
    }

    public void Dispose() => _statement.Dispose();

    private int Next()
    {
        if (_bound == _parameterCount)
        {
            throw new InvalidOperationException($"More values than the {_parameterCount} parameters of: {Sql}");
        }
        return ++_bound;
    }

    private void Check(int result)
    {
        if (result is not (raw.SQLITE_OK or raw.SQLITE_DONE or raw.SQLITE_ROW))
        {
            throw new SqliteException($"SQLite Error {result}: '{raw.sqlite3_errmsg(_database).utf8_to_string()}'.", result, raw.sqlite3_extended_errcode(_database));
        }
    }
}
