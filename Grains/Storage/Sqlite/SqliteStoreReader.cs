using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace OrleansIm.Grains.Storage.Sqlite;

/// <summary>
/// Reads on pooled connections of their own. In WAL mode a reader sees the last committed
/// state and neither waits for the group-commit writer nor holds it up.
/// </summary>
internal sealed class SqliteStoreReader(string connectionString) : StoreReader(SqliteReadSql.Statements)
{
    protected override async Task<List<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken, params object[] values)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var names = SqliteParameterNames.Of(sql);
        for (var i = 0; i < names.Length; i++)
        {
            command.Parameters.AddWithValue(names[i], values[i]);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(map(reader));
        }

        return rows;
    }
}
